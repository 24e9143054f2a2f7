package org.practicehub.store;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.practicehub.mapping.Chars;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of the hub: ISO-8601 instants, sorted map keys, so equal content gives equal bytes. Every
 * string it writes is made safe ({@link Chars}): text the mapper let through before it replaced such characters, or
 * from anywhere else, never makes a document no reader takes; stored documents that hold raw control characters
 * (written by an earlier version) are still read.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule("safe-strings").addSerializer(String.class, new SafeStrings()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** For the store's own documents only: those an earlier version wrote may hold raw control characters. */
    private static final com.fasterxml.jackson.databind.ObjectReader STORED = MAPPER.reader().with(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS);

    private Json() {}

    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + o.getClass().getSimpleName(), e);
        }
    }

    public static String pretty(Object o) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + o.getClass().getSimpleName(), e);
        }
    }

    /** A JSON document made safe, and how many characters that took. */
    public record Cleaned(String json, int replaced) {}

    /**
     * A stored document made safe before it is served or published: as it is when a cheap scan finds nothing to fear
     * (the usual case, no parse), else read, its strings made safe and written again as {@link #pretty} writes.
     */
    public static Cleaned clean(String json) {
        if (json == null || !Chars.suspectJson(json)) {
            return new Cleaned(json, 0);
        }
        try {
            JsonNode tree = STORED.readTree(json);
            int[] n = new int[1];
            JsonNode safe = safe(tree, n);
            return n[0] == 0 ? new Cleaned(json, 0) : new Cleaned(pretty(safe), n[0]);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode safe(JsonNode node, int[] n) {
        if (node.isTextual()) {
            String t = node.textValue();
            if (!Chars.safe(t)) {
                n[0] += Chars.count(t);
                return TextNode.valueOf(Chars.replace(t));
            }
        } else if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> e.setValue(safe(e.getValue(), n)));
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, safe(a.get(i), n));
            }
        }
        return node;
    }

    /** Writes strings with the characters no JSON or XML reader should meet replaced by U+FFFD. */
    private static final class SafeStrings extends StdSerializer<String> {
        SafeStrings() {
            super(String.class);
        }

        @Override
        public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Chars.replace(value));
        }
    }

    public static <T> T read(String s, Class<T> type) {
        try {
            return STORED.forType(type).readValue(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
