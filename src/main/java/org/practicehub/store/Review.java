package org.practicehub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import org.practicehub.matching.Reason;
import org.practicehub.matching.RecordKey;
import org.practicehub.model.Practice;

import static org.practicehub.store.Dedup.APART;
import static org.practicehub.store.Dedup.MATCHER;
import static org.practicehub.store.Dedup.MERGED;
import static org.practicehub.store.Dedup.REVIEW;
import static org.practicehub.store.Dedup.SPLIT;

/**
 * The facilitator's side of deduplication: the judged pairs with their reasons, a decision on a pair (merge, keep
 * apart), and a split that undoes a merge. Decisions and splits regroup under the store's monitor and lock, as saving does.
 */
final class Review {

    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {};

    private final Db db;
    private final Clock clock;
    private final Object lock;
    private final IndexSync sync;
    private final JudgedPairs judged;
    private final Regrouping regrouping;

    Review(Db db, Clock clock, Object lock, IndexSync sync, JudgedPairs judged, Regrouping regrouping) {
        this.db = db;
        this.clock = clock;
        this.lock = lock;
        this.sync = sync;
        this.judged = judged;
        this.regrouping = regrouping;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The judged pairs with this status (review: waiting for the facilitator; merged; apart), best
     * score first, each with both records, their practices and the reasons. A pair for review whose two
     * records already share a practice, or whose record is gone, is left out: there is nothing to decide.
     */
    List<JudgedPair> pairs(String status) {
        return db.tx(c -> {
            List<JudgedPair> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT * FROM match_pair WHERE status = ? ORDER BY score DESC, id", status);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JudgedPair.Side a = side(c, new RecordKey(rs.getString("a_source"), rs.getString("a_record")));
                    JudgedPair.Side b = side(c, new RecordKey(rs.getString("b_source"), rs.getString("b_record")));
                    if (REVIEW.equals(status) && (a == null || b == null || a.practiceId().equals(b.practiceId()))) {
                        continue;
                    }
                    out.add(pair(rs, a, b));
                }
            }
            return out;
        });
    }

    /** The pairs the matcher merged by itself, the most recently decided first, at most {@code limit}, with both records. */
    List<JudgedPair> recentMerges(int limit) {
        return db.read(c -> {
            List<JudgedPair> out = new ArrayList<>();
            // status and decided_by are fixed by the WHERE; in the ORDER BY they let H2 read match_pair_recent in its order
            // instead of sorting every merge (H2, 69,000 merges by the matcher: 0.3 ms against 19 ms)
            try (PreparedStatement ps = Db.prepare(c, "SELECT * FROM match_pair WHERE status = ? AND decided_by = ?"
                    + " ORDER BY status, decided_by, decided_at DESC, id DESC LIMIT " + Math.max(0, limit), MERGED, MATCHER);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(pair(rs, side(c, new RecordKey(rs.getString("a_source"), rs.getString("a_record"))),
                            side(c, new RecordKey(rs.getString("b_source"), rs.getString("b_record")))));
                }
            }
            return out;
        });
    }

    /** The merged pairs whose two live records are both in this practice, best score first: why its records are together. */
    List<JudgedPair> mergedIn(String practiceId) {
        return db.read(c -> {
            List<JudgedPair> out = new ArrayList<>();
            // a pair inside the practice has its first record there too: read from that side, by the pair's key
            try (PreparedStatement ps = Db.prepare(c, "SELECT m.* FROM source_record r JOIN match_pair m ON m.a_source = r.source_id"
                    + " AND m.a_record = r.record_id WHERE r.practice_id = ? AND r.deleted_at IS NULL AND m.status = ? ORDER BY m.score DESC, m.id",
                    practiceId, MERGED); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JudgedPair.Side a = side(c, new RecordKey(rs.getString("a_source"), rs.getString("a_record")));
                    JudgedPair.Side b = side(c, new RecordKey(rs.getString("b_source"), rs.getString("b_record")));
                    if (a != null && b != null && practiceId.equals(b.practiceId())) {
                        out.add(pair(rs, a, b));
                    }
                }
            }
            return out;
        });
    }

    private static JudgedPair pair(ResultSet rs, JudgedPair.Side a, JudgedPair.Side b) throws SQLException {
        List<Reason> reasons = readReasons(rs.getString("reasons"));
        return new JudgedPair(rs.getLong("id"), rs.getString("status"), rs.getString("decided_by"), rs.getDouble("score"), rs.getString("stage"),
                a, b, reasons.stream().filter(Reason::agrees).toList(), reasons.stream().filter(r -> Reason.DIFFER.equals(r.verdict())).toList(),
                reasons.stream().filter(r -> Reason.SIMILAR.equals(r.verdict())).toList(), Db.instant(rs, "created_at"), Db.instant(rs, "decided_at"));
    }

    private static List<Reason> readReasons(String json) {
        try {
            return Json.MAPPER.readValue(json, REASONS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored reasons are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A record's own mapped fields as its source last sent them (not the merged practice), for the side-by-side review. */
    Optional<Practice> record(RecordKey k) {
        return db.read(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT record_doc FROM source_record WHERE source_id = ? AND record_id = ?",
                    k.sourceId(), k.recordId()); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Json.read(rs.getString(1), Practice.class)) : Optional.empty();
            }
        });
    }

    /** One record of a pair, as the facilitator sees it; null once the record is deleted. */
    private static JudgedPair.Side side(Connection c, RecordKey k) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT r.practice_id, r.network, r.url, p.title FROM source_record r JOIN practice p"
                + " ON p.id = r.practice_id WHERE r.source_id = ? AND r.record_id = ? AND r.deleted_at IS NULL", k.sourceId(), k.recordId());
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            return new JudgedPair.Side(k.sourceId(), k.recordId(), rs.getString(2), rs.getString(3), rs.getString(1), rs.getString(4));
        }
    }

    /**
     * The facilitator's decision on a pair: "merge" joins the two records' practices (the older id
     * survives, the other redirects); "keep-apart" keeps them apart for good, and separates them if they
     * were merged. Either holds on every later ingest and re-run.
     */
    Decided decide(long pairId, String decision) {
        if (!"merge".equals(decision) && !"keep-apart".equals(decision)) {
            throw new IllegalArgumentException("decision must be 'merge' or 'keep-apart', not '" + decision + "'");
        }
        synchronized (lock) {
            return sync.regrouping(db, c -> {
                JudgedPairs.Keys keys = JudgedPairs.keys(c, pairId);
                RecordKey a = keys.a();
                RecordKey b = keys.b();
                String pa = Regrouping.practiceOf(c, a);
                String pb = Regrouping.practiceOf(c, b);
                Instant now = now();
                Set<String> keep = JudgedPairs.loadApart(c);
                keep.remove(JudgedPairs.key(a, b));
                List<String> result;
                if ("merge".equals(decision)) {
                    Map<RecordKey, Regrouping.Rec> info = Regrouping.recordsOf(c, pa.equals(pb) ? List.of(pa) : List.of(pa, pb));
                    for (RecordKey x : info.keySet()) {
                        for (RecordKey y : info.keySet()) {
                            if (keep.contains(JudgedPairs.key(x, y))) {
                                throw new Dedup.Conflict("records " + x + " and " + y + " of these practices are kept apart (a split or an earlier"
                                        + " decision): split or decide that pair first");
                            }
                        }
                    }
                    result = pa.equals(pb) ? List.of(pa) : regrouping.regroup(c, List.of(new ArrayList<>(info.keySet())), info, now);
                    judged.mark(c, a, b, MERGED, now);
                } else {
                    judged.mark(c, a, b, APART, now);
                    if (pa.equals(pb)) {
                        Map<RecordKey, Regrouping.Rec> info = Regrouping.recordsOf(c, List.of(pa));
                        List<RecordKey> rest = new ArrayList<>(info.keySet());
                        rest.remove(b);
                        result = regrouping.regroup(c, List.of(rest, List.of(b)), info, now);
                    } else {
                        result = List.of(pa, pb);
                    }
                }
                return new Decided(pairId, "merge".equals(decision) ? MERGED : APART, result);
            });
        }
    }

    /**
     * Undoes a merge: the named records leave the practice together (none named: every record stands
     * alone again), and every record that leaves is kept apart from every one that stays, so no later
     * ingest or re-run merges them back by itself.
     */
    Split split(String practiceId, List<RecordKey> leaving) {
        synchronized (lock) {
            return sync.regrouping(db, c -> {
                String id = Regrouping.redirectOf(c, practiceId).orElse(practiceId);
                Map<RecordKey, Regrouping.Rec> info = Regrouping.recordsOf(c, List.of(id));
                if (info.isEmpty()) {
                    throw new NoSuchElementException("practice " + practiceId);
                }
                if (info.size() < 2) {
                    throw new Dedup.Conflict("practice " + id + " holds one record: there is nothing to split");
                }
                List<List<RecordKey>> groups = new ArrayList<>();
                if (leaving == null || leaving.isEmpty()) {
                    info.keySet().forEach(k -> groups.add(List.of(k)));
                } else {
                    for (RecordKey k : leaving) {
                        if (!info.containsKey(k)) {
                            throw new IllegalArgumentException("record " + k + " is not in practice " + id);
                        }
                    }
                    List<RecordKey> rest = new ArrayList<>(info.keySet());
                    rest.removeAll(leaving);
                    if (rest.isEmpty()) {
                        throw new IllegalArgumentException("name the records that leave, not all of them");
                    }
                    groups.add(rest);
                    groups.add(List.copyOf(new LinkedHashSet<>(leaving)));
                }
                Instant now = now();
                for (int i = 0; i < groups.size(); i++) {
                    for (int j = i + 1; j < groups.size(); j++) {
                        for (RecordKey x : groups.get(i)) {
                            for (RecordKey y : groups.get(j)) {
                                judged.put(c, x, y, sync.scoreOf(x, y), SPLIT, APART, SPLIT, now);
                            }
                        }
                    }
                }
                List<String> ids = regrouping.regroup(c, groups, info, now);
                List<Split.Part> out = new ArrayList<>();
                for (int i = 0; i < groups.size(); i++) {
                    out.add(new Split.Part(ids.get(i), groups.get(i).stream().map(RecordKey::toString).toList()));
                }
                return new Split(id, out);
            });
        }
    }
}
