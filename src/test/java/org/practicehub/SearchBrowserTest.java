package org.practicehub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.practicehub.config.HubConfiguration;
import org.practicehub.store.PracticeStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Search, the matrix and the directory in a real browser (Debian's chromium), on the three sample networks plus a Spanish
 * and French one (src/test/resources/search): one of its practices names no country, so it belongs to the unknown region.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false"})
class SearchBrowserTest {

    /**
     * HTTP/1.1, as browsers speak to a plain-http hub: the JDK client's default first asks to upgrade to h2c, and one CI
     * run read an answer as HTTP/2 frames (a protocol error, not the hub's page). h2c is left out of what this test judges.
     */
    static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();


    @TempDir
    static Path data;
    @TempDir
    static Path mappings;
    static int port;
    static TestSupport.Props props = new TestSupport.Props();
    WebDriver browser;

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PracticeStore store;

    @BeforeAll
    static void setUp() throws Exception {
        port = TestSupport.freePort();
        // the sample mappings, reading the samples where they are, and a Spanish and French network in the same JSON shape
        for (String id : List.of("apmagnet", "mnh-repository", "p2p-learning")) {
            String yaml = Files.readString(TestSupport.project("mappings/" + id + ".yaml"));
            yaml = yaml.replaceAll("(?m)^url: \\.\\./samples/(\\S+)", "url: " + TestSupport.project("samples").toUri() + "$1");
            Files.writeString(mappings.resolve(id + ".yaml"), yaml);
        }
        Path json = mappings.resolve("es-fr-partner.json");
        try (var in = SearchBrowserTest.class.getResourceAsStream("/search/es-fr-partner.json")) {
            Files.copy(in, json);
        }
        String mnh = Files.readString(TestSupport.project("mappings/mnh-repository.yaml"));
        mnh = mnh.replace("id: mnh-repository", "id: red-practicas").replace("network: Migration Network Hub", "network: Red de Prácticas")
                .replaceAll("(?m)^url: \\S+", "url: " + json.toUri()).replace("language: en", "language: es");
        Files.writeString(mappings.resolve("red-practicas.yaml"), mnh);
        props.set("hub.data-dir", data.toString()).set("hub.mappings-dir", mappings.toString()).set("camel.server.port", String.valueOf(port))
                .set("hub.public-url", "http://127.0.0.1:" + port);
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        props.close();
    }

    private WebDriver browser() {
        if (browser == null) {
            browser = Browser.start();
        }
        if (store.count() == 0) {
            template.requestBody("direct:cycle", (Object) null);
        }
        return browser;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private Set<String> hits(WebDriver b) {
        Set<String> ids = new TreeSet<>();
        b.findElements(By.cssSelector("li.hit h3 a")).forEach(a -> ids.add(a.getAttribute("href")));
        return ids;
    }

    private int total(WebDriver b) {
        return Integer.parseInt(b.findElement(By.cssSelector(".total")).getText());
    }

    @Test
    void reintegracionAndReintegrationFindTheSamePractices() throws Exception {
        WebDriver b = browser();
        b.get(url("/practices"));
        WebElement q = b.findElement(By.id("q"));
        Browser.toNextPage(b, () -> q.sendKeys("reintegración", Keys.ENTER));
        Set<String> spanish = hits(b);
        int total = total(b);
        Browser.screenshot(b, "search-reintegracion");
        for (String other : List.of("reintegration", "réintégration", "reintegrations", "REINTEGRACION")) {
            b.get(url("/practices?q=" + java.net.URLEncoder.encode(other, java.nio.charset.StandardCharsets.UTF_8) + "&limit=100"));
            assertThat(hits(b)).as(other).isEqualTo(spanish);
        }
        // the English samples, the Spanish and the French practice alike: more than the words' own language finds
        assertThat(total).isGreaterThanOrEqualTo(6);
        assertThat(b.findElement(By.cssSelector(".results")).getText()).contains("Programa de reintegración", "Réintégration économique");
        // ranked: the practices with the word in their title come first
        String first = b.findElement(By.cssSelector("li.hit h3 a")).getText().toLowerCase(java.util.Locale.ROOT);
        assertThat(first).containsAnyOf("reintegr", "réintégr");
        // themes, places and organisations are searched too, in any of the three languages
        b.get(url("/practices?q=retorno"));
        assertThat(hits(b)).isNotEmpty();
        b.get(url("/practices?q=OIM"));
        assertThat(b.findElement(By.cssSelector(".results")).getText()).contains("Ferias de empleo");
        b.get(url("/practices?q=" + java.net.URLEncoder.encode("América Latina", java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(b.findElement(By.cssSelector(".results")).getText()).contains("Programa de reintegración");
        // the date order is kept, a link away
        b.get(url("/practices?q=reintegration"));
        Browser.toNextPage(b, () -> b.findElement(By.linkText("Date added")).click());
        assertThat(b.getCurrentUrl()).contains("sort=date");
        assertThat(total(b)).isEqualTo(total);
    }

    @Test
    void onAPhoneTheResultsComeBeforeTheFilters() throws Exception {
        WebDriver b = browser();
        b.manage().window().setSize(new Dimension(360, 800));
        try {
            b.get(url("/practices"));
            WebElement firstHit = b.findElement(By.cssSelector("li.hit"));
            WebElement filters = b.findElement(By.cssSelector("nav.facets"));
            assertThat(firstHit.getRect().getY()).isLessThan(filters.getRect().getY());
            assertThat(firstHit.getRect().getY()).as("the first result within the first screen").isLessThan(800);
            // long facets are folded; a folded one opens with a tap on its heading
            List<WebElement> folded = b.findElements(By.cssSelector("details.facet:not([open])"));
            assertThat(folded).isNotEmpty();
            WebElement country = b.findElement(By.cssSelector("details.facet[data-facet=country]"));
            assertThat(country.getAttribute("open")).isNull();
            country.findElement(By.tagName("summary")).click();
            assertThat(country.getAttribute("open")).isNotNull();
            Number overflow = (Number) ((org.openqa.selenium.JavascriptExecutor) b)
                    .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).isLessThanOrEqualTo(0);
            Browser.screenshot(b, "practices-phone");
        } finally {
            b.manage().window().setSize(new Dimension(1280, 1000));
        }
        // on a wide screen the filters are the left column
        b.get(url("/practices"));
        assertThat(b.findElement(By.cssSelector("nav.facets")).getRect().getX()).isLessThan(b.findElement(By.cssSelector("li.hit")).getRect().getX());
    }

    @Test
    void regionsComeFromTheCountriesAndAnUnknownPlaceIsCounted() throws Exception {
        WebDriver b = browser();
        b.get(url("/practices?country=MX"));
        int mexico = total(b);
        b.get(url("/practices?region=419"));
        assertThat(total(b)).isGreaterThanOrEqualTo(mexico);
        b.get(url("/practices?country=US"));
        int us = total(b);
        b.get(url("/practices?region=021"));
        assertThat(total(b)).isGreaterThanOrEqualTo(us);
        b.get(url("/practices"));
        String regionFacet = b.findElement(By.cssSelector("details.facet[data-facet=region]")).getAttribute("textContent");
        assertThat(regionFacet).contains("Unknown region", "Northern America", "Latin America and the Caribbean");
        b.get(url("/practices?region=unknown"));
        assertThat(b.findElement(By.cssSelector(".results")).getText()).contains("Réintégration économique");
    }

    @Test
    void aPracticePageLinksItsValuesAndRelatedPractices() throws Exception {
        WebDriver b = browser();
        b.get(url("/practices?q=" + java.net.URLEncoder.encode("Programa de reintegración", java.nio.charset.StandardCharsets.UTF_8)));
        Browser.toNextPage(b, () -> b.findElement(By.cssSelector("li.hit h3 a")).click());
        assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("Programa de reintegración de trabajadores migrantes retornados");
        WebElement fields = b.findElement(By.cssSelector("dl.fields"));
        assertThat(fields.findElement(By.linkText("Mexico")).getAttribute("href")).endsWith("/practices?country=MX");
        assertThat(fields.findElement(By.linkText("Latin America and the Caribbean")).getAttribute("href")).endsWith("/practices?region=419");
        assertThat(fields.findElement(By.linkText("Reintegration")).getAttribute("href")).endsWith("/practices?theme=reintegration");
        assertThat(b.findElement(By.cssSelector(".shared-by a")).getAttribute("href")).contains("network=Red");
        List<WebElement> related = b.findElements(By.cssSelector("section.related li a"));
        assertThat(related).isNotEmpty();
        assertThat(related).noneSatisfy(a -> assertThat(a.getText()).isEqualTo("Programa de reintegración de trabajadores migrantes retornados"));
        Browser.screenshot(b, "practice-related");
    }

    @Test
    void theMatrixCrossesRegionsWithPhasesAndFilters() throws Exception {
        WebDriver b = browser();
        b.get(url("/practices"));
        Browser.toNextPage(b, () -> b.findElement(By.linkText("Matrix")).click());
        assertThat(b.findElement(By.tagName("h1")).getText()).startsWith("Matrix of programmes");
        List<String> columns = b.findElements(By.cssSelector("table.matrix thead th")).stream().map(WebElement::getText).toList();
        assertThat(columns).startsWith("Region", "Pre-departure", "Transit", "On-site", "Return and reintegration");
        WebElement lac = b.findElement(By.cssSelector("table.matrix tr[data-row='419']"));
        assertThat(lac.getText()).contains("Latin America and the Caribbean", "Programa de reintegración");
        assertThat(b.findElement(By.cssSelector("table.matrix tr[data-row='unknown']")).getText()).contains("Unknown region", "Réintégration économique");
        Browser.screenshot(b, "matrix");
        // by country, reintegration only, through the form
        new org.openqa.selenium.support.ui.Select(b.findElement(By.id("rows"))).selectByValue("country");
        new org.openqa.selenium.support.ui.Select(b.findElement(By.id("theme"))).selectByValue("reintegration");
        Browser.toNextPage(b, () -> b.findElement(By.cssSelector("form.matrix-filters button")).click());
        assertThat(b.getCurrentUrl()).contains("rows=country", "theme=reintegration");
        assertThat(b.findElement(By.cssSelector("table.matrix tr[data-row='MX']")).getText()).contains("Mexico", "Programa de reintegración");
        String csv = b.findElement(By.linkText("Download as CSV")).getAttribute("href");
        java.net.http.HttpResponse<String> r = HTTP
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(csv)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(r.body().lines().findFirst().orElseThrow()).isEqualTo("Country,ISO code,Migration phase,Practice,Link,Networks");
        assertThat(r.body()).contains("Mexico,MX,Return and reintegration,Programa de reintegración de trabajadores migrantes retornados,http://127.0.0.1:" + port
                + "/practices/");
        // the home page leads to it
        b.get(url("/"));
        assertThat(b.findElement(By.linkText("Matrix")).getAttribute("href")).endsWith("/matrix");
    }

    @Test
    void theDirectoryMergesOrganisationsByNameAndAcronym() throws Exception {
        WebDriver b = browser();
        b.get(url("/"));
        Browser.toNextPage(b, () -> b.findElement(By.linkText("Organisations")).click());
        assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("Directory of organisations");
        List<WebElement> iom = b.findElements(By.cssSelector("li.organisation")).stream()
                .filter(li -> li.getText().contains("International Organization for Migration")).toList();
        // IOM (the samples), OIM alone and "Organización Internacional para las Migraciones (OIM)": one organisation
        assertThat(iom).hasSize(1);
        assertThat(iom.get(0).getText()).contains("Organización Internacional para las Migraciones", "Red de Prácticas", "Migration Network Hub");
        assertThat(b.getPageSource()).doesNotContain("@iom.int");
        Browser.screenshot(b, "organisations");
        Browser.toNextPage(b, () -> iom.get(0).findElement(By.tagName("a")).click());
        assertThat(b.findElement(By.tagName("h1")).getText()).contains("International Organization for Migration");
        List<String> practices = b.findElements(By.cssSelector("ul.org-practices a")).stream().map(WebElement::getText).toList();
        assertThat(practices).contains("Programa de reintegración de trabajadores migrantes retornados", "Réintégration économique des travailleurs de retour",
                "Ferias de empleo en línea para la diáspora");
        b.get(url("/organisations/no-such-organisation"));
        assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
    }

    private java.net.http.HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(path))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** What a member or a client may type: nothing, query syntax, a novel. Never a 500; too long is said. */
    @Test
    void anEmptyAStrangeOrAnOverlongSearchIsAnswered() throws Exception {
        browser();
        int all = store.count();
        for (String q : List.of("", "%20%20", "%22%28return%20AND", "title%3Afoo*", "%5B1%20TO%205%7D", "%5C", "~~~%20!!!", "the%20of%20de%20la")) {
            java.net.http.HttpResponse<String> page = get("/practices?q=" + q);
            assertThat(page.statusCode()).as(q).isEqualTo(200);
            assertThat(get("/api/practices?q=" + q).statusCode()).as(q).isEqualTo(200);
        }
        // nothing to search for: everything, as with no q at all
        assertThat(get("/practices?q=%20").body()).contains("<span class=\"total\">" + all + "</span>");
        assertThat(get("/practices?q=the%20of%20de%20la").body()).contains("<span class=\"total\">" + all + "</span>");
        String longQuery = "migrant%20".repeat(40);
        java.net.http.HttpResponse<String> tooLong = get("/practices?q=" + longQuery);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("at most 32 words");
        assertThat(get("/practices?q=" + "x".repeat(501)).body()).contains("at most 500 characters");
        assertThat(get("/api/practices?q=" + longQuery).statusCode()).isEqualTo(400);
        assertThat(get("/practices?q=reintegration&page=0").statusCode()).isEqualTo(400);
        assertThat(get("/practices?q=reintegration&page=x").statusCode()).isEqualTo(400);
        assertThat(get("/matrix?rows=planet").statusCode()).isEqualTo(400);
        // the read API shares the analyser: the Spanish word finds what the English one does, in the API's stable order
        com.fasterxml.jackson.databind.JsonNode es = TestSupport.JSON.readTree(get("/api/practices?limit=100&q=reintegraci%C3%B3n").body());
        com.fasterxml.jackson.databind.JsonNode en = TestSupport.JSON.readTree(get("/api/practices?limit=100&q=reintegration").body());
        assertThat(es.get("total").asInt()).isEqualTo(en.get("total").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(es.get("items").findValuesAsText("id")).isEqualTo(en.get("items").findValuesAsText("id"));
    }
}
