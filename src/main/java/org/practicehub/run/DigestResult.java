package org.practicehub.run;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a run did with one digest.
 *
 * @param status    sent, written (to the outbox), not-due, nothing-new, failed, busy (another run of the digest holds it)
 * @param runningOn when busy: "running on instance X", the instance whose run holds the digest
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DigestResult(String id, String status, int practices, int messages, String error, String runningOn) {

    public DigestResult(String id, String status, int practices, int messages, String error) {
        this(id, status, practices, messages, error, null);
    }
}
