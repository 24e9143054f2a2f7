package org.practicehub.source;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A paged JSON API in the partner's own shape: pages by page number, offset, cursor or
 * {@code Link: rel="next"}, asking only for what changed since the last good poll when the API takes it.
 * Paging stops at an empty or short page, a missing cursor or next link, a page seen before, or max-pages. The pages
 * are read one at a time while the poll stores their records ({@link PagedRecords}).
 */
public class JsonApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Fetcher fetcher;

    public JsonApi(Fetcher fetcher) {
        this.fetcher = fetcher;
    }

    public Harvest read(SourceDef source, String url, Map<String, String> headers, Instant since, Instant pollStart, Room.Hold room) {
        SourceOptions.Paging paging = source.options().paging() == null
                ? new SourceOptions.Paging("link", null, null, 0, 0, null, 1000) : source.options().paging();
        String base = url;
        if (source.options().since() != null && since != null) {
            base = Since.apply(base, source.options().since(), since);
        }
        if (paging.sizeParam() != null && paging.size() > 0) {
            base = with(base, paging.sizeParam(), String.valueOf(paging.size()));
        }
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Paged paged = new Paged(source, paging, base, headers, room, notes, warnings,
                since != null && source.options().since() != null ? " since " + since : "");
        // the lists themselves: the pages add to them as they are read
        return new Harvest(new PagedRecords(paged, room, notes), false, null, null, null, pollStart, List.of(), notes, warnings,
                new ArrayList<>());
    }

    /** The API's pages, one at a time, as the poll asks for them; the notes say how many there were. */
    private final class Paged implements PagedRecords.Cursor {
        private final SourceDef source;
        private final SourceOptions.Paging paging;
        private final String base;
        private final Map<String, String> headers;
        private final Room.Hold room;
        private final List<String> notes;
        private final List<String> warnings;
        private final String since;
        /** Whether the records path matched on some page (an empty list counts). */
        private boolean matched;
        private final Set<String> seen = new HashSet<>();
        private String next;
        private long position;
        private int pages;

        Paged(SourceDef source, SourceOptions.Paging paging, String base, Map<String, String> headers, Room.Hold room,
                List<String> notes, List<String> warnings, String since) {
            this.warnings = warnings;
            this.source = source;
            this.paging = paging;
            this.base = base;
            this.headers = headers;
            this.room = room;
            this.notes = notes;
            this.since = since;
            this.next = first(base, paging);
            this.position = paging.start();
        }

        @Override
        public PagedRecords.Page next() {
            if (next != null && pages == paging.maxPages()) {
                notes.add("stopped after paging.max-pages=" + paging.maxPages() + " pages");
                next = null;
            } else if (next != null && !seen.add(next)) {
                notes.add("the API sent page " + next + " twice; paging stopped there");
                next = null;
            }
            if (next == null) {
                if (pages >= 0) {
                    notes.add(pages + (pages == 1 ? " page" : " pages") + since);
                    if (pages > 0 && !matched) {
                        warnings.add("records path " + source.records() + " matched nothing in " + (pages == 1 ? "the page" : "any of the " + pages + " pages"));
                    }
                    pages = -1;
                }
                return null;
            }
            Fetched page = fetcher.get(next, headers, room);
            pages++;
            JsonNode root;
            try {
                root = JSON.readTree(page.body());
            } catch (IOException e) {
                throw new SourceException("page " + pages + " (" + next + ") is " + (Html.looksLikeHtml(page.body()) ? "an HTML page" : "not valid JSON")
                        + ": " + e.getMessage().replaceAll("\\s+", " "));
            }
            JsonRecord.Selection sel = JsonRecord.select(root, source.records());
            matched |= sel.matched();
            JsonRecord.Included included = JsonRecord.Included.of(root);
            List<RawRecord> records = new ArrayList<>(sel.nodes().size());
            for (JsonNode item : sel.nodes()) {
                records.add(new JsonRecord(item, included));
            }
            int n = records.size();
            String at = next;
            next = switch (paging.mode()) {
                case "link" -> page.next();
                case "next" -> {
                    // the next page's URL in the body (JSON:API links.next, ReliefWeb links.next.href), relative to this page
                    JsonNode u = JsonPaths.read(root, paging.cursorPath());
                    String href = u == null || u.isNull() || u.isMissingNode() || u.isContainerNode() ? null : u.asText();
                    yield href == null || href.isBlank() || n == 0 ? null : resolve(at, href.trim());
                }
                case "cursor" -> {
                    JsonNode c = JsonPaths.read(root, paging.cursorPath());
                    String cursor = c == null || c.isNull() || c.isMissingNode() ? null : c.asText();
                    yield cursor == null || cursor.isBlank() || n == 0 ? null : with(base, paging.param(), cursor);
                }
                case "offset" -> {
                    position += n;
                    yield n == 0 || (paging.size() > 0 && n < paging.size()) ? null : with(base, paging.param(), String.valueOf(position));
                }
                default -> {
                    position++;
                    yield n == 0 || (paging.size() > 0 && n < paging.size()) ? null : with(base, paging.param(), String.valueOf(position));
                }
            };
            return new PagedRecords.Page(records, page.body().length);
        }
    }

    private static String first(String base, SourceOptions.Paging p) {
        return switch (p.mode()) {
            case "page", "offset" -> with(base, p.param(), String.valueOf(p.start()));
            default -> base;
        };
    }

    /** A URL read from a page, against the page's own; an unusable one ends the paging, with the reason. */
    private static String resolve(String page, String href) {
        try {
            java.net.URI u = java.net.URI.create(page).resolve(href);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new SourceException("the next page's URL " + href + " is not http(s)");
            }
            return u.toString();
        } catch (IllegalArgumentException e) {
            throw new SourceException("the next page's URL " + href + " is not a URL: " + e.getMessage());
        }
    }

    static String with(String url, String param, String value) {
        String pair = URLEncoder.encode(param, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        String prefix = URLEncoder.encode(param, StandardCharsets.UTF_8) + "=";
        int q = url.indexOf('?');
        if (q >= 0) {
            List<String> kept = new ArrayList<>();
            for (String part : url.substring(q + 1).split("&")) {
                if (!part.isEmpty() && !part.startsWith(prefix)) {
                    kept.add(part);
                }
            }
            kept.add(pair);
            return url.substring(0, q) + "?" + String.join("&", kept);
        }
        return url + "?" + pair;
    }
}
