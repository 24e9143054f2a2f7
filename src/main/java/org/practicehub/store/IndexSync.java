package org.practicehub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.practicehub.matching.DedupIndex;
import org.practicehub.matching.Preparer;
import org.practicehub.matching.MatchRecord;
import org.practicehub.matching.RecordKey;
import org.practicehub.matching.Score;
import org.practicehub.matching.Thresholds;
import org.practicehub.model.Practice;

/**
 * The matching index over every live record, kept in step with the database: read in full when first needed, caught up
 * with what another instance wrote since (or read again in full after a regrouping anywhere), and dropped after a
 * failed transaction, to be read again when next needed. The store's lock row ({@link #lockStore}) serialises every
 * change to the grouping across instances, as the store's monitor does within one; callers hold that monitor.
 */
final class IndexSync {

    private final Thresholds thresholds;
    private final JudgedPairs pairs;
    private DedupIndex index;
    /** The store generation (hub_lock) the index reflects; -1: unknown. */
    private long generation = -1;
    /** The generation the running transaction will have written, once it commits. */
    private long taken = -1;

    IndexSync(Thresholds thresholds, JudgedPairs pairs) {
        this.thresholds = thresholds;
        this.pairs = pairs;
    }

    /** A new record's matching view and where it belongs. */
    Dedup.Match match(Connection c, RecordKey key, String network, Practice draft, String url, Preparer.Analysed text) throws SQLException {
        DedupIndex idx = index(c);
        MatchRecord r = idx.prepare(key, network, draft, url, text);
        return new Dedup.Match(r, idx.decide(r, pairs::isApart));
    }

    /** A new record stored in {@code practiceId}, as {@link #match} prepared it. */
    void add(MatchRecord r, String practiceId) {
        index.add(r, practiceId);
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

    /** A record moved to another practice by a regrouping. */
    void assign(RecordKey key, String practiceId) {
        if (index != null) {
            index.assign(key, practiceId);
        }
    }

    /** The pair's score and reasons as the matcher sees them now; none when either record is not in the index. */
    Score scoreOf(RecordKey x, RecordKey y) {
        MatchRecord a = index == null ? null : index.get(x);
        MatchRecord b = index == null ? null : index.get(y);
        return a == null || b == null ? new Score(0, List.of(), false) : index.score(a, b);
    }

    /** The index no longer matches the database (a transaction failed): read it again when next needed. */
    void invalidate() {
        index = null;
        pairs.forget();
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
                pairs.forget();
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
        pairs.reload(c);
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

    /**
     * One transaction that changes the grouping (a decision, a split, a re-run): under the lock, marked as a regrouping so
     * that other instances read their index again in full; if it fails, this index is read again from the database.
     */
    <T> T regrouping(Db db, Db.Work<T> work) {
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
            pairs.reload(c);
            index = idx;
        }
        return index;
    }
}
