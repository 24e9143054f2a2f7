package org.practicehub.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/**
 * Fetches a source's document from a file or over http(s), never reading more than the size limit,
 * so that a runaway partner answer ends as a source error and not as an out-of-memory.
 * Both paths hand the same {@link Fetched} to the parsers.
 */
public class Fetcher {

    private final HttpClient http;
    private final Duration readTimeout;
    private final long maxBytes;
    private final String userAgent;

    public Fetcher(Duration connectTimeout, Duration readTimeout, long maxBytes, String userAgent) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
        this.userAgent = userAgent;
    }

    public Fetched fetch(SourceDef source) {
        return source.isHttp() ? fetchHttp(source.location()) : fetchFile(Path.of(source.location()));
    }

    private Fetched fetchFile(Path file) {
        try {
            if (Files.size(file) > maxBytes) {
                throw new SourceException(file + " is larger than the size limit of " + maxBytes + " bytes");
            }
            return new Fetched(Files.readAllBytes(file), null, file.toString());
        } catch (NoSuchFileException e) {
            throw new SourceException("file not found: " + file);
        } catch (IOException e) {
            throw new SourceException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Fetched fetchHttp(String url) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .timeout(readTimeout)
                .header("User-Agent", userAgent)
                .header("Accept-Encoding", "gzip")
                .header("Accept", "application/atom+xml, application/rss+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, */*;q=0.5")
                .GET().build();
        try {
            HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream raw = res.body()) {
                if (res.statusCode() != 200) {
                    throw new SourceException("HTTP " + res.statusCode() + " from " + url);
                }
                boolean gzip = res.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
                try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                    return new Fetched(readLimited(in, url), res.headers().firstValue("Content-Type").orElse(null), url);
                }
            }
        } catch (IOException e) {
            throw new SourceException("cannot fetch " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while fetching " + url, e);
        } catch (IllegalArgumentException e) {
            throw new SourceException("bad URL " + url + ": " + e.getMessage(), e);
        }
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
