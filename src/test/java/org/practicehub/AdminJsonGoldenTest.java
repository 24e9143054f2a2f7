package org.practicehub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
 * The admin API's JSON of the review endpoints and of a source's rejected records, byte for byte, against golden files
 * in src/test/resources/golden/admin-json/: the review list (each status), a decision, a split, a re-run over the whole
 * store. Only what differs from run to run is masked first: instants (the system clock) and the re-run's milliseconds.
 * Written before the store's maps became typed records, so the records must serialise exactly as the maps did.
 *
 * <p>The samples with thresholds that leave the two Laguna records as a pair for review (as in ConsoleFixture). The
 * values come from the matcher: when it changes on purpose, write the files again with {@code -Dgolden.write=true}
 * and read the diff. The sources are polled one at a time: a pair's score weighs terms by their rarity in the store
 * when the pair is scored, so sources polled in parallel (the default) give the pair a score that depends on which
 * source's records arrived first.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "hub.dedup.merge-threshold=0.95", "hub.dedup.review-threshold=0.7",
                "hub.sources.parallelism=1"})
class AdminJsonGoldenTest {

    static final String TOKEN = "golden-admin-token-0123456789";
    static final Path GOLDEN = TestSupport.project("src/test/resources/golden/admin-json");
    static final boolean WRITE = Boolean.getBoolean("golden.write");
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

    private String send(String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return r.body();
    }

    /** What changes from run to run: an instant (ISO-8601, UTC), and how long the re-run took. */
    static String masked(String json) {
        return json.replaceAll("\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z\"", "\"<instant>\"")
                .replaceAll("\"ms\" : \\d+", "\"ms\" : \"<ms>\"");
    }

    private void golden(String name, String json) throws Exception {
        Path file = GOLDEN.resolve(name + ".json");
        String actual = masked(json);
        if (WRITE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file " + name + " (write it with -Dgolden.write=true)").exists();
        assertThat(actual).as("GET/POST answer against " + file).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void theReviewAndAdminAnswersAreByteForByteTheGoldenOnes() throws Exception {
        template.requestBody("direct:cycle", (Object) null);

        golden("rejected-mnh-repository", send("GET", "/api/sources/mnh-repository/rejected", null));
        golden("rejected-apmagnet-none", send("GET", "/api/sources/apmagnet/rejected", null));

        String review = send("GET", "/api/review", null);
        golden("review", review);
        golden("review-status-merged-none", send("GET", "/api/review?status=merged", null));
        JsonNode pairs = TestSupport.JSON.readTree(review);
        assertThat(pairs).hasSize(1);
        long pairId = pairs.get(0).get("pairId").asLong();

        golden("decide-merge", send("POST", "/api/review/" + pairId, "{\"decision\": \"merge\"}"));
        String merged = send("GET", "/api/review?status=merged", null);
        golden("review-status-merged", merged);
        String practice = TestSupport.JSON.readTree(merged).get(0).at("/a/practiceId").asText();

        golden("split", send("POST", "/api/practices/" + practice + "/split", "{\"records\": [\"mnh-repository/RP-2021-0088\"]}"));
        golden("review-status-apart", send("GET", "/api/review?status=apart", null));
        golden("decide-keep-apart", send("POST", "/api/review/" + pairId, "{\"decision\": \"keep-apart\"}"));

        golden("dedup", send("POST", "/api/dedup", null));
        assertThat(store.count()).isEqualTo(21);
    }
}
