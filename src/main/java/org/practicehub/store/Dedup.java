package org.practicehub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.type.TypeReference;
import org.practicehub.matching.Batch;
import org.practicehub.matching.Combiner;
import org.practicehub.matching.Decision;
import org.practicehub.matching.DedupIndex;
import org.practicehub.matching.MatchRecord;
import org.practicehub.matching.Reason;
import org.practicehub.matching.RecordKey;
import org.practicehub.matching.Score;
import org.practicehub.matching.Thresholds;
import org.practicehub.model.Practice;
import org.practicehub.model.Practice.Provenance;

/**
 * The store's side of cross-network deduplication: the matching index over every live record, the
 * pairs judged (merged, for review, kept apart), redirects of merged ids, and regrouping records into
 * practices when the facilitator merges, keeps apart or splits, or when deduplication runs over the
 * whole store again.
 *
 * <p>Every change to which record belongs to which practice happens under the store's lock, as saving
 * does, so the in-memory index and the database agree; after a failed transaction the index is dropped
 * and read again from the database when next needed.
 */
public class Dedup {

    static final String REVIEW = "review";
    static final String MERGED = "merged";
    static final String APART = "apart";
    static final String MATCHER = "matcher";
    static final String FACILITATOR = "facilitator";
    static final String SPLIT = "split";

    private static final TypeReference<List<Reason>> REASONS = new TypeReference<>() {};

    private final Db db;
    private final Clock clock;
    private final Thresholds thresholds;
    private final Combiner combiner;
    private final Object lock;
    private DedupIndex index;
    private Set<String> apart;
    /** The store generation (hub_lock) the index reflects; -1: unknown. */
    private long generation = -1;
    /** The generation the running transaction will have written, once it commits. */
    private long taken = -1;

    private final String hubId;

    Dedup(Db db, Clock clock, Thresholds thresholds, List<String> networkPriority, Object lock, String hubId) {
        this.db = db;
        this.hubId = hubId;
        this.clock = clock;
        this.thresholds = thresholds;
        this.combiner = new Combiner(networkPriority);
        this.lock = lock;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A record refused for a reason the caller can act on: it conflicts with an earlier decision, or there is nothing to do. */
    public static class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }

    // ---- ingest: called by PracticeStore inside its transaction, under its lock ----

    /** A new record's matching view and where it belongs. */
    record Match(MatchRecord record, Decision decision) {}

    Match match(Connection c, RecordKey key, String network, Practice draft, String url, DedupIndex.Analysed text) throws SQLException {
        DedupIndex idx = index(c);
        MatchRecord r = idx.prepare(key, network, draft, url, text);
        return new Match(r, idx.decide(r, this::isApart));
    }

    /** After the record is stored in {@code practiceId}: the pairs it leaves, and the record in the index. */
    void stored(Connection c, Match m, String practiceId, Instant now) throws SQLException {
        Decision d = m.decision();
        if (d.merges()) {
            putPair(c, d.evidence().record(), d.evidence().other(), d.evidence().score(), d.evidence().stage(), MERGED, MATCHER, now);
        }
        for (Decision.Pair p : d.review()) {
            putPair(c, p.record(), p.other(), p.score(), p.stage(), REVIEW, null, now);
        }
        index.add(m.record(), practiceId);
    }

    /** A record changed in place: its new text is what later records are matched against. It stays in its practice. */
    void updated(RecordKey key, String network, Practice draft, String url, String practiceId) {
        if (index != null) {
            index.add(index.prepare(key, network, draft, url), practiceId);
        }
    }

    void removed(RecordKey key) {
        if (index != null) {
            index.remove(key);
        }
    }

    /** The index no longer matches the database (a transaction failed): read it again when next needed. */
    void invalidate() {
        index = null;
        apart = null;
        generation = -1;
        taken = -1;
    }

    /**
     * Takes the store's lock row for this transaction, so that changes to the grouping never interleave across
     * instances sharing one database; when another instance changed the store since this index was read, the
     * index is read again (inside this transaction, under the lock). Callers hold the store's monitor.
     * Returns whether this call took the lock (false: this transaction already held it).
     */
    boolean lockStore(Connection c) throws SQLException {
        if (taken >= 0) {
            return false; // this transaction holds the lock already
        }
        long seen;
        long regrouped;
        try (PreparedStatement ps = c.prepareStatement("SELECT generation, regrouped FROM hub_lock WHERE name = 'store' FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("hub_lock has no 'store' row (migration V7)");
            }
            seen = rs.getLong(1);
            regrouped = rs.getLong(2);
        }
        if (seen != generation) {
            if (index == null || generation < 0 || regrouped > generation) {
                index = null;
                apart = null;
            } else {
                catchUp(c, generation);
            }
        }
        Db.update(c, "UPDATE hub_lock SET generation = ? WHERE name = 'store'", seen + 1);
        taken = seen + 1;
        return true;
    }

    /**
     * Another instance stored or withdrew records since this index was read: those records, in the order they were
     * written, as that instance put them into its own index. Cheaper than reading everything again when two instances
     * ingest at once.
     */
    private void catchUp(Connection c, long since) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT source_id, record_id, practice_id, network, url, record_doc, deleted_at"
                + " FROM source_record WHERE store_gen > ? ORDER BY store_gen", since); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                RecordKey key = new RecordKey(rs.getString(1), rs.getString(2));
                if (rs.getObject(7) != null) {
                    index.remove(key);
                } else {
                    index.add(index.prepare(key, rs.getString(4), Json.read(rs.getString(6), Practice.class), rs.getString(5)), rs.getString(3));
                }
            }
        }
        apart = loadApart(c);
    }

    /** The generation this transaction writes under (after {@link #lockStore}): a new record is inserted with it. */
    long generation() {
        return taken;
    }

    /** The record was written in this transaction: instances catching up read it (after {@link #lockStore}). */
    void touched(Connection c, RecordKey key) throws SQLException {
        Db.update(c, "UPDATE source_record SET store_gen = ? WHERE source_id = ? AND record_id = ?", taken, key.sourceId(), key.recordId());
    }

    /** The transaction that took the lock committed: the index reflects the store as of that generation. */
    void committed() {
        if (taken >= 0) {
            generation = taken;
            taken = -1;
        }
    }

    private DedupIndex index(Connection c) throws SQLException {
        if (index == null) {
            DedupIndex idx = new DedupIndex(thresholds);
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT source_id, record_id, practice_id, network, url, record_doc FROM source_record"
                    + " WHERE deleted_at IS NULL ORDER BY first_seen, source_id, record_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Practice doc = Json.read(rs.getString(6), Practice.class);
                    idx.learn(doc);
                    rows.add(new Object[] {new RecordKey(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5), doc});
                }
            }
            for (Object[] r : rows) {
                idx.add(idx.prepare((RecordKey) r[0], (String) r[2], (Practice) r[4], (String) r[3]), (String) r[1]);
            }
            apart = loadApart(c);
            index = idx;
        }
        return index;
    }

    private static Set<String> loadApart(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = Db.prepare(c, "SELECT a_source, a_record, b_source, b_record FROM match_pair WHERE status = ?", APART);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(pairKey(new RecordKey(rs.getString(1), rs.getString(2)), new RecordKey(rs.getString(3), rs.getString(4))));
            }
        }
        return out;
    }

    private boolean isApart(RecordKey a, RecordKey b) {
        return apart.contains(pairKey(a, b));
    }

    private static String pairKey(RecordKey a, RecordKey b) {
        return a.compareTo(b) <= 0 ? a + "\n" + b : b + "\n" + a;
    }

    /** Records a judged pair; a facilitator's decision (or a split's) is never overwritten by the matcher. */
    private void putPair(Connection c, RecordKey x, RecordKey y, Score s, String stage, String status, String decidedBy, Instant now)
            throws SQLException {
        RecordKey a = x.compareTo(y) <= 0 ? x : y;
        RecordKey b = a == x ? y : x;
        Long id = null;
        String by = null;
        try (PreparedStatement ps = Db.prepare(c, "SELECT id, decided_by FROM match_pair WHERE a_source = ? AND a_record = ? AND b_source = ?"
                + " AND b_record = ?", a.sourceId(), a.recordId(), b.sourceId(), b.recordId()); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                id = rs.getLong(1);
                by = rs.getString(2);
            }
        }
        String reasons = Json.write(s.reasons());
        Instant decided = decidedBy == null ? null : now;
        if (id == null) {
            Db.update(c, "INSERT INTO match_pair (a_source, a_record, b_source, b_record, score, stage, reasons, status, decided_by, created_at,"
                    + " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", a.sourceId(), a.recordId(), b.sourceId(), b.recordId(),
                    s.value(), stage, reasons, status, decidedBy, now, decided);
        } else if (!(FACILITATOR.equals(by) || SPLIT.equals(by)) || FACILITATOR.equals(decidedBy) || SPLIT.equals(decidedBy)) {
            Db.update(c, "UPDATE match_pair SET score = ?, stage = ?, reasons = ?, status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                    s.value(), stage, reasons, status, decidedBy, decided, id);
        }
        if (APART.equals(status) && apart != null) {
            apart.add(pairKey(a, b));
        } else if (apart != null) {
            apart.remove(pairKey(a, b));
        }
    }

    // ---- documents ----

    /** The practice as published: its records' fields by the combine rule, with the provenance of every live record. */
    Practice compose(Connection c, String id, Instant firstSeen, Instant changed) throws SQLException {
        List<Provenance> sources = new ArrayList<>();
        List<Combiner.Part> parts = new ArrayList<>();
        try (PreparedStatement ps = Db.prepare(c, "SELECT * FROM source_record WHERE practice_id = ? AND deleted_at IS NULL"
                + " ORDER BY first_seen, source_id, record_id", id);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant first = Db.instant(rs, "first_seen");
                sources.add(new Provenance(rs.getString("network"), rs.getString("source_id"), rs.getString("record_id"),
                        rs.getString("url"), Db.instant(rs, "published"), Db.instant(rs, "updated"),
                        first, Db.instant(rs, "last_changed"), rs.getString("content_hash"),
                        rs.getString("origin_hub") == null ? hubId : rs.getString("origin_hub"), rs.getString("via")));
                parts.add(new Combiner.Part(new RecordKey(rs.getString("source_id"), rs.getString("record_id")), rs.getString("network"),
                        Json.read(rs.getString("record_doc"), Practice.class), first));
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalStateException("practice " + id + " has no live record to compose");
        }
        return combiner.combine(parts).withHubFields(id, sources, firstSeen, changed);
    }

    // ---- regrouping ----

    /** What regrouping needs to know of a record. */
    private record Rec(RecordKey key, String practiceId, Instant firstSeen, boolean deleted) {}

    private static final Comparator<Rec> OLDEST_FIRST = Comparator.comparing(Rec::firstSeen).thenComparing(Rec::key);

    private static Map<RecordKey, Rec> recordsOf(Connection c, Collection<String> practiceIds) throws SQLException {
        Map<RecordKey, Rec> out = new LinkedHashMap<>();
        for (String p : practiceIds) {
            try (PreparedStatement ps = Db.prepare(c, "SELECT source_id, record_id, practice_id, first_seen, deleted_at FROM source_record"
                    + " WHERE practice_id = ? ORDER BY first_seen, source_id, record_id", p); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Rec r = rec(rs);
                    out.put(r.key(), r);
                }
            }
        }
        return out;
    }

    private static Rec rec(ResultSet rs) throws SQLException {
        return new Rec(new RecordKey(rs.getString("source_id"), rs.getString("record_id")), rs.getString("practice_id"),
                Db.instant(rs, "first_seen"), rs.getObject("deleted_at") != null);
    }

    private record Row(int version, Instant firstSeen) {}

    /**
     * Puts records into new groups, which together hold exactly the records of the practices they come
     * from. A group keeps the id of the oldest practice among its records' own ids (so a survivor keeps
     * its id), else takes its oldest record's own id; an id that no group keeps redirects to the group
     * holding its own record. Practices whose records changed get a new version and a change event.
     *
     * @return the id of each group, in order
     */
    private List<String> regroup(Connection c, List<List<RecordKey>> groups, Map<RecordKey, Rec> info, Instant now) throws SQLException {
        Map<String, Set<RecordKey>> before = new HashMap<>();
        Set<String> ownIds = new HashSet<>();
        for (List<RecordKey> g : groups) {
            for (RecordKey k : g) {
                before.computeIfAbsent(info.get(k).practiceId(), x -> new HashSet<>()).add(k);
                ownIds.add(PracticeStore.practiceId(k.sourceId(), k.recordId()));
            }
        }
        Set<String> known = new HashSet<>(before.keySet());
        known.addAll(ownIds);
        Map<String, Row> rows = rows(c, known);
        List<String> ids = new ArrayList<>();
        for (List<RecordKey> g : groups) {
            String id = null;
            Row best = null;
            for (RecordKey k : g) {
                String own = PracticeStore.practiceId(k.sourceId(), k.recordId());
                Row r = rows.get(own);
                if (r != null && (best == null || r.firstSeen().isBefore(best.firstSeen()) || r.firstSeen().equals(best.firstSeen()) && own.compareTo(id) < 0)) {
                    id = own;
                    best = r;
                }
            }
            if (id == null) {
                Rec oldest = g.stream().map(info::get).min(OLDEST_FIRST).orElseThrow();
                id = PracticeStore.practiceId(oldest.key().sourceId(), oldest.key().recordId());
            }
            ids.add(id);
            if (!rows.containsKey(id)) {
                // the practice row first (the records point at it), its document once they do
                Instant first = g.stream().map(info::get).min(OLDEST_FIRST).orElseThrow().firstSeen();
                Db.update(c, "INSERT INTO practice (id, version, title, doc, first_seen, last_changed) VALUES (?, 0, '', '{}', ?, ?)", id, first, now);
            }
            for (RecordKey k : g) {
                if (!info.get(k).practiceId().equals(id)) {
                    Db.update(c, "UPDATE source_record SET practice_id = ? WHERE source_id = ? AND record_id = ?", id, k.sourceId(), k.recordId());
                }
                if (index != null) {
                    index.assign(k, id);
                }
            }
        }
        for (int i = 0; i < groups.size(); i++) {
            String id = ids.get(i);
            List<RecordKey> g = groups.get(i);
            boolean live = g.stream().anyMatch(k -> !info.get(k).deleted());
            Row row = rows.get(id);
            boolean redirected = redirectOf(c, id).isPresent();
            if (row != null && !redirected && new HashSet<>(g).equals(before.getOrDefault(id, Set.of()))) {
                continue;
            }
            Db.update(c, "DELETE FROM practice_redirect WHERE id = ?", id);
            Instant first = row != null ? row.firstSeen() : g.stream().map(info::get).min(OLDEST_FIRST).orElseThrow().firstSeen();
            if (row == null) {
                Practice p = compose(c, id, first, now);
                Db.update(c, "UPDATE practice SET version = 1, title = ?, doc = ? WHERE id = ?", p.title(), Json.pretty(p), id);
                PracticeStore.event(c, id, "created", 1, now);
            } else if (live) {
                Practice p = compose(c, id, first, now);
                Db.update(c, "UPDATE practice SET version = ?, title = ?, doc = ?, last_changed = ?, withdrawn_at = NULL WHERE id = ?",
                        row.version() + 1, p.title(), Json.pretty(p), now, id);
                PracticeStore.event(c, id, "updated", row.version() + 1, now);
            } else {
                Db.update(c, "UPDATE practice SET version = ?, withdrawn_at = ?, last_changed = ? WHERE id = ?", row.version() + 1, now, now, id);
                PracticeStore.event(c, id, "withdrawn", row.version() + 1, now);
            }
        }
        for (String old : before.keySet()) {
            if (ids.contains(old)) {
                continue;
            }
            String target = null;
            int most = -1;
            for (int i = 0; i < groups.size() && target == null; i++) {
                for (RecordKey k : groups.get(i)) {
                    if (PracticeStore.practiceId(k.sourceId(), k.recordId()).equals(old)) {
                        target = ids.get(i);
                    }
                }
            }
            for (int i = 0; i < groups.size() && target == null; i++) {
                int n = (int) groups.get(i).stream().filter(before.get(old)::contains).count();
                if (n > most) {
                    most = n;
                    target = ids.get(i);
                }
            }
            Row row = rows.get(old);
            Db.update(c, "UPDATE practice SET version = ?, withdrawn_at = ?, last_changed = ? WHERE id = ?", row.version() + 1, now, now, old);
            PracticeStore.event(c, old, "merged", row.version() + 1, now);
            if (Db.update(c, "UPDATE practice_redirect SET target = ?, at = ? WHERE id = ?", target, now, old) == 0) {
                Db.update(c, "INSERT INTO practice_redirect (id, target, at) VALUES (?, ?, ?)", old, target, now);
            }
            // no chains: whatever pointed at the old id points at the survivor
            Db.update(c, "UPDATE practice_redirect SET target = ? WHERE target = ?", target, old);
        }
        return ids;
    }

    private static Map<String, Row> rows(Connection c, Collection<String> ids) throws SQLException {
        Map<String, Row> out = new HashMap<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 500) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = Db.prepare(c, "SELECT id, version, first_seen FROM practice WHERE id IN (" + marks + ")", chunk.toArray());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Row(rs.getInt(2), Db.instant(rs, "first_seen")));
                }
            }
        }
        return out;
    }

    // ---- redirects ----

    /** The live practice a merged id now lives in. */
    public Optional<String> redirectOf(String id) {
        return db.tx(c -> redirectOf(c, id));
    }

    static Optional<String> redirectOf(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT target FROM practice_redirect WHERE id = ?", id); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    // ---- the facilitator's review ----

    /**
     * The judged pairs with this status (review: waiting for the facilitator; merged; apart), best
     * score first, each with both records, their practices and the reasons. A pair for review whose two
     * records already share a practice, or whose record is gone, is left out: there is nothing to decide.
     */
    public List<Map<String, Object>> pairs(String status) {
        return db.tx(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT * FROM match_pair WHERE status = ? ORDER BY score DESC, id", status);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> a = side(c, new RecordKey(rs.getString("a_source"), rs.getString("a_record")));
                    Map<String, Object> b = side(c, new RecordKey(rs.getString("b_source"), rs.getString("b_record")));
                    if (REVIEW.equals(status) && (a == null || b == null || a.get("practiceId").equals(b.get("practiceId")))) {
                        continue;
                    }
                    out.add(pair(rs, a, b));
                }
            }
            return out;
        });
    }

    private static Map<String, Object> pair(ResultSet rs, Map<String, Object> a, Map<String, Object> b) throws SQLException {
        List<Reason> reasons = readReasons(rs.getString("reasons"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pairId", rs.getLong("id"));
        m.put("status", rs.getString("status"));
        m.put("decidedBy", rs.getString("decided_by"));
        m.put("score", rs.getDouble("score"));
        m.put("stage", rs.getString("stage"));
        m.put("a", a);
        m.put("b", b);
        m.put("agreed", reasons.stream().filter(Reason::agrees).toList());
        m.put("differed", reasons.stream().filter(r -> Reason.DIFFER.equals(r.verdict())).toList());
        m.put("similar", reasons.stream().filter(r -> Reason.SIMILAR.equals(r.verdict())).toList());
        m.put("createdAt", Db.instant(rs, "created_at"));
        m.put("decidedAt", Db.instant(rs, "decided_at"));
        return m;
    }

    private static List<Reason> readReasons(String json) {
        try {
            return Json.MAPPER.readValue(json, REASONS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored reasons are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A record's own mapped fields as its source last sent them (not the merged practice), for the side-by-side review. */
    public Optional<Practice> record(RecordKey k) {
        return db.read(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT record_doc FROM source_record WHERE source_id = ? AND record_id = ?",
                    k.sourceId(), k.recordId()); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Json.read(rs.getString(1), Practice.class)) : Optional.empty();
            }
        });
    }

    /** One record of a pair, as the facilitator sees it; null once the record is deleted. */
    private static Map<String, Object> side(Connection c, RecordKey k) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT r.practice_id, r.network, r.url, p.title FROM source_record r JOIN practice p"
                + " ON p.id = r.practice_id WHERE r.source_id = ? AND r.record_id = ? AND r.deleted_at IS NULL", k.sourceId(), k.recordId());
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sourceId", k.sourceId());
            m.put("recordId", k.recordId());
            m.put("network", rs.getString(2));
            m.put("url", rs.getString(3));
            m.put("practiceId", rs.getString(1));
            m.put("practiceTitle", rs.getString(4));
            return m;
        }
    }

    /**
     * The facilitator's decision on a pair: "merge" joins the two records' practices (the older id
     * survives, the other redirects); "keep-apart" keeps them apart for good, and separates them if they
     * were merged. Either holds on every later ingest and re-run.
     */
    public Map<String, Object> decide(long pairId, String decision) {
        if (!"merge".equals(decision) && !"keep-apart".equals(decision)) {
            throw new IllegalArgumentException("decision must be 'merge' or 'keep-apart', not '" + decision + "'");
        }
        synchronized (lock) {
            return write(c -> {
                RecordKey a;
                RecordKey b;
                try (PreparedStatement ps = Db.prepare(c, "SELECT * FROM match_pair WHERE id = ?", pairId); ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NoSuchElementException("pair " + pairId);
                    }
                    a = new RecordKey(rs.getString("a_source"), rs.getString("a_record"));
                    b = new RecordKey(rs.getString("b_source"), rs.getString("b_record"));
                }
                String pa = practiceOf(c, a);
                String pb = practiceOf(c, b);
                Instant now = now();
                Set<String> keep = loadApart(c);
                keep.remove(pairKey(a, b));
                List<String> result;
                if ("merge".equals(decision)) {
                    Map<RecordKey, Rec> info = recordsOf(c, pa.equals(pb) ? List.of(pa) : List.of(pa, pb));
                    for (RecordKey x : info.keySet()) {
                        for (RecordKey y : info.keySet()) {
                            if (keep.contains(pairKey(x, y))) {
                                throw new Conflict("records " + x + " and " + y + " of these practices are kept apart (a split or an earlier"
                                        + " decision): split or decide that pair first");
                            }
                        }
                    }
                    result = pa.equals(pb) ? List.of(pa) : regroup(c, List.of(new ArrayList<>(info.keySet())), info, now);
                    mark(c, a, b, MERGED, now);
                } else {
                    mark(c, a, b, APART, now);
                    if (pa.equals(pb)) {
                        Map<RecordKey, Rec> info = recordsOf(c, List.of(pa));
                        List<RecordKey> rest = new ArrayList<>(info.keySet());
                        rest.remove(b);
                        result = regroup(c, List.of(rest, List.of(b)), info, now);
                    } else {
                        result = List.of(pa, pb);
                    }
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("pairId", pairId);
                out.put("status", "merge".equals(decision) ? MERGED : APART);
                out.put("practices", result);
                return out;
            });
        }
    }

    /** Marks a pair decided by the facilitator, keeping its score and reasons. */
    private void mark(Connection c, RecordKey a, RecordKey b, String status, Instant now) throws SQLException {
        Db.update(c, "UPDATE match_pair SET status = ?, decided_by = ?, decided_at = ? WHERE a_source = ? AND a_record = ? AND b_source = ?"
                + " AND b_record = ?", status, FACILITATOR, now, a.sourceId(), a.recordId(), b.sourceId(), b.recordId());
        if (apart != null) {
            if (APART.equals(status)) {
                apart.add(pairKey(a, b));
            } else {
                apart.remove(pairKey(a, b));
            }
        }
    }

    private static String practiceOf(Connection c, RecordKey k) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT practice_id FROM source_record WHERE source_id = ? AND record_id = ?",
                k.sourceId(), k.recordId()); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new NoSuchElementException("record " + k);
            }
            return rs.getString(1);
        }
    }

    /**
     * Undoes a merge: the named records leave the practice together (none named: every record stands
     * alone again), and every record that leaves is kept apart from every one that stays, so no later
     * ingest or re-run merges them back by itself.
     */
    public Map<String, Object> split(String practiceId, List<RecordKey> leaving) {
        synchronized (lock) {
            return write(c -> {
                String id = redirectOf(c, practiceId).orElse(practiceId);
                Map<RecordKey, Rec> info = recordsOf(c, List.of(id));
                if (info.isEmpty()) {
                    throw new NoSuchElementException("practice " + practiceId);
                }
                if (info.size() < 2) {
                    throw new Conflict("practice " + id + " holds one record: there is nothing to split");
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
                                putPair(c, x, y, scoreOf(x, y), SPLIT, APART, SPLIT, now);
                            }
                        }
                    }
                }
                List<String> ids = regroup(c, groups, info, now);
                List<Map<String, Object>> out = new ArrayList<>();
                for (int i = 0; i < groups.size(); i++) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", ids.get(i));
                    m.put("records", groups.get(i).stream().map(RecordKey::toString).toList());
                    out.add(m);
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("split", id);
                result.put("practices", out);
                return result;
            });
        }
    }

    /** The pair's score and reasons as the matcher sees them now, for the record of a split. */
    private Score scoreOf(RecordKey x, RecordKey y) {
        MatchRecord a = index == null ? null : index.get(x);
        MatchRecord b = index == null ? null : index.get(y);
        return a == null || b == null ? new Score(0, List.of(), false) : index.score(a, b);
    }

    // ---- deduplication over the whole store ----

    /**
     * Matches every record against every other again, oldest first, with the current thresholds, and
     * regroups the practices whose records changed. The facilitator's decisions hold: pairs kept apart
     * (or split) stay apart, pairs merged stay merged. The review list is rebuilt.
     */
    public Map<String, Object> dedupAll() {
        synchronized (lock) {
            long t0 = System.nanoTime();
            Map<String, Object> out = write(c -> {
                Map<RecordKey, Rec> info = new LinkedHashMap<>();
                List<Batch.Input> inputs = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM source_record ORDER BY first_seen, source_id, record_id");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Rec r = rec(rs);
                        info.put(r.key(), r);
                        if (!r.deleted()) {
                            inputs.add(new Batch.Input(r.key(), rs.getString("network"), Json.read(rs.getString("record_doc"), Practice.class),
                                    rs.getString("url"), PracticeStore.practiceId(r.key().sourceId(), r.key().recordId())));
                        }
                    }
                }
                Set<String> kept = loadApart(c);
                Set<Set<RecordKey>> joined = new HashSet<>();
                try (PreparedStatement ps = Db.prepare(c, "SELECT a_source, a_record, b_source, b_record FROM match_pair WHERE status = ?"
                        + " AND decided_by = ?", MERGED, FACILITATOR); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        joined.add(Set.of(new RecordKey(rs.getString(1), rs.getString(2)), new RecordKey(rs.getString(3), rs.getString(4))));
                    }
                }
                Batch.Result result = Batch.run(inputs, thresholds, (a, b) -> kept.contains(pairKey(a, b)), joined);

                Map<String, List<RecordKey>> after = new LinkedHashMap<>(result.groups());
                // a deleted record follows the live records of its practice (most of them), or stays where it is
                Map<String, Map<String, Integer>> wentTo = new HashMap<>();
                result.practiceOf().forEach((k, label) -> wentTo.computeIfAbsent(info.get(k).practiceId(), x -> new HashMap<>()).merge(label, 1, Integer::sum));
                for (Rec r : info.values()) {
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
                Instant now = now();
                Db.update(c, "DELETE FROM match_pair WHERE status = ? OR (status = ? AND decided_by = ?)", REVIEW, MERGED, MATCHER);
                apart = kept;
                for (Decision.Pair p : result.merged()) {
                    putPair(c, p.record(), p.other(), p.score(), p.stage(), MERGED, MATCHER, now);
                }
                for (Decision.Pair p : result.review()) {
                    if (!kept.contains(pairKey(p.record(), p.other()))) {
                        putPair(c, p.record(), p.other(), p.score(), p.stage(), REVIEW, null, now);
                    }
                }
                regroup(c, changed, info, now);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("records", info.size());
                m.put("practicesBefore", before.size());
                m.put("practicesAfter", after.size());
                m.put("practicesChanged", changed.size());
                m.put("mergedPairs", result.merged().size());
                m.put("reviewPairs", result.review().size());
                m.put("mergeThreshold", thresholds.merge());
                m.put("reviewThreshold", thresholds.review());
                return m;
            });
            // the groups have new ids: the index is read again, with them, when next needed
            invalidate();
            out.put("ms", (System.nanoTime() - t0) / 1_000_000);
            return out;
        }
    }

    /** One transaction that changes the grouping; if it fails, the index is read again from the database. */
    private <T> T write(Db.Work<T> work) {
        try {
            T result = db.tx(c -> {
                lockStore(c);
                // records change practices wholesale: other instances read their index again in full
                Db.update(c, "UPDATE hub_lock SET regrouped = ? WHERE name = 'store'", taken);
                return work.run(c);
            });
            committed();
            return result;
        } catch (RuntimeException e) {
            invalidate();
            throw e;
        }
    }
}
