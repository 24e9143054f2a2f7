package org.practicehub.web;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.practicehub.mapping.M49;
import org.practicehub.mapping.Vocabularies;
import org.practicehub.publish.depository.PracticeIndex;
import org.practicehub.publish.depository.PracticeIndex.Entry;
import org.practicehub.publish.search.View;

/**
 * The matrix of programmes: regions (UN M49 sub-regions) or countries as rows, the migration phases as columns
 * (vocabularies/phases.yaml, in their order), each cell the practices of that place and phase: AP-MagNet's "matrix of
 * reintegration programmes in the region". Filtered like the browse page (theme, network...). A practice whose place is
 * not known is in the "Unknown region" row, one with no phase in the "Phase not given" column: counted, never dropped.
 */
public final class MatrixViews {

    private MatrixViews() {}

    /** How many practices a cell lists on the page; the rest are a link to the browse page. */
    static final int SHOWN = 8;
    static final String NO_PHASE = "";
    static final String NO_PHASE_LABEL = "Phase not given";

    public record Column(String key, String label) {}

    /** One cell: how many, the first few as links, and the browse page with all of them when there are more. */
    public record Cell(int count, List<PageViews.Link> practices, String all) {}

    public record Row(String key, String label, String href, int total, List<Cell> cells) {}

    public record Matrix(String by, String heading, List<Column> columns, List<Row> rows, int total, List<PageViews.Option> themes,
            List<PageViews.Option> networks, String csv, String reintegration) {}

    /** The parameters only the matrix reads. */
    static final java.util.Set<String> OWN = java.util.Set.of("rows");

    /** The raw query without the matrix's own parameters, for PracticeQuery. */
    public static String filtersOnly(String rawQuery) {
        if (rawQuery == null || rawQuery.isBlank()) {
            return rawQuery;
        }
        StringBuilder b = new StringBuilder();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (!OWN.contains(eq < 0 ? pair : pair.substring(0, eq))) {
                b.append(b.length() == 0 ? "" : "&").append(pair);
            }
        }
        return b.toString();
    }

    /** Practice positions by row and column, rows in label order (the unknown row last). */
    record Grid(String by, List<Column> columns, Map<String, Map<String, List<Integer>>> cells, int total) {}

    static Grid grid(String rawQuery, PracticeQuery q, PracticeIndex.Snapshot s) {
        Map<String, List<String>> params = PageViews.params(rawQuery);
        String by = params.getOrDefault("rows", List.of("region")).get(0).toLowerCase(Locale.ROOT);
        if (!by.equals("region") && !by.equals("country")) {
            throw PracticeQuery.bad("rows must be region or country");
        }
        java.util.BitSet selection = q.select(s);
        Map<String, Map<String, List<Integer>>> cells = new TreeMap<>();
        boolean unphased = false;
        for (int i = selection.nextSetBit(0); i >= 0; i = selection.nextSetBit(i + 1)) {
            Entry e = s.entries().get(i);
            List<String> rows = by.equals("region") ? M49.rows(e.regions()) : e.countries().isEmpty() ? List.of(M49.UNKNOWN) : List.copyOf(e.countries());
            List<String> phases = e.phases().isEmpty() ? List.of(NO_PHASE) : List.copyOf(e.phases());
            unphased |= e.phases().isEmpty();
            for (String r : rows) {
                for (String ph : phases) {
                    cells.computeIfAbsent(r, k -> new LinkedHashMap<>()).computeIfAbsent(ph, k -> new ArrayList<>()).add(i);
                }
            }
        }
        List<Column> columns = new ArrayList<>();
        Vocabularies.PHASES.forEach(p -> columns.add(new Column(p, PageViews.capitalise(p))));
        if (unphased) {
            columns.add(new Column(NO_PHASE, NO_PHASE_LABEL));
        }
        return new Grid(by, columns, cells, selection.cardinality());
    }

    static String rowLabel(String by, String key) {
        if (M49.UNKNOWN.equals(key)) {
            return by.equals("region") ? M49.UNKNOWN_LABEL : "Unknown country";
        }
        return by.equals("region") ? M49.label(key) : PageViews.countryName(key);
    }

    public static Matrix matrix(String rawQuery, PracticeQuery q, PracticeIndex.Snapshot s) {
        Grid g = grid(rawQuery, q, s);
        Map<String, List<String>> params = PageViews.params(filtersOnly(rawQuery));
        params.remove("cursor");
        params.remove("limit");
        List<Integer> shown = new ArrayList<>();
        g.cells().values().forEach(byPhase -> byPhase.values().forEach(ps -> shown.addAll(ps.subList(0, Math.min(SHOWN, ps.size())))));
        Map<Integer, String> titles = new java.util.HashMap<>();
        View v = s.search();
        if (v != null) {
            v.stored(shown).forEach(st -> titles.put(st.position(), st.title()));
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<Integer>>> r : g.cells().entrySet()) {
            String rowParam = g.by().equals("region") ? "region" : "country";
            boolean linkable = g.by().equals("region") || !M49.UNKNOWN.equals(r.getKey());
            Map<String, List<String>> rowFilter = new LinkedHashMap<>(params);
            if (linkable) {
                rowFilter.put(rowParam, List.of(r.getKey()));
            }
            List<Cell> cells = new ArrayList<>();
            java.util.Set<Integer> inRow = new java.util.HashSet<>();
            for (Column c : g.columns()) {
                List<Integer> ps = r.getValue().getOrDefault(c.key(), List.of());
                inRow.addAll(ps);
                List<PageViews.Link> links = ps.stream().limit(SHOWN).map(p -> new PageViews.Link("/practices/" + s.entries().get(p).id(),
                        titles.getOrDefault(p, s.entries().get(p).id()))).toList();
                String all = null;
                if (ps.size() > SHOWN && linkable && !c.key().equals(NO_PHASE)) {
                    Map<String, List<String>> f = new LinkedHashMap<>(rowFilter);
                    f.put("phase", List.of(c.key()));
                    all = "/practices" + PageViews.query(f);
                }
                cells.add(new Cell(ps.size(), links, all));
            }
            rows.add(new Row(r.getKey(), rowLabel(g.by(), r.getKey()), linkable ? "/practices" + PageViews.query(rowFilter) : null, inRow.size(), cells));
        }
        rows.sort(Comparator.comparing((Row r) -> M49.UNKNOWN.equals(r.key())).thenComparing(r -> org.practicehub.mapping.Text.fold(r.label())));
        List<String> themes = first(params, "theme");
        List<PageViews.Option> themeOptions = new ArrayList<>();
        themeOptions.add(new PageViews.Option("", "All themes", themes.isEmpty()));
        s.inverted().getOrDefault(PracticeIndex.Facet.THEME, Map.of()).keySet().stream().map(Object::toString).sorted()
                .forEach(t -> themeOptions.add(new PageViews.Option(t, PageViews.capitalise(t), q.themes().contains(t))));
        List<PageViews.Option> networkOptions = new ArrayList<>();
        networkOptions.add(new PageViews.Option("", "All networks", q.networks().isEmpty()));
        java.util.Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        s.entries().forEach(e -> names.addAll(e.networks()));
        names.forEach(n -> networkOptions.add(new PageViews.Option(n, n, q.networks().contains(n.toLowerCase(Locale.ROOT)))));
        String heading = g.by().equals("region") ? "Region" : "Country";
        String raw = rawQuery == null ? "" : rawQuery;
        Map<String, List<String>> reintegration = new LinkedHashMap<>();
        reintegration.put("rows", List.of(g.by()));
        reintegration.put("theme", List.of("reintegration"));
        return new Matrix(g.by(), heading, g.columns(), rows, g.total(), themeOptions, networkOptions, "/matrix.csv" + (raw.isEmpty() ? "" : "?" + raw),
                "/matrix" + PageViews.query(reintegration));
    }

    private static List<String> first(Map<String, List<String>> params, String key) {
        return params.getOrDefault(key, List.of());
    }

    /**
     * The matrix as CSV, one line per place, phase and practice (what a spreadsheet pivots back into the grid): every
     * practice, not the page's first few. A value a spreadsheet would run as a formula is written as text.
     */
    public static String csv(String rawQuery, PracticeQuery q, PracticeIndex.Snapshot s, String publicUrl) {
        Grid g = grid(rawQuery, q, s);
        List<Integer> all = new ArrayList<>();
        g.cells().values().forEach(byPhase -> byPhase.values().forEach(all::addAll));
        Map<Integer, String> titles = new java.util.HashMap<>();
        if (s.search() != null) {
            s.search().stored(new ArrayList<>(new java.util.TreeSet<>(all))).forEach(st -> titles.put(st.position(), st.title()));
        }
        Map<String, String> phaseLabels = new LinkedHashMap<>();
        g.columns().forEach(c -> phaseLabels.put(c.key(), c.label()));
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180)) {
            p.printRecord(g.by().equals("region") ? "Region" : "Country", g.by().equals("region") ? "M49 code" : "ISO code", "Migration phase",
                    "Practice", "Link", "Networks");
            List<String> keys = new ArrayList<>(g.cells().keySet());
            keys.sort(Comparator.comparing((String k) -> M49.UNKNOWN.equals(k)).thenComparing(k -> org.practicehub.mapping.Text.fold(rowLabel(g.by(), k))));
            for (String r : keys) {
                for (Column c : g.columns()) {
                    for (int pos : g.cells().get(r).getOrDefault(c.key(), List.of())) {
                        Entry e = s.entries().get(pos);
                        p.printRecord(text(rowLabel(g.by(), r)), M49.UNKNOWN.equals(r) ? "" : r, phaseLabels.get(c.key()),
                                text(titles.getOrDefault(pos, e.id())), publicUrl + "/practices/" + e.id(),
                                text(String.join("; ", new java.util.TreeSet<>(e.networks()))));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A partner's value as CSV text: one starting like a formula (=, +, -, @, tab, return) is prefixed with a quote. */
    static String text(String v) {
        if (v == null || v.isEmpty()) {
            return "";
        }
        char c = v.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + v : v;
    }
}
