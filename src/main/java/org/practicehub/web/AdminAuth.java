package org.practicehub.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks the admin token on every admin endpoint: {@code Authorization: Bearer <token>}, compared in constant time. */
public class AdminAuth {

    private final byte[] token;

    public AdminAuth(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public void check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw HttpProblem.unauthorized();
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            throw HttpProblem.unauthorized();
        }
    }
}
