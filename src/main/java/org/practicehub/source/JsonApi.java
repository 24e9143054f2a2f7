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
import com.jayway.jsonpath.JsonPath;

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
            base = with(base, source.options().since(), since.toString());
        }
        if (paging.sizeParam() != null && paging.size() > 0) {
            base = with(base, paging.sizeParam(), String.valueOf(paging.size()));
        }
        List<String> notes = new ArrayList<>();
        Paged paged = new Paged(source, paging, base, headers, room, notes,
                since != null && source.options().since() != null ? " since " + since : "");
        return new Harvest(new PagedRecords(paged, room), false, null, null, null, pollStart, List.of(), notes);
    }

    /** The API's pages, one at a time, as the poll asks for them; the notes say how many there were. */
    private final class Paged implements PagedRecords.Cursor {
        private final SourceDef source;
        private final SourceOptions.Paging paging;
        private final String base;
        private final Map<String, String> headers;
        private final Room.Hold room;
        private final List<String> notes;
        private final String since;
        private final Set<String> seen = new HashSet<>();
        private String next;
        private long position;
        private int pages;

        Paged(SourceDef source, SourceOptions.Paging paging, String base, Map<String, String> headers, Room.Hold room,
                List<String> notes, String since) {
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
                throw new SourceException("page " + pages + " (" + next + ") is not valid JSON: " + e.getMessage().replaceAll("\\s+", " "));
            }
            JsonNode selected = JsonPath.using(JsonRecord.JSONPATH).parse(root).read(source.records());
            List<RawRecord> records = new ArrayList<>();
            if (selected != null && selected.isArray()) {
                for (JsonNode item : selected) {
                    records.add(new JsonRecord(item));
                }
            }
            int n = records.size();
            next = switch (paging.mode()) {
                case "link" -> page.next();
                case "cursor" -> {
                    JsonNode c = JsonPath.using(JsonRecord.JSONPATH).parse(root).read(paging.cursorPath());
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
