package org.practicehub.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

import org.practicehub.model.Practice;
import org.practicehub.publish.depository.Feeds;
import org.practicehub.publish.depository.PracticeIndex;
import org.practicehub.publish.depository.PracticeIndex.Entry;
import org.practicehub.store.Json;
import org.practicehub.store.PracticeStore;

/**
 * The public read side of the depository: the practice list with filters and cursor paging, and the
 * Atom and JSON feeds with the same filters. Pages follow a stable order (first seen, then id), so a
 * client paging to the end while records change sees every practice once: changes never move a record,
 * and new ones join at the end.
 */
public class PracticesApi {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PracticesApi.class);

    private final PracticeIndex index;
    private final PracticeStore store;
    private final String publicUrl;
    private final String title;
    private final int feedEntries;
    private final String openApi;
    private final String schema;
    private final java.util.Map<String, HttpReply> pages = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, HttpReply> eldest) {
            return size() > 256;
        }
    };

    public PracticesApi(PracticeIndex index, PracticeStore store, String publicUrl, String title, int feedEntries) {
        this.index = index;
        this.store = store;
        this.publicUrl = publicUrl;
        this.title = title;
        this.feedEntries = feedEntries;
        try (InputStream in = PracticesApi.class.getResourceAsStream("/openapi.json")) {
            this.openApi = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${publicUrl}", publicUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream in = PracticesApi.class.getResourceAsStream("/schema/practice-v1.schema.json")) {
            this.schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String schema() {
        return schema;
    }

    public HttpReply list(String rawQuery, String ifNoneMatch) {
        PracticeQuery q = PracticeQuery.parse(rawQuery);
        PracticeIndex.Snapshot s = index.current();
        String key = s.seq() + "|" + q.canonical() + "|" + q.limit() + "|" + (q.after() == null ? "" : q.after().encode());
        String etag = "W/\"" + s.seq() + "-" + Integer.toHexString(key.hashCode()) + "\"";
        if (HttpReply.matches(ifNoneMatch, etag)) {
            return HttpReply.notModified(etag);
        }
        // pages are immutable for a given change event: popular ones are answered from memory
        HttpReply cached;
        synchronized (pages) {
            cached = pages.get(key);
        }
        if (cached != null) {
            return cached;
        }
        HttpReply reply = page(q, s, etag);
        synchronized (pages) {
            pages.put(key, reply);
        }
        return reply;
    }

    private HttpReply page(PracticeQuery q, PracticeIndex.Snapshot s, String etag) {
        BitSet matching = q.select(s);
        int from = q.after() == null ? 0 : s.after(q.after().firstSeen(), q.after().id());
        List<Entry> page = new ArrayList<>(q.limit());
        int i = matching.nextSetBit(from);
        for (; i >= 0 && page.size() < q.limit(); i = matching.nextSetBit(i + 1)) {
            page.add(s.entries().get(i));
        }
        String next = null;
        if (i >= 0) {
            Entry last = page.get(page.size() - 1);
            // the cursor carries the page size, so the link has each parameter once however far a client pages
            String cursor = new PracticeQuery.Cursor(last.firstSeen(), last.id(), q.limit() == PracticeQuery.DEFAULT_LIMIT ? 0 : q.limit()).encode();
            // relative to the request (RFC 8288, RFC 3986 5.2): right whatever host, port or path prefix the client came
            // through, with no configuration
            next = "practices?" + (q.canonical().isEmpty() ? "" : q.canonical() + "&") + "cursor=" + cursor;
        }
        // the stored documents go out as they are: no parse and re-serialise per request
        StringBuilder body = new StringBuilder("{\n  \"items\" : [ ");
        List<String> docs = store.docs(page.stream().map(Entry::id).toList());
        for (int k = 0; k < docs.size(); k++) {
            body.append(k == 0 ? "" : ", ").append(docs.get(k).strip());
        }
        body.append(" ],\n  \"count\" : ").append(docs.size()).append(",\n  \"total\" : ").append(matching.cardinality())
                .append(",\n  \"next\" : ").append(next == null ? "null" : Json.write(next)).append("\n}\n");
        return HttpReply.json(body.toString(), etag, next == null ? null : "<" + next + ">; rel=\"next\"");
    }

    /** The feed's practices: the most recently changed matching the filters, newest first, as of one index generation. */
    private record Recent(long seq, String canonical, List<String> ids, java.time.Instant lastChanged) {}

    private Recent recentIds(String rawQuery) {
        PracticeQuery q = PracticeQuery.parse(rawQuery);
        PracticeIndex.Snapshot s = index.current();
        BitSet matching = q.select(s);
        List<Entry> hits = new ArrayList<>(matching.cardinality());
        matching.stream().forEach(i -> hits.add(s.entries().get(i)));
        List<Entry> newest = hits.stream().sorted(Comparator.comparing(Entry::lastChanged).reversed().thenComparing(Entry::id)).limit(feedEntries).toList();
        return new Recent(s.seq(), q.canonical(), newest.stream().map(Entry::id).toList(),
                newest.isEmpty() ? java.time.Instant.EPOCH : newest.get(0).lastChanged());
    }

    /** The most recently changed practices matching the filters, newest first, for the feeds. */
    private List<Practice> recent(String rawQuery) {
        return store.byIds(recentIds(rawQuery).ids());
    }

    public String atom(String rawQuery) {
        org.practicehub.publish.depository.Problems problems = new org.practicehub.publish.depository.Problems();
        return reported(Feeds.atom(recent(rawQuery), title, publicUrl, problems), problems);
    }

    public String jsonFeed(String rawQuery) {
        org.practicehub.publish.depository.Problems problems = new org.practicehub.publish.depository.Problems();
        return reported(Feeds.jsonFeed(recent(rawQuery), title, publicUrl, problems), problems);
    }

    /** Feeds written for an index generation and filters, kept like the list's pages: a feed is the same until the depository changes. */
    private final java.util.Map<String, Conditional.Body> feeds = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Conditional.Body> eldest) {
            return size() > 64;
        }
    };

    /** GET /feeds/practices.atom: the Atom feed with ETag and Last-Modified, 304 when the reader's copy is current, gzip when asked. */
    public HttpReply atomFeed(String rawQuery, String ifNoneMatch, String ifModifiedSince, String acceptEncoding) {
        return feed("atom", "application/atom+xml; charset=UTF-8", rawQuery, ifNoneMatch, ifModifiedSince, acceptEncoding);
    }

    /** GET /feeds/practices.json: the JSON Feed, as {@link #atomFeed}. */
    public HttpReply jsonFeedReply(String rawQuery, String ifNoneMatch, String ifModifiedSince, String acceptEncoding) {
        return feed("json", "application/feed+json; charset=UTF-8", rawQuery, ifNoneMatch, ifModifiedSince, acceptEncoding);
    }

    private HttpReply feed(String kind, String contentType, String rawQuery, String ifNoneMatch, String ifModifiedSince, String acceptEncoding) {
        Recent r = recentIds(rawQuery);
        String key = kind + "|" + r.seq() + "|" + r.canonical();
        String etag = "W/\"" + kind + "-" + r.seq() + "-" + Integer.toHexString(key.hashCode()) + "\"";
        return Conditional.reply(contentType, etag, r.lastChanged(), ifNoneMatch, ifModifiedSince, acceptEncoding, () -> {
            Conditional.Body b;
            synchronized (feeds) {
                b = feeds.get(key);
            }
            if (b == null) {
                org.practicehub.publish.depository.Problems problems = new org.practicehub.publish.depository.Problems();
                List<Practice> practices = store.byIds(r.ids());
                b = new Conditional.Body(reported(kind.equals("atom") ? Feeds.atom(practices, title, publicUrl, problems)
                        : Feeds.jsonFeed(practices, title, publicUrl, problems), problems));
                synchronized (feeds) {
                    feeds.put(key, b);
                }
            }
            return b;
        });
    }

    /** A practice a feed had to leave out is logged; the depository's publish names it to the facilitator. */
    private static String reported(String feed, org.practicehub.publish.depository.Problems problems) {
        problems.skipped().forEach((id, why) -> LOG.warn("feed: practice {} left out: {}", id, why));
        return feed;
    }

    public String openApi() {
        return openApi;
    }
}
