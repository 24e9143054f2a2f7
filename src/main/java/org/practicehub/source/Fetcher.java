package org.practicehub.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import javax.net.ssl.SSLException;

/**
 * Fetches a source's document from a file or over http(s), never reading more than the size limit,
 * so that a runaway partner answer ends as a source error and not as an out-of-memory.
 * HTTP follows the rules partners rely on: conditional GET, redirects (301/308 reported so the stored
 * URL is updated), 410 Gone, Retry-After on 429/503, and one more try of a GET whose connection closed before
 * any answer.
 */
public class Fetcher {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("org.practicehub.source");
    private static final int MAX_REDIRECTS = 5;
    /** Closes response bodies whose read timeout ran out; cancelled tasks leave its queue at once. */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();
    /** Before the one retry of a GET whose connection closed without an answer: time for a busy server's queue. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*\\brel\\s*=\\s*\"?next\"?", Pattern.CASE_INSENSITIVE);

    private final HttpClient http;
    private final Duration readTimeout;
    private final long maxBytes;
    private final String userAgent;
    private final Clock clock;

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fetch-deadlines");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }

    public Fetcher(Duration connectTimeout, Duration readTimeout, long maxBytes, String userAgent, Clock clock) {
        // redirects are followed by hand: a permanent one must be seen, to update the source's URL
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
        this.userAgent = userAgent;
        this.clock = clock;
    }

    public Fetched file(Path file) {
        try {
            if (Files.size(file) > maxBytes) {
                throw new SourceException(file + " is larger than the size limit of " + maxBytes + " bytes");
            }
            return Fetched.file(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new SourceException("file not found: " + file);
        } catch (IOException e) {
            throw new SourceException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * GET with the given extra headers (auth, If-None-Match, If-Modified-Since), for a poll that takes the heap's
     * {@code room} once it has read a large document. A 304 gives {@link Fetched#notModified()}; any status but 200 and
     * 304 is a {@link SourceException}.
     */
    public Fetched get(String url, Map<String, String> headers, Room.Hold room) {
        String current = url;
        String movedTo = null;
        boolean permanent = true;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder req;
            try {
                req = HttpRequest.newBuilder(URI.create(current)).timeout(readTimeout);
            } catch (IllegalArgumentException e) {
                throw new SourceException("bad URL " + current + ": " + e.getMessage(), e);
            }
            req.header("User-Agent", userAgent).header("Accept-Encoding", "gzip")
                    .header("Accept", "application/atom+xml, application/rss+xml, application/feed+json, application/json;q=0.9,"
                            + " application/xml;q=0.8, text/csv;q=0.8, */*;q=0.5");
            headers.forEach(req::header);
            try {
                long sentAt = System.nanoTime();
                HttpResponse<InputStream> res = send(req.GET().build());
                int status = res.statusCode();
                try (InputStream raw = res.body()) {
                    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                        String location = res.headers().firstValue("Location")
                                .orElseThrow(() -> new SourceException("HTTP " + status + " without Location from " + url));
                        String to;
                        try {
                            to = URI.create(current).resolve(location.trim()).toString();
                        } catch (IllegalArgumentException e) {
                            throw new SourceException("HTTP " + status + " from " + current + " to a Location that is no URL: " + location);
                        }
                        // checked before it is followed, so a permanent redirect's new URL is checked before it is stored
                        String from = current;
                        Destinations.refused(url, to).ifPresent(why -> {
                            throw new SourceException("redirect from " + from + " to " + to + " refused: " + why);
                        });
                        current = to;
                        // the stored URL changes only if every hop was permanent
                        permanent &= status == 301 || status == 308;
                        movedTo = permanent ? current : null;
                        continue;
                    }
                    if (status == 304) {
                        return new Fetched(new byte[0], null, current, null, null, movedTo, true, null);
                    }
                    if (status == 410) {
                        throw new SourceGone("HTTP 410 Gone from " + current + ": the source is deactivated");
                    }
                    if (status == 429 || status == 503) {
                        Instant at = retryAfter(res.headers());
                        throw new RetryLater("HTTP " + status + " from " + current + (at == null ? "" : ", retry after " + at), at);
                    }
                    if (status != 200) {
                        throw new HttpStatusException(status, current);
                    }
                    boolean gzip = res.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
                    byte[] body = readWithin(raw, gzip, current, sentAt);
                    // admitted once read, not while the partner's answer is open: waiting there would spend the read
                    // timeout and hold the partner's connection
                    room.admit(body.length);
                    HttpHeaders h = res.headers();
                    return new Fetched(body, h.firstValue("Content-Type").orElse(null), base(current, h), h.firstValue("ETag").orElse(null),
                            h.firstValue("Last-Modified").orElse(null), movedTo, false, next(h, current));
                }
            } catch (IOException e) {
                throw new SourceException("cannot fetch " + current + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException("interrupted while fetching " + current, e);
            }
        }
        throw new SourceException("more than " + MAX_REDIRECTS + " redirects from " + url);
    }

    /**
     * Sends a GET, and once more after {@link #RETRY_PAUSE} when the connection closed before any answer: a server
     * closing connections it has just accepted (its listen queue full) or timing out a kept-alive one as the request
     * arrives is HTTP's common transient failure, and a GET may be sent again. The JDK's client already sends it again
     * at once, which a busy server meets as busy; the pause gives it time. Not for a refused connection, an unknown
     * host, a TLS failure or a timeout, which a second try a moment later would meet again.
     */
    private HttpResponse<InputStream> send(HttpRequest req) throws IOException, InterruptedException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException | ConnectException | UnknownHostException | SSLException e) {
            throw e;
        } catch (IOException e) {
            LOG.info("GET {}: no answer ({}), trying again in {} ms", req.uri(), e.getMessage(), RETRY_PAUSE.toMillis());
            Thread.sleep(RETRY_PAUSE.toMillis());
            try {
                return http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException again) {
                again.addSuppressed(e);
                throw new NoAnswer(again);
            }
        }
    }

    /** A GET that failed twice; its message says so, with the second failure. */
    private static final class NoAnswer extends IOException {
        NoAnswer(IOException cause) {
            super("failed twice, the second time with " + cause, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /**
     * The base for the document's relative URLs: its Content-Location when the server names one (RFC 9110
     * 8.7: the body is the representation of that URI), resolved against the URL fetched; only http(s).
     */
    static String base(String fetched, HttpHeaders h) {
        String cl = h.firstValue("Content-Location").map(String::trim).orElse("");
        if (cl.isEmpty()) {
            return fetched;
        }
        try {
            URI resolved = URI.create(fetched).resolve(cl);
            String scheme = resolved.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) ? resolved.toString() : fetched;
        } catch (IllegalArgumentException e) {
            return fetched;
        }
    }

    /** Retry-After as seconds or as an HTTP date; null when absent or unreadable. */
    Instant retryAfter(HttpHeaders h) {
        String v = h.firstValue("Retry-After").map(String::trim).orElse(null);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.matches("\\d{1,9}")) {
            return clock.instant().plusSeconds(Long.parseLong(v));
        }
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String next(HttpHeaders h, String base) {
        for (String link : h.allValues("Link")) {
            Matcher m = LINK_NEXT.matcher(link);
            if (m.find()) {
                return URI.create(base).resolve(m.group(1).trim()).toString();
            }
        }
        return null;
    }

    /**
     * Reads the body within what is left of the read timeout, counted from the request: the JDK client's own timeout
     * ends with the headers, and a partner sending its body a byte at a time would otherwise hold the poll for ever.
     * When the time is up the stream is closed under the reader, which then stops.
     */
    private byte[] readWithin(InputStream raw, boolean gzip, String where, long sentAt) throws IOException {
        long left = Math.max(0, readTimeout.toNanos() - (System.nanoTime() - sentAt));
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> guard = DEADLINES.schedule(() -> {
            late.set(true);
            try {
                raw.close();
            } catch (IOException e) {
                // closing is all that is wanted of it
            }
        }, left, TimeUnit.NANOSECONDS);
        byte[] body;
        // the gzip header is read in the constructor: inside the guarded time too
        try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
            body = readLimited(in, where);
        } catch (IOException e) {
            if (late.get()) {
                throw tooSlow(where);
            }
            throw e;
        } finally {
            guard.cancel(false);
        }
        if (late.get()) {
            // the stream ended because it was closed: what was read is not the whole document
            throw tooSlow(where);
        }
        return body;
    }

    private SourceException tooSlow(String where) {
        return new SourceException("cannot fetch " + where + ": the response took longer than the read timeout of " + readTimeout.toMillis() + " ms");
    }

    private byte[] readLimited(InputStream in, String where) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                throw new SourceException(where + " sent more than the size limit of " + maxBytes + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
