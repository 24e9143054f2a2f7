package org.practicehub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;
import org.practicehub.store.PracticeStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The facilitator's deduplication endpoints over real HTTP on the samples: why the Laguna records were
 * merged, a split, a decision that merges them again, the 301 of the merged id and its redirect record
 * in the depository, and a re-run over the whole store.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false"})
class ReviewHttpTest {

    static final String TOKEN = "test-admin-token-0123456789";
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

    @BeforeAll
    static void setUp() {
        port = TestSupport.freePort();
        props.set("hub.data-dir", data.toString()).set("camel.server.port", String.valueOf(port)).set("hub.admin-token", TOKEN);
    }

    @AfterAll
    static void tearDown() {
        props.close();
    }

    private HttpResponse<String> send(String method, String path, String body, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (admin) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return TestSupport.JSON.readTree(r.body());
    }

    private static String ownId(String record) {
        String[] s = record.split("/", 2);
        return PracticeStore.practiceId(s[0], s[1]);
    }

    @Test
    void whyMerged_split_mergeAgain_redirect_rerun() throws Exception {
        assertThat(send("GET", "/api/review", null, false).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/practices/ph-0000000000000000/split", null, false).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/dedup", null, false).statusCode()).isEqualTo(401);

        template.requestBody("direct:cycle", (Object) null);
        assertThat(store.count()).isEqualTo(20);
        assertThat(json(send("GET", "/api/review", null, true))).isEmpty();

        // why the two Laguna records are one practice
        JsonNode merged = json(send("GET", "/api/review?status=merged", null, true));
        assertThat(merged).hasSize(1);
        JsonNode pair = merged.get(0);
        assertThat(List.of(pair.at("/a/sourceId").asText() + "/" + pair.at("/a/recordId").asText(),
                pair.at("/b/sourceId").asText() + "/" + pair.at("/b/recordId").asText())).containsExactlyInAnyOrderElementsOf(LAGUNA);
        assertThat(pair.get("decidedBy").asText()).isEqualTo("matcher");
        assertThat(pair.get("score").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(pair.get("agreed").findValuesAsText("field")).contains("partners", "countries");
        String laguna = pair.at("/a/practiceId").asText();

        // undo it: each record stands alone again, under its own id
        HttpResponse<String> split = send("POST", "/api/practices/" + laguna + "/split", null, true);
        assertThat(split.statusCode()).as(split.body()).isEqualTo(200);
        assertThat(json(split).get("practices").findValuesAsText("id")).containsExactlyInAnyOrder(ownId(LAGUNA.get(0)), ownId(LAGUNA.get(1)));
        assertThat(store.count()).isEqualTo(21);
        for (String r : LAGUNA) {
            assertThat(send("GET", "/api/practices/" + ownId(r), null, false).statusCode()).isEqualTo(200);
        }
        assertThat(send("POST", "/api/practices/" + ownId(LAGUNA.get(0)) + "/split", null, true).statusCode()).isEqualTo(409);

        // the facilitator changes their mind: merge the pair the split kept apart
        JsonNode apart = json(send("GET", "/api/review?status=apart", null, true));
        assertThat(apart).hasSize(1);
        long pairId = apart.get(0).get("pairId").asLong();
        assertThat(send("POST", "/api/review/" + pairId, "{\"decision\": \"maybe\"}", true).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/review/999999", "{\"decision\": \"merge\"}", true).statusCode()).isEqualTo(404);
        HttpResponse<String> decided = send("POST", "/api/review/" + pairId, "{\"decision\": \"merge\"}", true);
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(json(decided).get("status").asText()).isEqualTo("merged");
        assertThat(store.count()).isEqualTo(20);
        String survivor = json(decided).get("practices").get(0).asText();
        assertThat(survivor).isEqualTo(laguna);
        String gone = LAGUNA.stream().map(ReviewHttpTest::ownId).filter(id -> !id.equals(survivor)).findFirst().orElseThrow();

        HttpResponse<String> moved = send("GET", "/api/practices/" + gone, null, false);
        assertThat(moved.statusCode()).isEqualTo(301);
        assertThat(moved.headers().firstValue("Location")).hasValue("/api/practices/" + survivor);
        assertThat(json(moved).get("redirect").asText()).isEqualTo(survivor);
        JsonNode redirectFile = TestSupport.JSON.readTree(Files.readString(data.resolve("depository/practices/" + gone + ".json")));
        assertThat(TestSupport.redirectViolations(redirectFile)).isEmpty();
        assertThat(redirectFile.get("redirect").asText()).isEqualTo(survivor);
        JsonNode survivorFile = TestSupport.JSON.readTree(Files.readString(data.resolve("depository/practices/" + survivor + ".json")));
        assertThat(TestSupport.practiceViolations(survivorFile)).isEmpty();
        assertThat(survivorFile.get("sources")).hasSize(2);

        // a re-run over the whole store, and a re-ingest of the same sources, change nothing of it
        HttpResponse<String> rerun = send("POST", "/api/dedup", null, true);
        assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(200);
        assertThat(json(rerun).get("practicesAfter").asInt()).isEqualTo(20);
        template.requestBody("direct:cycle", (Object) null);
        assertThat(store.count()).isEqualTo(20);
        assertThat(send("GET", "/api/practices/" + gone, null, false).statusCode()).isEqualTo(301);
    }
}
