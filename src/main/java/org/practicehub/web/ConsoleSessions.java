package org.practicehub.web;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.practicehub.store.Db;

/**
 * The facilitator console's sessions and CSRF tokens (docs/console.md, "Sessions and CSRF").
 *
 * <p>A session id is 32 random bytes, given to the browser once in its cookie; the database keeps only its SHA-256,
 * with an absolute expiry, so every instance on the same database knows the session and a logout ends it everywhere.
 * The CSRF token of a session is an HMAC of a fixed label keyed by the session id: it needs no storage, changes with
 * every session, and cannot be computed by anyone who does not hold the cookie (which scripts cannot read: HttpOnly).
 */
public class ConsoleSessions {

    public static final String COOKIE = "hub_console";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Db db;
    private final Clock clock;
    private final Duration ttl;

    /** A live session: the id as the cookie carries it, and when it ends. */
    public record Session(String id, Instant expiresAt) {}

    public ConsoleSessions(Db db, Clock clock, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("hub.console.session-ttl must be positive, not " + ttl);
        }
        this.db = db;
        this.clock = clock;
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /** Opens a session and answers its id (for the cookie). Sessions already expired are deleted on the way. */
    public Session open(String client) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String id = B64.encodeToString(raw);
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        db.tx(c -> {
            Db.update(c, "DELETE FROM console_session WHERE expires_at < ?", now);
            Db.update(c, "INSERT INTO console_session (id_hash, created_at, expires_at, client) VALUES (?, ?, ?, ?)", hash(id), now, expires,
                    client == null ? null : client.length() > 200 ? client.substring(0, 200) : client);
            return null;
        });
        return new Session(id, expires);
    }

    /** The live session of this id, if it exists and has not expired. */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return db.read(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT expires_at FROM console_session WHERE id_hash = ? AND expires_at > ?", hash(id), now);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Session(id, Db.instant(rs, "expires_at"))) : Optional.empty();
            }
        });
    }

    /** Ends the session on every instance. */
    public void close(String id) {
        if (id != null && !id.isEmpty()) {
            db.tx(c -> Db.update(c, "DELETE FROM console_session WHERE id_hash = ?", hash(id)));
        }
    }

    /** The session's CSRF token, the hidden field of every form it is shown. */
    public static String csrf(String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sessionId.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return B64.encodeToString(mac.doFinal("practice-hub console csrf".getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a form's token is this session's, compared in constant time. */
    public static boolean csrfMatches(String sessionId, String token) {
        return token != null && MessageDigest.isEqual(sha256(csrf(sessionId)), sha256(token));
    }

    /** The session id out of a Cookie header; the first of several with our name that is well formed. */
    public static String fromCookieHeader(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                String v = p.substring(COOKIE.length() + 1).trim();
                if (v.matches("[A-Za-z0-9_-]{20,100}")) {
                    return v;
                }
            }
        }
        return null;
    }

    static String hash(String id) {
        return HexFormat.of().formatHex(sha256(id));
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
