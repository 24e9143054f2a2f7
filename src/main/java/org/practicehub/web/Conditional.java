package org.practicehub.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Conditional GET (RFC 9110 section 13) and gzip for the feeds: a feed reader polls often and mostly finds nothing
 * new, so it gets a 304 without the feed being written, and a body is compressed only for a client that says it
 * takes gzip (the rest pay nothing for it).
 */
final class Conditional {

    /** The IMF-fixdate of RFC 9110 (two-digit day, GMT), which {@link DateTimeFormatter#RFC_1123_DATE_TIME} does not always print. */
    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** Bodies smaller than this go out as they are: compressing them saves less than the header costs. */
    static final int GZIP_FLOOR = 1024;

    private Conditional() {}

    static String httpDate(Instant i) {
        return HTTP_DATE.format(i);
    }

    /**
     * Whether the client's copy is current: If-None-Match when sent (it wins, RFC 9110 13.2.2), else If-Modified-Since
     * against the last change, to the second. A date that does not parse is ignored, as the RFC says.
     */
    static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, Instant lastModified) {
        if (ifNoneMatch != null && !ifNoneMatch.isBlank()) {
            return HttpReply.matches(ifNoneMatch, etag);
        }
        if (ifModifiedSince == null || ifModifiedSince.isBlank() || lastModified == null) {
            return false;
        }
        try {
            Instant since = ZonedDateTime.parse(ifModifiedSince.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return !lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Whether Accept-Encoding allows gzip: named (or "*") with a weight above zero. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.length() > 1000) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            String coding = p[0].trim().toLowerCase(Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("*")) {
                double q = 1;
                for (int i = 1; i < p.length; i++) {
                    String param = p[i].trim();
                    if (param.startsWith("q=")) {
                        try {
                            q = Double.parseDouble(param.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                if (q > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    static byte[] gzip(String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length() / 4 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out, 8192)) {
            z.write(body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A body that can be sent as it is or compressed; the compressed bytes are made once, when first asked for. */
    static final class Body {
        final String text;
        private volatile byte[] gzip;

        Body(String text) {
            this.text = text;
        }

        byte[] gzip() {
            byte[] g = gzip;
            if (g == null) {
                g = Conditional.gzip(text);
                gzip = g;
            }
            return g;
        }
    }

    /**
     * The answer to a GET of a feed: 304 with the validators when the client's copy is current (the body is then not
     * even made), else 200 with them, compressed when the client takes gzip and the body is worth it.
     */
    static HttpReply reply(String contentType, String etag, Instant lastModified, String ifNoneMatch, String ifModifiedSince, String acceptEncoding,
            java.util.function.Supplier<Body> body) {
        String modified = lastModified == null ? null : httpDate(lastModified);
        if (notModified(ifNoneMatch, ifModifiedSince, etag, lastModified)) {
            return new HttpReply(304, null, "", etag, null, null, modified, null, "Accept-Encoding", null, null);
        }
        Body b = body.get();
        byte[] gz = acceptsGzip(acceptEncoding) && b.text.length() >= GZIP_FLOOR ? b.gzip() : null;
        return new HttpReply(200, contentType, b.text, etag, null, null, modified, null, "Accept-Encoding", null, gz);
    }
}
