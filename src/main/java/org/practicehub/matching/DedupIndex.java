package org.practicehub.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import org.practicehub.matching.Decision.Pair;
import org.practicehub.model.Practice;

/**
 * Every record the hub holds, indexed for matching, and which practice each belongs to. A new record is
 * matched in stages: the same canonical URL, then fuzzy similarity over the candidates that blocking
 * finds. Blocking looks up only a record's rarest title, summary and organisation terms, and only in
 * posting lists short enough to mean something, then scores the best {@value #CANDIDATES} candidates
 * in full: the cost per record stays bounded however large the store grows, never all pairs.
 *
 * <p>Not thread-safe: the store serialises writes, and benchmarks drive it from one thread.
 */
public final class DedupIndex {

    static final int TITLE_KEYS = 6;
    static final int SUMMARY_KEYS = 4;
    static final int ORG_KEYS = 3;
    /** Content terms find records in other languages: the glossary's concepts, acronyms, countries, cognates. */
    static final int CONTENT_KEYS = 8;
    static final int BACKGROUND_DRAWS = 4;
    static final int BACKGROUND_SAMPLES = 2000;
    static final int CANDIDATES = 20;
    static final int MAX_REVIEW = 3;

    /** Whether the facilitator (or a split) has kept two records apart: such a pair never merges by itself. */
    public interface Apart {
        boolean apart(RecordKey a, RecordKey b);

        Apart NONE = (a, b) -> false;
    }

    private final Acronyms acronyms = new Acronyms();
    private final Vocabulary vocabulary = new Vocabulary();
    private final Preparer preparer = new Preparer(acronyms, vocabulary);
    private final List<MatchRecord> records = new ArrayList<>();
    private final List<String> practiceOfSlot = new ArrayList<>();
    private final Map<RecordKey, Integer> slotOf = new HashMap<>();
    private final Map<String, List<Integer>> members = new HashMap<>();
    private final Map<String, List<Integer>> byUrl = new HashMap<>();
    private final Thresholds thresholds;
    private final Scorer scorer;
    /** Content similarities of random pairs of unrelated records, summed: the store's background (Scorer). */
    private double backgroundSum;
    private int backgroundCount;
    /** Seeded: the same records in the same order are matched the same way on every run. */
    private final SplittableRandom random = new SplittableRandom(42);
    private float[] acc = new float[1024];
    private int[] touched = new int[1024];
    /** Slots of records removed (or added again under a new slot): blocking skips them in the posting lists. */
    private boolean[] gone = new boolean[1024];

    public DedupIndex(Thresholds thresholds) {
        this.thresholds = thresholds;
        this.scorer = new Scorer(new Scorer.TermWeights() {
            @Override
            public double idf(int term) {
                return vocabulary.idf(term);
            }

            @Override
            public double contentIdf(int term) {
                return vocabulary.contentIdf(term);
            }

            @Override
            public String label(int term) {
                return vocabulary.label(term);
            }

            @Override
            public double background() {
                return backgroundCount == 0 ? 0 : backgroundSum / backgroundCount;
            }
        }, thresholds);
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    public Acronyms acronyms() {
        return acronyms;
    }

    public int size() {
        return vocabulary.records();
    }

    public Scorer scorer() {
        return scorer;
    }

    /** Learns the acronyms a record defines; learn every record before preparing any, where they are all at hand. */
    public void learn(Practice doc) {
        acronyms.learn(doc.title());
        acronyms.learn(doc.summary());
        if (doc.description() != null) {
            acronyms.learn(doc.description().text());
        }
        for (List<Practice.Organisation> orgs : Arrays.asList(doc.partners(), doc.donors())) {
            if (orgs != null) {
                orgs.forEach(o -> acronyms.learn(o.name(), o.acronym()));
            }
        }
    }

    /** The record's matching view; learns its acronyms first. Does not add it. */
    public MatchRecord prepare(RecordKey key, String network, Practice doc, String url) {
        return preparer.prepare(key, network, doc, url, Preparer.analyse(doc));
    }

    /** The same, from the record's text analysed beforehand ({@link Preparer#analyse} of the same {@code doc}). */
    public MatchRecord prepare(RecordKey key, String network, Practice doc, String url, Preparer.Analysed text) {
        return preparer.prepare(key, network, doc, url, text);
    }

    /** Adds a prepared record to the index as a member of the practice. */
    public void add(MatchRecord r, String practiceId) {
        if (slotOf.containsKey(r.key)) {
            remove(r.key);
        }
        int slot = records.size();
        records.add(r);
        practiceOfSlot.add(practiceId);
        slotOf.put(r.key, slot);
        members.computeIfAbsent(practiceId, k -> new ArrayList<>()).add(slot);
        vocabulary.add(blockingTerms(r), slot);
        for (String u : r.urls) {
            byUrl.computeIfAbsent(u, k -> new ArrayList<>(1)).add(slot);
        }
        if (slot >= acc.length) {
            acc = Arrays.copyOf(acc, acc.length * 2);
            gone = Arrays.copyOf(gone, acc.length);
        }
    }

    /** Every term a record is found by: title, summary, organisation and content keys, each once. */
    private int[] blockingTerms(MatchRecord r) {
        int[] orgKeys = r.orgTerms;
        int[] all = new int[r.titleTerms.length + r.summaryTerms.length + orgKeys.length + r.content.length];
        System.arraycopy(r.titleTerms, 0, all, 0, r.titleTerms.length);
        System.arraycopy(r.summaryTerms, 0, all, r.titleTerms.length, r.summaryTerms.length);
        System.arraycopy(orgKeys, 0, all, r.titleTerms.length + r.summaryTerms.length, orgKeys.length);
        System.arraycopy(r.content, 0, all, r.titleTerms.length + r.summaryTerms.length + orgKeys.length, r.content.length);
        return Vocabulary.sortedUnique(all);
    }

    /** Drops a record from the index (its practice no longer counts it). */
    public void remove(RecordKey key) {
        Integer slot = slotOf.remove(key);
        if (slot == null) {
            return;
        }
        String practice = practiceOfSlot.set(slot, null);
        gone[slot] = true;
        List<Integer> m = members.get(practice);
        m.remove(slot);
        if (m.isEmpty()) {
            members.remove(practice);
        }
        // the slot stays in the posting lists and is skipped there; the counts must be true for the weights
        vocabulary.remove(blockingTerms(records.get(slot)));
        for (String u : records.get(slot).urls) {
            byUrl.get(u).remove(slot);
        }
    }

    /** Moves a record to another practice. */
    public void assign(RecordKey key, String practiceId) {
        Integer slot = slotOf.get(key);
        if (slot == null) {
            return;
        }
        String old = practiceOfSlot.set(slot, practiceId);
        if (old.equals(practiceId)) {
            return;
        }
        List<Integer> m = members.get(old);
        m.remove(slot);
        if (m.isEmpty()) {
            members.remove(old);
        }
        members.computeIfAbsent(practiceId, k -> new ArrayList<>()).add(slot);
    }

    public String practiceOf(RecordKey key) {
        Integer slot = slotOf.get(key);
        return slot == null ? null : practiceOfSlot.get(slot);
    }

    public List<RecordKey> members(String practiceId) {
        return members.getOrDefault(practiceId, List.of()).stream().map(s -> records.get(s).key).toList();
    }

    public MatchRecord get(RecordKey key) {
        Integer slot = slotOf.get(key);
        return slot == null ? null : records.get(slot);
    }

    public Score score(MatchRecord a, MatchRecord b) {
        return scorer.score(a, b);
    }

    /**
     * Where a new record belongs: the best practice it merges with, else the doubtful pairs for review.
     * A practice holding a record kept apart from this one is never a candidate. A practice that already
     * holds a record of the same source goes to review instead of merging (unless mergeWithinSource).
     */
    public Decision decide(MatchRecord r, Apart apart) {
        sampleBackground(r);
        Map<Integer, Boolean> viaUrl = new LinkedHashMap<>();
        for (String u : r.urls) {
            List<Integer> slots = byUrl.get(u);
            // a URL that several records of one source share is that source's listing page, not an identifier
            if (slots != null && slots.stream().noneMatch(s -> records.get(s).key.sourceId().equals(r.key.sourceId()))) {
                slots.forEach(s -> viaUrl.put(s, true));
            }
        }
        for (int s : block(r)) {
            viaUrl.putIfAbsent(s, false);
        }
        // ranked on the bare score; the reasons are worked out only for the pairs that are kept
        Map<String, Candidate> best = new HashMap<>();
        for (Map.Entry<Integer, Boolean> c : viaUrl.entrySet()) {
            int slot = c.getKey();
            String practice = practiceOfSlot.get(slot);
            MatchRecord other = records.get(slot);
            if (practice == null || other.key.equals(r.key)) {
                continue;
            }
            double v = scorer.value(r, other);
            if (c.getValue() || Scorer.sameUrl(r, other)) {
                // the same page is strong evidence, not proof: generic pages are shared by different practices. Merged
                // when the texts agree at least as far as review asks, else the facilitator looks
                v = v >= thresholds.review() ? Math.max(v, thresholds.merge()) : Math.max(v, thresholds.review());
            }
            Candidate q = best.get(practice);
            if (q == null || v > q.value || v == q.value && other.key.compareTo(q.other.key) < 0) {
                best.put(practice, new Candidate(other, practice, v));
            }
        }
        List<Candidate> ranked = new ArrayList<>(best.values());
        ranked.sort(Comparator.comparingDouble((Candidate c) -> -c.value).thenComparing(c -> c.other.key));
        List<Pair> review = new ArrayList<>();
        for (Candidate c : ranked) {
            if (c.value < thresholds.review()) {
                break;
            }
            List<RecordKey> in = members(c.practice);
            if (in.stream().anyMatch(m -> apart.apart(r.key, m))) {
                continue;
            }
            boolean sameSource = in.stream().anyMatch(m -> m.sourceId().equals(r.key.sourceId()));
            Score s = scorer.score(r, c.other);
            Pair p = new Pair(r.key, c.other.key, c.practice, new Score(c.value, s.reasons(), s.sameUrl()), s.sameUrl() ? "url" : "fuzzy");
            if (c.value >= thresholds.merge() && (!sameSource || thresholds.mergeWithinSource())) {
                return Decision.merge(p);
            }
            if (review.size() < MAX_REVIEW) {
                review.add(sameSource ? withinSource(p) : p);
            }
        }
        return Decision.separate(review);
    }

    /**
     * Compares the record with a few stored records of other sources drawn at random: what unrelated records score in
     * this store, which the content bars rise with. Each record adds up to {@value #BACKGROUND_DRAWS} draws, until
     * {@value #BACKGROUND_SAMPLES} are in hand; after that the background moves only as the store's texts do.
     */
    private void sampleBackground(MatchRecord r) {
        if (r.contentSize < Scorer.MIN_CONTENT || records.isEmpty()) {
            return;
        }
        int draws = backgroundCount < BACKGROUND_SAMPLES ? BACKGROUND_DRAWS : 1;
        for (int i = 0; i < draws * 2 && draws > 0; i++) {
            int slot = random.nextInt(records.size());
            MatchRecord o = records.get(slot);
            if (practiceOfSlot.get(slot) == null || o.contentSize < Scorer.MIN_CONTENT || o.key.sourceId().equals(r.key.sourceId())) {
                continue;
            }
            double c = scorer.content(r, o, null);
            if (backgroundCount >= BACKGROUND_SAMPLES) {
                // a running mean over the last samples' worth: the store's vocabulary may change as sources are added
                backgroundSum -= backgroundSum / backgroundCount;
                backgroundCount--;
            }
            backgroundSum += c;
            backgroundCount++;
            draws--;
        }
    }

    /** A practice's best-scoring record against the new one; {@code value} counts a shared canonical URL (stage 2). */
    private record Candidate(MatchRecord other, String practice, double value) {}

    private static Pair withinSource(Pair p) {
        List<Reason> reasons = new ArrayList<>(p.score().reasons());
        reasons.add(new Reason("source", Reason.DIFFER, null, "the practice already holds a record of source " + p.record().sourceId()
                + ": a network seldom lists one practice twice"));
        return new Pair(p.record(), p.other(), p.practiceId(), new Score(p.score().value(), List.copyOf(reasons), p.score().sameUrl()), p.stage());
    }

    /** The best candidates by the summed weight of the rare terms they share with the record. */
    private int[] block(MatchRecord r) {
        int n = 0;
        for (int t : keys(r)) {
            int size = vocabulary.postingSize(t);
            if (size == 0 || size > Vocabulary.POSTING_CAP) {
                continue;
            }
            float w = (float) vocabulary.idf(t);
            int[] p = vocabulary.postings(t);
            for (int i = 0; i < size; i++) {
                int s = p[i];
                if (gone[s]) {
                    continue;
                }
                if (acc[s] == 0) {
                    if (n == touched.length) {
                        touched = Arrays.copyOf(touched, n * 2);
                    }
                    touched[n++] = s;
                }
                acc[s] += w;
            }
        }
        int[] out;
        if (n <= CANDIDATES) {
            out = Arrays.copyOf(touched, n);
        } else {
            PriorityQueue<Integer> top = new PriorityQueue<>(CANDIDATES + 1, Comparator.comparingDouble(s -> acc[s]));
            for (int i = 0; i < n; i++) {
                int s = touched[i];
                if (top.size() < CANDIDATES) {
                    top.add(s);
                } else if (acc[s] > acc[top.peek()]) {
                    top.poll();
                    top.add(s);
                }
            }
            out = top.stream().mapToInt(Integer::intValue).toArray();
        }
        for (int i = 0; i < n; i++) {
            acc[touched[i]] = 0;
        }
        return out;
    }

    /** The record's rarest terms of each kind, rarest first: what blocking looks up. */
    private int[] keys(MatchRecord r) {
        int[] a = rarest(r.titleTerms, TITLE_KEYS);
        int[] b = rarest(r.summaryTerms, SUMMARY_KEYS);
        int[] c = rarest(r.orgTerms, ORG_KEYS);
        int[] d = rarest(r.content, CONTENT_KEYS);
        int[] all = new int[a.length + b.length + c.length + d.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        System.arraycopy(d, 0, all, a.length + b.length + c.length, d.length);
        return Vocabulary.sortedUnique(all);
    }

    private int[] rarest(int[] terms, int k) {
        if (terms.length <= k) {
            return terms;
        }
        // a partial selection sort: k is a handful. A term no other record has finds nothing, so it comes last.
        int[] t = terms.clone();
        for (int i = 0; i < k; i++) {
            int min = i;
            for (int j = i + 1; j < t.length; j++) {
                if (vocabulary.rarity(t[j]) < vocabulary.rarity(t[min])) {
                    min = j;
                }
            }
            int x = t[i];
            t[i] = t[min];
            t[min] = x;
        }
        return Arrays.copyOf(t, k);
    }
}
