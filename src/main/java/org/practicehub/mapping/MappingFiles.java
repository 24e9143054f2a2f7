package org.practicehub.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.practicehub.source.FieldSpec;
import org.practicehub.source.Kind;
import org.practicehub.source.SourceDef;
import org.practicehub.source.SourceOptions;

/**
 * Reads and checks the mapping files (one YAML file per partner source). Any problem stops
 * start-up with a message naming the file, the line and what is wrong: a facilitator edits
 * these files by hand, and a silently ignored typo would lose a partner's records.
 */
public final class MappingFiles {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Set<String> TOP_KEYS = Set.of("id", "network", "kind", "url", "schedule", "records",
            "language", "enabled", "fields", "values", "defaults", "csv", "paging", "since", "auth", "oai", "html");
    private static final Pattern INTERVAL = Pattern.compile("\\d+(ms|s|m|h|d)");
    private static final Set<String> SPEC_KEYS = Set.of("path", "split", "included");
    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private MappingFiles() {}

    /** Every {@code *.yaml} / {@code *.yml} file of the folder, sorted by name; ids must be unique. */
    public static List<SourceDef> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new MappingException(dir, 0, "mappings folder not found");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.{yaml,yml}")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new MappingException(dir, 0, "cannot list the folder: " + e.getMessage());
        }
        files.sort(null);
        List<SourceDef> defs = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path f : files) {
            SourceDef def = read(f);
            Path other = seen.putIfAbsent(def.id(), f);
            if (other != null) {
                throw new MappingException(f, 1, "source id '" + def.id() + "' is already used by " + other);
            }
            defs.add(def);
        }
        return defs;
    }

    public static SourceDef read(Path file) {
        Located doc = parse(file);
        JsonNode root = doc.root;
        if (!root.isObject()) {
            throw new MappingException(file, 1, "expected a map of keys (id, network, kind, url, ...)");
        }
        root.fieldNames().forEachRemaining(k -> {
            if (!TOP_KEYS.contains(k)) {
                throw new MappingException(file, doc.line(k), "unknown key '" + k + "' (allowed: " + new TreeSet<>(TOP_KEYS) + ")");
            }
        });
        String id = required(doc, "id");
        if (!ID.matcher(id).matches()) {
            throw new MappingException(file, doc.line("id"), "id '" + id + "' must be lower-case letters, digits and '-'");
        }
        String network = required(doc, "network");
        String kindText = required(doc, "kind");
        Kind kind;
        try {
            kind = Kind.of(kindText);
        } catch (IllegalArgumentException e) {
            throw new MappingException(file, doc.line("kind"), e.getMessage());
        }
        String url = required(doc, "url");
        String records = optional(doc, "records");
        if (kind == Kind.HUB && records == null) {
            records = "$.items[*]";
        }
        if (kind.isJson() && records == null) {
            throw new MappingException(file, 1, "a " + kind.label() + " source needs 'records', the JSONPath of its records (e.g. $.items[*])");
        }
        if (!kind.isJson() && records != null) {
            throw new MappingException(file, doc.line("records"), "'records' only applies to kinds json, json-api and hub");
        }
        if (records != null) {
            // as the hub will run it (its regular expressions on RE2/J): one it cannot run stops the start here
            String problem = pathProblem(Kind.JSON, SourceOptions.NONE, records);
            if (problem != null) {
                throw new MappingException(file, doc.line("records"), problem.replaceFirst("^(bad [A-Za-z ]+?) '", "$1 in records '"));
            }
        }
        JsonNode enabledNode = root.get("enabled");
        if (enabledNode != null && !enabledNode.isBoolean()) {
            throw new MappingException(file, doc.line("enabled"), "'enabled' must be true or false");
        }
        String schedule = optional(doc, "schedule");
        if (schedule != null && !INTERVAL.matcher(schedule).matches() && !org.quartz.CronExpression.isValidExpression(schedule)) {
            throw new MappingException(file, doc.line("schedule"), "schedule '" + schedule
                    + "' is neither an interval (30m, 6h, 1d) nor a Quartz cron expression (0 0 6 * * ?)");
        }
        SourceOptions options = options(doc, kind);
        Map<String, FieldSpec> fields = fields(doc, kind, options);
        Map<String, Map<String, String>> values = values(doc);
        Map<String, List<String>> defaults = defaults(doc);
        return new SourceDef(id, network, kind, url, schedule, records, optional(doc, "language"),
                enabledNode == null || enabledNode.asBoolean(), fields, values, defaults, options, file);
    }

    private static Map<String, FieldSpec> fields(Located doc, Kind kind, SourceOptions options) {
        Map<String, FieldSpec> out = new LinkedHashMap<>();
        JsonNode node = doc.root.get("fields");
        if (node == null) {
            if (kind == Kind.HTML || kind == Kind.OAI_PMH && !options.oai().dublinCore()) {
                throw new MappingException(doc.file, 1, "a " + kind.label() + " source" + (kind == Kind.HTML ? "" : " in "
                        + options.oai().metadataPrefix()) + " needs 'fields': where each schema field is in a record");
            }
            return out;
        }
        if (!node.isObject()) {
            throw new MappingException(doc.file, doc.line("fields"), "'fields' must map schema fields to paths");
        }
        node.fields().forEachRemaining(e -> {
            String where = "fields." + e.getKey();
            field(doc, where, e.getKey());
            JsonNode v = e.getValue();
            String path;
            String split = null;
            String included = null;
            if (v.isTextual()) {
                path = v.asText();
            } else if (v.isObject()) {
                v.fieldNames().forEachRemaining(k -> {
                    if (!SPEC_KEYS.contains(k)) {
                        throw new MappingException(doc.file, doc.line(where + "." + k), "unknown key '" + k + "' in " + where
                                + " (allowed: path, split, included)");
                    }
                });
                path = v.path("path").asText(null);
                split = v.path("split").asText(null);
                included = v.path("included").asText(null);
            } else {
                throw new MappingException(doc.file, doc.line(where), where + " must be a path or a map with 'path' and 'split'");
            }
            if (path == null || path.isBlank()) {
                throw new MappingException(doc.file, doc.line(where), where + " has no path");
            }
            FieldSpec spec = new FieldSpec(path, split, included);
            if (included != null && (!kind.isJson() || spec.isTemplate())) {
                throw new MappingException(doc.file, doc.line(where + ".included"), where + ".included applies to the JSONPath of a json,"
                        + " json-api or hub source (the relationship ids to look up in the document's included resources)");
            }
            List<String> check = new ArrayList<>(spec.paths());
            if (included != null) {
                check.add(included);
            }
            for (String p : check) {
                String problem = pathProblem(kind, options, p);
                if (problem != null) {
                    throw new MappingException(doc.file, doc.line(where), problem.replaceFirst("^(bad [A-Za-z ]+?) '", "$1 in " + where + " '"));
                }
            }
            out.put(e.getKey(), spec);
        });
        return out;
    }

    /** Why a path of this kind cannot be used, or null: a file that only fails at the first poll fails late. */
    private static String pathProblem(Kind kind, SourceOptions options, String path) {
        if (kind.isJson()) {
            try {
                // compiled as the hub runs it: a filter's regular expression on RE2/J, refused here when RE2/J cannot run it
                org.practicehub.source.JsonPaths.compile(path);
                return null;
            } catch (RuntimeException ex) {
                return "bad JSONPath '" + path + "': " + ex.getMessage();
            }
        }
        if (kind == Kind.HTML) {
            String problem = org.practicehub.source.HtmlListing.pathProblem(path);
            return problem == null ? null : "bad CSS selector '" + path + "': " + problem;
        }
        if (kind == Kind.OAI_PMH && !options.oai().dublinCore() && !path.equals("identifier") && !path.equals("datestamp")) {
            String problem = org.practicehub.source.OaiPmh.pathProblem(path);
            return problem == null ? null : "bad XPath '" + path + "': " + problem;
        }
        return null;
    }

    /** The kind's own options; an option given to a kind that does not use it is an error, not ignored. */
    private static SourceOptions options(Located doc, Kind kind) {
        only(doc, "csv", kind, Kind.CSV);
        only(doc, "paging", kind, Kind.JSON_API);
        only(doc, "since", kind, Kind.JSON_API);
        only(doc, "oai", kind, Kind.OAI_PMH);
        only(doc, "html", kind, Kind.HTML);
        if (kind == Kind.HTML && !doc.root.has("html")) {
            throw new MappingException(doc.file, 1, "an html source needs 'html', at least {items: <CSS selector of one item>}");
        }
        SourceOptions.Csv csv = null;
        if (kind == Kind.CSV) {
            Map<String, String> m = map(doc, "csv", Set.of("delimiter", "encoding"));
            String delimiter = m.getOrDefault("delimiter", ",").replace("\\t", "\t");
            if (delimiter.length() != 1) {
                throw new MappingException(doc.file, doc.line("csv.delimiter"), "csv.delimiter must be one character (\\t for a tab)");
            }
            String encoding = m.getOrDefault("encoding", "UTF-8");
            if (!java.nio.charset.Charset.isSupported(encoding)) {
                throw new MappingException(doc.file, doc.line("csv.encoding"), "unknown encoding '" + encoding + "'");
            }
            csv = new SourceOptions.Csv(delimiter.charAt(0), encoding);
        }
        SourceOptions.Paging paging = null;
        if (kind == Kind.JSON_API && doc.root.has("paging")) {
            Map<String, String> m = map(doc, "paging", Set.of("mode", "param", "size-param", "size", "start", "cursor-path", "next-path",
                    "max-pages"));
            String mode = m.getOrDefault("mode", "page");
            if (!Set.of("page", "offset", "cursor", "link", "next").contains(mode)) {
                throw new MappingException(doc.file, doc.line("paging.mode"), "paging.mode must be page, offset, cursor, link or next");
            }
            if (mode.equals("cursor") && !m.containsKey("cursor-path")) {
                throw new MappingException(doc.file, doc.line("paging"), "cursor paging needs paging.cursor-path, the JSONPath of the next cursor");
            }
            if (mode.equals("next") && !m.containsKey("next-path")) {
                throw new MappingException(doc.file, doc.line("paging"), "next paging needs paging.next-path, the JSONPath of the next page's URL"
                        + " in a page (e.g. $.links.next)");
            }
            for (String key : List.of("cursor-path", "next-path")) {
                if (m.containsKey(key)) {
                    String problem = pathProblem(Kind.JSON, SourceOptions.NONE, m.get(key));
                    if (problem != null) {
                        throw new MappingException(doc.file, doc.line("paging." + key), problem.replaceFirst("^(bad [A-Za-z ]+?) '",
                                "$1 in paging." + key + " '"));
                    }
                }
            }
            if (mode.equals("next")) {
                m.put("cursor-path", m.get("next-path"));
            }
            String param = m.getOrDefault("param", switch (mode) {
                case "offset" -> "offset";
                case "cursor" -> "cursor";
                default -> "page";
            });
            paging = new SourceOptions.Paging(mode, param, m.get("size-param"), number(doc, m, "paging.size", 100),
                    number(doc, m, "paging.start", mode.equals("offset") ? 0 : 1), m.get("cursor-path"), number(doc, m, "paging.max-pages", 1000));
        }
        SourceOptions.Auth auth = null;
        if (doc.root.has("auth")) {
            if (!optional(doc, "url").matches("(?i)^https?://.*")) {
                throw new MappingException(doc.file, doc.line("auth"), "'auth' applies only to a source read over http(s)");
            }
            Map<String, String> m = map(doc, "auth", Set.of("header", "env", "prefix"));
            if (!m.containsKey("env")) {
                throw new MappingException(doc.file, doc.line("auth"), "auth needs 'env', the environment variable that holds the secret");
            }
            auth = new SourceOptions.Auth(m.getOrDefault("header", "Authorization"), m.get("env"), m.getOrDefault("prefix", ""));
        }
        SourceOptions.Oai oai = null;
        if (kind == Kind.OAI_PMH) {
            Map<String, String> namespaces = new LinkedHashMap<>();
            JsonNode ns = doc.root.path("oai").path("namespaces");
            if (!ns.isMissingNode()) {
                if (!ns.isObject()) {
                    throw new MappingException(doc.file, doc.line("oai.namespaces"), "oai.namespaces must map prefixes to namespace URIs");
                }
                ns.fields().forEachRemaining(e -> namespaces.put(e.getKey(), e.getValue().asText()));
                ((ObjectNode) doc.root.get("oai")).remove("namespaces");
            }
            Map<String, String> m = map(doc, "oai", Set.of("set", "metadata-prefix", "namespaces"));
            String prefix = m.getOrDefault("metadata-prefix", "oai_dc");
            if (!prefix.matches("[A-Za-z0-9_.!~*'()-]+")) {
                throw new MappingException(doc.file, doc.line("oai.metadata-prefix"), "oai.metadata-prefix '" + prefix + "' is not a metadata prefix");
            }
            oai = new SourceOptions.Oai(m.get("set"), prefix, Map.copyOf(namespaces));
        }
        SourceOptions.Html html = null;
        if (kind == Kind.HTML) {
            Map<String, String> m = map(doc, "html", Set.of("items", "next", "detail", "max-pages"));
            if (m.get("items") == null || m.get("items").isBlank()) {
                throw new MappingException(doc.file, doc.line("html"), "html.items is required: the CSS selector of one item of the listing");
            }
            for (String key : List.of("items", "next", "detail")) {
                String v = m.get(key);
                String problem = v == null ? null : org.practicehub.source.HtmlListing.pathProblem(key.equals("items") ? v.replace("@", "") : v);
                if (problem != null) {
                    throw new MappingException(doc.file, doc.line("html." + key), "bad CSS selector '" + v + "' in html." + key + ": " + problem);
                }
            }
            html = new SourceOptions.Html(m.get("items"), m.get("next"), m.get("detail"), number(doc, m, "html.max-pages", 1000));
        }
        String since = optional(doc, "since");
        if (since != null) {
            String problem = org.practicehub.source.Since.check(since);
            if (problem != null) {
                throw new MappingException(doc.file, doc.line("since"), problem);
            }
        }
        if (kind == Kind.HUB) {
            // another hub pages by Link: rel="next" and takes ?since= (docs/api.md); nothing to configure
            paging = new SourceOptions.Paging("link", null, null, 0, 0, null, 10_000);
            since = "since";
        }
        return new SourceOptions(csv, paging, since, auth, oai, html);
    }

    private static void only(Located doc, String key, Kind kind, Kind allowed) {
        if (doc.root.has(key) && kind != allowed) {
            throw new MappingException(doc.file, doc.line(key), "'" + key + "' only applies to kind " + allowed.label());
        }
    }

    private static Map<String, String> map(Located doc, String key, Set<String> allowed) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode node = doc.root.get(key);
        if (node == null) {
            return out;
        }
        if (!node.isObject()) {
            throw new MappingException(doc.file, doc.line(key), "'" + key + "' must be a map (allowed keys: " + new TreeSet<>(allowed) + ")");
        }
        node.fields().forEachRemaining(e -> {
            if (!allowed.contains(e.getKey())) {
                throw new MappingException(doc.file, doc.line(key + "." + e.getKey()), "unknown key '" + e.getKey() + "' in " + key
                        + " (allowed: " + new TreeSet<>(allowed) + ")");
            }
            if (!e.getValue().isValueNode()) {
                throw new MappingException(doc.file, doc.line(key + "." + e.getKey()), key + "." + e.getKey() + " must be a single value");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    private static int number(Located doc, Map<String, String> m, String where, int fallback) {
        String v = m.get(where.substring(where.indexOf('.') + 1));
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new MappingException(doc.file, doc.line(where), where + " must be a whole number, not '" + v + "'");
        }
    }

    private static Map<String, Map<String, String>> values(Located doc) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        JsonNode node = doc.root.get("values");
        if (node == null) {
            return out;
        }
        if (!node.isObject()) {
            throw new MappingException(doc.file, doc.line("values"), "'values' must map schema fields to label maps");
        }
        node.fields().forEachRemaining(e -> {
            String where = "values." + e.getKey();
            field(doc, where, e.getKey());
            if (!e.getValue().isObject()) {
                throw new MappingException(doc.file, doc.line(where), where + " must map partner labels to controlled values");
            }
            Map<String, String> labels = new LinkedHashMap<>();
            e.getValue().fields().forEachRemaining(l -> {
                if (!l.getValue().isValueNode() || l.getValue().isNull()) {
                    throw new MappingException(doc.file, doc.line(where + "." + l.getKey()), "label '" + l.getKey() + "' must map to one value");
                }
                labels.put(Text.fold(l.getKey()), l.getValue().asText());
            });
            out.put(e.getKey(), labels);
        });
        return out;
    }

    private static Map<String, List<String>> defaults(Located doc) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        JsonNode node = doc.root.get("defaults");
        if (node == null) {
            return out;
        }
        if (!node.isObject()) {
            throw new MappingException(doc.file, doc.line("defaults"), "'defaults' must map schema fields to values");
        }
        node.fields().forEachRemaining(e -> {
            String where = "defaults." + e.getKey();
            Field f = field(doc, where, e.getKey());
            List<String> vals = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> vals.add(v.asText()));
            } else if (e.getValue().isValueNode()) {
                vals.add(e.getValue().asText());
            } else {
                throw new MappingException(doc.file, doc.line(where), where + " must be a value or a list of values");
            }
            if (!f.multi() && vals.size() > 1) {
                throw new MappingException(doc.file, doc.line(where), where + " takes one value");
            }
            out.put(e.getKey(), vals);
        });
        return out;
    }

    private static Field field(Located doc, String where, String key) {
        return Field.of(key).orElseThrow(() -> new MappingException(doc.file, doc.line(where),
                "unknown schema field '" + key + "' (known: " + Field.keys() + ")"));
    }

    private static String required(Located doc, String key) {
        String v = optional(doc, key);
        if (v == null || v.isBlank()) {
            throw new MappingException(doc.file, doc.root.has(key) ? doc.line(key) : 1, "missing required key '" + key + "'");
        }
        return v;
    }

    private static String optional(Located doc, String key) {
        JsonNode n = doc.root.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw new MappingException(doc.file, doc.line(key), "'" + key + "' must be a single value");
        }
        return n.asText().trim();
    }

    /** The YAML tree with the line of every key, by dotted path: Jackson's tree keeps no locations. */
    private record Located(Path file, JsonNode root, Map<String, Integer> lines) {
        int line(String path) {
            return lines.getOrDefault(path, 1);
        }
    }

    private static Located parse(Path file) {
        noAliases(file);
        Map<String, Integer> lines = new HashMap<>();
        try (InputStream in = Files.newInputStream(file); JsonParser p = YAML.createParser(in)) {
            p.setCodec(new ObjectMapper(YAML));
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new MappingException(file, 1, "the file is empty");
            }
            JsonNode root = readNode(p, "", lines);
            return new Located(file, root, lines);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new MappingException(file, line, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MappingException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    /**
     * Refuses YAML aliases ({@code *name}): Jackson reads one as the anchor's name, not its value, so an alias would
     * silently become a wrong value; and a file of nested aliases, a few hundred bytes, expands a billion times in a
     * parser that does resolve them. A mapping is short: its values are written out.
     */
    private static void noAliases(Path file) {
        try (InputStream in = Files.newInputStream(file); JsonParser p = YAML.createParser(in)) {
            while (p.nextToken() != null) {
                if (p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser y && y.isCurrentAlias()) {
                    throw new MappingException(file, p.currentTokenLocation().getLineNr(), "YAML alias *" + p.getText()
                            + " refused: write the value out (anchors and aliases are not supported in mapping files, and nested"
                            + " ones could expand the file a billion times)");
                }
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new MappingException(file, line, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MappingException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    private static JsonNode readNode(JsonParser p, String path, Map<String, Integer> lines) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            ObjectNode obj = JsonNodeFactory.instance.objectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                String child = path.isEmpty() ? name : path + "." + name;
                lines.put(child, p.currentTokenLocation().getLineNr());
                p.nextToken();
                obj.set(name, readNode(p, child, lines));
            }
            return obj;
        }
        return p.readValueAsTree();
    }
}
