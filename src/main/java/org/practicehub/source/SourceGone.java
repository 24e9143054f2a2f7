package org.practicehub.source;

/** The partner answered 410 Gone: the source is deactivated until a facilitator re-enables it. */
public class SourceGone extends SourceException {

    public SourceGone(String message) {
        super(message);
    }
}
