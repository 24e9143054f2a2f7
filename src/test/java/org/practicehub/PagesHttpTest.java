package org.practicehub;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;
import org.practicehub.mapping.Mapped;
import org.practicehub.model.Practice;
import org.practicehub.source.Deleted;
import org.practicehub.source.Sources;
import org.practicehub.store.PracticeStore;

import static org.assertj.core.api.Assertions.assertThat;

/** The public member pages over real HTTP on the sample sources, their HTML read with jsoup. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false"})
class PagesHttpTest {

    static final String TOKEN = "test-admin-token-pages-0123456789";
    static final List<String> LAGUNA = List.of("apmagnet/apmagnet-gp-0031", "mnh-repository/RP-2021-0088");
    @TempDir
    static Path data;
    static int port;
    static TestSupport.Props props = new TestSupport.Props();
    final HttpClient http = HttpClient.newHttpClient();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PracticeStore store;
    @BeanInject
    Sources sources;

    @BeforeAll
    static void setUp() {
        port = TestSupport.freePort();
        props.set("hub.data-dir", data.toString()).set("camel.server.port", String.valueOf(port))
                .set("hub.public-url", "http://127.0.0.1:" + port).set("hub.admin-token", TOKEN);
    }

    @AfterAll
    static void tearDown() {
        props.close();
    }

    @BeforeEach
    void ingestOnce() {
        if (store.count() == 0) {
            template.requestBody("direct:cycle", (Object) null);
        }
    }

    private HttpResponse<String> send(String method, String path, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (admin) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Document page(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, false);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        return Jsoup.parse(r.body(), "http://127.0.0.1:" + port + path);
    }

    private static int total(Document d) {
        return Integer.parseInt(d.selectFirst(".total").text());
    }

    private static String relative(Element a) {
        return a.attr("href");
    }

    @Test
    void theLayoutHasLandmarksASkipLinkAndNoScript() throws Exception {
        HttpResponse<String> home = send("GET", "/", false);
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location")).hasValue("/practices");

        Document d = page("/practices");
        assertThat(d.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(d.select("header, nav, main#main, footer")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(d.selectFirst("a.skip").attr("href")).isEqualTo("#main");
        assertThat(d.selectFirst("label[for=q]")).isNotNull();
        assertThat(d.select("script")).isEmpty();
        assertThat(send("GET", "/static/hub.css", false).body()).contains(":focus-visible");
    }

    @Test
    void facetsCountWhatFollowingThemGives() throws Exception {
        Document all = page("/practices?limit=100");
        assertThat(total(all)).isEqualTo(store.count());
        assertThat(all.select("li.hit")).hasSize(store.count());
        for (String facet : List.of("theme", "country", "region", "phase", "gcmObjective", "network")) {
            assertThat(all.select("details.facet[data-facet=" + facet + "] li.facet-value")).as(facet).isNotEmpty();
        }
        // every practice comes from at least one network: the network counts add up to the total at least
        int networks = all.select("details.facet[data-facet=network] li.facet-value").stream().mapToInt(li -> Integer.parseInt(li.attr("data-count"))).sum();
        assertThat(networks).isGreaterThanOrEqualTo(total(all));

        // each value's count is what its link gives
        for (Element li : all.select("details.facet[data-facet=network] li.facet-value, details.facet[data-facet=theme] li.facet-value")) {
            Document narrowed = page(relative(li.selectFirst("a")) + "&limit=100");
            assertThat(total(narrowed)).as(li.text()).isEqualTo(Integer.parseInt(li.attr("data-count")));
            assertThat(narrowed.select("li.hit")).hasSize(total(narrowed));
            assertThat(total(narrowed)).isLessThanOrEqualTo(total(all));
        }
        Document ap = page("/practices?network=AP-MagNet");
        assertThat(total(ap)).isEqualTo((int) store.all().stream().filter(x -> x.networks().contains("AP-MagNet")).count());
        assertThat(ap.select("li.hit .shared-by")).allSatisfy(e -> assertThat(e.text()).contains("AP-MagNet"));
        Element selected = ap.selectFirst("details.facet[data-facet=network] a[aria-current=true]");
        assertThat(selected.text()).contains("AP-MagNet");
        assertThat(total(page(relative(selected)))).isEqualTo(store.count());

        // a search keeps the facets chosen, and narrows further
        Document laguna = page("/practices?network=AP-MagNet&q=laguna");
        assertThat(total(laguna)).isEqualTo(1);
        assertThat(laguna.select("form.search input[type=hidden][name=network]").attr("value")).isEqualTo("AP-MagNet");
        assertThat(laguna.selectFirst("input#q").attr("value")).isEqualTo("laguna");
        Element hit = laguna.selectFirst("li.hit");
        assertThat(hit.selectFirst(".shared-by").text()).contains("Migration Network Hub", "AP-MagNet");
        assertThat(hit.selectFirst(".countries").text()).contains("Philippines");
        assertThat(hit.selectFirst(".summary").text()).isNotBlank();

        // paging follows the API's cursor to the end, each practice once
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        String next = "/practices?limit=6";
        while (next != null) {
            Document d = page(next);
            d.select("li.hit h3 a").forEach(a -> assertThat(seen.add(a.attr("href"))).isTrue());
            Element n = d.selectFirst("a[rel=next]");
            next = n == null ? null : relative(n);
        }
        assertThat(seen).hasSize(store.count());
    }

    @Test
    void badParametersAnswerAnHtmlPageSayingWhy() throws Exception {
        for (String bad : List.of("colour=red", "country=Atlantis", "limit=0", "cursor=bm90LWEtY3Vyc29y")) {
            HttpResponse<String> r = send("GET", "/practices?" + bad, false);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
            Document d = Jsoup.parse(r.body());
            assertThat(d.selectFirst("main .problem").text()).as(bad).isNotBlank();
            assertThat(r.body()).doesNotContain("Exception", "at org.");
        }
        assertThat(Jsoup.parse(send("GET", "/practices?country=Atlantis", false).body()).selectFirst(".problem").text()).contains("Atlantis");
        assertThat(send("GET", "/practices/ph-0000000000000000", false).statusCode()).isEqualTo(404);
    }

    @Test
    void thePracticePageShowsEveryFieldAndItsProvenance() throws Exception {
        Document list = page("/practices?q=laguna");
        Document p = page(relative(list.selectFirst("li.hit h3 a")));
        assertThat(p.selectFirst("h1").text()).containsIgnoringCase("Laguna");
        assertThat(p.selectFirst("article .shared-by").text()).startsWith("Shared by: ").contains("Migration Network Hub", "AP-MagNet");
        List<Element> sources = p.select(".provenance li.source");
        assertThat(sources).hasSize(2);
        assertThat(sources).allSatisfy(s -> {
            assertThat(s.selectFirst("a.network").attr("href")).startsWith("http");
            assertThat(s.selectFirst(".dates").text()).contains("first seen here");
        });
        assertThat(p.select(".provenance .network").eachText()).containsExactlyInAnyOrder("Migration Network Hub", "AP-MagNet");
        assertThat(p.select("dl.fields dt").eachText()).contains("Countries", "Themes", "Partners");
    }

    @Test
    void aHostilePartnerValueIsEscaped() throws Exception {
        Practice base = store.all().get(0);
        Practice hostile = new Practice(1, null, "Safe <script>alert('title')</script> practice", "A summary with <img src=x onerror=alert(1)>",
                null, null, base.geographicScope(), List.of(new Practice.Organisation("<script>alert('partner')</script>", null, null)), null, null,
                null, null, null, List.of("recruitment"), null, null, null, null, null, null, "en", List.of(), null, null, null);
        var src = sources.get("apmagnet");
        store.save(src, new Mapped("hostile-1", "https://example.org/hostile", null, null, hostile));
        String id = PracticeStore.practiceId("apmagnet", "hostile-1");

        HttpResponse<String> r = send("GET", "/practices/" + id, false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("<script>", "<img src=x").contains("&lt;script&gt;alert(");
        Document d = Jsoup.parse(r.body());
        assertThat(d.select("script, img")).isEmpty();
        assertThat(d.selectFirst("h1").text()).isEqualTo("Safe <script>alert('title')</script> practice");
        assertThat(d.select("dl.fields dd").eachText()).contains("<script>alert('partner')</script>");

        HttpResponse<String> list = send("GET", "/practices?q=safe", false);
        assertThat(list.body()).doesNotContain("<script>");
        assertThat(Jsoup.parse(list.body()).select("script")).isEmpty();
    }

    /** The depository in numbers: the charts say what the facets say, their numbers are a table too, and they follow changes. */
    @Test
    void theStatsPageDrawsTheFacetsAsChartsWithTheirNumbers() throws Exception {
        Document browse = page("/practices?limit=1");
        Document stats = page("/stats");
        assertThat(stats.select("header nav a[href=/stats]")).hasSize(1);
        assertThat(stats.selectFirst("h1").text()).isEqualTo("The depository in numbers");
        assertThat(total(stats)).isEqualTo(total(browse));
        assertThat(stats.select("script")).isEmpty();
        assertThat(stats.select("section.chart-block h2").eachText()).containsExactly("Practices per network over time", "Practices per theme",
                "Practices per GCM objective", "Practices per region");
        for (Element svg : stats.select("section.chart-block svg")) {
            assertThat(svg.attr("role")).isEqualTo("img");
            for (String id : svg.attr("aria-labelledby").split(" ")) {
                assertThat(stats.getElementById(id)).as(id).isNotNull();
                assertThat(stats.getElementById(id).text()).isNotBlank();
            }
        }
        // the theme chart's table holds the theme facet's counts
        java.util.Map<String, String> facet = new java.util.HashMap<>();
        browse.select("details.facet[data-facet=theme] li.facet-value").forEach(li -> facet.put(li.selectFirst(".label").text(), li.attr("data-count")));
        java.util.Map<String, String> table = new java.util.HashMap<>();
        stats.select("#h-by-theme ~ details tbody tr").forEach(tr -> table.put(tr.selectFirst("th").text(), tr.selectFirst("td").text()));
        assertThat(table).isEqualTo(facet).isNotEmpty();
        // each network's line ends at its facet count (the legend says it, the table's last row too)
        for (Element li : browse.select("details.facet[data-facet=network] li.facet-value")) {
            String name = li.selectFirst(".label").text();
            assertThat(stats.select("#chart-over-time g.legend text").eachText()).contains(name + " (" + li.attr("data-count") + ")");
        }
        Element lastRow = stats.select("#h-over-time ~ details tbody tr").last();
        assertThat(lastRow.select("td").eachText().stream().mapToInt(t -> Integer.parseInt(t.split(" ")[0])).sum())
                .isEqualTo(browse.select("details.facet[data-facet=network] li.facet-value").stream().mapToInt(li -> Integer.parseInt(li.attr("data-count"))).sum());
        assertThat(stats.select("#h-by-gcm ~ details tbody tr")).hasSize(23);

        // a new practice shows on the next request: the charts are drawn again for the index's new generation
        Practice base = store.all().get(0);
        Practice more = new Practice(1, null, "Stats counts this one", null, null, null, base.geographicScope(), null, null,
                new Practice.GcmObjectives(List.of(22), null), null, null, null, List.of("consular services"), null, null, null, null, null, null, "en",
                List.of(), null, null, null);
        store.save(sources.get("apmagnet"), new Mapped("stats-1", "https://example.org/stats-1", null, null, more));
        Document after = page("/stats");
        assertThat(total(after)).isEqualTo(total(stats) + 1);
        assertThat(after.select("#h-by-gcm ~ details tbody tr").get(21).select("td").text())
                .isEqualTo(String.valueOf(Integer.parseInt(stats.select("#h-by-gcm ~ details tbody tr").get(21).select("td").text()) + 1));
    }

    @Test
    void aMergedPracticeMovesAndAWithdrawnOneIsGone() throws Exception {
        // split the Laguna pair the matcher merged, then merge it again by decision: the other id now redirects
        String laguna = store.all().stream().filter(x -> x.sources().size() == 2).findFirst().orElseThrow().id();
        assertThat(send("POST", "/api/practices/" + laguna + "/split", true).statusCode()).isEqualTo(200);
        JsonNode apart = TestSupport.JSON.readTree(send("GET", "/api/review?status=apart", true).body());
        long pairId = apart.get(0).get("pairId").asLong();
        HttpResponse<String> decided = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/review/" + pairId))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString("{\"decision\": \"merge\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        String survivor = TestSupport.JSON.readTree(decided.body()).get("practices").get(0).asText();
        String gone = LAGUNA.stream().map(r -> PracticeStore.practiceId(r.split("/")[0], r.split("/")[1])).filter(x -> !x.equals(survivor))
                .findFirst().orElseThrow();
        HttpResponse<String> moved = send("GET", "/practices/" + gone, false);
        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(moved.headers().firstValue("Location")).hasValue("/practices/" + survivor);
        assertThat(page("/practices/" + survivor).select(".provenance li.source")).hasSize(2);

        Practice p = store.all().stream().filter(x -> x.sources().size() == 1 && x.title().contains("SEFIME") == false).findFirst().orElseThrow();
        Practice.Provenance src = p.sources().get(0);
        store.withdraw(sources.get(src.sourceId()), new Deleted(src.recordId(), "{}"));
        HttpResponse<String> withdrawn = send("GET", "/practices/" + p.id(), false);
        assertThat(withdrawn.statusCode()).isEqualTo(410);
        assertThat(Jsoup.parse(withdrawn.body()).selectFirst("h1").text()).contains("no longer shared");
        assertThat(page("/practices?limit=100").select("li.hit h3 a").eachAttr("href")).doesNotContain("/practices/" + p.id());
    }
}
