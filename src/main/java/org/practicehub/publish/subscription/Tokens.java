package org.practicehub.publish.subscription;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens in confirmation, manage and unsubscribe links: {@code payload.signature}, both base64url, the
 * signature HMAC-SHA256 over the payload with the server's secret. The payload carries the purpose, the
 * subscription's random id and an expiry, so a token does one thing for one subscription until it expires;
 * nothing in it can be guessed or counted.
 */
public final class Tokens {

    public enum Purpose { CONFIRM, MANAGE, UNSUBSCRIBE }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** A secret replaced by a rotation: links it signed still verify until {@code until}. */
    public record Previous(String secret, java.time.Instant until) {}

    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<Mac> previousMacs;
    private final java.time.Instant previousUntil;
    private final Clock clock;

    public Tokens(String secret, Clock clock) {
        this(secret, null, clock);
    }

    /** With a rotation: tokens are issued with {@code secret}, and those of {@code previous} verify until its date. */
    public Tokens(String secret, Previous previous, Clock clock) {
        this.macs = macs(secret, "the subscription secret");
        this.previousMacs = previous == null ? null : macs(previous.secret(), "the previous subscription secret");
        this.previousUntil = previous == null ? null : previous.until();
        this.clock = clock;
    }

    private static ThreadLocal<Mac> macs(String secret, String what) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException(what + " must be at least 16 characters");
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        // a Mac per thread: looking one up and keying it costs more than the signature itself
        return ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(key, "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A token for this purpose and subscription, valid for {@code ttl}. */
    public String issue(Purpose purpose, String subscriptionId, Duration ttl) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        String payload = B64.encodeToString((purpose.name().charAt(0) + "." + subscriptionId + "." + expires).getBytes(StandardCharsets.UTF_8));
        return payload + "." + B64.encodeToString(mac(payload));
    }

    /** The subscription id the token was issued for, when its signature holds, its purpose is this one and it has not expired. */
    public Optional<String> verify(String token, Purpose purpose) {
        if (token == null || token.length() > 512) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        byte[] given;
        String[] parts;
        try {
            given = B64D.decode(token.substring(dot + 1));
            parts = new String(B64D.decode(payload), StandardCharsets.UTF_8).split("\\.");
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // the signature first, compared in constant time: nothing about the payload is looked at before it holds
        if (!signed(payload, given) || parts.length != 3 || parts[0].isEmpty() || parts[0].charAt(0) != purpose.name().charAt(0)) {
            return Optional.empty();
        }
        try {
            if (Long.parseLong(parts[2]) < clock.instant().getEpochSecond()) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(parts[1]);
    }

    private byte[] mac(String payload) {
        return macs.get().doFinal(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Signed with the secret, or with the previous one while it is still accepted. */
    private boolean signed(String payload, byte[] given) {
        if (MessageDigest.isEqual(mac(payload), given)) {
            return true;
        }
        return previousMacs != null && clock.instant().isBefore(previousUntil)
                && MessageDigest.isEqual(previousMacs.get().doFinal(payload.getBytes(StandardCharsets.UTF_8)), given);
    }
}
