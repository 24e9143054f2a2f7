package org.practicehub;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** What breaks the store's invariants, read straight from the H2 file: practices without records, records and change events without practices. */
final class StoreInvariants {
    static List<String> violations(Path data) throws Exception {
        List<String> out = new ArrayList<>();
        if (!java.nio.file.Files.exists(data.resolve("db/hub.mv.db"))) {
            return out;
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("db/hub"), "sa", "")) {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT p.id FROM practice p WHERE NOT EXISTS (SELECT 1 FROM source_record r WHERE r.practice_id = p.id)")) {
                while (rs.next()) {
                    out.add("orphan practice " + rs.getString(1));
                }
            } catch (java.sql.SQLException e) {
                out.add(e.getMessage());
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT e.seq, e.practice_id FROM change_event e WHERE NOT EXISTS (SELECT 1 FROM practice p WHERE p.id = e.practice_id)")) {
                while (rs.next()) {
                    out.add("orphan event " + rs.getString(1) + " " + rs.getString(2));
                }
            } catch (java.sql.SQLException e) {
                out.add(e.getMessage());
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT r.record_id FROM source_record r WHERE NOT EXISTS (SELECT 1 FROM practice p WHERE p.id = r.practice_id)")) {
                while (rs.next()) {
                    out.add("orphan record " + rs.getString(1));
                }
            }
        }
        return out;
    }
}
