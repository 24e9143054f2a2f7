package org.practicehub.web;

/**
 * An HTTP answer built by the API beans; the routes copy it onto the exchange. Null headers are not sent.
 * {@code retryAfter} travels in the reply because direct:http-reply drops every header it did not build itself; so do
 * the others: {@code lastModified} (an HTTP-date), {@code language} (Content-Language of a page or a feed),
 * {@code vary}, {@code cookie} (one Set-Cookie) and {@code gzip}, the body compressed, sent instead of {@code body} with
 * {@code Content-Encoding: gzip} (only to a client that asked for it).
 */
public record HttpReply(int status, String contentType, String body, String etag, String link, Long retryAfter, String lastModified,
        String language, String vary, String cookie, byte[] gzip) {

    public HttpReply(int status, String contentType, String body, String etag, String link, Long retryAfter) {
        this(status, contentType, body, etag, link, retryAfter, null, null, null, null, null);
    }

    public HttpReply(int status, String contentType, String body, String etag, String link) {
        this(status, contentType, body, etag, link, null);
    }

    public static HttpReply json(String body, String etag, String link) {
        return new HttpReply(200, "application/json", body, etag, link);
    }

    /** This answer with a Content-Language, and the headers a page chosen by language varies on. */
    public HttpReply inLanguage(String tag, String varyOn, String setCookie) {
        return new HttpReply(status, contentType, body, etag, link, retryAfter, lastModified, tag, varyOn, setCookie, gzip);
    }

    public HttpReply withRetryAfter(Long seconds) {
        return new HttpReply(status, contentType, body, etag, link, seconds, lastModified, language, vary, cookie, gzip);
    }

    /**
     * If-None-Match against an ETag, by RFC 9110's weak comparison: a list of tags or "*".
     * Quotes are optional here, as Camel's bean binding may already have removed them.
     */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || etag == null) {
            return false;
        }
        String mine = opaque(etag);
        for (String t : ifNoneMatch.split(",")) {
            String tag = t.trim();
            if (tag.equals("*") || opaque(tag).equals(mine)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        String t = tag.startsWith("W/") ? tag.substring(2) : tag;
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    public static HttpReply notModified(String etag) {
        return new HttpReply(304, null, "", etag, null);
    }
}
