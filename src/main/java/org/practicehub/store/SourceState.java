package org.practicehub.store;

import java.time.Instant;

/**
 * What the hub remembers of a source between polls.
 *
 * @param currentUrl  the URL after a permanent redirect, when there was one
 * @param watermark   when the last good poll started: the {@code since} / {@code from} of the next incremental poll
 * @param nextAttempt no poll before this instant (backoff or Retry-After)
 * @param mappingHash the digest of the mapping file the last good poll read with; validators and watermark hold only for it
 */
public record SourceState(String sourceId, boolean active, String currentUrl, String etag, String lastModified,
        Instant lastPoll, Instant lastSuccess, Instant watermark, int consecutiveFailures, Instant nextAttempt,
        String status, String lastError, String movedFrom, String mappingHash) {
}
