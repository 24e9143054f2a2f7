package org.practicehub.mapping;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;

import org.practicehub.source.FieldSpec;

/**
 * Value templates: a field built from others, {@code "https://data.example.org/dataset/{$.name}"}. Each placeholder is a
 * path of the record's kind. A template with one placeholder gives one value per value found there; with several, each
 * placeholder takes its first value. A placeholder that finds nothing leaves the field without a value (no half-built
 * link). Inside a template that starts with {@code http://} or {@code https://}, what a placeholder puts after the
 * scheme is percent-encoded where a URL would not allow it (spaces, quotes, non-ASCII, '?', '#'); '/' and existing
 * %XX escapes are kept, so a placeholder may bring a path.
 */
public final class Templates {

    private Templates() {}

    public static List<String> fill(String template, Function<String, List<String>> values) {
        Matcher m = FieldSpec.PLACEHOLDER.matcher(template);
        List<String> paths = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            paths.add(m.group(1).trim());
            spans.add(new int[] {m.start(), m.end()});
        }
        List<List<String>> found = new ArrayList<>();
        for (String p : paths) {
            List<String> v = values.apply(p).stream().filter(x -> x != null && !x.isBlank()).map(String::trim).toList();
            if (v.isEmpty()) {
                return List.of();
            }
            found.add(v);
        }
        boolean url = template.trim().matches("(?i)^https?://.*");
        int variants = paths.size() == 1 ? found.get(0).size() : 1;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < variants; i++) {
            StringBuilder b = new StringBuilder();
            int at = 0;
            for (int k = 0; k < paths.size(); k++) {
                b.append(template, at, spans.get(k)[0]);
                String v = found.get(k).get(paths.size() == 1 ? i : 0);
                b.append(url ? encode(v) : v);
                at = spans.get(k)[1];
            }
            b.append(template.substring(at));
            out.add(b.toString());
        }
        return out;
    }

    /** Percent-encodes what a URL path would not allow, keeping RFC 3986 pchar, '/' and existing escapes. */
    static String encode(String v) {
        StringBuilder b = new StringBuilder();
        byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean escape = c == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) && hex(bytes[i + 2]);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0 || escape)) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    private static boolean hex(byte b) {
        return Character.digit(b, 16) >= 0;
    }
}
