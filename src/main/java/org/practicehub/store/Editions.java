package org.practicehub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Digest editions, their run state and the delivery log. An edition covers the change events
 * (from, upTo]; it stays open until every member of its audience has it (or left the audience), so a run
 * after an outage or a restart finishes it before any new edition starts.
 */
public class Editions {

    private final Db db;
    private final Clock clock;

    public Editions(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** @param date the edition's name in the depository: its day in the digest's time zone, with "-2" for a second one that day */
    public record Edition(long id, String digestId, Instant createdAt, long fromSeq, long upTo, String date, int practices, String title,
            Instant completedAt) {}

    /** A digest's run state. */
    public record State(Instant lastRunAt, String lastStatus, long upTo, int failures, Instant retryAt) {}

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public State state(String digestId) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT * FROM digest_state WHERE digest_id = ?", digestId); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new State(Db.instant(rs, "last_run_at"), rs.getString("last_status"), rs.getLong("up_to"), rs.getInt("failures"),
                        Db.instant(rs, "retry_at")) : new State(null, null, 0, 0, null);
            }
        });
    }

    private static void ensureState(java.sql.Connection c, String digestId) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT 1 FROM digest_state WHERE digest_id = ?", digestId); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return;
            }
        }
        Db.update(c, "INSERT INTO digest_state (digest_id, up_to, failures) VALUES (?, 0, 0)", digestId);
    }

    /** Who holds a digest's run claim, and until when. */
    public record Holder(String instance, Instant until) {}

    /**
     * Claims the digest's run for this instance until the lease runs out, by one conditional UPDATE: empty when the run
     * is ours, else the instance whose claim still holds. A claim past its lease is anybody's: its owner died or hung.
     *
     * @param token this run's own: renewals and the release match it, not the instance name, which a restarted
     *              instance shares with the run it left behind
     */
    public Optional<Holder> claim(String digestId, String instance, String token, java.time.Duration lease) {
        Instant now = clock.instant();
        try {
            db.tx(c -> {
                ensureState(c, digestId);
                return null;
            });
        } catch (Db.StoreException e) {
            // another instance created the row at the same moment: the UPDATE below decides between us
            if (!(e.getCause() instanceof SQLException sql && Db.duplicate(sql))) {
                throw e;
            }
        }
        return db.tx(c -> {
            if (Db.update(c, "UPDATE digest_state SET claimed_by = ?, claim_token = ?, claimed_until = ? WHERE digest_id = ?"
                    + " AND (claimed_until IS NULL OR claimed_until < ?)", instance, token, now.plus(lease), digestId, now) == 1) {
                return Optional.<Holder>empty();
            }
            try (PreparedStatement ps = Db.prepare(c, "SELECT claimed_by, claimed_until FROM digest_state WHERE digest_id = ?", digestId);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(new Holder(rs.getString(1), Db.instant(rs, "claimed_until")));
            }
        });
    }

    /**
     * Moves the run's lease on; false when the claim is no longer this run's (it ran out and another instance took
     * the digest over), and the run must stop sending.
     */
    public boolean renew(String digestId, String token, java.time.Duration lease) {
        Instant now = clock.instant();
        return db.tx(c -> Db.update(c, "UPDATE digest_state SET claimed_until = ? WHERE digest_id = ? AND claim_token = ?",
                now.plus(lease), digestId, token)) == 1;
    }

    /** The end of the run: the digest is free at once (nothing when another instance has taken the claim meanwhile). */
    public void release(String digestId, String token) {
        db.tx(c -> Db.update(c, "UPDATE digest_state SET claimed_by = NULL, claim_token = NULL, claimed_until = NULL"
                + " WHERE digest_id = ? AND claim_token = ?", digestId, token));
    }

    /** The claim on a digest's run while it holds, for the admin view. */
    public Optional<Holder> holder(String digestId) {
        Instant now = clock.instant();
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT claimed_by, claimed_until FROM digest_state WHERE digest_id = ?"
                    + " AND claimed_until >= ?", digestId, now); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Holder(rs.getString(1), Db.instant(rs, "claimed_until"))) : Optional.<Holder>empty();
            }
        });
    }

    /** The end of a run: its status, and after an SMTP outage the time the next attempt is due. */
    public void ran(String digestId, String status, boolean outage, java.time.Duration backoffBase, java.time.Duration backoffMax) {
        Instant now = now();
        db.tx(c -> {
            ensureState(c, digestId);
            if (outage) {
                int failures;
                try (PreparedStatement ps = Db.prepare(c, "SELECT failures FROM digest_state WHERE digest_id = ?", digestId); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    failures = rs.getInt(1) + 1;
                }
                long wait = Math.min(backoffMax.toMillis(), backoffBase.toMillis() << Math.min(20, failures - 1));
                Db.update(c, "UPDATE digest_state SET last_run_at = ?, last_status = ?, failures = ?, retry_at = ? WHERE digest_id = ?",
                        now, status, failures, now.plusMillis(wait), digestId);
            } else {
                Db.update(c, "UPDATE digest_state SET last_run_at = ?, last_status = ?, failures = 0, retry_at = NULL, last_success_at = ?"
                        + " WHERE digest_id = ?", now, status, now, digestId);
            }
            return null;
        });
    }

    /**
     * Ends every digest run's claim, and answers the digests that had one. Only for a store no other process can have
     * open (the embedded H2 file, locked by this process): a claim found there at start was left by a process that
     * stopped in the middle of a run (killed, out of memory, the machine down), and its lease would otherwise keep the
     * next start from finishing that run until it ran out. The open edition and the delivery log say who still needs
     * the edition.
     */
    public List<String> releaseLeftClaims() {
        return db.tx(c -> {
            List<String> ids = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT digest_id FROM digest_state WHERE claimed_by IS NOT NULL ORDER BY digest_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            Db.update(c, "UPDATE digest_state SET claimed_by = NULL, claim_token = NULL, claimed_until = NULL WHERE claimed_by IS NOT NULL");
            return ids;
        });
    }

    /** Whether the reader's delivery of the edition is committed as sent (or written to the outbox). */
    public boolean isDelivered(long editionId, String recipient) {
        return db.read(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT status FROM digest_delivery WHERE edition_id = ? AND recipient = ?", editionId, recipient);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() && ("sent".equals(rs.getString(1)) || "written".equals(rs.getString(1)));
            }
        });
    }

    /** The embedded H2 writes every commit out to its file now (it otherwise does within its write delay). */
    public void checkpoint() {
        if (!db.postgres()) {
            db.read(c -> {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("CHECKPOINT");
                }
                return null;
            });
        }
    }

    /** When each digest last ran to its end (no outage), by digest id; a digest that never did is absent. */
    public java.util.Map<String, Instant> lastSuccesses() {
        return db.read(c -> {
            java.util.Map<String, Instant> out = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT digest_id, last_success_at FROM digest_state WHERE last_success_at IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), Db.instant(rs, "last_success_at"));
                }
            }
            return out;
        });
    }

    /** The oldest edition of the digest still open, if any. */
    public Optional<Edition> open(String digestId) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT * FROM digest_edition WHERE digest_id = ? AND completed_at IS NULL ORDER BY id", digestId);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(edition(rs)) : Optional.empty();
            }
        });
    }

    private static Edition edition(ResultSet rs) throws SQLException {
        return new Edition(rs.getLong("id"), rs.getString("digest_id"), Db.instant(rs, "created_at"), rs.getLong("from_seq"), rs.getLong("up_to"),
                rs.getString("edition_date"), rs.getInt("practices"), rs.getString("title"), Db.instant(rs, "completed_at"));
    }

    /** Every edition of every digest with a date (published), newest first. */
    public List<Edition> published(int limit) {
        return db.tx(c -> {
            List<Edition> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM digest_edition WHERE edition_date IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT "
                    + Math.max(0, limit)); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(edition(rs));
                }
            }
            return out;
        });
    }

    /**
     * A new edition of (from, upTo] named by {@code day} (a suffix is added when that day has one already), with a
     * pending delivery for each fixed address and the facilitator's note for it, if one waits ({@link EditionNotes});
     * the digest's state moves to {@code upTo} in the same transaction.
     */
    public Edition create(String digestId, String title, long from, long upTo, String day, int practices, List<String> addresses) {
        Instant now = now();
        return db.tx(c -> {
            String date = day;
            for (int n = 2; exists(c, digestId, date); n++) {
                date = day + "-" + n;
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO digest_edition (digest_id, created_at, from_seq, up_to, edition_date, practices, title)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                ps.setString(1, digestId);
                ps.setObject(2, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
                ps.setLong(3, from);
                ps.setLong(4, upTo);
                ps.setString(5, date);
                ps.setInt(6, practices);
                ps.setString(7, title);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            for (String r : addresses) {
                Db.update(c, "INSERT INTO digest_delivery (edition_id, recipient, status) VALUES (?, ?, 'pending')", id, r);
            }
            // the facilitator's note for this edition goes with it, in the same commit: never lost, never sent twice
            EditionNotes.take(c, digestId, id);
            ensureState(c, digestId);
            Db.update(c, "UPDATE digest_state SET up_to = ? WHERE digest_id = ?", upTo, digestId);
            return new Edition(id, digestId, now, from, upTo, date, practices, title, null);
        });
    }

    private static boolean exists(java.sql.Connection c, String digestId, String date) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT 1 FROM digest_edition WHERE digest_id = ? AND edition_date = ?", digestId, date);
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** The fixed addresses (not subscribers) of an edition still waiting for it. */
    public List<String> pendingAddresses(long editionId) {
        return db.tx(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT recipient FROM digest_delivery WHERE edition_id = ? AND subscription_id IS NULL"
                    + " AND status NOT IN ('sent', 'written', 'empty') ORDER BY recipient", editionId); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** A fixed address took the edition. */
    /** Answers whether the edition owed the recipient the message (false: no such pending row, nothing recorded). */
    public boolean delivered(long editionId, String recipient, String status, String messageId, int practices) {
        Instant now = now();
        return 0 < db.tx(c -> Db.update(c, "UPDATE digest_delivery SET status = ?, attempts = attempts + 1, delivered_at = ?, message_id = ?, last_error = NULL,"
                + " practices = ? WHERE edition_id = ? AND recipient = ?", status, now, messageId, practices, editionId, recipient));
    }

    public void failed(long editionId, String recipient, String error, boolean permanent) {
        db.tx(c -> Db.update(c, "UPDATE digest_delivery SET status = ?, attempts = attempts + 1, last_error = ? WHERE edition_id = ? AND recipient = ?",
                permanent ? "refused" : "failed", error, editionId, recipient));
    }

    public void complete(long editionId) {
        Instant now = now();
        db.tx(c -> Db.update(c, "UPDATE digest_edition SET completed_at = ? WHERE id = ? AND completed_at IS NULL", now, editionId));
    }

    /** The delivery log of a digest, newest edition first, at most {@code limit} entries. */
    public List<Map<String, Object>> deliveries(String digestId, int limit) {
        return db.tx(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT e.id, e.edition_date, d.recipient, d.subscription_id IS NOT NULL AS subscriber, d.status,"
                    + " d.attempts, d.practices, d.delivered_at, d.message_id, d.last_error FROM digest_delivery d JOIN digest_edition e ON e.id = d.edition_id"
                    + " WHERE e.digest_id = ? ORDER BY e.id DESC, d.recipient LIMIT " + Math.max(0, limit), digestId); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("edition", rs.getString(2) == null ? String.valueOf(rs.getLong(1)) : rs.getString(2));
                    m.put("recipient", rs.getString(3));
                    m.put("subscriber", rs.getBoolean(4));
                    m.put("status", rs.getString(5));
                    m.put("attempts", rs.getInt(6));
                    m.put("practices", rs.getObject(7) == null ? null : rs.getInt(7));
                    m.put("deliveredAt", Db.instant(rs, "delivered_at"));
                    m.put("messageId", rs.getString(9));
                    m.put("lastError", rs.getString(10));
                    out.add(m);
                }
            }
            return out;
        });
    }
}
