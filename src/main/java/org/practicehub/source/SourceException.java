package org.practicehub.source;

/** A source that could not be fetched or parsed as a whole; the run reports it and goes on. */
public class SourceException extends RuntimeException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
