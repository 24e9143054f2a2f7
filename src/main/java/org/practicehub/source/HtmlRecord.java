package org.practicehub.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One item of an HTML listing, with the values the mapping reads already taken from the page (and its detail page), so
 * that a record holds no part of the page's tree: the listing's pages are read one at a time, and what the poll keeps
 * of each is these few strings.
 *
 * @param page   the listing page the item is on
 * @param html   the item's own HTML, for the rejected list (bounded)
 * @param values path (as the mapping writes it) to the values found there
 * @param defect why the item cannot be used as it came (its detail page is gone), or null
 */
public record HtmlRecord(String page, String html, Map<String, List<String>> values, String defect) implements RawRecord {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public List<String> values(String path) {
        return values.getOrDefault(path.trim(), List.of());
    }

    @Override
    public String payload() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("page", page);
        m.put("html", html);
        m.put("values", values);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            return html;
        }
    }
}
