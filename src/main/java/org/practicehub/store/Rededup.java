package org.practicehub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.practicehub.matching.Batch;
import org.practicehub.matching.Decision;
import org.practicehub.matching.RecordKey;
import org.practicehub.matching.Thresholds;
import org.practicehub.model.Practice;

import static org.practicehub.store.Dedup.MATCHER;
import static org.practicehub.store.Dedup.MERGED;
import static org.practicehub.store.Dedup.REVIEW;

/** Deduplication over the whole store again, after the thresholds (or the matcher) changed: POST /api/dedup, --dedup-all. */
final class Rededup {

    private final Db db;
    private final Clock clock;
    private final Object lock;
    private final Thresholds thresholds;
    private final IndexSync sync;
    private final JudgedPairs judged;
    private final Regrouping regrouping;

    Rededup(Db db, Clock clock, Object lock, Thresholds thresholds, IndexSync sync, JudgedPairs judged, Regrouping regrouping) {
        this.db = db;
        this.clock = clock;
        this.lock = lock;
        this.thresholds = thresholds;
        this.sync = sync;
        this.judged = judged;
        this.regrouping = regrouping;
    }

    /**
     * Matches every record against every other again, oldest first, with the current thresholds, and
     * regroups the practices whose records changed. The facilitator's decisions hold: pairs kept apart
     * (or split) stay apart, pairs merged stay merged. The review list is rebuilt.
     */
    Rerun dedupAll() {
        synchronized (lock) {
            long t0 = System.nanoTime();
            Rerun out = sync.regrouping(db, c -> {
                Map<RecordKey, Regrouping.Rec> info = new LinkedHashMap<>();
                List<Batch.Input> inputs = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM source_record ORDER BY first_seen, source_id, record_id");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Regrouping.Rec r = Regrouping.rec(rs);
                        info.put(r.key(), r);
                        if (!r.deleted()) {
                            inputs.add(new Batch.Input(r.key(), rs.getString("network"), Json.read(rs.getString("record_doc"), Practice.class),
                                    rs.getString("url"), PracticeStore.practiceId(r.key().sourceId(), r.key().recordId())));
                        }
                    }
                }
                Set<String> kept = JudgedPairs.loadApart(c);
                Set<Set<RecordKey>> joined = JudgedPairs.mergedByHand(c);
                Batch.Result result = Batch.run(inputs, thresholds, (a, b) -> kept.contains(JudgedPairs.key(a, b)), joined);

                Map<String, List<RecordKey>> after = new LinkedHashMap<>(result.groups());
                // a deleted record follows the live records of its practice (most of them), or stays where it is
                Map<String, Map<String, Integer>> wentTo = new HashMap<>();
                result.practiceOf().forEach((k, label) -> wentTo.computeIfAbsent(info.get(k).practiceId(), x -> new HashMap<>()).merge(label, 1, Integer::sum));
                for (Regrouping.Rec r : info.values()) {
                    if (r.deleted()) {
                        String label = wentTo.getOrDefault(r.practiceId(), Map.of()).entrySet().stream()
                                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                                .map(Map.Entry::getKey).orElse("\u0000" + r.practiceId());
                        after.computeIfAbsent(label, x -> new ArrayList<>()).add(r.key());
                    }
                }
                Map<String, Set<RecordKey>> before = new HashMap<>();
                info.values().forEach(r -> before.computeIfAbsent(r.practiceId(), x -> new HashSet<>()).add(r.key()));
                Set<Set<RecordKey>> unchanged = new HashSet<>(before.values());
                Set<String> touched = new HashSet<>();
                for (List<RecordKey> g : after.values()) {
                    if (!unchanged.contains(new HashSet<>(g))) {
                        g.forEach(k -> touched.add(info.get(k).practiceId()));
                    }
                }
                List<List<RecordKey>> changed = new ArrayList<>();
                for (List<RecordKey> g : after.values()) {
                    if (touched.contains(info.get(g.get(0)).practiceId())) {
                        changed.add(g);
                    }
                }
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                JudgedPairs.dropMatcherJudgements(c);
                judged.reset(kept);
                for (Decision.Pair p : result.merged()) {
                    judged.put(c, p.record(), p.other(), p.score(), p.stage(), MERGED, MATCHER, now);
                }
                for (Decision.Pair p : result.review()) {
                    if (!kept.contains(JudgedPairs.key(p.record(), p.other()))) {
                        judged.put(c, p.record(), p.other(), p.score(), p.stage(), REVIEW, null, now);
                    }
                }
                regrouping.regroup(c, changed, info, now);
                return new Rerun(info.size(), before.size(), after.size(), changed.size(), result.merged().size(), result.review().size(),
                        thresholds.merge(), thresholds.review(), 0);
            });
            // the groups have new ids: the index is read again, with them, when next needed
            sync.invalidate();
            return out.took((System.nanoTime() - t0) / 1_000_000);
        }
    }
}
