package org.practicehub.publish.partner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.practicehub.mapping.MappingException;
import org.practicehub.web.HttpProblem;
import org.practicehub.web.PracticeQuery;

/** Reads the partners folder: one YAML file per partner repository. A wrong file stops start-up, naming it. */
public final class PartnerFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("id", "endpoint", "network", "filters", "fields", "auth", "secret-env", "max-attempts", "enabled");

    private PartnerFiles() {}

    public static List<PartnerDef> load(Path dir, int defaultMaxAttempts) {
        List<PartnerDef> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.{yaml,yml}")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new MappingException(dir, 0, "cannot list the partners folder: " + e.getMessage());
        }
        files.sort(null);
        for (Path f : files) {
            out.add(read(f, defaultMaxAttempts));
        }
        return out;
    }

    static PartnerDef read(Path f, int defaultMaxAttempts) {
        JsonNode n;
        try {
            n = YAML.readTree(f.toFile());
        } catch (JsonProcessingException e) {
            throw new MappingException(f, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MappingException(f, 0, "cannot read: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new MappingException(f, 1, "expected a map of keys (id, endpoint, ...)");
        }
        n.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new MappingException(f, 0, "unknown key '" + k + "' (allowed: " + new java.util.TreeSet<>(KEYS) + ")");
            }
        });
        String id = text(f, n, "id", true);
        String endpoint = text(f, n, "endpoint", true);
        if (!endpoint.matches("(?i)https?://.+")) {
            throw new MappingException(f, 0, "endpoint must be an http(s) URL");
        }
        String secretEnv = text(f, n, "secret-env", true);
        PracticeQuery filters;
        try {
            filters = PracticeQuery.parse(n.has("filters") ? n.get("filters").asText() : "");
        } catch (HttpProblem e) {
            throw new MappingException(f, 0, "filters: " + e.getMessage());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (n.has("fields")) {
            n.get("fields").fields().forEachRemaining(e -> {
                try {
                    com.jayway.jsonpath.JsonPath.compile(e.getValue().asText());
                } catch (RuntimeException ex) {
                    throw new MappingException(f, 0, "bad JSONPath in fields." + e.getKey() + ": " + ex.getMessage());
                }
                fields.put(e.getKey(), e.getValue().asText());
            });
        }
        JsonNode auth = n.path("auth");
        if (n.has("auth")) {
            if (!auth.isObject()) {
                throw new MappingException(f, 0, "'auth' must be a map (header, env, prefix)");
            }
            auth.fieldNames().forEachRemaining(k -> {
                if (!Set.of("header", "env", "prefix").contains(k)) {
                    throw new MappingException(f, 0, "unknown key '" + k + "' in auth (allowed: env, header, prefix)");
                }
            });
            if (auth.path("env").asText("").isBlank()) {
                throw new MappingException(f, 0, "auth needs 'env', the environment variable that holds the header's value");
            }
        }
        if (n.has("fields") && !n.get("fields").isObject()) {
            throw new MappingException(f, 0, "'fields' must map the partner's field names to JSONPaths");
        }
        int maxAttempts = defaultMaxAttempts;
        if (n.has("max-attempts")) {
            if (!n.get("max-attempts").canConvertToInt() || !n.get("max-attempts").isIntegralNumber() || n.get("max-attempts").asInt() < 1) {
                throw new MappingException(f, 0, "max-attempts must be a whole number of at least 1 (got '" + n.get("max-attempts").asText() + "')");
            }
            maxAttempts = n.get("max-attempts").asInt();
        }
        if (n.has("enabled") && !n.get("enabled").isBoolean()) {
            throw new MappingException(f, 0, "'enabled' must be true or false");
        }
        // optional: a partner that names no network of its own is sent everything its filters match
        return new PartnerDef(id, endpoint, text(f, n, "network", false), filters, fields,
                auth.path("header").asText("Authorization"), auth.path("env").asText(null), auth.path("prefix").asText(""), secretEnv,
                maxAttempts, n.path("enabled").asBoolean(true), f);
    }

    private static String text(Path f, JsonNode n, String key, boolean required) {
        JsonNode v = n.get(key);
        if (v == null || v.asText().isBlank()) {
            if (required) {
                throw new MappingException(f, 1, "missing required key '" + key + "'");
            }
            return null;
        }
        return v.asText().trim();
    }
}
