package org.practicehub.store;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A record of a source that could not be mapped (GET /api/sources/{id}/rejected, the console): the reason and the
 * payload as the partner sent it (cut at {@link RejectedRecords#MAX_PAYLOAD}), when it was last seen and how often.
 *
 * @param recordId the partner's id, where one could be read; null otherwise
 */
@JsonPropertyOrder(alphabetic = true)
public record RejectedRecord(String sourceId, String recordId, String reason, String payload, Instant lastSeen, int timesSeen) {}
