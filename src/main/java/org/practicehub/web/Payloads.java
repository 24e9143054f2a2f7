package org.practicehub.web;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;

/**
 * A rejected record's raw payload, indented for reading: JSON by Jackson, XML (a feed entry, an OAI-PMH record) by
 * jsoup's XML parser, which neither reads a DTD nor resolves an external entity. Anything else, or a payload that does
 * not parse, is shown as the partner sent it; the console escapes it either way.
 */
final class Payloads {

    /** Past this size a payload is shown as it came: indenting it would only make a long page longer. */
    static final int MAX_PRETTY = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build()).build())
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Payloads() {}

    static String pretty(String payload) {
        if (payload == null || payload.isBlank() || payload.length() > MAX_PRETTY) {
            return payload;
        }
        String t = payload.strip();
        try {
            if (t.startsWith("{") || t.startsWith("[")) {
                JsonNode n = JSON.readTree(t);
                return n == null ? payload : JSON.writeValueAsString(n);
            }
            if (t.startsWith("<")) {
                Document d = Parser.xmlParser().parseInput(t, "");
                d.outputSettings().prettyPrint(true).indentAmount(2).outline(true);
                return d.outerHtml().strip();
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not what it looked like: shown as it came
            return payload;
        }
        return payload;
    }
}
