package org.practicehub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.practicehub.source.SourceDef;

/**
 * Records a source sent that could not be mapped (table rejected_record): kept with their reason and the payload as it
 * came, counted when they come again, shown to the facilitator.
 */
final class RejectedRecords {

    /** Raw payloads of rejected records are kept up to this size; the rest is cut and marked. */
    static final int MAX_PAYLOAD = 256 * 1024;

    private final Db db;
    private final Clock clock;

    RejectedRecords(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Quarantines a record that could not be mapped, with the partner's payload as it came. */
    void reject(SourceDef source, org.practicehub.source.RawRecord record, String reason) {
        // the id its mapping reads (a JSON export's "$.ref", a feed's id or link), so the record can be found at the partner
        reject(source, org.practicehub.mapping.Mapper.recordId(record, source), reason, record.payload());
    }

    /** Quarantines a record with its reason and raw payload; the same payload is counted, not stored twice. */
    void reject(SourceDef source, String recordId, String reason, String payload) {
        // kept as it came, but for the characters no database, JSON or XML writer takes (PostgreSQL refuses a NUL)
        String body = payload == null ? "" : org.practicehub.mapping.Chars.replace(payload);
        if (body.length() > MAX_PAYLOAD) {
            body = body.substring(0, MAX_PAYLOAD) + "\n[cut at " + MAX_PAYLOAD + " characters]";
        }
        String hash = HexFormat.of().formatHex(PracticeStore.sha256(body));
        Instant now = now();
        String stored = body;
        db.tx(c -> {
            String seen = "UPDATE rejected_record SET reason = ?, last_seen = ?, times_seen = times_seen + 1 WHERE source_id = ? AND payload_hash = ?";
            // two instances polling the source at once reject the same record at once: the second INSERT meets the first's
            // row, and counts a sighting on it instead of failing (which would fail the poll and back the source off)
            if (Db.update(c, seen, reason, now, source.id(), hash) == 0
                    && !Db.insertUnlessPresent(c, "INSERT INTO rejected_record (source_id, record_id, reason, payload, payload_hash,"
                            + " first_seen, last_seen, times_seen) VALUES (?, ?, ?, ?, ?, ?, ?, 1)", source.id(), recordId, reason, stored, hash, now, now)) {
                Db.update(c, seen, reason, now, source.id(), hash);
            }
            return null;
        });
    }

    /** The rejected records of a source, in the order first rejected. */
    List<RejectedRecord> of(String sourceId) {
        return db.tx(c -> {
            List<RejectedRecord> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT * FROM rejected_record WHERE source_id = ? ORDER BY id", sourceId);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RejectedRecord(rs.getString("source_id"), rs.getString("record_id"), rs.getString("reason"), rs.getString("payload"),
                            Db.instant(rs, "last_seen"), rs.getInt("times_seen")));
                }
            }
            return out;
        });
    }
}
