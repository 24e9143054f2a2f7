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
    /**
     * @param status   pending (not confirmed), approval (confirmed, waiting for the facilitator), active, declined,
     *                 unsubscribed, failing
     * @param approval null when the facilitator's approval was not required; waiting, approved or declined
     */
    public record Subscription(String id, String email, String filters, String frequency, String language, String status, long startSeq,
            int bounces, Instant createdAt, Instant confirmedAt, String approval, String recommendedBy) {

        /** Confirmed by its address, and waiting for the facilitator's approval. */
        public boolean awaitingApproval() {
            return "approval".equals(status);
        }
    }

    /**
     * What a subscribe request did, for the caller to decide which mail to send (the HTTP answer is always the same):
     * WAITING (confirmed, the facilitator has not approved yet) and DECLINED get no mail at all.
     */
    public enum Requested { NEW, PENDING_AGAIN, ALREADY_ACTIVE, WAITING, DECLINED }

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
        return request(email, filters, frequency, language, false);
    }

    /**
     * A subscribe request, as {@link #request(String, String, String, String)}; with {@code approvalNeeded} a new address
     * (or one never approved) waits for the facilitator's approval besides its own confirmation. An address confirmed
     * and waiting, or declined, is left as it is: nothing is sent to it.
     */
    public Requested request(String email, String filters, String frequency, String language, boolean approvalNeeded) {
        Instant now = now();
        String approval = approvalNeeded ? "waiting" : null;
        return db.tx(c -> {
            Optional<Subscription> s = byEmail(c, email);
            if (s.isEmpty()) {
                Db.update(c, "INSERT INTO subscription (id, email, email_key, filters, frequency, language, status, created_at, updated_at, approval)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)", newId(), email, key(email), filters, frequency, language, now, now, approval);
                return Requested.NEW;
            }
            switch (s.get().status()) {
                case "active":
                    return Requested.ALREADY_ACTIVE;
                case "approval":
                    return Requested.WAITING;
                case "declined":
                    return Requested.DECLINED;
                default:
                    break;
            }
            // an address the facilitator approved once stays approved
            String keep = "approved".equals(s.get().approval()) ? "approved" : approval;
            Db.update(c, "UPDATE subscription SET filters = ?, frequency = ?, language = ?, status = 'pending', bounces = 0, updated_at = ?, approval = ?"
                    + " WHERE id = ?", filters, frequency, language, now, keep, s.get().id());
            return Requested.PENDING_AGAIN;
        });
    }

    /**
     * A member recommends an address: only an address the hub has never seen becomes a pending subscription (with the
     * recommender's language and no filters), so a recommendation changes nothing for anyone already known, whatever
     * their state. Answers whether it did, for the caller to send the one invitation.
     */
    public boolean recommend(String email, String frequency, String language, String recommenderId, boolean approvalNeeded) {
        Instant now = now();
        try {
            return db.tx(c -> {
                if (byEmail(c, email).isPresent()) {
                    return false;
                }
                Db.update(c, "INSERT INTO subscription (id, email, email_key, filters, frequency, language, status, created_at, updated_at, approval,"
                        + " recommended_by, recommended_at) VALUES (?, ?, ?, '', ?, ?, 'pending', ?, ?, ?, ?, ?)", newId(), email, key(email), frequency,
                        language, now, now, approvalNeeded ? "waiting" : null, recommenderId, now);
                return true;
            });
        } catch (Db.StoreException e) {
            // the same address asked for at the same moment by someone else: it is known now, so nothing is sent
            if (Db.duplicate(e)) {
                return false;
            }
            throw e;
        }
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
                Db.instant(rs, "created_at"), Db.instant(rs, "confirmed_at"), rs.getString("approval"), rs.getString("recommended_by"));
    }

    /**
     * Activates a pending subscription; digests start after {@code seq} (what is in the store now is not news
     * to a new member). One waiting for the facilitator's approval becomes 'approval' instead: confirmed, and still
     * receiving nothing until approved. Confirming twice changes nothing.
     */
    public boolean confirm(String id, long seq) {
        Instant now = now();
        return db.tx(c -> Db.update(c, "UPDATE subscription SET status = CASE WHEN approval = 'waiting' THEN 'approval' ELSE 'active' END,"
                + " start_seq = ?, confirmed_at = ?, bounces = 0, updated_at = ? WHERE id = ? AND status = 'pending'", seq, now, now, id) == 1);
    }

    /** What the facilitator's approval did. */
    public enum Approved { ACTIVE, AWAITS_CONFIRMATION, NOT_WAITING }

    /**
     * The facilitator approves an address waiting for it: one that confirmed already becomes active now, its digests
     * starting after {@code seq}; one that has not confirmed yet becomes active when it does.
     */
    public Approved approve(String email, long seq) {
        Instant now = now();
        return db.tx(c -> {
            Optional<Subscription> s = byEmail(c, email);
            if (s.isEmpty() || !"waiting".equals(s.get().approval())) {
                return Approved.NOT_WAITING;
            }
            Db.update(c, "UPDATE subscription SET approval = 'approved', updated_at = ? WHERE id = ? AND approval = 'waiting'", now, s.get().id());
            return Db.update(c, "UPDATE subscription SET status = 'active', start_seq = ?, updated_at = ? WHERE id = ? AND status = 'approval'",
                    seq, now, s.get().id()) == 1 ? Approved.ACTIVE : Approved.AWAITS_CONFIRMATION;
        });
    }

    /**
     * The facilitator declines an address waiting for approval: it receives nothing, its confirmation link no longer
     * works, and neither a new subscribe request nor a recommendation changes that (removing the member does).
     */
    public boolean decline(String email) {
        Instant now = now();
        return db.tx(c -> Db.update(c, "UPDATE subscription SET approval = 'declined', status = 'declined', updated_at = ? WHERE email_key = ?"
                + " AND approval = 'waiting'", now, key(email)) == 1);
    }

    /**
     * Removes a member for good: the subscription and its watermarks. The delivery log keeps what was sent to the address,
     * the record of what went out. Answers whether there was such a member.
     */
    public boolean remove(String email) {
        return db.tx(c -> {
            Optional<Subscription> s = byEmail(c, email);
            if (s.isEmpty()) {
                return false;
            }
            Db.update(c, "DELETE FROM subscription_watermark WHERE subscription_id = ?", s.get().id());
            return Db.update(c, "DELETE FROM subscription WHERE id = ?", s.get().id()) == 1;
        });
    }

    /** A member as the console lists it: no id (it stays inside signed links), the recommender by address. */
    public record Listed(String email, String status, String frequency, String language, int bounces, Instant createdAt, Instant confirmedAt,
            String approval, String recommendedBy, boolean recommended, Instant lastDigest) {}

    /**
     * Members whose address contains {@code search} (any case; empty: all) and whose status is {@code status} (empty:
     * any; "waiting": every address waiting for approval, confirmed or not), by address, at most {@code limit}.
     */
    public List<Listed> list(String search, String status, int limit) {
        Where w = where(search, status);
        return db.read(c -> {
            List<Listed> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT s.email, s.status, s.frequency, s.language, s.bounces, s.created_at, s.confirmed_at,"
                    + " s.approval, r.email AS recommender, s.recommended_by IS NOT NULL AS recommended,"
                    + " (SELECT MAX(d.delivered_at) FROM digest_delivery d WHERE d.subscription_id = s.id) AS last_digest"
                    + " FROM subscription s LEFT JOIN subscription r ON r.id = s.recommended_by" + w.sql()
                    + " ORDER BY " + ("waiting".equals(status) ? "s.created_at, s.email_key" : "s.email_key") + " LIMIT " + Math.max(0, limit),
                    w.args()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Listed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), Db.instant(rs, "created_at"),
                            Db.instant(rs, "confirmed_at"), rs.getString(8), rs.getString(9), rs.getBoolean(10), Db.instant(rs, "last_digest")));
                }
            }
            return out;
        });
    }

    /** How many members {@link #list} would give without its limit. */
    public int count(String search, String status) {
        Where w = where(search, status);
        return db.read(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT COUNT(*) FROM subscription s" + w.sql(), w.args()); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private record Where(String sql, Object[] args) {}

    private static Where where(String search, String status) {
        List<String> conditions = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (search != null && !search.isBlank()) {
            conditions.add("s.email_key LIKE ? ESCAPE '!'");
            args.add("%" + key(search.strip()).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if ("waiting".equals(status)) {
            conditions.add("s.approval = 'waiting'");
        } else if (status != null && !status.isBlank()) {
            conditions.add("s.status = ?");
            args.add(status);
        }
        return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), args.toArray());
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
        return owed(digestId, frequencies, upTo, null);
    }

    /**
     * Who is owed an edition. Without {@code notedEdition}: the active subscribers of these frequencies whose watermark is
     * below {@code upTo}. With it (an edition carrying the facilitator's note, which goes to everyone in the audience even
     * when no practice is new): those whose watermark has reached at most {@code upTo} and who have not taken that
     * edition yet, so a member already up to date still gets the note, once.
     */
    public List<Member> owed(String digestId, List<String> frequencies, long upTo, Long notedEdition) {
        if (frequencies.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(frequencies.size(), "?"));
        List<Object> args = new ArrayList<>();
        args.add(digestId);
        args.addAll(frequencies);
        args.add(upTo);
        String owes = "COALESCE(w.seq, s.start_seq) < ?";
        if (notedEdition != null) {
            owes = "COALESCE(w.seq, s.start_seq) <= ? AND NOT EXISTS (SELECT 1 FROM digest_delivery d WHERE d.edition_id = ?"
                    + " AND d.subscription_id = s.id AND d.status IN ('sent', 'written'))";
            args.add(notedEdition);
        }
        String condition = owes;
        return db.tx(c -> {
            List<Member> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT s.id, s.email, s.filters, s.language, COALESCE(w.seq, s.start_seq) AS mark,"
                    + " w.seq IS NOT NULL, s.bounces <> 0"
                    + " FROM subscription s LEFT JOIN subscription_watermark w ON w.subscription_id = s.id AND w.digest_id = ?"
                    + " WHERE s.status = 'active' AND s.frequency IN (" + marks + ") AND " + condition + " ORDER BY s.id",
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
