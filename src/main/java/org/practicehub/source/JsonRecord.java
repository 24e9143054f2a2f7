package org.practicehub.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

/**
 * One record of a JSON document in the partner's own shape; paths are JSONPath.
 *
 * @param included the resources of the document's JSON:API {@code included} list, shared by its records; may be empty
 */
public record JsonRecord(JsonNode node, Included included) implements RawRecord {

    public JsonRecord(JsonNode node) {
        this(node, Included.NONE);
    }

    /** A JSON:API document's {@code included} resources by type and id (and by id alone, for a relationship given as a bare id). */
    public static final class Included {
        static final Included NONE = new Included(Map.of(), Map.of());
        private final Map<String, JsonNode> byTypeAndId;
        private final Map<String, JsonNode> byId;

        private Included(Map<String, JsonNode> byTypeAndId, Map<String, JsonNode> byId) {
            this.byTypeAndId = byTypeAndId;
            this.byId = byId;
        }

        /** The {@code included} list of a document, when it has one. */
        static Included of(JsonNode root) {
            JsonNode list = root == null ? null : root.path("included");
            if (list == null || !list.isArray() || list.isEmpty()) {
                return NONE;
            }
            Map<String, JsonNode> typed = new HashMap<>();
            Map<String, JsonNode> ids = new HashMap<>();
            for (JsonNode r : list) {
                String id = r.path("id").asText("");
                if (!id.isEmpty()) {
                    typed.put(r.path("type").asText("") + "\u0000" + id, r);
                    ids.putIfAbsent(id, r);
                }
            }
            return new Included(typed, ids);
        }

        JsonNode find(JsonNode ref) {
            if (ref.isObject()) {
                return byTypeAndId.get(ref.path("type").asText("") + "\u0000" + ref.path("id").asText(""));
            }
            return ref.isValueNode() ? byId.get(ref.asText()) : null;
        }
    }

    static final Configuration JSONPATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    @Override
    public List<String> values(String path) {
        JsonNode found = JsonPaths.read(node, path);
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
    public List<String> related(String path, String labelPath) {
        JsonNode refs = JsonPaths.read(node, path);
        List<String> out = new ArrayList<>();
        if (refs == null || refs.isMissingNode() || refs.isNull()) {
            return out;
        }
        for (JsonNode ref : refs.isArray() ? refs : List.of(refs)) {
            JsonNode resource = included.find(ref);
            if (resource == null) {
                // an id the document does not describe: shown as it is, among the values that matched nothing
                String id = ref.isObject() ? ref.path("type").asText("") + "/" + ref.path("id").asText("") : ref.asText("");
                if (!id.isBlank() && !id.equals("/")) {
                    out.add(id);
                }
                continue;
            }
            List<String> labels = new ArrayList<>();
            collect(JsonPaths.read(resource, labelPath), labels);
            out.addAll(labels);
        }
        return out;
    }

    /** The nodes a records path selects in a document, and whether it matched anything there (an empty list counts). */
    record Selection(List<JsonNode> nodes, boolean matched) {}

    /**
     * The records at {@code path}: each element of what it selects when that is a list, else what it selects. A path that
     * ends in a wildcard or a filter matched when what it applies to is there, even empty ({@code "practices": []} is a
     * document with no records, {@code $.practices[*]} on a document without "practices" a path that matches nothing).
     */
    static Selection select(JsonNode root, String path) {
        JsonNode selected = JsonPaths.read(root, path);
        List<JsonNode> nodes = new ArrayList<>();
        if (selected != null && !selected.isMissingNode() && !selected.isNull()) {
            if (selected.isArray()) {
                selected.forEach(nodes::add);
            } else {
                nodes.add(selected);
            }
        }
        if (!nodes.isEmpty()) {
            return new Selection(nodes, true);
        }
        String container = path.trim().replaceFirst("(\\[[^\\[\\]]*\\]|\\.\\*)$", "");
        if (container.equals(path.trim()) || container.isEmpty()) {
            return new Selection(nodes, selected != null && !selected.isMissingNode() && !selected.isNull());
        }
        JsonNode parent = JsonPaths.read(root, container.equals("$") ? "$" : container);
        return new Selection(nodes, parent != null && !parent.isMissingNode() && !parent.isNull()
                && !(parent.isArray() && parent.isEmpty() && !container.equals("$") && isIndefinite(container)));
    }

    private static boolean isIndefinite(String path) {
        return !JsonPaths.compile(path).isDefinite();
    }

    @Override
    public String payload() {
        return node.toString();
    }
}
