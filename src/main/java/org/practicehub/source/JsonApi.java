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
 * Paging stops at an empty or short page, a missing cursor or next link, a page seen before, or max-pages.
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
        List<RawRecord> records = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String next = first(base, paging);
        long position = paging.start();
        int pages = 0;
        while (next != null) {
            if (pages == paging.maxPages()) {
                notes.add("stopped after paging.max-pages=" + paging.maxPages() + " pages");
                break;
            }
            if (!seen.add(next)) {
                notes.add("the API sent page " + next + " twice; paging stopped there");
                break;
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
            int n = 0;
            if (selected != null && selected.isArray()) {
                for (JsonNode item : selected) {
                    records.add(new JsonRecord(item));
                    n++;
                }
            }
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
        }
        notes.add(pages + (pages == 1 ? " page" : " pages") + (since != null && source.options().since() != null ? " since " + since : ""));
        return new Harvest(records, false, null, null, null, pollStart, List.of(), notes);
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
