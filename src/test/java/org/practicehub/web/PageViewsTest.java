package org.practicehub.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.practicehub.model.Practice;
import org.practicehub.publish.depository.PracticeIndex;
import org.practicehub.publish.depository.PracticeIndex.Entry;
import org.practicehub.publish.depository.PracticeIndex.Facet;

import static org.assertj.core.api.Assertions.assertThat;

/** The member pages' view models, without HTTP or templates. */
class PageViewsTest {

    static Entry entry(String id, int n, Set<String> themes, Set<String> networks) {
        return new Entry(id, Instant.ofEpochSecond(n), Instant.ofEpochSecond(n), themes, Set.of("PH"), Set.of(), Set.of(), Set.of(), Set.of(),
                networks, " " + id + " ");
    }

    static PracticeIndex.Snapshot snapshot(List<Entry> entries) {
        Map<Facet, Map<Object, BitSet>> inv = new HashMap<>();
        for (Facet f : Facet.values()) {
            inv.put(f, new HashMap<>());
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            for (String t : e.themes()) {
                inv.get(Facet.THEME).computeIfAbsent(t, k -> new BitSet()).set(i);
            }
            for (String c : e.countries()) {
                inv.get(Facet.COUNTRY).computeIfAbsent(c, k -> new BitSet()).set(i);
            }
            for (String n : e.networks()) {
                inv.get(Facet.NETWORK).computeIfAbsent(n.toLowerCase(), k -> new BitSet()).set(i);
            }
        }
        return new PracticeIndex.Snapshot(1, entries, inv);
    }

    static List<Practice> load(List<String> ids) {
        List<Practice> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new Practice(1, id, "Title " + id, "Summary", null, null, new Practice.GeographicScope("national", List.of("PH"), null), null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null,
                    List.of(new Practice.Provenance("AP-MagNet", "apmagnet", id, "https://x/" + id, null, null, null, null, null, null, null)),
                    null, null, null));
        }
        return out;
    }

    @Test
    void countsAreTheSelectionAndEachValueAndLinksToggle() {
        PracticeIndex.Snapshot s = snapshot(List.of(entry("a", 1, Set.of("recruitment"), Set.of("AP-MagNet")),
                entry("b", 2, Set.of("recruitment", "remittances"), Set.of("Migration Network Hub")),
                entry("c", 3, Set.of("remittances"), Set.of("AP-MagNet"))));
        PageViews.Browse all = PageViews.browse("", PracticeQuery.parse(""), s, PageViewsTest::load);
        assertThat(all.total()).isEqualTo(3);
        PageViews.FacetGroup themes = all.facets().stream().filter(g -> g.param().equals("theme")).findFirst().orElseThrow();
        assertThat(themes.values()).extracting(PageViews.FacetValue::label, PageViews.FacetValue::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Recruitment", 2), org.assertj.core.groups.Tuple.tuple("Remittances", 2));
        assertThat(themes.values().get(0).href()).isEqualTo("/practices?theme=recruitment");

        String raw = "network=AP-MagNet&q=c";
        PageViews.Browse narrowed = PageViews.browse(raw, PracticeQuery.parse(raw), s, PageViewsTest::load);
        assertThat(narrowed.total()).isEqualTo(1);
        assertThat(narrowed.hits()).extracting(PageViews.Hit::id).containsExactly("c");
        PageViews.FacetValue ap = narrowed.facets().stream().filter(g -> g.param().equals("network")).findFirst().orElseThrow().values().get(0);
        assertThat(ap.selected()).isTrue();
        assertThat(ap.href()).isEqualTo("/practices?q=c");
        assertThat(narrowed.keep()).containsExactly(new PageViews.Param("network", "AP-MagNet"));
        assertThat(narrowed.hits().get(0).countries()).containsExactly("Philippines");
    }

    @Test
    void pagingLinksCarryTheCursorAndTheFilters() {
        PracticeIndex.Snapshot s = snapshot(List.of(entry("a", 1, Set.of("recruitment"), Set.of("N")), entry("b", 2, Set.of("recruitment"), Set.of("N")),
                entry("c", 3, Set.of("recruitment"), Set.of("N"))));
        String raw = "theme=recruitment&limit=2";
        PageViews.Browse first = PageViews.browse(raw, PracticeQuery.parse(raw), s, PageViewsTest::load);
        assertThat(first.hits()).extracting(PageViews.Hit::id).containsExactly("a", "b");
        assertThat(first.next()).startsWith("/practices?theme=recruitment&limit=2&cursor=");
        String nextQuery = first.next().substring("/practices?".length());
        PageViews.Browse second = PageViews.browse(nextQuery, PracticeQuery.parse(nextQuery), s, PageViewsTest::load);
        assertThat(second.hits()).extracting(PageViews.Hit::id).containsExactly("c");
        assertThat(second.next()).isNull();
    }

    @Test
    void theDetailListsPresentFieldsAndEverySource() {
        PageViews.Detail d = PageViews.detail(load(List.of("x")).get(0));
        assertThat(d.fields()).extracting(PageViews.Field::label).containsExactly("Geographic scope", "Countries", "Regions");
        // each country and the regions it lies in (M49) link to the practices sharing them
        assertThat(d.fields().get(1).hrefs()).containsExactly("/practices?country=PH");
        assertThat(d.fields().get(2).values()).containsExactly("Asia", "South-eastern Asia");
        assertThat(d.fields().get(2).hrefs()).containsExactly("/practices?region=142", "/practices?region=035");
        assertThat(d.sources()).singleElement().satisfies(src -> {
            assertThat(src.network()).isEqualTo("AP-MagNet");
            assertThat(src.url()).isEqualTo("https://x/x");
        });
    }

    @Test
    void onlyHttpLinksOfAPartnerAreFollowable() {
        assertThat(PageViews.safeUrl("https://example.org/a?b=c")).isEqualTo("https://example.org/a?b=c");
        assertThat(PageViews.safeUrl(" http://example.org/ ")).isEqualTo("http://example.org/");
        for (String bad : new String[] {"javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "//example.org", "/relative", "http://",
                "https://exa mple.org", "https://example.org/\"onmouseover=x", "file:///etc/passwd", "mailto:a@b.c", null, ""}) {
            assertThat(PageViews.safeUrl(bad)).as(bad).isNull();
        }
    }
}
