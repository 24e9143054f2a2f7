package org.practicehub.publish.depository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.practicehub.mapping.Text;
import org.practicehub.model.Practice;
import org.practicehub.store.PracticeStore;

/**
 * What the read API filters on, held in memory: per live practice its facets and its folded text,
 * not its document. It follows the store's change events, so every query sees what was committed
 * before it, and a query costs a scan of small entries instead of a database round trip per filter.
 */
public class PracticeIndex {

    /** One practice as the filters see it. Ordered by (firstSeen, id): a change never moves an entry. */
    public record Entry(String id, Instant firstSeen, Instant lastChanged, Set<String> themes, Set<String> countries,
            Set<String> regions, Set<String> phases, Set<Integer> gcm, Set<String> sdgs, Set<String> networks, String text) {}

    static final Comparator<Entry> ORDER = Comparator.comparing(Entry::firstSeen).thenComparing(Entry::id);

    private final PracticeStore store;
    private volatile Snapshot snapshot = new Snapshot(-1, List.of());

    private record Snapshot(long seq, List<Entry> entries) {}

    public PracticeIndex(PracticeStore store) {
        this.store = store;
    }

    /** Every live practice's entry, in the stable order, as of the latest committed change. */
    public List<Entry> entries() {
        return current().entries();
    }

    /** The change event the index is at: a cheap validator for whole-list ETags. */
    public long seq() {
        return current().seq();
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long head = store.lastEventSeq();
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
            for (Practice p : store.byIds(ids)) {
                byId.put(p.id(), entry(p));
            }
            List<Entry> sorted = new ArrayList<>(byId.values());
            sorted.sort(ORDER);
            snapshot = new Snapshot(head, List.copyOf(sorted));
            return snapshot;
        }
    }

    public static Entry entry(Practice p) {
        Set<String> countries = new HashSet<>();
        Set<String> regions = new HashSet<>();
        if (p.geographicScope() != null) {
            if (p.geographicScope().countries() != null) {
                countries.addAll(p.geographicScope().countries());
            }
            if (p.geographicScope().regions() != null) {
                p.geographicScope().regions().forEach(r -> regions.add(r.code()));
            }
        }
        Set<Integer> gcm = new HashSet<>();
        if (p.gcmObjectives() != null) {
            if (p.gcmObjectives().primary() != null) {
                gcm.addAll(p.gcmObjectives().primary());
            }
            if (p.gcmObjectives().secondary() != null) {
                gcm.addAll(p.gcmObjectives().secondary());
            }
        }
        String text = Text.fold((p.title() == null ? "" : p.title()) + " " + (p.summary() == null ? "" : p.summary()) + " "
                + (p.description() == null || p.description().text() == null ? "" : p.description().text()));
        return new Entry(p.id(), p.firstSeen(), p.lastChanged(), set(p.themes()), countries, regions, set(p.migrationPhases()), gcm,
                set(p.sdgs()), new HashSet<>(p.networks()), " " + text + " ");
    }

    private static Set<String> set(List<String> l) {
        return l == null ? Set.of() : new HashSet<>(l);
    }

    /** The entries matching a filter, in the stable order. */
    public List<Entry> find(Predicate<Entry> filter) {
        return entries().stream().filter(filter).toList();
    }
}
