package org.practicehub.mapping;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as partners write them: ISO 8601, RFC 1123 (feeds), Unix epochs (seconds or milliseconds), the usual numeric
 * forms ("28.05.19", "14/06/2022", "2022/06/14", "20220614"), and dates with month names in English, Spanish, French and
 * Portuguese ("junio de 2022", "juin 2024", "5 de março de 2021", "Monday, June 5, 2023", "1er juin 2024"), a bare year.
 * A date without a time is midnight UTC; one without a day is the month's first. A numeric date is read day first
 * ("05/06/2022" is 5 June), unless its second number cannot be a month ("06/14/2022" is 14 June); a two-digit year is
 * 1970-2069.
 */
public final class Dates {

    private static final Pattern YEAR = Pattern.compile("\\b(1[89]\\d\\d|20\\d\\d|21\\d\\d)\\b");
    private static final Pattern ONGOING = Pattern.compile(
            "(?i)\\b(ongoing|on-going|present|current|not applicable|n/?a|en curso|actualidad|en cours|continuing|em curso|em andamento)\\b");
    private static final List<Function<String, Instant>> ISO = List.of(
            s -> OffsetDateTime.parse(s).toInstant(),
            s -> ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(),
            s -> LocalDateTime.parse(s).toInstant(ZoneOffset.UTC),
            s -> LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC));
    private static final Pattern EPOCH = Pattern.compile("^-?\\d{9,10}(\\.\\d+)?$");
    private static final Pattern EPOCH_MS = Pattern.compile("^\\d{12,13}$");
    private static final Pattern COMPACT = Pattern.compile("^(\\d{4})(\\d{2})(\\d{2})$");
    private static final Pattern NUMERIC = Pattern.compile(
            "^(\\d{1,4})\\s*([./-])\\s*(\\d{1,2})\\s*\\2\\s*(\\d{1,4})(?:[ T,]+(\\d{1,2})[:h.](\\d{2})(?:[:.](\\d{2}))?.*)?$");
    private static final Pattern YEAR_MONTH = Pattern.compile("^(\\d{4})[./-](\\d{1,2})$|^(\\d{1,2})[./-](\\d{4})$");
    private static final Map<String, Integer> MONTHS = months();
    /** Words that go with a date and say nothing of it: weekdays, articles, "de", ordinal and time-zone marks. */
    private static final Set<String> NOISE = Set.of(
            "de", "del", "of", "the", "le", "la", "el", "em", "do", "da", "on", "at", "a", "las", "les", "h", "hrs", "gmt", "utc", "z",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur",
            "thurs", "fri", "sat", "sun", "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo", "lun", "mie",
            "jue", "vie", "dom", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "segunda", "terca", "quarta",
            "quinta", "sexta", "feira", "st", "nd", "rd", "th", "er", "o", "eme", "e");

    private Dates() {}

    private static Map<String, Integer> months() {
        String[][] names = {
            {"january", "jan", "enero", "ene", "janvier", "janv", "janeiro"},
            {"february", "feb", "febrero", "fevrier", "fevr", "fev", "fevereiro"},
            {"march", "mar", "marzo", "mars", "marco"},
            {"april", "apr", "abril", "abr", "avril", "avr"},
            {"may", "mayo", "mai", "maio"},
            {"june", "jun", "junio", "juin", "junho"},
            {"july", "jul", "julio", "juillet", "juil", "julho"},
            {"august", "aug", "agosto", "ago", "aout"},
            {"september", "sep", "sept", "septiembre", "setiembre", "set", "septembre", "setembro"},
            {"october", "oct", "octubre", "octobre", "outubro", "out"},
            {"november", "nov", "noviembre", "novembre", "novembro"},
            {"december", "dec", "diciembre", "dic", "decembre", "dezembro", "dez"},
        };
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            for (String n : names[i]) {
                m.put(n, i + 1);
            }
        }
        return m;
    }

    /** A calendar date and how much of it the text gave. */
    record Day(LocalDate date, boolean hasDay, int hour, int minute, int second) {
        Instant instant() {
            return date.atTime(hour, minute, second).toInstant(ZoneOffset.UTC);
        }
    }

    /** A point in time, or empty when the text is not a date in a form the hub knows. */
    public static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = text.trim();
        for (Function<String, Instant> f : ISO) {
            try {
                return Optional.of(f.apply(s));
            } catch (DateTimeParseException ignored) {
                // the next form
            }
        }
        if (EPOCH.matcher(s).matches()) {
            double seconds = Double.parseDouble(s);
            return Optional.of(Instant.ofEpochMilli(Math.round(seconds * 1000)));
        }
        if (EPOCH_MS.matcher(s).matches()) {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(s)));
        }
        return day(s).map(Day::instant);
    }

    /** A date written other than in ISO 8601: numeric, with a month name, or a bare year. */
    static Optional<Day> day(String s) {
        try {
            Matcher c = COMPACT.matcher(s);
            if (c.matches()) {
                return Optional.of(new Day(LocalDate.of(Integer.parseInt(c.group(1)), Integer.parseInt(c.group(2)), Integer.parseInt(c.group(3))),
                        true, 0, 0, 0));
            }
            Matcher n = NUMERIC.matcher(s);
            if (n.matches()) {
                return numeric(n);
            }
            Matcher ym = YEAR_MONTH.matcher(s);
            if (ym.matches()) {
                int y = Integer.parseInt(ym.group(1) != null ? ym.group(1) : ym.group(4));
                int m = Integer.parseInt(ym.group(1) != null ? ym.group(2) : ym.group(3));
                return Optional.of(new Day(LocalDate.of(y, m, 1), false, 0, 0, 0));
            }
            if (s.matches("\\d{4}")) {
                return Optional.of(new Day(LocalDate.of(Integer.parseInt(s), 1, 1), false, 0, 0, 0));
            }
            return named(s);
        } catch (DateTimeException | NumberFormatException e) {
            // 31/02/2022, month 13: not a date
            return Optional.empty();
        }
    }

    private static Optional<Day> numeric(Matcher n) {
        int a = Integer.parseInt(n.group(1));
        int b = Integer.parseInt(n.group(3));
        int c = Integer.parseInt(n.group(4));
        int h = n.group(5) == null ? 0 : Integer.parseInt(n.group(5));
        int mi = n.group(6) == null ? 0 : Integer.parseInt(n.group(6));
        int se = n.group(7) == null ? 0 : Integer.parseInt(n.group(7));
        LocalDate d;
        if (n.group(1).length() == 4) {
            d = LocalDate.of(a, b, c);
        } else if (n.group(4).length() == 4 || n.group(4).length() == 2) {
            int year = n.group(4).length() == 2 ? twoDigitYear(c) : c;
            // day first, as most of the world writes it; month first only where the day cannot be the second number
            d = b > 12 && a <= 12 ? LocalDate.of(year, a, b) : LocalDate.of(year, b, a);
        } else {
            return Optional.empty();
        }
        return Optional.of(new Day(d, true, h, mi, se));
    }

    private static int twoDigitYear(int yy) {
        return yy < 70 ? 2000 + yy : 1900 + yy;
    }

    /** "junio de 2022", "5 juin 2024", "June 5, 2023", "1er juin 2024", "Monday, 5 June 2023 10:00": a month name and a year. */
    private static Optional<Day> named(String s) {
        String folded = Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        // ordinal marks: 1st, 2nd, 1er, 1o, 1º; the time, if any, is dropped
        folded = folded.replaceAll("\\b\\d{1,2}[:h]\\d{2}([:.]\\d{2})?\\b", " ").replaceAll("(\\d)(st|nd|rd|th|er|eme|o|º|ª)\\b", "$1 ")
                .replace('º', ' ').replace('ª', ' ');
        Integer month = null;
        Integer year = null;
        Integer day = null;
        List<String> words = new ArrayList<>(List.of(folded.split("[^a-z0-9]+")));
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            if (w.matches("\\d{4}")) {
                if (year != null) {
                    return Optional.empty();
                }
                year = Integer.parseInt(w);
            } else if (w.matches("\\d{1,2}")) {
                if (day != null) {
                    return Optional.empty();
                }
                day = Integer.parseInt(w);
            } else if (MONTHS.containsKey(w)) {
                if (month != null) {
                    return Optional.empty();
                }
                month = MONTHS.get(w);
            } else if (!NOISE.contains(w)) {
                // a word that is no part of a date: "Summer 2022", "Phase 2 2019" are not dates
                return Optional.empty();
            }
        }
        if (month == null || year == null) {
            return Optional.empty();
        }
        return Optional.of(new Day(LocalDate.of(year, month, day == null ? 1 : day), day != null, 0, 0, 0));
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
        Optional<Day> d = day(s);
        if (d.isPresent()) {
            return Optional.of(d.get().hasDay() ? d.get().date().toString() : String.valueOf(d.get().date().getYear()));
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
