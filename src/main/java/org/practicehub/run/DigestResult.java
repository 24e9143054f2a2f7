package org.practicehub.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a run did with one digest.
 *
 * @param status sent, written (to the outbox), not-due, nothing-new, failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DigestResult(String id, String status, int practices, int messages, String error) {}
