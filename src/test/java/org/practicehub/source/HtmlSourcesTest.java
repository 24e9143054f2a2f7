package org.practicehub.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.PartnerServer;
import org.practicehub.PartnerServer.Answer;
import org.practicehub.TestSupport;
import org.practicehub.config.HubConfiguration;
import org.practicehub.model.Practice;
import org.practicehub.run.SourceResult;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.SourceStates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kind {@code html} through the real poll route against a loopback server: a listing read with CSS selectors over two
 * pages (next link), each item's detail page fetched and mapped the same way and sanitised, a detail page that is gone
 * rejected with the reason, the first page's conditional GET, the size limit, an item selector that matches nothing,
 * a detail page that fails, a listing that links back to itself, a listing that does not answer in time; and a feed
 * source given an HTML page saying so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false"})
class HtmlSourcesTest {

    static final int MAX_BYTES = 200_000;
    @TempDir
    static Path dir;
    static PartnerServer partner;
    static TestSupport.Props props = new TestSupport.Props();
    static final java.util.concurrent.CountDownLatch RELEASE = new java.util.concurrent.CountDownLatch(1);

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    Sources sources;
    @BeanInject
    PracticeStore store;
    @BeanInject
    SourceStates states;

    static String item(int n, String title, String tag) {
        return "<article class=\"practice\" data-id=\"p" + n + "\"><h2><a href=\"/practices/" + n + "\">" + title + "</a></h2>"
                + "<p class=\"teaser\">Teaser of <em>" + title + "</em></p><time datetime=\"2024-0" + n + "-15\">15.0" + n + ".2024</time>"
                + "<ul class=\"tags\"><li>" + tag + "</li></ul></article>";
    }

    static String page(String items, String next) {
        return "<!DOCTYPE html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>Prácticas</title>"
                + "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.rss\"></head><body><nav>Menú</nav><main>" + items
                + "</main>" + (next == null ? "" : "<nav class=\"pager\"><a rel=\"next\" href=\"" + next + "\">Siguiente</a></nav>") + "</body></html>";
    }

    static String detail(String body, String themes) {
        return "<!DOCTYPE html><html><body><div class=\"field--body\">" + body + "</div><ul class=\"themes\">" + themes + "</ul>"
                + "<span class=\"country\">Senegal</span></body></html>";
    }

    @BeforeAll
    static void setUp() throws IOException {
        partner = new PartnerServer();
        partner.on("/practices", r -> {
            if ("\"l1\"".equals(r.header("If-None-Match"))) {
                return Answer.status(304, Map.of("ETag", "\"l1\""));
            }
            boolean second = r.uri().getQuery() != null && r.uri().getQuery().contains("page=2");
            String html = second ? page(item(3, "Feria de empleo", "Contratación"), null)
                    : page(item(1, "Centro de retorno", "Reintegración") + item(2, "Ventanilla única", "Protección de los trabajadores migrantes"),
                            "?page=2");
            return new Answer(200, Map.of("Content-Type", "text/html; charset=utf-8", "ETag", second ? "\"l2\"" : "\"l1\""),
                    html.getBytes(StandardCharsets.UTF_8));
        });
        partner.on("/practices/1", r -> Answer.ok("text/html", detail("<p>Acompañamiento a personas retornadas.</p>"
                + "<script>alert('x')</script><p onclick=\"steal()\">Segundo párrafo</p>", "<li>Retorno y reintegración</li>")));
        partner.on("/practices/2", r -> Answer.status(404, Map.of()));
        partner.on("/gone-detail", r -> Answer.ok("text/html", page(item(8, "Retirada", "Reintegración").replace("/practices/8", "/practices/8-gone"), null)));
        partner.on("/practices/8-gone", r -> Answer.status(410, Map.of()));
        partner.on("/slow", r -> {
            RELEASE.await(30, java.util.concurrent.TimeUnit.SECONDS);
            return Answer.ok("text/html", page(item(9, "Lenta", "Reintegración"), null));
        });
        partner.on("/practices/3", r -> Answer.ok("text/html", detail("<p>Una feria.</p>", "<li>Antes de la partida</li>")));
        partner.on("/flat", r -> Answer.ok("text/html", page(item(4, "Listado sin detalle", "Trata de personas"), null)));
        partner.on("/nothing", r -> Answer.ok("text/html", page("<div class=\"card\">Otra estructura</div>", null)));
        partner.on("/huge", r -> Answer.ok("text/html", page("<p>" + "x".repeat(MAX_BYTES) + "</p>", null)));
        partner.on("/broken-detail", r -> Answer.ok("text/html", page(item(5, "Primera", "Reintegración")
                .replace("/practices/5", "/ok-detail") + item(6, "Segunda", "Reintegración").replace("/practices/6", "/down"), null)));
        partner.on("/ok-detail", r -> Answer.ok("text/html", detail("<p>Bien.</p>", "")));
        partner.on("/down", r -> Answer.status(500, Map.of()));
        partner.on("/loop", r -> Answer.ok("text/html", page(item(7, "En bucle", "Reintegración"), "/loop")));
        partner.on("/feed.rss", r -> Answer.ok("text/html", page(item(1, "x", "y"), null)));

        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        String fields = """
                language: es
                fields:
                  recordId: "@data-id"
                  title: h2 a
                  link: h2 a@href
                  summary: .teaser
                  published: time@datetime
                  themes: .tags li
                """;
        SourceKindsTest.write(mappings, "listing", "kind: html\nurl: " + partner.url("/practices") + "\n"
                + "html: { items: article.practice, next: \"a[rel=next]\" }\n" + fields
                + "  description: \"detail: .field--body@html\"\n  migrationPhases: \"detail: ul.themes li\"\n  countries: \"detail: .country\"\n");
        SourceKindsTest.write(mappings, "flat", "kind: html\nurl: " + partner.url("/flat") + "\nhtml: { items: article.practice }\n" + fields);
        SourceKindsTest.write(mappings, "nothing", "kind: html\nurl: " + partner.url("/nothing") + "\nhtml: { items: article.practice }\n" + fields);
        SourceKindsTest.write(mappings, "huge", "kind: html\nurl: " + partner.url("/huge") + "\nhtml: { items: article.practice }\n" + fields);
        SourceKindsTest.write(mappings, "broken-detail", "kind: html\nurl: " + partner.url("/broken-detail") + "\nhtml: { items: article.practice }\n"
                + fields + "  description: \"detail: .field--body@html\"\n");
        SourceKindsTest.write(mappings, "loop", "kind: html\nurl: " + partner.url("/loop") + "\nhtml: { items: article.practice, next: \"a[rel=next]\" }\n"
                + fields);
        SourceKindsTest.write(mappings, "gone-detail", "kind: html\nurl: " + partner.url("/gone-detail") + "\nhtml: { items: article.practice }\n"
                + fields + "  description: \"detail: .field--body@html\"\n");
        SourceKindsTest.write(mappings, "slow", "kind: html\nurl: " + partner.url("/slow") + "\nhtml: { items: article.practice }\n" + fields);
        SourceKindsTest.write(mappings, "feed-given-html", "kind: feed\nurl: " + partner.url("/flat"));
        props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.mappings-dir", mappings.toString())
                .set("hub.fetch.max-bytes", String.valueOf(MAX_BYTES)).set("hub.store.batch-size", "1")
                .set("hub.fetch.read-timeout-ms", "1500");
    }

    @AfterAll
    static void tearDown() {
        RELEASE.countDown();
        partner.close();
        props.close();
    }

    private SourceResult poll(String id) {
        return TestSupport.poll(template, sources, id);
    }

    private Practice practice(String sourceId, String recordId) {
        return TestSupport.practiceOf(store, sourceId, recordId);
    }

    @Test
    void aListingWithPagingAndDetailPagesIsReadSanitisedAndConditionally() {
        SourceResult r = poll("listing");
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.read()).isEqualTo(3);
        assertThat(r.created()).isEqualTo(2);
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(r.notes()).contains("2 pages, 3 items");
        assertThat(store.rejected("listing")).singleElement().satisfies(row ->
                assertThat(row.reason()).isEqualTo("detail page " + partner.url("/practices/2") + ": HTTP 404 Not Found"));

        Practice one = practice("listing", "p1");
        assertThat(one.title()).isEqualTo("Centro de retorno");
        assertThat(one.links().get(0).url()).isEqualTo(partner.url("/practices/1"));
        assertThat(one.summary()).isEqualTo("Teaser of Centro de retorno");
        assertThat(one.themes()).containsExactly("reintegration");
        assertThat(one.migrationPhases()).containsExactly("return and reintegration");
        assertThat(one.geographicScope().countries()).containsExactly("SN");
        assertThat(one.language()).isEqualTo("es");
        assertThat(one.sources().get(0).published()).isEqualTo(Instant.parse("2024-01-15T00:00:00Z"));
        assertThat(one.description().html()).contains("<p>Acompañamiento a personas retornadas.</p>").contains("Segundo párrafo")
                .doesNotContain("script", "onclick", "alert");
        assertThat(practice("listing", "p3").migrationPhases()).containsExactly("pre-departure");
        // each detail page once, as the poll reached its item; the second listing page once
        assertThat(partner.requests("/practices/1")).hasSize(1);
        assertThat(partner.requests("/practices")).hasSize(2);

        SourceResult again = poll("listing");
        assertThat(again.status()).isEqualTo("not-modified");
        assertThat(partner.requests("/practices")).hasSize(3).last().satisfies(q -> assertThat(q.header("If-None-Match")).isEqualTo("\"l1\""));
        assertThat(partner.requests("/practices/1")).hasSize(1);
    }

    @Test
    void aListingWithoutDetailPagesReadsItsItemsAtOnce() {
        SourceResult r = poll("flat");
        assertThat(r.created()).isEqualTo(1);
        assertThat(practice("flat", "p4").themes()).containsExactly("human trafficking");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void anItemSelectorThatMatchesNothingIsAWarning() {
        SourceResult r = poll("nothing");
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.read()).isZero();
        assertThat(r.warnings()).containsExactly("html.items article.practice matched nothing in the page");
    }

    @Test
    void aPageOverTheSizeLimitIsASourceError() {
        SourceResult r = poll("huge");
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.error()).isEqualTo(partner.url("/huge") + " sent more than the size limit of " + MAX_BYTES + " bytes");
        assertThat(states.get("huge").orElseThrow().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void aDetailPageThatFailsFailsThePollFromThere() {
        SourceResult r = poll("broken-detail");
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.error()).isEqualTo("HTTP 500 from " + partner.url("/down"));
        // nothing is kept for the next poll, which reads the listing again
        assertThat(states.get("broken-detail").orElseThrow().etag()).isNull();
        assertThat(states.get("broken-detail").orElseThrow().watermark()).isNull();
        assertThat(states.get("broken-detail").orElseThrow().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void aListingThatLinksBackToItselfStopsThere() {
        SourceResult r = poll("loop");
        assertThat(r.created()).isEqualTo(1);
        assertThat(r.notes()).contains("the listing links to page " + partner.url("/loop") + " twice; paging stopped there");
        assertThat(partner.requests("/loop")).hasSize(1);
    }

    @Test
    void aFeedSourceGivenAnHtmlPageSaysSo() {
        SourceResult r = poll("feed-given-html");
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.error()).isEqualTo("this is an HTML page, not a feed: use kind html to read it as a listing, or the feed it names: "
                + partner.url("/feed.rss"));
    }

    @Test
    void aDetailPageThatIsGoneRejectsItsItem() {
        SourceResult r = poll("gone-detail");
        // its one item rejected: a poll whose every record is rejected fails, saying why
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(r.error()).isEqualTo("every record read was rejected (1 of 1; the first: detail page " + partner.url("/practices/8-gone")
                + ": HTTP 410 Gone)");
        // the listing's 410 would deactivate the source; a detail page's does not
        assertThat(states.get("gone-detail").orElseThrow().active()).isTrue();
    }

    @Test
    void aListingThatDoesNotAnswerInTimeIsASourceError() {
        SourceResult r = poll("slow");
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.error()).containsIgnoringCase("timed out");
        assertThat(states.get("slow").orElseThrow().consecutiveFailures()).isEqualTo(1);
    }
}
