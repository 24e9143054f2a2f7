package org.practicehub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outbox of pushes to partner repositories: what is due, what was delivered, what is dead.
 *
 * <p>Several instances may share the outbox: a delivery is sent only by the instance that claimed it, by an atomic
 * conditional UPDATE that sets the owner and a lease (see docs/ARCHITECTURE.md, "Storage and instances", for why a
 * lease rather than a row lock held during the HTTP call). An instance that dies holding a claim loses it when the
 * lease runs out, and another one sends the delivery then; the Idempotency-Key lets the partner drop a repeat.
 */
public class PushOutbox {

    public record Delivery(long id, String partnerId, String practiceId, int version, String kind, int attempts) {}

    private final Db db;
    private final Clock clock;
    private final String owner;
    private final Duration lease;

    public PushOutbox(Db db, Clock clock) {
        this(db, clock, "hub-" + java.util.UUID.randomUUID(), Duration.ofMinutes(5));
    }

    /**
     * @param owner this instance's name in a claim
     * @param lease how long a claim holds: longer than one delivery can take (the push timeout)
     */
    public PushOutbox(Db db, Clock clock, String owner, Duration lease) {
        this.db = db;
        this.clock = clock;
        this.owner = owner;
        this.lease = lease;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public void enqueue(String partnerId, String practiceId, int version, String kind) {
        Instant now = now();
        try {
            db.tx(c -> {
                try (PreparedStatement ps = Db.prepare(c, "SELECT 1 FROM push_delivery WHERE partner_id = ? AND practice_id = ? AND version = ?",
                        partnerId, practiceId, version); ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return null;
                    }
                }
                Db.update(c, "INSERT INTO push_delivery (partner_id, practice_id, version, kind, status, attempts, next_attempt, created_at)"
                        + " VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)", partnerId, practiceId, version, kind, now, now);
                return null;
            });
        } catch (Db.StoreException e) {
            // another instance queued the same version at the same moment: push_once keeps one row, which is the point
            if (!(e.getCause() instanceof java.sql.SQLException sql && Db.duplicate(sql))) {
                throw e;
            }
        }
    }

    /**
     * The deliveries due now for a partner, one per practice: when several versions of a practice wait,
     * the older ones are superseded (the newest carries the current content), so an older version can
     * never arrive after a newer one. A practice with a dead delivery waits until it is replayed; a practice
     * with a delivery claimed by an instance waits until that one is done. Each must be {@link #claim claimed}
     * before it is sent.
     */
    public List<Delivery> due(String partnerId, int limit) {
        // not truncated: a retry set for "now" must be due now
        Instant now = clock.instant();
        return db.tx(c -> {
            Db.update(c, "UPDATE push_delivery SET status = 'superseded' WHERE partner_id = ? AND status = 'pending'"
                    + " AND (claimed_until IS NULL OR claimed_until < ?) AND EXISTS ("
                    + "SELECT 1 FROM push_delivery n WHERE n.partner_id = push_delivery.partner_id AND n.practice_id = push_delivery.practice_id"
                    + " AND n.status = 'pending' AND n.version > push_delivery.version)", partnerId, now);
            List<Delivery> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT * FROM push_delivery d WHERE d.partner_id = ? AND d.status = 'pending'"
                    + " AND d.next_attempt <= ? AND NOT EXISTS (SELECT 1 FROM push_delivery o WHERE o.partner_id = d.partner_id"
                    + " AND o.practice_id = d.practice_id AND (o.status = 'dead' OR (o.status = 'pending' AND o.claimed_until >= ?)))"
                    + " ORDER BY d.id LIMIT " + limit, partnerId, now, now);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Delivery(rs.getLong("id"), rs.getString("partner_id"), rs.getString("practice_id"), rs.getInt("version"),
                            rs.getString("kind"), rs.getInt("attempts")));
                }
            }
            return out;
        });
    }

    /**
     * Claims a due delivery for this instance until the lease runs out: true when it is ours to send, false when
     * another instance claimed it, sent it or superseded it since it was listed.
     */
    public boolean claim(long id) {
        Instant now = clock.instant();
        return db.tx(c -> Db.update(c, "UPDATE push_delivery SET claimed_by = ?, claimed_until = ? WHERE id = ? AND status = 'pending'"
                + " AND next_attempt <= ? AND (claimed_until IS NULL OR claimed_until < ?)", owner, now.plus(lease), id, now, now)) == 1;
    }

    public void delivered(long id) {
        Instant now = now();
        db.tx(c -> Db.update(c, "UPDATE push_delivery SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL,"
                + " claimed_by = NULL, claimed_until = NULL WHERE id = ?", now, id));
    }

    /** A failed attempt by this instance; nothing when its claim was lost meanwhile (another instance owns the delivery now). */
    public void failed(long id, String error, Instant next, boolean dead) {
        db.tx(c -> Db.update(c, "UPDATE push_delivery SET status = ?, attempts = attempts + 1, next_attempt = ?, last_error = ?,"
                + " claimed_by = NULL, claimed_until = NULL WHERE id = ? AND (claimed_by IS NULL OR claimed_by = ?)",
                dead ? "dead" : "pending", next, error, id, owner));
    }

    /** Whether a partner has ever been sent this practice: a withdrawal is announced only to those. */
    public boolean sent(String partnerId, String practiceId) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT 1 FROM push_delivery WHERE partner_id = ? AND practice_id = ?", partnerId, practiceId);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    public Map<String, Object> stats(String partnerId) {
        return db.tx(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String status : List.of("pending", "delivered", "dead")) {
                try (PreparedStatement ps = Db.prepare(c, "SELECT COUNT(*) FROM push_delivery WHERE partner_id = ? AND status = ?", partnerId, status);
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    m.put(status.equals("pending") ? "backlog" : status, rs.getInt(1));
                }
            }
            try (PreparedStatement ps = Db.prepare(c, "SELECT last_error FROM push_delivery WHERE partner_id = ? AND last_error IS NOT NULL"
                    + " ORDER BY next_attempt DESC LIMIT 1", partnerId); ResultSet rs = ps.executeQuery()) {
                m.put("lastError", rs.next() ? rs.getString(1) : null);
            }
            try (PreparedStatement ps = Db.prepare(c, "SELECT MAX(delivered_at) AS m FROM push_delivery WHERE partner_id = ?", partnerId);
                 ResultSet rs = ps.executeQuery()) {
                m.put("lastDelivered", rs.next() ? Db.instant(rs, "m") : null);
            }
            return m;
        });
    }

    public List<Map<String, Object>> dead(String partnerId) {
        return db.tx(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT * FROM push_delivery WHERE partner_id = ? AND status = 'dead' ORDER BY id", partnerId);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong("id"));
                    m.put("practiceId", rs.getString("practice_id"));
                    m.put("version", rs.getInt("version"));
                    m.put("kind", rs.getString("kind"));
                    m.put("attempts", rs.getInt("attempts"));
                    m.put("lastError", rs.getString("last_error"));
                    out.add(m);
                }
            }
            return out;
        });
    }

    /** Dead deliveries back to pending, due now, with a fresh count of attempts. */
    public int replay(String partnerId) {
        Instant now = now();
        return db.tx(c -> Db.update(c, "UPDATE push_delivery SET status = 'pending', attempts = 0, next_attempt = ? WHERE partner_id = ?"
                + " AND status = 'dead'", now, partnerId));
    }
}
