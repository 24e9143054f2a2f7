package org.practicehub.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Members' subscriptions, their per-digest watermarks and the delivery log. A watermark moves only
 * together with its delivery log entry ({@link #delivered}), in one transaction.
 */
public class Subscriptions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Db db;
    private final Clock clock;

    public Subscriptions(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A subscription as stored. {@code filters} is the canonical query string of the read API. */
    public record Subscription(String id, String email, String filters, String frequency, String language, String status, long startSeq,
            int bounces, Instant createdAt, Instant confirmedAt) {}

    /** What a subscribe request did, for the caller to decide which mail to send (the HTTP answer is always the same). */
    public enum Requested { NEW, PENDING_AGAIN, ALREADY_ACTIVE }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String key(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    /**
     * A subscribe request: a new address becomes pending; a pending, unsubscribed or failing one becomes
     * pending again with the new settings; an active one keeps its settings until it confirms a change
     * through its manage link, so nobody can change another person's subscription by knowing the address.
     */
    public Requested request(String email, String filters, String frequency, String language) {
        Instant now = now();
        return db.tx(c -> {
            Optional<Subscription> s = byEmail(c, email);
            if (s.isEmpty()) {
                Db.update(c, "INSERT INTO subscription (id, email, email_key, filters, frequency, language, status, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)", newId(), email, key(email), filters, frequency, language, now, now);
                return Requested.NEW;
            }
            if (s.get().status().equals("active")) {
                return Requested.ALREADY_ACTIVE;
            }
            Db.update(c, "UPDATE subscription SET filters = ?, frequency = ?, language = ?, status = 'pending', bounces = 0, updated_at = ?"
                    + " WHERE id = ?", filters, frequency, language, now, s.get().id());
            return Requested.PENDING_AGAIN;
        });
    }

    public Optional<Subscription> byEmail(String email) {
        return db.tx(c -> byEmail(c, email));
    }

    private static Optional<Subscription> byEmail(Connection c, String email) throws SQLException {
        return one(c, "SELECT * FROM subscription WHERE email_key = ?", key(email));
    }

    public Optional<Subscription> get(String id) {
        return db.tx(c -> one(c, "SELECT * FROM subscription WHERE id = ?", id));
    }

    private static Optional<Subscription> one(Connection c, String sql, Object arg) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, sql, arg); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static Subscription row(ResultSet rs) throws SQLException {
        return new Subscription(rs.getString("id"), rs.getString("email"), rs.getString("filters"), rs.getString("frequency"),
                rs.getString("language"), rs.getString("status"), rs.getLong("start_seq"), rs.getInt("bounces"),
                Db.instant(rs, "created_at"), Db.instant(rs, "confirmed_at"));
    }

    /**
     * Activates a pending subscription; digests start after {@code seq} (what is in the store now is not news
     * to a new member). Confirming twice changes nothing.
     */
    public boolean confirm(String id, long seq) {
        Instant now = now();
        return db.tx(c -> Db.update(c, "UPDATE subscription SET status = 'active', start_seq = ?, confirmed_at = ?, bounces = 0, updated_at = ?"
                + " WHERE id = ? AND status = 'pending'", seq, now, now, id) == 1);
    }

    public boolean unsubscribe(String id) {
        Instant now = now();
        return db.tx(c -> Db.update(c, "UPDATE subscription SET status = 'unsubscribed', updated_at = ? WHERE id = ? AND status <> 'unsubscribed'",
                now, id) == 1);
    }

    /** New filters, frequency and language for an active subscription (through its manage link). */
    public boolean change(String id, String filters, String frequency, String language) {
        Instant now = now();
        return db.tx(c -> Db.update(c, "UPDATE subscription SET filters = ?, frequency = ?, language = ?, updated_at = ? WHERE id = ?"
                + " AND status = 'active'", filters, frequency, language, now, id) == 1);
    }

    /**
     * A subscriber as a digest run sees it: where its watermark for that digest stands, whether that watermark has a
     * row yet ({@code marked}) and whether the subscription has bounces to clear on a delivery.
     */
    public record Member(String id, String email, String filters, String language, long watermark, boolean marked, boolean bounced) {}

    /**
     * What a run knows of a member's rows before recording a delivery, so that the usual delivery takes two statements:
     * whether a delivery row for the edition may exist (an earlier attempt, a resumed edition), whether the member's
     * watermark row exists, whether the subscription has bounces. {@link #UNSURE} assumes nothing.
     */
    public record Known(boolean deliveryRow, boolean watermarkRow, boolean bounced) {
        public static final Known UNSURE = new Known(true, false, true);
    }

    /** Whether any active subscription has one of these frequencies (a digest with members to plan for). */
    public boolean anyActive(List<String> frequencies) {
        if (frequencies.isEmpty()) {
            return false;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(frequencies.size(), "?"));
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT 1 FROM subscription WHERE status = 'active' AND frequency IN (" + marks + ") FETCH FIRST 1 ROWS ONLY",
                    frequencies.toArray()); ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** The active subscribers of these frequencies whose watermark for the digest is below {@code upTo}, by id. */
    public List<Member> behind(String digestId, List<String> frequencies, long upTo) {
        if (frequencies.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(frequencies.size(), "?"));
        List<Object> args = new ArrayList<>();
        args.add(digestId);
        args.addAll(frequencies);
        args.add(upTo);
        return db.tx(c -> {
            List<Member> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT s.id, s.email, s.filters, s.language, COALESCE(w.seq, s.start_seq) AS mark,"
                    + " w.seq IS NOT NULL, s.bounces <> 0"
                    + " FROM subscription s LEFT JOIN subscription_watermark w ON w.subscription_id = s.id AND w.digest_id = ?"
                    + " WHERE s.status = 'active' AND s.frequency IN (" + marks + ") AND COALESCE(w.seq, s.start_seq) < ? ORDER BY s.id",
                    args.toArray()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Member(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getBoolean(6),
                            rs.getBoolean(7)));
                }
            }
            return out;
        });
    }

    private static void mark(Connection c, String subscriptionId, String digestId, long seq) throws SQLException {
        if (Db.update(c, "UPDATE subscription_watermark SET seq = ? WHERE subscription_id = ? AND digest_id = ? AND seq < ?",
                seq, subscriptionId, digestId, seq) == 0) {
            try (PreparedStatement ps = Db.prepare(c, "SELECT 1 FROM subscription_watermark WHERE subscription_id = ? AND digest_id = ?",
                    subscriptionId, digestId); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            Db.update(c, "INSERT INTO subscription_watermark (subscription_id, digest_id, seq) VALUES (?, ?, ?)", subscriptionId, digestId, seq);
        }
    }

    /** Subscribers for whom nothing in the edition matched: their watermark moves on, with no message and no log entry. */
    public void skipped(String digestId, List<String> subscriptionIds, long upTo) {
        for (int from = 0; from < subscriptionIds.size(); from += 500) {
            List<String> chunk = subscriptionIds.subList(from, Math.min(subscriptionIds.size(), from + 500));
            db.tx(c -> {
                for (String id : chunk) {
                    mark(c, id, digestId, upTo);
                }
                return null;
            });
        }
    }

    /**
     * The SMTP server (or the outbox) took a subscriber's message: the delivery log entry and the watermark commit
     * together, and the subscription's bounce count starts again. Told what the run knows of the member's rows, a
     * first delivery of an edition to a member is two INSERTs and a later one an INSERT and an UPDATE (not up to five
     * statements, most of them finding nothing). When what the run knew was wrong (a row it did not expect is there)
     * the transaction fails on the key and is done again assuming nothing, so the delivery is always recorded: the
     * message has gone.
     */
    public void delivered(long editionId, String digestId, String subscriptionId, String email, long upTo, String status, String messageId,
            int practices, Known known) {
        Instant now = now();
        try {
            db.tx(c -> {
                record(c, editionId, digestId, subscriptionId, email, upTo, status, messageId, practices, known, now);
                return null;
            });
        } catch (Db.StoreException e) {
            if (known.equals(Known.UNSURE) || !Db.duplicate(e)) {
                throw e;
            }
            db.tx(c -> {
                record(c, editionId, digestId, subscriptionId, email, upTo, status, messageId, practices, Known.UNSURE, now);
                return null;
            });
        }
    }

    private static void record(Connection c, long editionId, String digestId, String subscriptionId, String email, long upTo, String status,
            String messageId, int practices, Known known, Instant now) throws SQLException {
        // a row left by an earlier failed attempt is updated; otherwise the delivery is one INSERT
        if (!known.deliveryRow() || Db.update(c, "UPDATE digest_delivery SET status = ?, attempts = attempts + 1, delivered_at = ?, message_id = ?,"
                + " last_error = NULL, practices = ? WHERE edition_id = ? AND recipient = ?", status, now, messageId, practices, editionId, email) == 0) {
            Db.update(c, "INSERT INTO digest_delivery (edition_id, recipient, status, subscription_id, attempts, delivered_at, message_id, practices)"
                    + " VALUES (?, ?, ?, ?, 1, ?, ?, ?)", editionId, email, status, subscriptionId, now, messageId, practices);
        }
        if (known.watermarkRow()) {
            // never moved back: another run may have moved it further meanwhile
            Db.update(c, "UPDATE subscription_watermark SET seq = ? WHERE subscription_id = ? AND digest_id = ? AND seq < ?",
                    upTo, subscriptionId, digestId, upTo);
        } else if (!known.equals(Known.UNSURE)) {
            Db.update(c, "INSERT INTO subscription_watermark (subscription_id, digest_id, seq) VALUES (?, ?, ?)", subscriptionId, digestId, upTo);
        } else {
            mark(c, subscriptionId, digestId, upTo);
        }
        if (known.bounced()) {
            Db.update(c, "UPDATE subscription SET bounces = 0 WHERE id = ? AND bounces <> 0", subscriptionId);
        }
    }

    private static void upsertDelivery(Connection c, long editionId, String email, String subscriptionId) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT 1 FROM digest_delivery WHERE edition_id = ? AND recipient = ?", editionId, email);
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return;
            }
        }
        Db.update(c, "INSERT INTO digest_delivery (edition_id, recipient, status, subscription_id) VALUES (?, ?, 'pending', ?)",
                editionId, email, subscriptionId);
    }

    /**
     * A failed attempt. A permanent refusal (5xx) counts towards {@code maxBounces}, at which the subscription
     * is marked failing and leaves every audience; returns whether it did.
     */
    public boolean failed(long editionId, String subscriptionId, String email, String error, boolean permanent, int maxBounces) {
        return db.tx(c -> {
            upsertDelivery(c, editionId, email, subscriptionId);
            Db.update(c, "UPDATE digest_delivery SET status = ?, attempts = attempts + 1, last_error = ? WHERE edition_id = ? AND recipient = ?",
                    permanent ? "refused" : "failed", error, editionId, email);
            if (!permanent) {
                return false;
            }
            Db.update(c, "UPDATE subscription SET bounces = bounces + 1 WHERE id = ?", subscriptionId);
            return Db.update(c, "UPDATE subscription SET status = 'failing' WHERE id = ? AND bounces >= ? AND status = 'active'",
                    subscriptionId, maxBounces) == 1;
        });
    }

    /** The member's watermark for a digest, if it ever had one. */
    public Optional<Long> watermark(String subscriptionId, String digestId) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT seq FROM subscription_watermark WHERE subscription_id = ? AND digest_id = ?",
                    subscriptionId, digestId); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        });
    }

    /** Counts by status, for the admin view. */
    public java.util.Map<String, Integer> counts() {
        return db.tx(c -> {
            java.util.Map<String, Integer> m = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM subscription GROUP BY status"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getInt(2));
                }
            }
            return m;
        });
    }
}
