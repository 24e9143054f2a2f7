package org.practicehub.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.practicehub.publish.digest.Digests;
import org.practicehub.publish.digest.Updates;
import org.practicehub.publish.subscription.Addresses;
import org.practicehub.store.Json;

/** The digests over HTTP: the admin view, preview and delivery log, and the public list and pages of editions. */
public class DigestsApi {

    private final Digests digests;
    private final Updates updates;

    public DigestsApi(Digests digests, Updates updates) {
        this.digests = digests;
        this.updates = updates;
    }

    public String list() {
        return Json.write(digests.list());
    }

    /** Answers 404 for a digest that is not defined. */
    public String known(String id) {
        if (id == null || digests.definition(id).isEmpty()) {
            throw HttpProblem.notFound("digest " + (id == null ? "" : id.replaceAll("[^A-Za-z0-9._-]", "?")));
        }
        return id;
    }

    public String preview(String id, String email) {
        known(id);
        if (email == null || Addresses.problem(email).isPresent()) {
            throw new HttpProblem(400, "Bad Request", "preview needs ?email= with a valid address");
        }
        return Json.write(digests.preview(id, email));
    }

    public String deliveries(String id, String limit) {
        known(id);
        int n = 1000;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                throw new HttpProblem(400, "Bad Request", "limit must be a whole number");
            }
        }
        return Json.write(digests.deliveries(id, Math.max(1, Math.min(n, 100_000))));
    }

    /** What a run did, as JSON. */
    public String updates() {
        return Json.write(updates.list(500));
    }

    /** One edition's page or JSON from the depository; the names are checked, so no path leaves the updates folder. */
    public HttpReply edition(String digestId, String file) {
        if (digestId == null || file == null || !digestId.matches("[a-z0-9][a-z0-9-]{0,63}") || !file.matches("\\d{4}-\\d{2}-\\d{2}(-\\d+)?\\.(html|json)")) {
            throw HttpProblem.notFound("edition");
        }
        int dot = file.lastIndexOf('.');
        Path p = updates.file(digestId, file.substring(0, dot), file.substring(dot + 1));
        if (!Files.isRegularFile(p)) {
            throw HttpProblem.notFound("edition " + digestId + "/" + file);
        }
        try {
            return new HttpReply(200, file.endsWith(".html") ? "text/html; charset=UTF-8" : "application/json",
                    Files.readString(p, StandardCharsets.UTF_8), null, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p, e);
        }
    }

    public HttpReply atom() {
        return atom(null, null, null);
    }

    /**
     * GET /feeds/updates.atom: the editions' feed with an ETag (of its bytes) and Last-Modified (its file's time), 304
     * when the reader's copy is current, gzip when asked.
     */
    public HttpReply atom(String ifNoneMatch, String ifModifiedSince, String acceptEncoding) {
        Path p = updates.dir().resolve("updates.atom");
        try {
            boolean there = Files.isRegularFile(p);
            String body = there ? Files.readString(p, StandardCharsets.UTF_8) : updatesAtomEmpty();
            java.time.Instant modified = there ? Files.getLastModifiedTime(p).toInstant() : java.time.Instant.EPOCH;
            String etag = "W/\"updates-" + Integer.toHexString(body.hashCode()) + "-" + body.length() + "\"";
            return Conditional.reply("application/atom+xml; charset=UTF-8", etag, modified, ifNoneMatch, ifModifiedSince, acceptEncoding,
                    () -> new Conditional.Body(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p, e);
        }
    }

    private String updatesAtomEmpty() {
        return updates.emptyAtom();
    }
}
