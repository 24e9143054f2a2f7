package org.practicehub.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Predicate;

/**
 * The JSONPaths of mapping files, compiled once, with their regular expressions run on RE2/J. A filter such as
 * {@code $.names[?(@.kind =~ /official/i)]} is a facilitator's regular expression over a partner's values; Jayway
 * JSONPath runs it on java.util.regex, which backtracks: an expression of twelve {@code .*,} in a row on a value of
 * 200 commas holds a poll at full CPU for hours. RE2/J runs in time linear in the value, so no budget is needed; what it
 * cannot run (back-references, look-arounds) is refused when the mapping file is read. A regular expression must be
 * the whole of its filter ({@code [?(@.field =~ /.../flags)]}, flags {@code i}, {@code s}, {@code m}), so that the
 * filter can be handed to RE2/J whole.
 */
public final class JsonPaths {

    private static final Map<String, JsonPath> COMPILED = new ConcurrentHashMap<>();
    private static final java.util.regex.Pattern REGEX_FILTER = java.util.regex.Pattern.compile(
            "\\s*([@$][^=~!<>&|()\\s]*)\\s*=~\\s*/(.*)/([a-zA-Z]*)\\s*", java.util.regex.Pattern.DOTALL);

    private JsonPaths() {}

    /** The node(s) at the path in a document, as Jayway reads them (null or a missing node when there is none). */
    public static JsonNode read(JsonNode doc, String path) {
        return JsonPath.using(JsonRecord.JSONPATH).parse(doc).read(compile(path));
    }

    /** The compiled path; an {@link IllegalArgumentException} says why one cannot be. */
    public static JsonPath compile(String path) {
        JsonPath p = COMPILED.get(path);
        if (p == null) {
            p = build(path);
            COMPILED.put(path, p);
        }
        return p;
    }

    private static JsonPath build(String path) {
        StringBuilder out = new StringBuilder();
        List<Predicate> regexes = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            int f = path.indexOf("[?(", i);
            if (f < 0) {
                out.append(path, i, path.length());
                break;
            }
            int end = filterEnd(path, f + 3);
            String body = path.substring(f + 3, end);
            out.append(path, i, f);
            if (body.contains("=~")) {
                regexes.add(regexFilter(body));
                out.append("[?]");
            } else {
                out.append(path, f, end + 2);
            }
            i = end + 2;
        }
        try {
            return JsonPath.compile(out.toString(), regexes.toArray(Predicate[]::new));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Where the filter opened before {@code from} closes: the index of its {@code )} before {@code ]}. */
    private static int filterEnd(String path, int from) {
        int depth = 1;
        char quote = 0;
        for (int i = from; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '/' && path.substring(from, i).stripTrailing().endsWith("=~")) {
                // a regular expression literal: to its closing slash, whatever it holds
                for (i++; i < path.length() && path.charAt(i) != '/'; i++) {
                    if (path.charAt(i) == '\\') {
                        i++;
                    }
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                if (i + 1 < path.length() && path.charAt(i + 1) == ']') {
                    return i;
                }
                break;
            }
        }
        throw new IllegalArgumentException("a filter '[?(' that does not close with ')]'");
    }

    private static Predicate regexFilter(String body) {
        java.util.regex.Matcher m = REGEX_FILTER.matcher(body);
        if (!m.matches()) {
            throw new IllegalArgumentException("a regular expression must be the whole of its filter, [?(@.field =~ /.../flags)]; got [?(" + body + ")]");
        }
        String operand = "$" + m.group(1).substring(1);
        boolean relative = m.group(1).startsWith("@");
        int flags = 0;
        for (char c : m.group(3).toCharArray()) {
            flags |= switch (c) {
                case 'i' -> Pattern.CASE_INSENSITIVE;
                case 's' -> Pattern.DOTALL;
                case 'm' -> Pattern.MULTILINE;
                default -> throw new IllegalArgumentException("regular expression flag '" + c + "' is not supported (i, s, m)");
            };
        }
        Pattern re;
        try {
            re = Pattern.compile(m.group(2), flags);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regular expression /" + m.group(2) + "/ cannot run on RE2/J (no back-references or"
                    + " look-arounds): " + e.getDescription());
        }
        JsonPath value;
        try {
            value = JsonPath.compile(operand);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the left side of =~ is no path: " + m.group(1));
        }
        return ctx -> {
            Object doc = relative ? ctx.item() : ctx.root();
            JsonNode v = JsonPath.using(JsonRecord.JSONPATH).parse(doc).read(value);
            // as Jayway compares: a string, a number or a boolean, by its text; nothing else matches
            return v != null && v.isValueNode() && !v.isNull() && re.matcher(v.asText()).matches();
        };
    }
}
