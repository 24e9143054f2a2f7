package org.practicehub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.NoSuchElementException;
import java.util.Set;

import org.practicehub.matching.RecordKey;
import org.practicehub.matching.Score;

import static org.practicehub.store.Dedup.APART;
import static org.practicehub.store.Dedup.FACILITATOR;
import static org.practicehub.store.Dedup.SPLIT;

/**
 * The pairs of records judged (table match_pair): merged, for review, kept apart; by the matcher, the facilitator or a
 * split. Keeps in memory the pairs kept apart, which matching must respect; {@link IndexSync} reads them again whenever
 * it reads the index.
 */
final class JudgedPairs {

    /** Pairs kept apart, by {@link #key}; null: not read yet. */
    private Set<String> apart;

    /** The two records of a pair. */
    record Keys(RecordKey a, RecordKey b) {}

    /** The pairs kept apart as the database holds them, from now on. */
    void reload(Connection c) throws SQLException {
        apart = loadApart(c);
    }

    /** Takes this set (the caller's, not a copy) as the pairs kept apart. */
    void reset(Set<String> kept) {
        apart = kept;
    }

    void forget() {
        apart = null;
    }

    boolean isApart(RecordKey a, RecordKey b) {
        return apart.contains(key(a, b));
    }

    static Set<String> loadApart(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = Db.prepare(c, "SELECT a_source, a_record, b_source, b_record FROM match_pair WHERE status = ?", APART);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(key(new RecordKey(rs.getString(1), rs.getString(2)), new RecordKey(rs.getString(3), rs.getString(4))));
            }
        }
        return out;
    }

    /** A pair's key, whichever way round it is given. */
    static String key(RecordKey a, RecordKey b) {
        return a.compareTo(b) <= 0 ? a + "\n" + b : b + "\n" + a;
    }

    /** Records a judged pair; a facilitator's decision (or a split's) is never overwritten by the matcher. */
    void put(Connection c, RecordKey x, RecordKey y, Score s, String stage, String status, String decidedBy, Instant now)
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
        remember(a, b, status);
    }

    /** Marks a pair decided by the facilitator, keeping its score and reasons. */
    void mark(Connection c, RecordKey a, RecordKey b, String status, Instant now) throws SQLException {
        Db.update(c, "UPDATE match_pair SET status = ?, decided_by = ?, decided_at = ? WHERE a_source = ? AND a_record = ? AND b_source = ?"
                + " AND b_record = ?", status, FACILITATOR, now, a.sourceId(), a.recordId(), b.sourceId(), b.recordId());
        remember(a, b, status);
    }

    private void remember(RecordKey a, RecordKey b, String status) {
        if (apart == null) {
            return;
        }
        if (APART.equals(status)) {
            apart.add(key(a, b));
        } else {
            apart.remove(key(a, b));
        }
    }

    /** The two records of a pair, or NoSuchElementException. */
    static Keys keys(Connection c, long pairId) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT * FROM match_pair WHERE id = ?", pairId); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new NoSuchElementException("pair " + pairId);
            }
            return new Keys(new RecordKey(rs.getString("a_source"), rs.getString("a_record")),
                    new RecordKey(rs.getString("b_source"), rs.getString("b_record")));
        }
    }

    /** The pairs the facilitator merged by hand. */
    static Set<Set<RecordKey>> mergedByHand(Connection c) throws SQLException {
        Set<Set<RecordKey>> joined = new HashSet<>();
        try (PreparedStatement ps = Db.prepare(c, "SELECT a_source, a_record, b_source, b_record FROM match_pair WHERE status = ?"
                + " AND decided_by = ?", Dedup.MERGED, FACILITATOR); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                joined.add(Set.of(new RecordKey(rs.getString(1), rs.getString(2)), new RecordKey(rs.getString(3), rs.getString(4))));
            }
        }
        return joined;
    }

    /** The matcher's judgements go (pairs for review, its merges); the facilitator's and the splits' stay. */
    static void dropMatcherJudgements(Connection c) throws SQLException {
        Db.update(c, "DELETE FROM match_pair WHERE status = ? OR (status = ? AND decided_by = ?)", Dedup.REVIEW, Dedup.MERGED, Dedup.MATCHER);
    }
}
