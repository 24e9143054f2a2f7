package org.practicehub.mapping;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Dates as partners write them: ISO 8601, RFC 1123 (feeds), day/month/year, "March 2020", a bare year. */
public final class Dates {

    private static final Pattern YEAR = Pattern.compile("\\b(1[89]\\d\\d|20\\d\\d|21\\d\\d)\\b");
    private static final Pattern ONGOING = Pattern.compile(
            "(?i)\\b(ongoing|on-going|present|current|not applicable|n/?a|en curso|actualidad|en cours|continuing)\\b");
    private static final List<Function<String, Instant>> INSTANTS = List.of(
            s -> OffsetDateTime.parse(s).toInstant(),
            s -> ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(),
            s -> LocalDateTime.parse(s).toInstant(ZoneOffset.UTC),
            s -> LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC),
            s -> LocalDate.parse(s, fmt("d/M/uuuu")).atStartOfDay().toInstant(ZoneOffset.UTC),
            s -> LocalDate.parse(s, fmt("d MMMM uuuu")).atStartOfDay().toInstant(ZoneOffset.UTC),
            s -> LocalDate.parse(s, fmt("MMMM d, uuuu")).atStartOfDay().toInstant(ZoneOffset.UTC),
            s -> YearMonth.parse(s, fmt("MMMM uuuu")).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
            s -> YearMonth.parse(s).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));

    private Dates() {}

    private static DateTimeFormatter fmt(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(Locale.ENGLISH);
    }

    /** A point in time, or empty when the text is not a date in a format we know. */
    public static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = text.trim();
        for (Function<String, Instant> f : INSTANTS) {
            try {
                return Optional.of(f.apply(s));
            } catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        if (s.matches("\\d{4}")) {
            return Optional.of(LocalDate.of(Integer.parseInt(s), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC));
        }
        return Optional.empty();
    }

    /**
     * An implementation date for the schema: "2020-03-01" when the day is known, else "2020";
     * "ongoing" for the words partners use for no end.
     */
    public static Optional<String> implementationDate(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = text.trim();
        try {
            return Optional.of(LocalDate.parse(s).toString());
        } catch (DateTimeParseException ignored) {
            // not a full ISO date
        }
        Matcher y = YEAR.matcher(s);
        if (y.find()) {
            return Optional.of(y.group(1));
        }
        if (ONGOING.matcher(s).find()) {
            return Optional.of("ongoing");
        }
        return Optional.empty();
    }

    /** From a period such as "2019-2023" or "2020, end year not applicable": the end, if the text gives one. */
    public static Optional<String> periodEnd(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher y = YEAR.matcher(text);
        if (y.find() && y.find()) {
            return Optional.of(y.group(1));
        }
        return ONGOING.matcher(text).find() ? Optional.of("ongoing") : Optional.empty();
    }
}
