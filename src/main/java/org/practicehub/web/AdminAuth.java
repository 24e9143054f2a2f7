package org.practicehub.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks the admin token on every admin endpoint: {@code Authorization: Bearer <token>}, compared in constant time.
 * Wrong tokens are throttled per client address like the console's login (hub.console.login-attempts per
 * hub.console.login-window): past that the answer is 429 with Retry-After, even for the right token, so guessing is
 * as slow here as there. The right token costs nothing: scripts calling the API are never throttled by it.
 */
public class AdminAuth {

    private final byte[] token;
    private final RateLimit wrong;

    public AdminAuth(String token, RateLimit wrong) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.wrong = wrong;
    }

    public void check(String authorization, Object remoteAddress) {
        String client = RateLimit.host(remoteAddress);
        if (wrong.exhausted(client)) {
            // refuse before comparing: while throttled, the answer says nothing about the token
            wrong.check(remoteAddress);
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || !MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8), token)) {
            wrong.check(remoteAddress);
            throw HttpProblem.unauthorized();
        }
    }
}
