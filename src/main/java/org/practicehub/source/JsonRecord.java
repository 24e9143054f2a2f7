package org.practicehub.source;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

/** One record of a JSON document in the partner's own shape; paths are JSONPath. */
public record JsonRecord(JsonNode node) implements RawRecord {

    static final Configuration JSONPATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    @Override
    public List<String> values(String path) {
        JsonNode found = JsonPath.using(JSONPATH).parse(node).read(path);
        List<String> out = new ArrayList<>();
        collect(found, out);
        return out;
    }

    private static void collect(JsonNode n, List<String> out) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return;
        }
        if (n.isArray()) {
            n.forEach(e -> collect(e, out));
        } else if (n.isValueNode()) {
            String t = n.asText();
            if (!t.isBlank()) {
                out.add(t);
            }
        } else {
            out.add(n.toString());
        }
    }

    @Override
    public String payload() {
        return node.toString();
    }
}
