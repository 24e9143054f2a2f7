package org.practicehub.source;

/** A partner's answer with a status the hub cannot use (not 200, 304, a redirect, 410, 429 or 503). */
public class HttpStatusException extends SourceException {

    private final int status;

    public HttpStatusException(int status, String url) {
        super("HTTP " + status + " from " + url);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
