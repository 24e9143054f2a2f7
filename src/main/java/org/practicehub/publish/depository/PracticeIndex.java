package org.practicehub.publish.depository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.practicehub.mapping.M49;
import org.practicehub.mapping.Text;
import org.practicehub.model.Practice;
import org.practicehub.publish.search.SearchIndex;
import org.practicehub.publish.search.View;
import org.practicehub.store.PracticeStore;

/**
 * What the read API filters on, held in memory: per live practice its facets and its folded text, not
 * its document, plus an inverted index (facet value to the positions holding it) so that a filter is a
 * few bitset operations over 100,000 practices rather than a scan. It follows the store's change
 * events, so every query sees what was committed before it.
 */
public class PracticeIndex {

    /**
     * One practice as the filters see it. Ordered by (firstSeen, id): a change never moves an entry. {@code since} is, per
     * network, when that network first had it ({@link #added}: the partner's published date, else its updated date, else
     * when the hub first saw the record): the charts' "over time". {@code regions} are those given and those the
     * countries lie in (M49), or {@code M49.UNKNOWN}.
     */
    public record Entry(String id, Instant firstSeen, Instant lastChanged, Set<String> themes, Set<String> countries,
            Set<String> regions, Set<String> phases, Set<Integer> gcm, Set<String> sdgs, Set<String> networks, String text,
            Map<String, Instant> since) {

        public Entry(String id, Instant firstSeen, Instant lastChanged, Set<String> themes, Set<String> countries, Set<String> regions,
                Set<String> phases, Set<Integer> gcm, Set<String> sdgs, Set<String> networks, String text) {
            this(id, firstSeen, lastChanged, themes, countries, regions, phases, gcm, sdgs, networks, text, Map.of());
        }
    }

    /** The facets a query can select on, each an inverted index. */
    public enum Facet { THEME, COUNTRY, REGION, PHASE, GCM, SDG, NETWORK }

    static final Comparator<Entry> ORDER = Comparator.comparing(Entry::firstSeen).thenComparing(Entry::id);

    /** The index as of one change event: entries in the stable order and, per facet, value to positions. */
    public record Snapshot(long seq, List<Entry> entries, Map<Facet, Map<Object, BitSet>> inverted, View search) {

        public Snapshot(long seq, List<Entry> entries, Map<Facet, Map<Object, BitSet>> inverted) {
            this(seq, entries, inverted, null);
        }

        /** Positions holding any of the values (an empty value set selects everything). */
        public BitSet any(Facet facet, Collection<?> values) {
            BitSet out = new BitSet(entries.size());
            if (values.isEmpty()) {
                out.set(0, entries.size());
                return out;
            }
            Map<Object, BitSet> idx = inverted.get(facet);
            for (Object v : values) {
                BitSet b = idx.get(facet == Facet.NETWORK ? v.toString().toLowerCase() : v);
                if (b != null) {
                    out.or(b);
                }
            }
            return out;
        }

        /** The first position after (firstSeen, id), for cursor paging; the entry itself may be gone. */
        public int after(Instant firstSeen, String id) {
            int lo = 0;
            int hi = entries.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                Entry e = entries.get(mid);
                int c = e.firstSeen().compareTo(firstSeen);
                if (c < 0 || (c == 0 && e.id().compareTo(id) <= 0)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /** How long a snapshot is served without asking the database, when this instance wrote nothing since. */
    static final long REFRESH_NANOS = 1_000_000_000L;

    private final PracticeStore store;
    private final SearchIndex search;
    private volatile Snapshot snapshot = new Snapshot(-1, List.of(), Map.of());
    /** (local commits, nanoTime) of the last look at the database's head: one volatile pair, replaced whole. */
    private volatile long[] checked = {-1, 0};

    /** An index whose full-text search is kept in memory. */
    public PracticeIndex(PracticeStore store) {
        this(store, null);
    }

    /** An index whose full-text search is kept in {@code searchFolder} (emptied and rebuilt on the first query). */
    public PracticeIndex(PracticeStore store, java.nio.file.Path searchFolder) {
        this.store = store;
        this.search = SearchIndex.open(searchFolder);
    }

    /**
     * The index as of the latest committed change. A request does not cost a database query: the head is read
     * again only when this instance committed something since the last look, or after {@link #REFRESH_NANOS}
     * (what another instance on the same database wrote shows within that interval).
     */
    public Snapshot current() {
        Snapshot s = snapshot;
        long commits = store.localCommits();
        long now = System.nanoTime();
        long[] c = checked;
        if (s.seq() >= 0 && c[0] == commits && now - c[1] < REFRESH_NANOS) {
            return s;
        }
        long head = store.lastEventSeq();
        checked = new long[] {commits, now};
        if (head == s.seq()) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (head == s.seq()) {
                return s;
            }
            Map<String, Entry> byId = new HashMap<>();
            List<String> ids;
            if (s.seq() < 0) {
                ids = store.summaries().stream().map(PracticeStore.Summary::id).toList();
            } else {
                s.entries().forEach(e -> byId.put(e.id(), e));
                ids = store.changedSince(s.seq());
                ids.forEach(byId::remove);
            }
            Set<String> gone = new HashSet<>(ids);
            for (int from = 0; from < ids.size(); from += 1000) {
                List<Practice> batch = store.byIds(ids.subList(from, Math.min(ids.size(), from + 1000)));
                for (Practice p : batch) {
                    byId.put(p.id(), entry(p));
                    gone.remove(p.id());
                }
                // the full-text index follows the same change events, batch by batch: no more than a batch is held
                search.index(batch);
            }
            search.delete(gone);
            List<Entry> sorted = new ArrayList<>(byId.values());
            sorted.sort(ORDER);
            Snapshot old = snapshot;
            snapshot = new Snapshot(head, List.copyOf(sorted), invert(sorted), search.view(sorted.stream().map(Entry::id).toList()));
            if (old.search() != null) {
                old.search().retire();
            }
            return snapshot;
        }
    }

    /** Lets go of the full-text index (its folder's lock and files): the hub is stopping. */
    public void close() {
        search.close();
    }

    /** A snapshot of these entries in this order (a digest run's practices), for {@code PracticeQuery.select}. */
    public static Snapshot snapshot(long seq, List<Entry> entries) {
        return new Snapshot(seq, List.copyOf(entries), invert(entries));
    }

    private static Map<Facet, Map<Object, BitSet>> invert(List<Entry> entries) {
        Map<Facet, Map<Object, BitSet>> out = new HashMap<>();
        for (Facet f : Facet.values()) {
            out.put(f, new HashMap<>());
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            add(out.get(Facet.THEME), e.themes(), i, v -> v);
            add(out.get(Facet.COUNTRY), e.countries(), i, v -> v);
            add(out.get(Facet.REGION), e.regions(), i, v -> v);
            add(out.get(Facet.PHASE), e.phases(), i, v -> v);
            add(out.get(Facet.GCM), e.gcm(), i, v -> v);
            add(out.get(Facet.NETWORK), e.networks(), i, n -> n.toLowerCase());
            // a goal selects its targets too: "8" finds "8.8"
            Set<String> sdg = new HashSet<>(e.sdgs());
            e.sdgs().forEach(t -> sdg.add(t.contains(".") ? t.substring(0, t.indexOf('.')) : t));
            add(out.get(Facet.SDG), sdg, i, v -> v);
        }
        return out;
    }

    private static <T> void add(Map<Object, BitSet> idx, Set<T> values, int pos, Function<? super T, Object> key) {
        for (T v : values) {
            idx.computeIfAbsent(key.apply(v), k -> new BitSet()).set(pos);
        }
    }

    /**
     * One practice's entry. An index holds one per live practice for as long as the service runs, so it is kept small:
     * the facet values as shared strings in immutable sets, and the text as its distinct words only (a query word
     * matches the start of a word, which the distinct words answer as the whole text would).
     */
    public static Entry entry(Practice p) {
        List<String> countries = new ArrayList<>();
        List<String> regions = new ArrayList<>();
        if (p.geographicScope() != null) {
            if (p.geographicScope().countries() != null) {
                countries.addAll(p.geographicScope().countries());
            }
            if (p.geographicScope().regions() != null) {
                p.geographicScope().regions().forEach(r -> regions.add(r.code()));
            }
        }
        // the regions the partner gave and those its countries lie in (M49), or "unknown": every practice counts somewhere
        List<String> derived = M49.regions(countries, regions);
        regions.clear();
        regions.addAll(derived);
        Set<Integer> gcm = new HashSet<>();
        if (p.gcmObjectives() != null) {
            if (p.gcmObjectives().primary() != null) {
                gcm.addAll(p.gcmObjectives().primary());
            }
            if (p.gcmObjectives().secondary() != null) {
                gcm.addAll(p.gcmObjectives().secondary());
            }
        }
        gcm.remove(null);
        String text = words(Text.fold((p.title() == null ? "" : p.title()) + " " + (p.summary() == null ? "" : p.summary()) + " "
                + (p.description() == null || p.description().text() == null ? "" : p.description().text())));
        Map<String, Instant> since = new HashMap<>();
        if (p.sources() != null) {
            for (Practice.Provenance s : p.sources()) {
                Instant at = added(s, p.firstSeen());
                if (s.network() != null && at != null) {
                    since.merge(s.network().intern(), at, (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        return new Entry(p.id(), p.firstSeen(), p.lastChanged(), set(p.themes()), set(countries), set(regions), set(p.migrationPhases()),
                Set.copyOf(gcm), set(p.sdgs()), set(p.networks()), text, Map.copyOf(since));
    }

    /**
     * When a network had a practice, for the charts: the partner's own date, published, else updated, else when the hub
     * first read the record. The network had it when the hub first read it at the latest, so a partner's date after that
     * (a date in the future, or an update since) gives way to it.
     */
    public static Instant added(Practice.Provenance s, Instant practiceFirstSeen) {
        Instant seen = s.firstSeen() != null ? s.firstSeen() : practiceFirstSeen;
        Instant own = s.published() != null ? s.published() : s.updated();
        return own == null || (seen != null && own.isAfter(seen)) ? seen : own;
    }

    /**
     * The distinct words of a folded text, sorted, each after a space and the last followed by one: what a word query
     * ({@code text.contains(" " + word)}) needs of the text, in about half its size.
     */
    static String words(String folded) {
        if (folded.isEmpty()) {
            return " ";
        }
        String[] words = folded.split(" ");
        java.util.Arrays.sort(words);
        StringBuilder b = new StringBuilder(folded.length() / 2);
        String last = null;
        for (String w : words) {
            if (!w.equals(last)) {
                b.append(' ').append(w);
                last = w;
            }
        }
        return b.append(' ').toString();
    }

    /**
     * The values of one facet as an immutable set of shared strings: the values come from controlled lists and the
     * sources' networks, so a few hundred strings stand for every entry's copies of them.
     */
    private static Set<String> set(List<String> l) {
        // Set.copyOf keeps one of each repeated value
        return l == null ? Set.of() : Set.copyOf(l.stream().filter(java.util.Objects::nonNull).map(String::intern).toList());
    }
}
