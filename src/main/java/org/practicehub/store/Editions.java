package org.practicehub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Digest editions and their deliveries. An edition fixes its practices when it is created; each
 * recipient's delivery is marked only once the SMTP server (or the outbox) took the message, so a
 * retry sends the same edition to those still pending and nobody gets a practice twice.
 */
public class Editions {

    private final Db db;
    private final Clock clock;

    public Editions(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public record Edition(long id, String digestId, Instant createdAt, List<String> practiceIds) {}

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The creation time of the digest's latest edition, if any. */
    public Optional<Instant> lastCreated(String digestId) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT MAX(created_at) AS m FROM digest_edition WHERE digest_id = ?", digestId);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(Db.instant(rs, "m")) : Optional.empty();
            }
        });
    }

    /** The oldest edition that still has recipients waiting, if any. */
    public Optional<Edition> unfinished(String digestId) {
        return db.tx(c -> {
            long id;
            Instant created;
            try (PreparedStatement ps = Db.prepare(c, "SELECT id, created_at FROM digest_edition WHERE digest_id = ? AND completed_at IS NULL"
                    + " ORDER BY id", digestId); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                id = rs.getLong("id");
                created = Db.instant(rs, "created_at");
            }
            return Optional.of(new Edition(id, digestId, created, items(c, id)));
        });
    }

    private static List<String> items(java.sql.Connection c, long editionId) throws java.sql.SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = Db.prepare(c, "SELECT d.practice_id FROM digest_item d JOIN practice p ON p.id = d.practice_id"
                + " WHERE d.edition_id = ? ORDER BY p.first_seen, p.id", editionId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** Creates an edition holding these practices, with a pending delivery per recipient, in one transaction. */
    public Edition create(String digestId, List<String> practiceIds, List<String> recipients) {
        Instant now = now();
        return db.tx(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO digest_edition (digest_id, created_at) VALUES (?, ?)",
                    new String[] {"id"})) {
                ps.setString(1, digestId);
                ps.setObject(2, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO digest_item (digest_id, practice_id, edition_id) VALUES (?, ?, ?)")) {
                for (String p : practiceIds) {
                    ps.setString(1, digestId);
                    ps.setString(2, p);
                    ps.setLong(3, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (String r : recipients) {
                Db.update(c, "INSERT INTO digest_delivery (edition_id, recipient, status) VALUES (?, ?, 'pending')", id, r);
            }
            return new Edition(id, digestId, now, practiceIds);
        });
    }

    public List<String> pendingRecipients(long editionId) {
        return db.tx(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT recipient FROM digest_delivery WHERE edition_id = ? AND status <> 'sent'"
                    + " AND status <> 'written' ORDER BY recipient", editionId); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** Marks one delivery done; closes the edition when it was the last one. */
    public void delivered(long editionId, String recipient, String status, String messageId) {
        Instant now = now();
        db.tx(c -> {
            Db.update(c, "UPDATE digest_delivery SET status = ?, attempts = attempts + 1, delivered_at = ?, message_id = ?, last_error = NULL"
                    + " WHERE edition_id = ? AND recipient = ?", status, now, messageId, editionId, recipient);
            Db.update(c, "UPDATE digest_edition SET completed_at = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM digest_delivery"
                    + " WHERE edition_id = ? AND status NOT IN ('sent', 'written'))", now, editionId, editionId);
            return null;
        });
    }

    public void failed(long editionId, String recipient, String error) {
        db.tx(c -> Db.update(c, "UPDATE digest_delivery SET status = 'failed', attempts = attempts + 1, last_error = ?"
                + " WHERE edition_id = ? AND recipient = ?", error, editionId, recipient));
    }
}
