package org.practicehub;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.io.WireFeedInput;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;
import org.practicehub.model.Practice;
import org.practicehub.source.Deleted;
import org.practicehub.source.Sources;
import org.practicehub.store.PracticeStore;
import org.xml.sax.InputSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The depository's read API and feeds over real HTTP, on the sample sources. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false"})
class DepositoryApiTest {

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
                .set("hub.public-url", "http://127.0.0.1:" + port);
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

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery
                : "http://127.0.0.1:" + port + pathAndQuery));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode items(String query) throws Exception {
        HttpResponse<String> r = get("/api/practices?" + query + (query.isEmpty() ? "" : "&") + "limit=100");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = TestSupport.JSON.readTree(r.body());
        for (JsonNode p : body.get("items")) {
            assertThat(TestSupport.practiceViolations(p)).isEmpty();
        }
        return body.get("items");
    }

    @Test
    void filtersSelectWhatTheySay() throws Exception {
        assertThat(items("")).hasSize(store.count());
        assertThat(items("theme=reintegration")).isNotEmpty().allSatisfy(p -> assertThat(p.get("themes").toString()).contains("reintegration"));
        assertThat(items("country=Philippines")).isNotEmpty().allSatisfy(p -> assertThat(p.at("/geographicScope/countries").toString()).contains("PH"));
        assertThat(items("country=PH")).hasSameSizeAs(items("country=Philippines"));
        assertThat(items("phase=Pre-Departure")).isNotEmpty().allSatisfy(p -> assertThat(p.get("migrationPhases").toString()).contains("pre-departure"));
        assertThat(items("gcmObjective=Objective%206")).isNotEmpty().allSatisfy(p -> assertThat(p.at("/gcmObjectives/primary").toString()).contains("6"));
        assertThat(items("sdg=10")).isNotEmpty().allSatisfy(p -> assertThat(p.get("sdgs").toString()).contains("\"10"));
        assertThat(items("network=AP-MagNet")).hasSize(5).allSatisfy(p -> assertThat(p.at("/sources").toString()).contains("\"AP-MagNet\""));
        assertThat(items("region=South-eastern%20Asia")).isNotEmpty();
        // the Laguna centre reaches the hub from two networks and is one practice
        assertThat(items("q=laguna")).singleElement().satisfies(p -> assertThat(p.get("sources")).hasSize(2));
        assertThat(items("q=" + URLEncoder.encode("one stop resource", StandardCharsets.UTF_8))).hasSize(1);
        assertThat(items("q=laguna&network=AP-MagNet")).hasSize(1);
        assertThat(items("network=AP-MagNet,Migration%20Network%20Hub")).hasSize(items("network=AP-MagNet").size() + items("network=Migration%20Network%20Hub").size() - 1);
        assertThat(items("since=2999-01-01T00:00:00Z")).isEmpty();

        for (String bad : List.of("colour=red", "country=Atlantis", "limit=0", "limit=x", "since=yesterday", "cursor=bm90LWEtY3Vyc29y", "sdg=99")) {
            HttpResponse<String> r = get("/api/practices?" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
    }

    @Test
    void pagingToTheEndWhileRecordsChangeHasNoGapsAndNoRepeats() throws Exception {
        Set<String> before = new HashSet<>(store.all().stream().map(Practice::id).toList());
        List<String> seen = new ArrayList<>();
        String next = "/api/practices?limit=4";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> r = get(next);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode body = TestSupport.JSON.readTree(r.body());
            body.get("items").forEach(p -> seen.add(p.get("id").asText()));
            String link = body.get("next").isNull() ? null : body.get("next").asText();
            if (link != null) {
                assertThat(r.headers().firstValue("Link")).hasValue("<" + link + ">; rel=\"next\"");
            }
            // a reference relative to the request
            next = link == null ? null : r.uri().resolve(link).toString();
            if (pages++ == 1) {
                // a practice already paged over changes, and one further on changes: neither moves
                change(seen.get(0));
                change(store.all().get(store.all().size() - 2).id());
            }
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).containsAll(before);
        assertThat(pages).isEqualTo((before.size() + 3) / 4);
    }

    private void change(String id) {
        TestSupport.changeSummary(store, sources, store.get(id).orElseThrow(), " (updated)");
    }

    @Test
    void etagAnswers304UntilSomethingChanges() throws Exception {
        HttpResponse<String> first = get("/api/practices?theme=reintegration");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get("/api/practices?theme=reintegration", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        // a practice one network carries: its change shows in the combined document
        change(store.all().stream().filter(x -> x.sources().size() == 1).findFirst().orElseThrow().id());
        HttpResponse<String> after = get("/api/practices?theme=reintegration", "If-None-Match", etag);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etag);
    }

    @Test
    void onePracticeHasAVersionETag() throws Exception {
        String id = store.all().stream().filter(x -> x.sources().size() == 1).skip(3).findFirst().orElseThrow().id();
        HttpResponse<String> r = get("/api/practices/" + id);
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("\"" + id + ".v");
        HttpResponse<String> cached = get("/api/practices/" + id, "If-None-Match", etag);
        assertThat(cached.statusCode()).as(cached.headers().map() + " sent " + etag).isEqualTo(304);
        change(id);
        assertThat(get("/api/practices/" + id, "If-None-Match", etag).statusCode()).isEqualTo(200);
    }

    @Test
    void aWithdrawnPracticeAnswers410AndLeavesTheList() throws Exception {
        Practice p = store.all().stream().filter(x -> x.networks().contains("Peer-to-Peer Learning Programme")).findFirst().orElseThrow();
        Practice.Provenance src = p.sources().get(0);
        store.withdraw(sources.get(src.sourceId()), new Deleted(src.recordId(), "{}"));
        assertThat(get("/api/practices/" + p.id()).statusCode()).isEqualTo(410);
        assertThat(items("")).noneSatisfy(x -> assertThat(x.get("id").asText()).isEqualTo(p.id()));
    }

    @Test
    void feedsTakeTheSameFiltersAndTheOpenApiDescribesTheApi() throws Exception {
        HttpResponse<String> atom = get("/feeds/practices.atom?network=AP-MagNet");
        assertThat(atom.statusCode()).isEqualTo(200);
        assertThat(atom.headers().firstValue("Content-Type")).get().asString().startsWith("application/atom+xml");
        Feed feed = (Feed) new WireFeedInput().build(new InputSource(new ByteArrayInputStream(atom.body().getBytes(StandardCharsets.UTF_8))));
        assertThat(feed.getEntries()).hasSize(5);
        assertThat(feed.getOtherLinks()).anySatisfy(l -> assertThat(l.getRel()).isEqualTo("self"));
        HttpResponse<String> json = get("/feeds/practices.json?theme=reintegration");
        JsonNode jf = TestSupport.JSON.readTree(json.body());
        assertThat(jf.get("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
        assertThat(jf.get("items")).hasSize(items("theme=reintegration").size());
        assertThat(get("/feeds/practices.json?colour=red").statusCode()).isEqualTo(400);
        JsonNode api = TestSupport.JSON.readTree(get("/api/openapi.json").body());
        assertThat(api.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(api.get("paths").has("/api/practices")).isTrue();
        assertThat(get("/schema/practice-v1.schema.json").body()).contains("practice-v1.schema.json");
    }

    @Test
    void feedEntriesLinkToTheMemberPageAndTheJsonFeedUrlIsThePage() throws Exception {
        Feed feed = (Feed) new WireFeedInput().build(new InputSource(new ByteArrayInputStream(get("/feeds/practices.atom").body().getBytes(StandardCharsets.UTF_8))));
        assertThat(feed.getEntries()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getId()).startsWith("tag:practice-hub,2026:practice:ph-");
            com.rometools.rome.feed.atom.Link first = e.getAlternateLinks().get(0);
            assertThat(first.getType()).isEqualTo("text/html");
            assertThat(first.getHref()).isEqualTo("http://127.0.0.1:" + port + "/practices/" + e.getId().substring(e.getId().lastIndexOf(':') + 1));
        });
        String page = feed.getEntries().get(0).getAlternateLinks().get(0).getHref();
        HttpResponse<String> opened = get(page, "Accept", "text/html");
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        JsonNode jf = TestSupport.JSON.readTree(get("/feeds/practices.json").body());
        for (JsonNode item : jf.get("items")) {
            String id = item.at("/_practice_hub/id").asText();
            assertThat(item.get("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/practices/" + id);
            assertThat(item.at("/_practice_hub/api_url").asText()).isEqualTo("http://127.0.0.1:" + port + "/api/practices/" + id);
            assertThat(item.has("external_url")).isFalse();
        }
    }

    @Test
    void feedsAnswer304ToTheirValidatorsAndGzipOnlyWhenAsked() throws Exception {
        for (String feed : List.of("/feeds/practices.atom", "/feeds/practices.json?theme=reintegration", "/feeds/updates.atom")) {
            HttpResponse<String> first = get(feed);
            assertThat(first.statusCode()).as(feed).isEqualTo(200);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            String modified = first.headers().firstValue("Last-Modified").orElseThrow();
            assertThat(first.headers().firstValue("Content-Encoding")).as(feed).isEmpty();
            assertThat(first.headers().firstValue("Vary")).as(feed).hasValue("Accept-Encoding");
            // the validators, each alone, then If-None-Match winning over a date that would say "changed"
            HttpResponse<String> byTag = get(feed, "If-None-Match", etag);
            assertThat(byTag.statusCode()).as(feed).isEqualTo(304);
            assertThat(byTag.body()).isEmpty();
            assertThat(byTag.headers().firstValue("ETag")).hasValue(etag);
            assertThat(get(feed, "If-Modified-Since", modified).statusCode()).as(feed).isEqualTo(304);
            assertThat(get(feed, "If-None-Match", etag, "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode()).isEqualTo(304);
            // a copy that is not current, or validators that say nothing, get the feed
            assertThat(get(feed, "If-None-Match", "W/\"other\"").statusCode()).as(feed).isEqualTo(200);
            assertThat(get(feed, "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode()).as(feed).isEqualTo(200);
            assertThat(get(feed, "If-Modified-Since", "yesterday-ish").statusCode()).as(feed).isEqualTo(200);
            if (first.body().length() < 1024) {
                // a feed this small goes out as it is even when gzip is allowed: compressing it saves less than the header costs
                assertThat(get(feed, "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).as(feed).isEmpty();
                continue;
            }
            // gzip when asked, and the same feed once decompressed; not when refused with q=0
            HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + feed))
                    .header("Accept-Encoding", "br;q=1, gzip;q=0.8").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(zipped.headers().firstValue("Content-Encoding")).as(feed).hasValue("gzip");
            try (var in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(first.body());
            }
            assertThat(zipped.body().length).isLessThan(first.body().getBytes(StandardCharsets.UTF_8).length);
            HttpResponse<String> refused = get(feed, "Accept-Encoding", "gzip;q=0, identity");
            assertThat(refused.headers().firstValue("Content-Encoding")).as(feed).isEmpty();
            assertThat(refused.body()).isEqualTo(first.body());
        }
    }

    @Test
    void aFeedsValidatorsChangeWithTheDepository() throws Exception {
        HttpResponse<String> before = get("/feeds/practices.atom");
        String etag = before.headers().firstValue("ETag").orElseThrow();
        String modified = before.headers().firstValue("Last-Modified").orElseThrow();
        Practice p = store.all().stream().filter(x -> x.sources().size() == 1).skip(5).findFirst().orElseThrow();
        change(p.id());
        HttpResponse<String> after = get("/feeds/practices.atom", "If-None-Match", etag);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));
        assertThat(after.body()).contains(p.title(), "(updated)");
        // by date, to the second: the copy from before the change is older than the new Last-Modified
        java.time.format.DateTimeFormatter http = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
        java.time.ZonedDateTime now = java.time.ZonedDateTime.parse(after.headers().firstValue("Last-Modified").orElseThrow(), http);
        assertThat(now).isAfterOrEqualTo(java.time.ZonedDateTime.parse(modified, http));
        assertThat(get("/feeds/practices.atom", "If-Modified-Since", http.format(now.minusSeconds(1))).statusCode()).isEqualTo(200);
        assertThat(get("/feeds/practices.atom", "If-Modified-Since", http.format(now)).statusCode()).isEqualTo(304);
    }
}
