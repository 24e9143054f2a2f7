package org.practicehub.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.practicehub.publish.depository.PracticeIndex.Entry;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The SVG charts as XML: well-formed, named for assistive technology, bars proportional, partner values escaped. */
class ChartsTest {

    static Entry entry(String id, String published, Set<String> themes, Set<Integer> gcm, Map<String, Instant> since) {
        return new Entry(id, Instant.parse(published), Instant.parse(published), themes, Set.of(), Set.of(), Set.of(), gcm, Set.of(), since.keySet(),
                " " + id + " ", since);
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> elements(Document d, String tag) {
        NodeList n = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            out.add((Element) n.item(i));
        }
        return out;
    }

    @Test
    void barsAreProportionalAndLabelledAsText() throws Exception {
        Charts.Chart c = Charts.bars("t", "Practices per theme", "How many", "Theme",
                List.of(new Charts.Bar("Recruitment", 8), new Charts.Bar("Remittances", 4), new Charts.Bar("Data", 1), new Charts.Bar("None", 0)));
        Document d = parse(c.svg());
        Element svg = d.getDocumentElement();
        assertThat(svg.getAttribute("role")).isEqualTo("img");
        assertThat(svg.getAttribute("aria-labelledby")).isEqualTo("chart-t-title chart-t-desc");
        assertThat(elements(d, "title").get(0).getAttribute("id")).isEqualTo("chart-t-title");
        assertThat(elements(d, "title").get(0).getTextContent()).isEqualTo("Practices per theme");
        assertThat(elements(d, "desc").get(0).getAttribute("id")).isEqualTo("chart-t-desc");

        List<Element> rects = elements(d, "rect");
        assertThat(rects).hasSize(4);
        double full = Double.parseDouble(rects.get(0).getAttribute("width"));
        assertThat(full).isEqualTo(Charts.WIDTH - 56.0);
        assertThat(Double.parseDouble(rects.get(1).getAttribute("width"))).isCloseTo(full / 2, within(0.1));
        assertThat(Double.parseDouble(rects.get(2).getAttribute("width"))).isCloseTo(full / 8, within(0.1));
        assertThat(Double.parseDouble(rects.get(3).getAttribute("width"))).isZero();
        // the label and the number are text in the picture, not a colour to decode
        List<String> texts = elements(d, "text").stream().map(Element::getTextContent).toList();
        assertThat(texts).containsSubsequence("Recruitment", "8", "Remittances", "4", "Data", "1", "None", "0");
        assertThat(c.rows()).containsExactly(List.of("Recruitment", "8"), List.of("Remittances", "4"), List.of("Data", "1"), List.of("None", "0"));
        assertThat(c.columns()).containsExactly("Theme", "Practices");
    }

    @Test
    void partnerValuesAreEscaped() throws Exception {
        String evil = "<script>alert(1)</script> & \"quoted\" 'x' \u0007bell";
        Charts.Chart bars = Charts.bars("e", "T <b>", "D & d", "Theme", List.of(new Charts.Bar(evil, 2)));
        Document d = parse(bars.svg());
        assertThat(bars.svg()).doesNotContain("<script>").doesNotContain("<b>");
        assertThat(elements(d, "script")).isEmpty();
        assertThat(elements(d, "text").get(0).getTextContent()).isEqualTo("<script>alert(1)</script> & \"quoted\" 'x' bell");
        assertThat(elements(d, "title").get(0).getTextContent()).isEqualTo("T <b>");

        Charts.Chart lines = Charts.lines("l", "Over time", "d", List.of("Jan 2024", "Feb 2024"),
                List.of(new Charts.Series("Net\"work <x>", List.of(1, 2))));
        Document l = parse(lines.svg());
        assertThat(elements(l, "g").stream().filter(g -> g.getAttribute("class").equals("series")).findFirst().orElseThrow().getAttribute("data-name"))
                .isEqualTo("Net\"work <x>");
        assertThat(elements(l, "text").stream().map(Element::getTextContent)).contains("Net\"work <x> (2)");
    }

    @Test
    void statsCountEachNetworkByTheMonthItFirstHadAPractice() throws Exception {
        List<Entry> entries = List.of(
                entry("a", "2024-01-05T00:00:00Z", Set.of("recruitment"), Set.of(6),
                        Map.of("AP-MagNet", Instant.parse("2024-01-05T00:00:00Z"), "Migration Network Hub", Instant.parse("2024-03-01T00:00:00Z"))),
                entry("b", "2024-01-20T00:00:00Z", Set.of("recruitment", "remittances and financial inclusion"), Set.of(6, 20),
                        Map.of("AP-MagNet", Instant.parse("2024-01-20T00:00:00Z"))),
                entry("c", "2024-04-02T00:00:00Z", Set.of("data and evidence"), Set.of(1),
                        Map.of("Migration Network Hub", Instant.parse("2024-04-02T00:00:00Z"))));
        Charts.Stats s = Charts.stats(entries);
        assertThat(s.practices()).isEqualTo(3);
        assertThat(s.networks()).isEqualTo(2);
        assertThat(s.charts()).extracting(Charts.Chart::id).containsExactly("over-time", "by-theme", "by-gcm", "by-region");
        // no country and no region: counted in the unknown region, not left out
        assertThat(s.charts().get(3).rows()).containsExactly(List.of("Unknown region", "3"));

        Charts.Chart time = s.charts().get(0);
        assertThat(time.columns()).containsExactly("Month", "AP-MagNet", "Migration Network Hub");
        // months without a change are left out of the table; each cell is the running total and what the month added
        assertThat(time.rows()).containsExactly(List.of("Jan 2024", "2 (+2)", "0"), List.of("Mar 2024", "2", "1 (+1)"),
                List.of("Apr 2024", "2", "2 (+1)"));
        Document d = parse(time.svg());
        List<Element> lines = elements(d, "polyline");
        assertThat(lines).hasSize(2);
        // four months on the axis, Jan to Apr, one point each
        assertThat(lines.get(0).getAttribute("points").split(" ")).hasSize(4);
        // the lines differ by dash (and marker shape), not only by colour
        assertThat(lines.get(0).getAttribute("stroke-dasharray")).isEmpty();
        assertThat(lines.get(1).getAttribute("stroke-dasharray")).isNotEmpty();
        assertThat(elements(d, "circle")).isNotEmpty();
        assertThat(elements(d, "rect")).isNotEmpty();

        Charts.Chart themes = s.charts().get(1);
        assertThat(themes.rows()).containsExactly(List.of("Recruitment", "2"), List.of("Data and evidence", "1"),
                List.of("Remittances and financial inclusion", "1"));
        Charts.Chart gcm = s.charts().get(2);
        assertThat(gcm.rows()).hasSize(23);
        assertThat(gcm.rows().get(0)).containsExactly("1. Data", "1");
        assertThat(gcm.rows().get(5)).containsExactly("6. Fair recruitment", "2");
        assertThat(gcm.rows().get(19)).containsExactly("20. Remittances", "1");
        assertThat(gcm.rows().get(22)).containsExactly("23. Cooperation", "0");
        parse(gcm.svg());
    }

    /** A network's month is its earliest published date, but never later than when the hub first read the record. */
    @Test
    void eachNetworksMonthComesFromItsOwnRecords() {
        Instant seen = Instant.parse("2024-05-10T00:00:00Z");
        org.practicehub.model.Practice p = new org.practicehub.model.Practice(1, "x", "X", null, null, null, null, null, null, null, null, null, null,
                List.of("recruitment"), null, null, null, null, null, null, "en",
                List.of(provenance("AP-MagNet", "2019-02-01T00:00:00Z", seen), provenance("AP-MagNet", "2020-01-01T00:00:00Z", seen),
                        provenance("Migration Network Hub", "2099-01-01T00:00:00Z", seen), provenance("Peer Learning", null, seen)),
                null, seen, seen);
        Entry e = org.practicehub.publish.depository.PracticeIndex.entry(p);
        assertThat(e.since()).containsEntry("AP-MagNet", Instant.parse("2019-02-01T00:00:00Z")).containsEntry("Migration Network Hub", seen)
                .containsEntry("Peer Learning", seen);
        assertThat(Charts.stats(List.of(e)).charts().get(0).rows().get(0)).containsExactly("Feb 2019", "1 (+1)", "0", "0");
    }

    static org.practicehub.model.Practice.Provenance provenance(String network, String published, Instant seen) {
        return new org.practicehub.model.Practice.Provenance(network, "s", "r", null, published == null ? null : Instant.parse(published), null, seen,
                seen, null, null, null);
    }

    @Test
    void anEmptyDepositoryDrawsChartsThatSaySo() throws Exception {
        Charts.Stats s = Charts.stats(List.of());
        for (Charts.Chart c : s.charts()) {
            Document d = parse(c.svg());
            assertThat(d.getDocumentElement().getAttribute("role")).isEqualTo("img");
        }
        assertThat(s.charts().get(0).svg()).contains("No practices yet.");
        assertThat(s.charts().get(1).svg()).contains("No practices yet.");
    }

    @Test
    void theValueAxisEndsOnARoundNumber() {
        assertThat(Charts.nice(0)).isEqualTo(4);
        assertThat(Charts.nice(3)).isEqualTo(4);
        assertThat(Charts.nice(7)).isEqualTo(8);
        assertThat(Charts.nice(23)).isEqualTo(24);
        assertThat(Charts.nice(41)).isEqualTo(48);
        assertThat(Charts.nice(1000)).isEqualTo(1000);
        assertThat(Charts.nice(99_999)).isEqualTo(100_000);
    }

    @Test
    void timeTicksAreEvenlySpacedOnCalendarSteps() {
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("MMM yyyy", java.util.Locale.ENGLISH);
        for (int span : new int[] {1, 2, 5, 7, 13, 17, 25, 40, 61, 130, 400}) {
            List<String> months = new java.util.ArrayList<>();
            for (java.time.YearMonth m = java.time.YearMonth.of(2019, 5); months.size() < span; m = m.plusMonths(1)) {
                months.add(f.format(m));
            }
            List<Integer> ticks = Charts.ticks(months);
            assertThat(ticks).as("span %d", span).isNotEmpty().hasSizeLessThanOrEqualTo(Charts.MAX_TICKS);
            java.util.Set<Integer> gaps = new java.util.HashSet<>();
            for (int i = 1; i < ticks.size(); i++) {
                gaps.add(ticks.get(i) - ticks.get(i - 1));
            }
            assertThat(gaps).as("span %d: %s", span, ticks).hasSizeLessThanOrEqualTo(1);
        }
        // a year or more a tick: every tick is a January
        List<String> years = new java.util.ArrayList<>();
        for (java.time.YearMonth m = java.time.YearMonth.of(2015, 3); years.size() < 90; m = m.plusMonths(1)) {
            years.add(f.format(m));
        }
        assertThat(Charts.ticks(years)).allSatisfy(i -> assertThat(years.get(i)).startsWith("Jan"));
    }

    @Test
    void aNetworksDateIsPublishedElseUpdatedElseFirstSeen() {
        java.time.Instant seen = java.time.Instant.parse("2026-11-01T00:00:00Z");
        java.time.Instant published = java.time.Instant.parse("2021-03-01T00:00:00Z");
        java.time.Instant updated = java.time.Instant.parse("2022-06-01T00:00:00Z");
        assertThat(org.practicehub.publish.depository.PracticeIndex.added(dated(published, updated, seen), seen)).isEqualTo(published);
        assertThat(org.practicehub.publish.depository.PracticeIndex.added(dated(null, updated, seen), seen)).isEqualTo(updated);
        assertThat(org.practicehub.publish.depository.PracticeIndex.added(dated(null, null, seen), seen)).isEqualTo(seen);
        // the record's own first sight, else the practice's
        assertThat(org.practicehub.publish.depository.PracticeIndex.added(dated(null, null, null), seen)).isEqualTo(seen);
        // a partner's date after the hub first read the record (the future) gives way to that
        assertThat(org.practicehub.publish.depository.PracticeIndex.added(dated(null, java.time.Instant.parse("2030-01-01T00:00:00Z"), seen), seen))
                .isEqualTo(seen);
    }

    private static org.practicehub.model.Practice.Provenance dated(java.time.Instant published, java.time.Instant updated, java.time.Instant seen) {
        return new org.practicehub.model.Practice.Provenance("N", "n", "r", null, published, updated, seen, seen, null, null, null);
    }
}
