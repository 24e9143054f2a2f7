package org.practicehub.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Quartz cron expression in English words for the console ("Every Monday at 08:00" for {@code 0 0 8 ? * MON}). The
 * common shapes of a digest's schedule are covered: every day, some days of the week, a day of the month, the last day,
 * the nth weekday of the month, fixed hours, every n minutes or hours; anything else answers empty and the console shows
 * the cron text alone, which is always shown anyway.
 */
final class CronWords {

    private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    private static final Map<String, Integer> DAY_NAMES = Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4, "FRI", 5, "SAT", 6);
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December"};
    private static final Map<String, Integer> MONTH_NAMES = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2), Map.entry("MAR", 3),
            Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7), Map.entry("AUG", 8), Map.entry("SEP", 9),
            Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));
    private static final String[] NTH = {"", "first", "second", "third", "fourth", "fifth"};

    private CronWords() {}

    /** The expression in words, or empty when its shape is not one of those covered. */
    static Optional<String> of(String cron) {
        if (cron == null) {
            return Optional.empty();
        }
        String[] f = cron.trim().toUpperCase(Locale.ROOT).split("\\s+");
        if (f.length < 6 || f.length > 7 || (f.length == 7 && !f[6].equals("*"))) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(words(f[0], f[1], f[2], f[3], f[4], f[5]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String words(String sec, String min, String hour, String dom, String month, String dow) {
        if (!sec.equals("0")) {
            return null;
        }
        String when = times(min, hour);
        if (when == null) {
            return null;
        }
        boolean anyDom = dom.equals("*") || dom.equals("?");
        boolean anyDow = dow.equals("*") || dow.equals("?");
        String months = months(month);
        if (months == null) {
            return null;
        }
        String days;
        if (anyDom && anyDow) {
            days = month.equals("*") ? (when.startsWith("every ") ? "" : "every day") : "every day in " + months;
        } else if (anyDom) {
            days = weekdays(dow);
            if (days == null) {
                return null;
            }
            days += month.equals("*") ? (dow.contains("#") || dow.endsWith("L") ? " of every month" : "") : " in " + months;
        } else if (anyDow) {
            days = monthDays(dom);
            if (days == null) {
                return null;
            }
            days += month.equals("*") ? " of every month" : " of " + months;
        } else {
            return null;
        }
        String s = days.isEmpty() ? when : days + (when.startsWith("every ") ? ", " : " ") + when;
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** "at 08:00", "at 08:00 and 17:30", "every 15 minutes", "every 2 hours", "every hour at 30 minutes past". */
    private static String times(String min, String hour) {
        if (number(min) != null && list(hour) != null) {
            List<String> at = new ArrayList<>();
            for (int h : list(hour)) {
                at.add(String.format(Locale.ROOT, "%02d:%02d", range(h, 0, 23), range(number(min), 0, 59)));
            }
            return "at " + join(at);
        }
        if (number(min) != null && (hour.equals("*") || step(hour) != null)) {
            int m = range(number(min), 0, 59);
            Integer every = hour.equals("*") ? Integer.valueOf(1) : step(hour);
            String past = m == 0 ? "on the hour" : "at " + m + " minutes past";
            return (every == 1 ? "every hour, " : "every " + every + " hours, ") + past;
        }
        if (step(min) != null && hour.equals("*")) {
            int every = step(min);
            return every == 1 ? "every minute" : "every " + every + " minutes";
        }
        if (min.equals("*") && hour.equals("*")) {
            return "every minute";
        }
        return null;
    }

    private static String weekdays(String dow) {
        if (dow.matches("[A-Z0-9]+#[1-5]")) {
            String[] p = dow.split("#");
            return "on the " + NTH[Integer.parseInt(p[1])] + " " + DAYS[day(p[0])];
        }
        if (dow.matches("[A-Z0-9]+L")) {
            return "on the last " + DAYS[day(dow.substring(0, dow.length() - 1))];
        }
        List<Integer> days = new ArrayList<>();
        for (String part : dow.split(",")) {
            if (part.contains("-")) {
                String[] r = part.split("-");
                int a = day(r[0]);
                int b = day(r[1]);
                if (a == 1 && b == 5 && !dow.contains(",")) {
                    return "every weekday (Monday to Friday)";
                }
                for (int d = a; d != (b + 1) % 7; d = (d + 1) % 7) {
                    days.add(d);
                }
            } else {
                days.add(day(part));
            }
        }
        if (days.size() == 7) {
            return "every day";
        }
        return "every " + join(days.stream().map(d -> DAYS[d]).toList());
    }

    private static String monthDays(String dom) {
        if (dom.equals("L")) {
            return "on the last day";
        }
        if (dom.equals("LW")) {
            return "on the last weekday";
        }
        List<Integer> days = list(dom);
        if (days == null) {
            return null;
        }
        return "on the " + join(days.stream().map(d -> ordinal(range(d, 1, 31))).toList());
    }

    private static String months(String month) {
        if (month.equals("*")) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (String part : month.split(",")) {
            Integer n = MONTH_NAMES.containsKey(part) ? MONTH_NAMES.get(part) : number(part);
            if (n == null) {
                return null;
            }
            out.add(MONTHS[range(n, 1, 12) - 1]);
        }
        return join(out);
    }

    /** Quartz numbers the days 1 (Sunday) to 7 (Saturday). */
    private static int day(String s) {
        if (DAY_NAMES.containsKey(s)) {
            return DAY_NAMES.get(s);
        }
        Integer n = number(s);
        if (n == null || n < 1 || n > 7) {
            throw new IllegalArgumentException(s);
        }
        return n - 1;
    }

    private static String ordinal(int n) {
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    private static Integer number(String s) {
        return s.matches("\\d{1,2}") ? Integer.valueOf(s) : null;
    }

    private static List<Integer> list(String s) {
        List<Integer> out = new ArrayList<>();
        for (String p : s.split(",")) {
            Integer n = number(p);
            if (n == null) {
                return null;
            }
            out.add(n);
        }
        return out;
    }

    /** "0/15" or "*&#47;15": every 15, from 0. Another start is not covered. */
    private static Integer step(String s) {
        if (s.matches("(0|\\*)/\\d{1,2}")) {
            int n = Integer.parseInt(s.substring(s.indexOf('/') + 1));
            return n > 0 ? n : null;
        }
        return null;
    }

    private static int range(int n, int lo, int hi) {
        if (n < lo || n > hi) {
            throw new IllegalArgumentException(String.valueOf(n));
        }
        return n;
    }

    private static String join(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
