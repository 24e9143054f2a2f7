package org.practicehub.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.practicehub.matching.Decision.Pair;
import org.practicehub.model.Practice;

/**
 * Deduplicates a whole set of records from scratch, the way ingest does one at a time: records are
 * taken oldest first, each merges into the practice it matches or starts its own, so a practice's id
 * is its oldest record's. Acronyms are learnt from every record before any is compared. Used by
 * {@code --dedup-all} over the store and by the benchmarks.
 */
public final class Batch {

    /** One record, with the id its practice has when it stands alone. */
    public record Input(RecordKey key, String network, Practice doc, String url, String ownId) {}

    /** Each record's practice id; the pairs that merged (with their evidence) and those left for review. */
    public record Result(Map<RecordKey, String> practiceOf, List<Pair> merged, List<Pair> review, DedupIndex index) {

        /** The practices with their records, in the order the practices were started. */
        public Map<String, List<RecordKey>> groups() {
            Map<String, List<RecordKey>> out = new LinkedHashMap<>();
            practiceOf.forEach((k, p) -> out.computeIfAbsent(p, x -> new ArrayList<>()).add(k));
            return out;
        }
    }

    private Batch() {}

    /**
     * @param inputs oldest first
     * @param apart  pairs kept apart by the facilitator or by a split: never merged
     * @param joined pairs the facilitator merged: merged whatever their score (unless that would join a kept-apart pair)
     */
    public static Result run(List<Input> inputs, Thresholds thresholds, DedupIndex.Apart apart, Set<Set<RecordKey>> joined) {
        DedupIndex index = new DedupIndex(thresholds);
        inputs.forEach(in -> index.learn(in.doc()));
        Map<RecordKey, List<RecordKey>> joinedWith = new HashMap<>();
        for (Set<RecordKey> pair : joined) {
            List<RecordKey> two = new ArrayList<>(pair);
            if (two.size() == 2) {
                joinedWith.computeIfAbsent(two.get(0), k -> new ArrayList<>()).add(two.get(1));
                joinedWith.computeIfAbsent(two.get(1), k -> new ArrayList<>()).add(two.get(0));
            }
        }
        Map<String, Integer> started = new HashMap<>();
        List<Pair> merged = new ArrayList<>();
        List<Pair> review = new ArrayList<>();
        for (Input in : inputs) {
            MatchRecord r = index.prepare(in.key(), in.network(), in.doc(), in.url());
            String practice = null;
            for (RecordKey other : joinedWith.getOrDefault(in.key(), List.of())) {
                String theirs = index.practiceOf(other);
                if (theirs == null || theirs.equals(practice) || conflicts(index, List.of(in.key()), theirs, apart)) {
                    continue;
                }
                if (practice == null) {
                    practice = theirs;
                } else if (!conflicts(index, index.members(theirs), practice, apart)) {
                    // the facilitator's merges join two practices through this record: the older one stays
                    String keep = started.get(practice) <= started.get(theirs) ? practice : theirs;
                    String gone = keep.equals(practice) ? theirs : practice;
                    index.members(gone).forEach(k -> index.assign(k, keep));
                    practice = keep;
                }
            }
            if (practice == null) {
                Decision d = index.decide(r, apart);
                review.addAll(d.review());
                if (d.merges()) {
                    practice = d.merge();
                    merged.add(d.evidence());
                }
            }
            if (practice == null) {
                practice = in.ownId();
                started.put(practice, started.size());
            }
            index.add(r, practice);
        }
        Map<RecordKey, String> practiceOf = new LinkedHashMap<>();
        inputs.forEach(in -> practiceOf.put(in.key(), index.practiceOf(in.key())));
        // a review pair whose two records ended in one practice is settled
        review.removeIf(p -> practiceOf.get(p.record()).equals(practiceOf.get(p.other())));
        return new Result(practiceOf, merged, review, index);
    }

    private static boolean conflicts(DedupIndex index, List<RecordKey> records, String practice, DedupIndex.Apart apart) {
        for (RecordKey a : records) {
            for (RecordKey b : index.members(practice)) {
                if (apart.apart(a, b)) {
                    return true;
                }
            }
        }
        return false;
    }
}
