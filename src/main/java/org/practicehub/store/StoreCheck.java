package org.practicehub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's invariants, checked at start and repaired: every practice has a source record (or is a merged-away id
 * with its redirect), every source record a practice, every change event a practice. A record, its practice and its
 * change event are written in one transaction, yet H2 has been seen to keep part of one after a kill -9 (its file
 * store saves each table's state on its own, so a crash between two of them can keep the practice without its
 * record: every later poll of that source then failed on the practice's primary key). What a check finds is the rest
 * of a transaction that did not survive whole, and is undone: the partner's record is read again as new by the next
 * poll, under the same practice id. Each repair is logged and returned.
 */
public final class StoreCheck {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreCheck.class);

    private StoreCheck() {}

    /** Checks and repairs; returns one line per repair (empty: the store was whole). */
    public static List<String> repair(Db db) {
        List<String> done = db.tx(c -> {
            List<String> out = new ArrayList<>();
            for (String id : ids(c, "SELECT r.source_id || '/' || r.record_id FROM source_record r WHERE NOT EXISTS"
                    + " (SELECT 1 FROM practice p WHERE p.id = r.practice_id)")) {
                String source = id.substring(0, id.indexOf('/'));
                Db.update(c, "DELETE FROM source_record WHERE source_id = ? AND record_id = ?", source, id.substring(source.length() + 1));
                out.add("source record " + id + " had no practice: removed, the next poll of " + source + " reads it again");
            }
            for (String id : ids(c, "SELECT p.id FROM practice p WHERE NOT EXISTS (SELECT 1 FROM source_record r WHERE r.practice_id = p.id)"
                    + " AND NOT EXISTS (SELECT 1 FROM practice_redirect d WHERE d.id = p.id)")) {
                Db.update(c, "DELETE FROM practice_digest WHERE practice_id = ?", id);
                int events = Db.update(c, "DELETE FROM change_event WHERE practice_id = ?", id);
                Db.update(c, "DELETE FROM practice WHERE id = ?", id);
                out.add("practice " + id + " had no source record: removed with its " + events + " change events; its record is read again by"
                        + " the next poll of its source");
            }
            int events = Db.update(c, "DELETE FROM change_event e WHERE NOT EXISTS (SELECT 1 FROM practice p WHERE p.id = e.practice_id)");
            if (events > 0) {
                out.add(events + " change events of no practice: removed");
            }
            return out;
        });
        done.forEach(line -> LOG.warn("store check: {}", line));
        return done;
    }

    private static List<String> ids(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
