package org.practicehub.source;

import java.time.Instant;

/** The partner asked us to come back later (429 or 503 with Retry-After): the next poll waits until then. */
public class RetryLater extends SourceException {

    private final Instant at;

    public RetryLater(String message, Instant at) {
        super(message);
        this.at = at;
    }

    public Instant at() {
        return at;
    }
}
