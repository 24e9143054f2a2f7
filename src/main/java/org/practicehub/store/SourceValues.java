package org.practicehub.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a source's stored records hold that the hub could not use: per field, each value that matched no controlled
 * entry (or date it could not read) with the number of the source's live records that give it, most frequent first. Read
 * from the records themselves (each keeps its own mapped document, {@code unmapped} included), so the counts are those
 * of what is stored now, whatever the polls in between read: an incremental poll reads only what changed, and a 304
 * reads nothing.
 */
public class SourceValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One value and how many records give it. */
    public record Count(String value, int records) {}

    private final Db db;

    public SourceValues(Db db) {
        this.db = db;
    }

    /** Field to its unmapped values, most frequent first (then by value); only records that have any are read. */
    public Map<String, List<Count>> unmapped(String sourceId) {
        Map<String, Map<String, Integer>> counts = db.tx(c -> {
            Map<String, Map<String, Integer>> out = new TreeMap<>();
            // the LIKE keeps the documents of records without unmapped values in the database
            try (PreparedStatement ps = Db.prepare(c, "SELECT record_doc FROM source_record WHERE source_id = ? AND deleted_at IS NULL"
                    + " AND record_doc LIKE ?", sourceId, "%\"unmapped\"%"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode unmapped = read(rs.getString(1)).path("unmapped");
                    unmapped.fields().forEachRemaining(e -> {
                        Map<String, Integer> byValue = out.computeIfAbsent(e.getKey(), k -> new HashMap<>());
                        e.getValue().forEach(v -> byValue.merge(v.asText(), 1, Integer::sum));
                    });
                }
            }
            return out;
        });
        Map<String, List<Count>> out = new LinkedHashMap<>();
        counts.forEach((field, byValue) -> {
            List<Count> l = new ArrayList<>();
            byValue.forEach((v, n) -> l.add(new Count(v, n)));
            l.sort(Comparator.comparingInt(Count::records).reversed().thenComparing(Count::value));
            out.put(field, l);
        });
        return out;
    }

    private static JsonNode read(String doc) {
        try {
            return JSON.readTree(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
