package org.practicehub.web;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-client rate limit on the public endpoints: a token bucket per client address, refilled
 * continuously to {@code perMinute}. The table of clients is bounded, so a flood of addresses
 * cannot grow it without end.
 */
public class RateLimit {

    private static final int MAX_CLIENTS = 10_000;

    private final int perMinute;
    private final double windowSeconds;
    private final Clock clock;
    private final Map<String, double[]> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    public RateLimit(int perMinute, Clock clock) {
        this(perMinute, java.time.Duration.ofMinutes(1), clock);
    }

    /** {@code limit} requests per {@code window} and key (the subscribe endpoint counts per hour). */
    public RateLimit(int limit, java.time.Duration window, Clock clock) {
        this.perMinute = limit;
        this.windowSeconds = window.toMillis() / 1000.0;
        this.clock = clock;
    }

    /** Takes a token for this key if one is left; false (and nothing thrown) when the key is over its limit. */
    public synchronized boolean tryTake(String key) {
        if (perMinute <= 0) {
            return true;
        }
        double now = clock.millis() / 1000.0;
        double[] b = buckets.computeIfAbsent(key, k -> new double[] {perMinute, now});
        b[0] = Math.min(perMinute, b[0] + (now - b[1]) * perMinute / windowSeconds);
        b[1] = now;
        if (b[0] < 1) {
            return false;
        }
        b[0] -= 1;
        return true;
    }

    /** Whether this key has no token left now (nothing taken). */
    public synchronized boolean exhausted(String key) {
        if (perMinute <= 0) {
            return false;
        }
        double[] b = buckets.get(key);
        if (b == null) {
            return false;
        }
        double now = clock.millis() / 1000.0;
        return Math.min(perMinute, b[0] + (now - b[1]) * perMinute / windowSeconds) < 1;
    }

    /** Takes one request's token for this client, or answers 429 with the seconds to wait. */
    public synchronized void check(Object remoteAddress) {
        if (perMinute <= 0) {
            return;
        }
        String client = host(remoteAddress);
        double now = clock.millis() / 1000.0;
        double[] b = buckets.computeIfAbsent(client, k -> new double[] {perMinute, now});
        b[0] = Math.min(perMinute, b[0] + (now - b[1]) * perMinute / windowSeconds);
        b[1] = now;
        if (b[0] < 1) {
            long wait = (long) Math.ceil((1 - b[0]) * windowSeconds / perMinute);
            throw new HttpProblem(429, "Too Many Requests", "more than " + perMinute + " requests " + (windowSeconds == 60 ? "a minute" : "in "
                    + (long) windowSeconds + " s") + " from " + client, wait);
        }
        b[0] -= 1;
    }

    static String host(Object remoteAddress) {
        String s = String.valueOf(remoteAddress);
        int colon = s.lastIndexOf(':');
        return colon > 0 && s.indexOf(':') == colon ? s.substring(0, colon) : s;
    }
}
