package org.practicehub.mapping;

/** A record that cannot become a practice; it goes to the rejected list with this reason and the batch goes on. */
public class RejectedRecordException extends RuntimeException {

    public RejectedRecordException(String reason) {
        super(reason);
    }
}
