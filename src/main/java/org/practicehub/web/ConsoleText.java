package org.practicehub.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How the console writes values: instants in UTC, counts, form fields, and values echoed from a request. */
final class ConsoleText {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ConsoleText() {}

    /** An instant (or its ISO-8601 text) as the console shows it; null stays null. */
    static String when(Object o) {
        if (o == null || "null".equals(o)) {
            return null;
        }
        if (o instanceof Instant i) {
            return WHEN.format(i);
        }
        try {
            return WHEN.format(Instant.parse(o.toString()));
        } catch (java.time.format.DateTimeParseException e) {
            return o.toString();
        }
    }

    static int n(Map<String, Object> m, String key) {
        Object o = m == null ? null : m.get(key);
        return o instanceof Number x ? x.intValue() : 0;
    }

    static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof Iterable<?> it) {
            it.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }

    static String first(Map<String, List<String>> form, String key) {
        List<String> v = form.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

    /** A value from the request shown back in a sentence: short, and only harmless characters (the template escapes anyway). */
    static String safe(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[^A-Za-z0-9._@+-]", "?");
        return t.length() > 80 ? t.substring(0, 80) : t;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(nz(s), StandardCharsets.UTF_8);
    }
}
