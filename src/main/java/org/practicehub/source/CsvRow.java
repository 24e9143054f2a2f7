package org.practicehub.source;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One row of a CSV drop file; paths are column names from the header row. */
public record CsvRow(String file, long line, Map<String, String> columns) implements RawRecord {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public List<String> values(String path) {
        String v = columns.get(path);
        return v == null || v.isBlank() ? List.of() : List.of(v);
    }

    @Override
    public String defect() {
        String e = columns.get("_error");
        return e == null ? null : file + " line " + line + ": " + e;
    }

    @Override
    public String payload() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("line", line);
        m.put("columns", columns);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            return file + ":" + line;
        }
    }
}
