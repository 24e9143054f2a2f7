package org.practicehub.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private final PracticeIndex index;
    private final PracticeStore store;
    private final String publicUrl;
    private final String title;
    private final int feedEntries;
    private final String openApi;
    private final String schema;

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
        long seq = index.seq();
        String etag = "W/\"" + seq + "-" + Integer.toHexString((q.canonical() + "|" + q.limit() + "|"
                + (q.after() == null ? "" : q.after().encode())).hashCode()) + "\"";
        if (HttpReply.matches(ifNoneMatch, etag)) {
            return HttpReply.notModified(etag);
        }
        List<Entry> matching = index.find(q.filter());
        int start = 0;
        if (q.after() != null) {
            Entry probe = new Entry(q.after().id(), q.after().firstSeen(), null, null, null, null, null, null, null, null, null);
            // the first entry after the cursor, whether or not the cursor's own entry still exists
            int lo = 0;
            int hi = matching.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (PracticeIndexOrder.compare(matching.get(mid), probe) <= 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            start = lo;
        }
        List<Entry> page = matching.subList(start, Math.min(matching.size(), start + q.limit()));
        String next = null;
        if (start + page.size() < matching.size()) {
            Entry last = page.get(page.size() - 1);
            String cursor = new PracticeQuery.Cursor(last.firstSeen(), last.id()).encode();
            next = publicUrl + "/api/practices?" + (q.canonical().isEmpty() ? "" : q.canonical() + "&")
                    + (q.limit() == PracticeQuery.DEFAULT_LIMIT ? "" : "limit=" + q.limit() + "&") + "cursor=" + cursor;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", store.byIds(page.stream().map(Entry::id).toList()));
        body.put("count", page.size());
        body.put("total", matching.size());
        body.put("next", next);
        return HttpReply.json(Json.pretty(body), etag, next == null ? null : "<" + next + ">; rel=\"next\"");
    }

    /** The most recently changed practices matching the filters, newest first, for the feeds. */
    private List<Practice> recent(String rawQuery) {
        PracticeQuery q = PracticeQuery.parse(rawQuery);
        List<String> ids = index.find(q.filter()).stream().sorted(Comparator.comparing(Entry::lastChanged).reversed().thenComparing(Entry::id))
                .limit(feedEntries).map(Entry::id).toList();
        return store.byIds(ids);
    }

    public String atom(String rawQuery) {
        return Feeds.atom(recent(rawQuery), title, publicUrl);
    }

    public String jsonFeed(String rawQuery) {
        return Feeds.jsonFeed(recent(rawQuery), title, publicUrl);
    }

    public String openApi() {
        return openApi;
    }

    /** The index's order, for finding where a cursor falls. */
    static final class PracticeIndexOrder {
        static int compare(Entry a, Entry b) {
            int c = a.firstSeen().compareTo(b.firstSeen());
            return c != 0 ? c : a.id().compareTo(b.id());
        }
    }
}
