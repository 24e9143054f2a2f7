package org.practicehub.source;

/** A source not polled this time: deactivated (410 Gone) or backing off. Reported, never silently dropped. */
public class SourceSkipped extends RuntimeException {

    public SourceSkipped(String message) {
        super(message);
    }
}
