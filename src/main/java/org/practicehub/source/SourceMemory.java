package org.practicehub.source;

import java.time.Instant;
import java.util.Optional;

/**
 * What the reader remembers of a source between polls, and where it keeps it: the reader's own port, so that reading a
 * partner needs no store. The store keeps it (store.SourceStates); a test may keep it in a map.
 */
public interface SourceMemory {

    /** What the polls before left of the source; empty for a source never polled. */
    Optional<Remembered> recall(String sourceId);

    /** After a good poll whose records are stored: what the next poll needs. */
    void remember(SourceDef source, Kept kept);

    /**
     * What the reader needs of the last polls.
     *
     * @param active      false once the partner answered 410 Gone
     * @param nextAttempt no poll before this instant (backoff or Retry-After)
     * @param currentUrl  the URL after a permanent redirect, and the mapping's URL it replaced ({@code movedFrom})
     * @param watermark   when the last good poll started: the {@code since} / {@code from} of the next incremental poll
     * @param mappingHash the digest of the mapping the validators and watermark were kept with
     */
    record Remembered(boolean active, String lastError, Instant nextAttempt, int consecutiveFailures, String currentUrl, String movedFrom,
            String etag, String lastModified, Instant watermark, Instant lastSuccess, String mappingHash) {

        /** Where to fetch: the URL after a permanent redirect, unless the mapping's URL has changed since. */
        public String url(String configuredUrl) {
            return currentUrl != null && configuredUrl.equals(movedFrom) ? currentUrl : configuredUrl;
        }

        /** The same, without validators or watermark: for a poll that must read everything again. */
        public Remembered forgetful() {
            return new Remembered(active, lastError, nextAttempt, consecutiveFailures, currentUrl, movedFrom, null, null, null, lastSuccess,
                    mappingHash);
        }
    }

    /**
     * What a good poll leaves for the next one.
     *
     * @param movedTo the new URL after a permanent redirect, or null
     */
    record Kept(String etag, String lastModified, String movedTo, Instant watermark) {}
}
