package org.practicehub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.practicehub.run.SourceResult;

/** The health of each source as of its last poll, for the facilitator. */
public class SourceStates {

    private final Db db;
    private final Clock clock;

    public SourceStates(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public void record(SourceResult r) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean ok = r.error() == null;
        db.tx(c -> {
            int n = Db.update(c, "UPDATE source_state SET network = ?, last_poll = ?, status = ?, last_error = ?, records_read = ?,"
                    + " records_new = ?, records_updated = ?, records_rejected = ?" + (ok ? ", last_success = ?" : "") + " WHERE source_id = ?",
                    ok ? new Object[] {r.network(), now, r.status(), r.error(), r.read(), r.created(), r.updated(), r.rejected(), now, r.sourceId()}
                       : new Object[] {r.network(), now, r.status(), r.error(), r.read(), r.created(), r.updated(), r.rejected(), r.sourceId()});
            if (n == 0) {
                Db.update(c, "INSERT INTO source_state (source_id, network, last_poll, last_success, status, last_error, records_read,"
                        + " records_new, records_updated, records_rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        r.sourceId(), r.network(), now, ok ? now : null, r.status(), r.error(), r.read(), r.created(), r.updated(), r.rejected());
            }
            return null;
        });
    }

    public List<Map<String, Object>> list() {
        return db.tx(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM source_state ORDER BY source_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getString("source_id"));
                    m.put("network", rs.getString("network"));
                    m.put("status", rs.getString("status"));
                    m.put("lastPoll", Db.instant(rs, "last_poll"));
                    m.put("lastSuccess", Db.instant(rs, "last_success"));
                    m.put("lastError", rs.getString("last_error"));
                    m.put("read", rs.getInt("records_read"));
                    m.put("new", rs.getInt("records_new"));
                    m.put("updated", rs.getInt("records_updated"));
                    m.put("rejected", rs.getInt("records_rejected"));
                    out.add(m);
                }
            }
            return out;
        });
    }
}
