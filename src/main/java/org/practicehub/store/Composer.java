package org.practicehub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.practicehub.matching.Combiner;
import org.practicehub.matching.RecordKey;
import org.practicehub.model.Practice;
import org.practicehub.model.Practice.Provenance;

/** A practice's document as published, made from its live records: their fields by the combine rule, the provenance of each. */
final class Composer {

    private final Combiner combiner;
    private final String hubId;

    /**
     * @param networkPriority network names, most trusted first, for the single values of a merged practice
     * @param hubId           this hub's identity, the origin of a record read from no other hub
     */
    Composer(List<String> networkPriority, String hubId) {
        this.combiner = new Combiner(networkPriority);
        this.hubId = hubId;
    }

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
}
