package org.practicehub.source;

/**
 * A fetched document: its bytes, with what the transport said about it.
 *
 * @param etag         the validators to send next time (conditional GET), when the server gave them
 * @param movedTo      the new URL when the server answered 301/308: the source's stored URL is updated
 * @param notModified  a 304: nothing to parse, nothing changed
 * @param next         the RFC 8288 {@code rel="next"} link, for paged APIs
 */
public record Fetched(byte[] body, String contentType, String location, String etag, String lastModified, String movedTo,
        boolean notModified, String next) {

    public static Fetched file(byte[] body, String location) {
        return new Fetched(body, null, location, null, null, null, false, null);
    }
}
