package org.practicehub.web;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.practicehub.publish.depository.PracticeIndex.Entry;

/**
 * The depository in numbers, drawn as SVG on the server: no script, no chart library. Each chart is one {@link Chart}: the
 * SVG (role="img", named by its own title and description), and the same numbers as a table for those who would rather
 * read, or cannot see the picture. Nothing tells a series by colour alone: bars carry their label and value as text,
 * lines differ by marker shape and dash pattern too. Every partner value (network names, themes) is escaped here, since
 * the pages insert the SVG unescaped.
 */
public final class Charts {

    private Charts() {}

    /** One chart: its SVG, and its numbers as a table (a header row, then one row per bar or month). */
    public record Chart(String id, String title, String description, String svg, List<String> columns, List<List<String>> rows) {}

    /** One bar: its label and value. */
    public record Bar(String label, int value) {}

    /** One line: its name and its value per month, in the order of the months given with it. */
    public record Series(String name, List<Integer> values) {}

    /** The three charts of the stats page, and the totals above them. */
    public record Stats(int practices, int networks, List<Chart> charts) {}

    /** The Global Compact's 23 objectives, shortened enough to label a bar. */
    public static final Map<Integer, String> GCM_SHORT = gcmShort();

    private static Map<Integer, String> gcmShort() {
        String[] s = {"Data", "Adverse drivers", "Information", "Legal identity", "Regular pathways", "Fair recruitment",
            "Reduce vulnerabilities", "Save lives", "Counter smuggling", "Eradicate trafficking", "Border management",
            "Fair procedures", "Detention last resort", "Consular protection", "Basic services", "Inclusion and cohesion",
            "End discrimination", "Skills", "Diaspora contributions", "Remittances", "Return and reintegration",
            "Social security", "Cooperation"};
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int i = 0; i < s.length; i++) {
            m.put(i + 1, s[i]);
        }
        return Map.copyOf(m);
    }

    static final int WIDTH = 480;
    private static final int BAR_ROW = 44;
    private static final int VALUE_ROOM = 56;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);
    /** Dark enough for 3:1 against white (WCAG 1.4.11), and told apart by shape and dash as well. */
    private static final String[] COLOURS = {"#0b4f8a", "#a14400", "#1e6b34", "#7b2d8e", "#8a6d00", "#005f73", "#9b2226", "#3d405b"};
    private static final String[] DASHES = {"", "8 4", "2 3", "10 3 2 3", "4 4", "12 4", "1 2", "6 2 2 2"};

    /** The stats page's charts from the index's entries. */
    public static Stats stats(List<Entry> entries) {
        Map<String, Integer> themes = new HashMap<>();
        Map<Integer, Integer> gcm = new TreeMap<>();
        GCM_SHORT.keySet().forEach(k -> gcm.put(k, 0));
        Map<String, TreeMap<YearMonth, Integer>> added = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Entry e : entries) {
            e.themes().forEach(t -> themes.merge(t, 1, Integer::sum));
            e.gcm().forEach(g -> gcm.merge(g, 1, Integer::sum));
            for (String n : e.networks()) {
                Instant at = e.since().getOrDefault(n, e.firstSeen());
                added.computeIfAbsent(n, k -> new TreeMap<>()).merge(YearMonth.from(at.atZone(ZoneOffset.UTC)), 1, Integer::sum);
            }
        }
        List<Bar> themeBars = themes.entrySet().stream().map(t -> new Bar(capitalise(t.getKey()), t.getValue()))
                .sorted(Comparator.comparing(Bar::value).reversed().thenComparing(Bar::label)).toList();
        List<Bar> gcmBars = gcm.entrySet().stream()
                .map(g -> new Bar(g.getKey() + ". " + GCM_SHORT.getOrDefault(g.getKey(), "Objective " + g.getKey()), g.getValue())).toList();
        Map<String, Integer> regions = new HashMap<>();
        for (Entry e : entries) {
            org.practicehub.mapping.M49.rows(e.regions()).forEach(r -> regions.merge(r, 1, Integer::sum));
        }
        List<Bar> regionBars = regions.entrySet().stream().map(r -> new Bar(org.practicehub.mapping.M49.label(r.getKey()), r.getValue()))
                .sorted(Comparator.comparing(Bar::value).reversed().thenComparing(Bar::label)).toList();
        List<Chart> charts = new ArrayList<>();
        charts.add(overTime(added));
        charts.add(bars("by-theme", "Practices per theme", "How many practices carry each theme, most frequent first. A practice can have several themes.",
                "Theme", themeBars));
        charts.add(bars("by-gcm", "Practices per GCM objective",
                "How many practices address each of the 23 objectives of the Global Compact for Migration, primary or secondary.", "GCM objective",
                gcmBars));
        charts.add(bars("by-region", "Practices per region",
                "How many practices concern each UN M49 sub-region, from their countries and the regions their networks gave. A practice can concern"
                        + " several; one whose place is not known is counted as Unknown region.",
                "Region", regionBars));
        return new Stats(entries.size(), added.size(), List.copyOf(charts));
    }

    /** Each network's practices, counted up month by month from when the network first had each one. */
    static Chart overTime(Map<String, TreeMap<YearMonth, Integer>> added) {
        YearMonth first = null;
        YearMonth last = null;
        for (TreeMap<YearMonth, Integer> m : added.values()) {
            first = first == null || m.firstKey().isBefore(first) ? m.firstKey() : first;
            last = last == null || m.lastKey().isAfter(last) ? m.lastKey() : last;
        }
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = first; m != null && !m.isAfter(last); m = m.plusMonths(1)) {
            months.add(m);
        }
        List<Series> series = new ArrayList<>();
        added.forEach((network, byMonth) -> {
            List<Integer> values = new ArrayList<>();
            int total = 0;
            for (YearMonth m : months) {
                total += byMonth.getOrDefault(m, 0);
                values.add(total);
            }
            series.add(new Series(network, values));
        });
        return lines("over-time", "Practices per network over time",
                "Each network's practices in the depository, counted up by the network's own date for each one: when it was published, "
                        + "else last updated, else when the hub first saw it.",
                months.stream().map(MONTH::format).toList(), series);
    }

    /** A horizontal bar chart, each bar's label above it and its value at its end, so a phone's width still reads. */
    public static Chart bars(String id, String title, String description, String category, List<Bar> bars) {
        int max = bars.stream().mapToInt(Bar::value).max().orElse(0);
        int height = Math.max(1, bars.size()) * BAR_ROW + 8;
        StringBuilder svg = open(id, title, description, height);
        double room = WIDTH - VALUE_ROOM;
        int y = 4;
        for (Bar b : bars) {
            double w = max == 0 ? 0 : room * b.value() / max;
            svg.append("<g class=\"bar\" data-value=\"").append(b.value()).append("\">");
            svg.append("<text x=\"0\" y=\"").append(y + 14).append("\" class=\"label\">").append(xml(b.label())).append("</text>");
            svg.append("<rect x=\"0\" y=\"").append(y + 20).append("\" width=\"").append(num(w)).append("\" height=\"16\" fill=\"")
                    .append(COLOURS[0]).append("\"/>");
            svg.append("<text x=\"").append(num(w + 6)).append("\" y=\"").append(y + 33).append("\" class=\"value\">").append(b.value())
                    .append("</text></g>");
            y += BAR_ROW;
        }
        if (bars.isEmpty()) {
            svg.append("<text x=\"0\" y=\"20\">No practices yet.</text>");
        }
        svg.append("</svg>");
        List<List<String>> rows = bars.stream().map(b -> List.of(b.label(), String.valueOf(b.value()))).toList();
        return new Chart(id, title, description, svg.toString(), List.of(category, "Practices"), rows);
    }

    /**
     * A line chart, one line per series over the months given, with a legend that shows each line's marker and dash. The
     * table lists only the months in which something was added.
     */
    public static Chart lines(String id, String title, String description, List<String> months, List<Series> series) {
        int max = series.stream().flatMap(s -> s.values().stream()).mapToInt(Integer::intValue).max().orElse(0);
        int top = nice(max);
        int left = 44;
        int right = WIDTH - 12;
        int plotTop = 12;
        int plotBottom = 232;
        int legendTop = plotBottom + 44;
        int height = legendTop + Math.max(1, series.size()) * 22;
        StringBuilder svg = open(id, title, description, height);
        // the value axis: five gridlines with their numbers
        for (int i = 0; i <= 4; i++) {
            double v = top * i / 4.0;
            double y = plotBottom - (plotBottom - plotTop) * i / 4.0;
            svg.append("<line x1=\"").append(left).append("\" x2=\"").append(right).append("\" y1=\"").append(num(y)).append("\" y2=\"").append(num(y))
                    .append("\" class=\"grid\" stroke=\"#767676\" stroke-width=\"").append(i == 0 ? "1.5" : "0.5").append("\"/>");
            svg.append("<text x=\"").append(left - 6).append("\" y=\"").append(num(y + 4)).append("\" text-anchor=\"end\" class=\"tick\">")
                    .append(num(v)).append("</text>");
        }
        int n = months.size();
        double step = n <= 1 ? 0 : (double) (right - left - 8) / (n - 1);
        java.util.function.IntToDoubleFunction x = i -> n <= 1 ? (left + right) / 2.0 : left + 4 + step * i;
        // at most six month labels, evenly spaced on calendar steps (every month, 2, 3, 6 months, a year, 2, 5, 10 years)
        List<Integer> labelled = ticks(months);
        for (int i : labelled) {
            // the first and last labels grow inwards, so that neither is cut at the picture's edge
            String anchor = n == 1 ? "middle" : i == 0 ? "start" : i == n - 1 ? "end" : "middle";
            double at = x.applyAsDouble(i) + (anchor.equals("start") ? -8 : anchor.equals("end") ? 8 : 0);
            svg.append("<text x=\"").append(num(at)).append("\" y=\"").append(plotBottom + 20)
                    .append("\" text-anchor=\"").append(anchor).append("\" class=\"tick\">").append(xml(months.get(i))).append("</text>");
        }
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String colour = COLOURS[s % COLOURS.length];
            String dash = DASHES[s % DASHES.length];
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double y = plotBottom - (top == 0 ? 0 : (double) (plotBottom - plotTop) * line.values().get(i) / top);
                points.append(i == 0 ? "" : " ").append(num(x.applyAsDouble(i))).append(',').append(num(y));
            }
            svg.append("<g class=\"series\" data-name=\"").append(xml(line.name())).append("\">");
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2.5\"")
                    .append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"").append(" points=\"").append(points).append("\"/>");
            // a marker where the count changed (and at both ends), so that long flat stretches stay uncluttered
            for (int i = 0; i < n; i++) {
                boolean changed = i == 0 || i == n - 1 || !line.values().get(i).equals(line.values().get(i - 1));
                if (changed) {
                    double y = plotBottom - (top == 0 ? 0 : (double) (plotBottom - plotTop) * line.values().get(i) / top);
                    svg.append(marker(s, x.applyAsDouble(i), y, colour));
                }
            }
            svg.append("</g>");
            int ly = legendTop + s * 22;
            svg.append("<g class=\"legend\"><line x1=\"0\" x2=\"36\" y1=\"").append(ly).append("\" y2=\"").append(ly).append("\" stroke=\"")
                    .append(colour).append("\" stroke-width=\"2.5\"").append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"").append("/>")
                    .append(marker(s, 18, ly, colour)).append("<text x=\"44\" y=\"").append(ly + 5).append("\" class=\"label\">").append(xml(line.name()))
                    .append(" (").append(line.values().isEmpty() ? 0 : line.values().get(n - 1)).append(")</text></g>");
        }
        if (series.isEmpty()) {
            svg.append("<text x=\"").append(left + 8).append("\" y=\"").append(plotBottom - 20).append("\">No practices yet.</text>");
        }
        svg.append("</svg>");
        List<String> columns = new ArrayList<>();
        columns.add("Month");
        series.forEach(s -> columns.add(s.name()));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int at = i;
            if (i > 0 && series.stream().allMatch(s -> s.values().get(at).equals(s.values().get(at - 1)))) {
                continue;
            }
            List<String> row = new ArrayList<>();
            row.add(months.get(i));
            for (Series s : series) {
                int now = s.values().get(i);
                int added = now - (i == 0 ? 0 : s.values().get(i - 1));
                row.add(added == 0 ? String.valueOf(now) : now + " (+" + added + ")");
            }
            rows.add(row);
        }
        return new Chart(id, title, description, svg.toString(), List.copyOf(columns), List.copyOf(rows));
    }

    /** The calendar steps the time axis labels, in months. */
    private static final int[] STEPS = {1, 2, 3, 6, 12, 24, 60, 120, 240, 600};
    static final int MAX_TICKS = 6;

    /**
     * The positions of the month labels: the smallest calendar step that labels at most {@link #MAX_TICKS} months, on
     * months that step divides (January for a year or more, January, April, July and October for three months): equal
     * gaps between every two labels, so the axis reads evenly. Labels that are not months ("MMM yyyy") count from the
     * first.
     */
    static List<Integer> ticks(List<String> months) {
        int n = months.size();
        int offset = 0;
        if (n > 0) {
            try {
                YearMonth first = YearMonth.parse(months.get(0), MONTH);
                offset = first.getYear() * 12 + first.getMonthValue() - 1;
            } catch (java.time.format.DateTimeParseException e) {
                offset = 0;
            }
        }
        for (int step : STEPS) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if ((offset + i) % step == 0) {
                    out.add(i);
                }
            }
            if (out.size() <= MAX_TICKS && (!out.isEmpty() || n == 0)) {
                return out;
            }
            if (out.isEmpty()) {
                // a short span none of whose months falls on the step: its first month alone
                return List.of(0);
            }
        }
        return List.of(0);
    }

    private static StringBuilder open(String id, String title, String description, int height) {
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-").append(xml(id)).append("\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(height).append("\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-labelledby=\"chart-").append(xml(id)).append("-title chart-").append(xml(id)).append("-desc\">");
        svg.append("<title id=\"chart-").append(xml(id)).append("-title\">").append(xml(title)).append("</title>");
        svg.append("<desc id=\"chart-").append(xml(id)).append("-desc\">").append(xml(description)).append("</desc>");
        return svg;
    }

    /** A different shape for each series: circle, square, triangle, diamond, then the same hollow. */
    private static String marker(int series, double x, double y, String colour) {
        String fill = series % 8 < 4 ? colour : "#fff";
        String common = " fill=\"" + fill + "\" stroke=\"" + colour + "\" stroke-width=\"2\"";
        return switch (series % 4) {
            case 0 -> "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"4.5\"" + common + "/>";
            case 1 -> "<rect x=\"" + num(x - 4) + "\" y=\"" + num(y - 4) + "\" width=\"8\" height=\"8\"" + common + "/>";
            case 2 -> "<polygon points=\"" + num(x) + "," + num(y - 5) + " " + num(x + 5) + "," + num(y + 4) + " " + num(x - 5) + "," + num(y + 4) + "\""
                    + common + "/>";
            default -> "<polygon points=\"" + num(x) + "," + num(y - 5.5) + " " + num(x + 5.5) + "," + num(y) + " " + num(x) + "," + num(y + 5.5) + " "
                    + num(x - 5.5) + "," + num(y) + "\"" + common + "/>";
        };
    }

    /** The axis' top: four gridlines at a round step (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) that reach the maximum. */
    static int nice(int max) {
        int need = Math.max(1, (max + 3) / 4);
        if (need <= 10) {
            return 4 * need;
        }
        long p = 1;
        while (p * 10 <= need) {
            p *= 10;
        }
        for (int m : new int[] {10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100}) {
            if (p * m / 10 >= need) {
                return (int) (4 * p * m / 10);
            }
        }
        return (int) (40 * p);
    }

    private static String num(double d) {
        if (d == Math.rint(d)) {
            return String.valueOf((long) d);
        }
        return String.format(Locale.ROOT, "%.1f", d);
    }

    /** Text and attribute values for XML and HTML alike. */
    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // characters XML 1.0 forbids (control characters) would make the SVG unreadable: left out
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
