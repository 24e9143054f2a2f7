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
import org.practicehub.matching.MatchRecord.Org;
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
    /** A term in more records than this says little about which ones match: it is not used for blocking. */
    static final int POSTING_CAP = 500;
    static final int CANDIDATES = 20;
    static final int MAX_REVIEW = 3;

    /** Whether the facilitator (or a split) has kept two records apart: such a pair never merges by itself. */
    public interface Apart {
        boolean apart(RecordKey a, RecordKey b);

        Apart NONE = (a, b) -> false;
    }

    private final Acronyms acronyms = new Acronyms();
    private final Map<String, Integer> termIds = new HashMap<>();
    private int[] df = new int[1024];
    private int[][] postings = new int[1024][];
    private int[] postingSize = new int[1024];
    private final List<MatchRecord> records = new ArrayList<>();
    private final List<String> practiceOfSlot = new ArrayList<>();
    private final Map<RecordKey, Integer> slotOf = new HashMap<>();
    private final Map<String, List<Integer>> members = new HashMap<>();
    private final Map<String, List<Integer>> byUrl = new HashMap<>();
    private final Thresholds thresholds;
    private final Scorer scorer;
    private String[] labels = new String[1024];
    private double[] logs = new double[0];
    /** Content similarities of random pairs of unrelated records, summed: the store's background (Scorer). */
    private double backgroundSum;
    private int backgroundCount;
    /** Seeded: the same records in the same order are matched the same way on every run. */
    private final SplittableRandom random = new SplittableRandom(42);
    private int live;
    private float[] acc = new float[1024];
    private int[] touched = new int[1024];
    /** Slots of records removed (or added again under a new slot): blocking skips them in the posting lists. */
    private boolean[] gone = new boolean[1024];

    public DedupIndex(Thresholds thresholds) {
        this.thresholds = thresholds;
        this.scorer = new Scorer(new Scorer.TermWeights() {
            @Override
            public double idf(int term) {
                return DedupIndex.this.idf(term);
            }

            @Override
            public double contentIdf(int term) {
                return DedupIndex.this.contentIdf(term);
            }

            @Override
            public String label(int term) {
                return DedupIndex.this.label(term);
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
        return live;
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

    /**
     * What matching reads of a record's text that depends on nothing the index holds (the terms before acronyms are
     * applied, the title's numbers): made by {@link #analyse} on any thread, before the record takes the store's
     * serialised path.
     */
    public record Analysed(List<String> titleTerms, List<String> summaryTerms, String[] numbers, List<Acronyms.Definition> definitions,
            ContentTerms.Terms content) {}

    public static Analysed analyse(Practice doc) {
        // the acronyms the record defines, in the order learn(doc) learns them
        List<Acronyms.Definition> defs = new ArrayList<>(Acronyms.definitions(doc.title()));
        defs.addAll(Acronyms.definitions(doc.summary()));
        if (doc.description() != null) {
            defs.addAll(Acronyms.definitions(doc.description().text()));
        }
        for (List<Practice.Organisation> orgs : Arrays.asList(doc.partners(), doc.donors())) {
            if (orgs != null) {
                for (Practice.Organisation o : orgs) {
                    Acronyms.Definition d = Acronyms.given(o.name(), o.acronym());
                    if (d != null) {
                        defs.add(d);
                    }
                }
            }
        }
        String body = doc.description() != null && doc.description().text() != null ? doc.description().text() : doc.summary();
        return new Analysed(TextNormaliser.terms(doc.title(), null), TextNormaliser.terms(doc.summary(), null),
                TextNormaliser.numbers(doc.title()), defs, ContentTerms.of(doc.title(), body));
    }

    /** The record's matching view; learns its acronyms first. Does not add it. */
    public MatchRecord prepare(RecordKey key, String network, Practice doc, String url) {
        return prepare(key, network, doc, url, analyse(doc));
    }

    /** The same, from the record's text analysed beforehand ({@link #analyse} of the same {@code doc}). */
    public MatchRecord prepare(RecordKey key, String network, Practice doc, String url, Analysed text) {
        acronyms.learn(text.definitions());
        // the acronyms known now, this record's own included: as TextNormaliser.terms(text, acronyms) would give
        List<String> titleTerms = acronyms.abbreviate(text.titleTerms());
        int[] title = ids(titleTerms);
        int[] summary = ids(acronyms.abbreviate(text.summaryTerms()));
        List<Org> orgs = new ArrayList<>();
        for (List<Practice.Organisation> list : Arrays.asList(doc.partners(), doc.donors())) {
            if (list != null) {
                for (Practice.Organisation o : list) {
                    Org org = org(o.name(), o.acronym());
                    if (org != null) {
                        orgs.add(org);
                    }
                }
            }
        }
        String[] countries = doc.geographicScope() == null || doc.geographicScope().countries() == null ? new String[0]
                : doc.geographicScope().countries().toArray(String[]::new);
        List<String> urls = new ArrayList<>();
        addUrl(urls, url);
        if (doc.links() != null) {
            doc.links().stream().filter(l -> "website".equals(l.rel())).forEach(l -> addUrl(urls, l.url()));
        }
        Org[] orgArray = orgs.toArray(Org[]::new);
        // the index keeps every record for as long as the hub runs: the few source ids and networks once, not a copy a record
        RecordKey shared = new RecordKey(key.sourceId().intern(), key.recordId());
        ContentTerms.Terms terms = text.content();
        int[] content = new int[terms.counts().size()];
        float[] tf = new float[content.length];
        int n = 0;
        for (Map.Entry<String, Integer> e : terms.counts().entrySet()) {
            content[n] = termId(e.getKey());
            tf[n++] = (float) (1 + Math.log(e.getValue()));
        }
        sortTogether(content, tf);
        int[] keys = terms.titleKeys().stream().mapToInt(this::termId).toArray();
        int[] titleCountries = terms.titleCountries().stream().mapToInt(this::termId).toArray();
        return new MatchRecord(shared, network == null ? null : network.intern(), doc.title(), title, summary, grams(titleTerms), orgArray, countries,
                year(doc), urls.toArray(String[]::new), orgKeys(orgArray), text.numbers(), content, tf, terms.size(), sortedUnique(keys), sortedUnique(titleCountries),
                doc.language());
    }

    /** Sorts the ids ascending and their counts with them (the ids are distinct): id and position packed in one long. */
    private static void sortTogether(int[] ids, float[] tf) {
        long[] packed = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            packed[i] = (long) ids[i] << 32 | i;
        }
        Arrays.sort(packed);
        float[] counts = tf.clone();
        for (int i = 0; i < packed.length; i++) {
            ids[i] = (int) (packed[i] >>> 32);
            tf[i] = counts[(int) packed[i]];
        }
    }

    private static void addUrl(List<String> urls, String raw) {
        CanonicalUrl.of(raw).filter(CanonicalUrl::namesAPage).filter(u -> !urls.contains(u)).ifPresent(urls::add);
    }

    private Org org(String name, String givenAcronym) {
        List<String> words = TextNormaliser.words(name);
        if (words.isEmpty()) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        for (String w : words) {
            if (w.length() == 1) {
                kept.add(w);                      // a person's initial
            } else if (!StopWords.contains(w)) {
                kept.add(TextNormaliser.spelling(TextNormaliser.singular(w)));
            }
        }
        String acronym = givenAcronym == null ? null : TextNormaliser.fold(givenAcronym).replace(" ", "");
        if (acronym == null && words.size() == 1 && name.trim().length() <= 10 && name.trim().chars().filter(Character::isUpperCase).count() >= 2) {
            acronym = words.get(0);               // the name is itself an acronym: "ILO"
        }
        if (acronym == null) {
            acronym = acronyms.acronymOf(words);
        }
        if (acronym != null) {
            acronym = TextNormaliser.singular(acronym);
        }
        String initials = words.size() >= 2 ? Acronyms.initials(words) : null;
        int[] ids = new int[kept.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = termId(kept.get(i));
        }
        char initial = kept.isEmpty() ? 0 : kept.get(0).charAt(0);
        // the last word must be more than an initial to stand for a surname
        if (kept.size() >= 2 && kept.get(kept.size() - 1).length() == 1) {
            initial = 0;
        }
        return new Org(name.trim(), ids, sortedUnique(ids.clone()), initial, acronym, initials);
    }

    private static int year(Practice doc) {
        if (doc.implementation() == null || doc.implementation().start() == null) {
            return 0;
        }
        String s = doc.implementation().start();
        return s.length() >= 4 && s.substring(0, 4).chars().allMatch(Character::isDigit) ? Integer.parseInt(s.substring(0, 4)) : 0;
    }

    private int[] ids(List<String> terms) {
        int[] out = new int[terms.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = termId(terms.get(i));
        }
        return sortedUnique(out);
    }

    private int termId(String term) {
        Integer id = termIds.get(term);
        if (id == null) {
            id = termIds.size();
            termIds.put(term, id);
            if (term.length() > 1 && term.charAt(1) == ':') {
                if (id >= labels.length) {
                    labels = Arrays.copyOf(labels, Math.max(labels.length * 2, id + 1));
                }
                labels[id] = term;
            }
            if (id >= df.length) {
                int n = df.length * 2;
                df = Arrays.copyOf(df, n);
                postings = Arrays.copyOf(postings, n);
                postingSize = Arrays.copyOf(postingSize, n);
            }
        }
        return id;
    }

    /** Character trigrams of the title's terms run together, so "multi-dimensional" meets "multidimensional". */
    private static int[] grams(List<String> terms) {
        String s = String.join("", terms);
        if (s.length() < 3) {
            return new int[0];
        }
        int[] out = new int[s.length() - 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (s.charAt(i) * 31 + s.charAt(i + 1)) * 31 + s.charAt(i + 2);
        }
        return sortedUnique(out);
    }

    private static int[] sortedUnique(int[] a) {
        if (a.length < 2) {
            return a;
        }
        Arrays.sort(a);
        int n = 1;
        for (int i = 1; i < a.length; i++) {
            if (a[i] != a[n - 1]) {
                a[n++] = a[i];
            }
        }
        return n == a.length ? a : Arrays.copyOf(a, n);
    }

    /** The weight of a content term: log((N + 1) / (df + 1)), nothing for a term every record has. */
    double contentIdf(int term) {
        int d = term < df.length ? df[term] : 0;
        return log(live + 1) - log(d + 1);
    }

    /** ln k from a table that grows with the store: the content cosine's inner loop takes one a term. */
    private double log(int k) {
        if (k >= logs.length) {
            int from = logs.length;
            logs = Arrays.copyOf(logs, Math.max(k + 1, logs.length * 2));
            for (int i = from; i < logs.length; i++) {
                logs[i] = Math.log(i);
            }
        }
        return logs[k];
    }

    /** log(1 + (N + 1) / (df + 1)), as ln(df + N + 2) - ln(df + 1) from the table: the scorer takes one a term of each pair. */
    double idf(int term) {
        int d = term < df.length ? df[term] : 0;
        return log(d + live + 2) - log(d + 1);
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
        live++;
        for (int t : blockingTerms(r)) {
            df[t]++;
            if (postingSize[t] >= POSTING_CAP) {
                // blocking never reads a list this long again (the count only grows), so it is not kept
                postings[t] = null;
                postingSize[t]++;
                continue;
            }
            int[] p = postings[t];
            if (p == null) {
                p = postings[t] = new int[2];
            } else if (postingSize[t] == p.length) {
                p = postings[t] = Arrays.copyOf(p, p.length * 2);
            }
            p[postingSize[t]++] = slot;
        }
        for (String u : r.urls) {
            byUrl.computeIfAbsent(u, k -> new ArrayList<>(1)).add(slot);
        }
        if (slot >= acc.length) {
            acc = Arrays.copyOf(acc, acc.length * 2);
            gone = Arrays.copyOf(gone, acc.length);
        }
    }

    /** A content term as written ("c:remittance"), for the reasons; null for other terms. */
    String label(int term) {
        return term < labels.length ? labels[term] : null;
    }

    /** Every term a record is found by: title, summary, organisation and content keys, each once. */
    private int[] blockingTerms(MatchRecord r) {
        int[] orgKeys = r.orgTerms;
        int[] all = new int[r.titleTerms.length + r.summaryTerms.length + orgKeys.length + r.content.length];
        System.arraycopy(r.titleTerms, 0, all, 0, r.titleTerms.length);
        System.arraycopy(r.summaryTerms, 0, all, r.titleTerms.length, r.summaryTerms.length);
        System.arraycopy(orgKeys, 0, all, r.titleTerms.length + r.summaryTerms.length, orgKeys.length);
        System.arraycopy(r.content, 0, all, r.titleTerms.length + r.summaryTerms.length + orgKeys.length, r.content.length);
        return sortedUnique(all);
    }

    /** An organisation is found by its last word (a person's surname) and its acronym, in a namespace of their own. */
    private int[] orgKeys(Org[] orgs) {
        List<String> keys = new ArrayList<>();
        for (Org o : orgs) {
            if (o.words().length > 0) {
                keys.add("\u0000org " + o.words()[o.words().length - 1]);
            }
            if (o.acronym() != null) {
                keys.add("\u0000org " + o.acronym());
            }
        }
        return ids(keys);
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
        live--;
        // the slot stays in the posting lists and is skipped there; the counts must be true for the weights
        for (int t : blockingTerms(records.get(slot))) {
            df[t]--;
        }
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
            int size = postingSize[t];
            if (size == 0 || size > POSTING_CAP) {
                continue;
            }
            float w = (float) idf(t);
            int[] p = postings[t];
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
        return sortedUnique(all);
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
                if (rarity(t[j]) < rarity(t[min])) {
                    min = j;
                }
            }
            int x = t[i];
            t[i] = t[min];
            t[min] = x;
        }
        return Arrays.copyOf(t, k);
    }

    private int rarity(int term) {
        return postingSize[term] == 0 ? Integer.MAX_VALUE : df[term];
    }
}
