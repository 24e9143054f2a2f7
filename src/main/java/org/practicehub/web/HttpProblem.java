package org.practicehub.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.practicehub.store.Json;

/** An HTTP error answered as RFC 9457 problem JSON by the shared route configuration. */
public class HttpProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final Long retryAfter;

    public HttpProblem(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public HttpProblem(int status, String title, String detail, Long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.title = title;
        this.retryAfter = retryAfterSeconds;
    }

    /** Seconds a client should wait (429), or null. */
    public Long getRetryAfter() {
        return retryAfter;
    }

    public static HttpProblem unauthorized() {
        return new HttpProblem(401, "Unauthorized", "this endpoint needs the admin token as 'Authorization: Bearer <token>'");
    }

    public static HttpProblem notFound(String what) {
        return new HttpProblem(404, "Not Found", what + " not found");
    }

    public int getStatus() {
        return status;
    }

    public String getJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "about:blank");
        m.put("title", title);
        m.put("status", status);
        m.put("detail", getMessage());
        return Json.write(m);
    }
}
