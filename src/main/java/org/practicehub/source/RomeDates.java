package org.practicehub.source;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Feed dates in the form Rome's date parser tries first. Rome tries up to 23 patterns on each date, making a new
 * {@code SimpleDateFormat} for every try: an RSS date ({@code Mon, 23 Nov 2026 10:00:00 +0000}) is parsed only after
 * all 19 W3C patterns have failed on it, and that was a third of a feed's parsing time. A date that java.time reads
 * exactly (RFC 1123 with a numeric offset or GMT and the right weekday, or RFC 3339 with whole seconds) is written as
 * the same instant in the first pattern's form; anything else stays as it was, for Rome to read as before.
 */
final class RomeDates {

    private static final DateTimeFormatter FIRST = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx", Locale.ROOT);

    private RomeDates() {}

    /** The same instant as Rome's first pattern reads it, or null to leave the text to Rome. */
    static String canonical(String text) {
        String t = text.trim();
        if (t.length() < 10 || t.length() > 40) {
            return null;
        }
        try {
            OffsetDateTime d;
            if (Character.isDigit(t.charAt(0)) && t.charAt(4) == '-') {
                // Rome reads fractions of a second wrongly (".5" as 5 ms): those stay as they were
                if (t.indexOf('.') >= 0 || t.indexOf(',') >= 0) {
                    return null;
                }
                d = OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } else {
                // java.time takes "26" for the year 26, Rome for 2026: only four-digit years are rewritten
                String[] parts = t.split("\\s+");
                int year = parts[0].endsWith(",") ? 3 : 2;
                if (parts.length <= year || parts[year].length() != 4) {
                    return null;
                }
                d = OffsetDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME);
            }
            return d.withOffsetSameInstant(ZoneOffset.UTC).format(FIRST);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
