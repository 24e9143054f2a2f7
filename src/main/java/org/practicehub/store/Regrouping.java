package org.practicehub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import org.practicehub.matching.RecordKey;
import org.practicehub.model.Practice;

/**
 * Puts records into new groups of practices (a merge, a split, a re-run): which id each group keeps, new versions and
 * change events for the practices whose records changed, and redirects from the ids no group keeps.
 */
final class Regrouping {

    /** What regrouping needs to know of a record. */
    record Rec(RecordKey key, String practiceId, Instant firstSeen, boolean deleted) {}

    static final Comparator<Rec> OLDEST_FIRST = Comparator.comparing(Rec::firstSeen).thenComparing(Rec::key);

    private record Row(int version, Instant firstSeen) {}

    private final Composer composer;
    private final IndexSync sync;

    Regrouping(Composer composer, IndexSync sync) {
        this.composer = composer;
        this.sync = sync;
    }

    /** The records of these practices, deleted ones included, oldest first within each. */
    static Map<RecordKey, Rec> recordsOf(Connection c, Collection<String> practiceIds) throws SQLException {
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

    static Rec rec(ResultSet rs) throws SQLException {
        return new Rec(new RecordKey(rs.getString("source_id"), rs.getString("record_id")), rs.getString("practice_id"),
                Db.instant(rs, "first_seen"), rs.getObject("deleted_at") != null);
    }

    /** The practice a record is in, or NoSuchElementException. */
    static String practiceOf(Connection c, RecordKey k) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT practice_id FROM source_record WHERE source_id = ? AND record_id = ?",
                k.sourceId(), k.recordId()); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new NoSuchElementException("record " + k);
            }
            return rs.getString(1);
        }
    }

    /** The live practice a merged id now lives in. */
    static Optional<String> redirectOf(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT target FROM practice_redirect WHERE id = ?", id); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /**
     * Puts records into new groups, which together hold exactly the records of the practices they come
     * from. A group keeps the id of the oldest practice among its records' own ids (so a survivor keeps
     * its id), else takes its oldest record's own id; an id that no group keeps redirects to the group
     * holding its own record. Practices whose records changed get a new version and a change event.
     *
     * @return the id of each group, in order
     */
    List<String> regroup(Connection c, List<List<RecordKey>> groups, Map<RecordKey, Rec> info, Instant now) throws SQLException {
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
                sync.assign(k, id);
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
                Practice p = composer.compose(c, id, first, now);
                Db.update(c, "UPDATE practice SET version = 1, title = ?, doc = ? WHERE id = ?", p.title(), Json.pretty(p), id);
                PracticeStore.event(c, id, "created", 1, now);
            } else if (live) {
                Practice p = composer.compose(c, id, first, now);
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
}
