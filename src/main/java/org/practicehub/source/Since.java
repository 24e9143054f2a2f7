package org.practicehub.source;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query an incremental poll adds to ask a JSON API for what changed since the start of the last good poll. The
 * mapping's {@code since} is a parameter name ({@code updated_since}: {@code updated_since=2026-11-23T09:55:53.152Z}),
 * or a template of parameters in query form whose values hold the time in braces, in one of these forms:
 * {@code {since}} (ISO 8601, as above), {@code {since:seconds}} (ISO 8601 to the second), {@code {since:date}}
 * ({@code 2026-11-23}), {@code {since:epoch}} (Unix seconds), {@code {since:epoch-ms}}:
 * {@code "filter[changed][value]={since:epoch}&filter[changed][operator]=>="}. Each parameter replaces one of the same
 * name in the URL; names and values are percent-encoded.
 */
public final class Since {

    static final Pattern TIME = Pattern.compile("\\{since(?::([a-z-]+))?}");

    private Since() {}

    public static String apply(String url, String since, Instant at) {
        if (!since.contains("=")) {
            return JsonApi.with(url, since, at.toString());
        }
        String out = url;
        for (String pair : since.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "{since}" : pair.substring(eq + 1);
            out = JsonApi.with(out, name.trim(), fill(value, at));
        }
        return out;
    }

    static String fill(String value, Instant at) {
        Matcher m = TIME.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(format(m.group(1), at)));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** The form's name is checked when the mapping file is read ({@link #check}). */
    private static String format(String form, Instant at) {
        if (form == null) {
            return at.toString();
        }
        return switch (form) {
            case "seconds" -> DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
            case "date" -> DateTimeFormatter.ISO_LOCAL_DATE.format(at.atOffset(ZoneOffset.UTC));
            case "epoch" -> String.valueOf(at.getEpochSecond());
            case "epoch-ms" -> String.valueOf(at.toEpochMilli());
            default -> throw new IllegalArgumentException("unknown form {since:" + form + "}");
        };
    }

    /** Null when the mapping's {@code since} can be used, else what is wrong with it. */
    public static String check(String since) {
        if (since.isBlank()) {
            return "since is empty";
        }
        if (!since.contains("=")) {
            return since.matches("[^\\s&?#{}]+") ? null : "since '" + since + "' is neither a parameter name nor a template such as"
                    + " \"modified_after={since}&order=asc\"";
        }
        if (!TIME.matcher(since).find()) {
            return "since '" + since + "' has no {since} for the time";
        }
        try {
            fill(since, Instant.EPOCH);
            return null;
        } catch (IllegalArgumentException e) {
            return "since '" + since + "': " + e.getMessage() + " (known: {since}, {since:seconds}, {since:date}, {since:epoch}, {since:epoch-ms})";
        }
    }
}
