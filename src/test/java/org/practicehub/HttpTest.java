package org.practicehub;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

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

/** The service's HTTP side over real HTTP: health on the management endpoint, the admin token, a practice by id. */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false"})
class HttpTest {

    static final String TOKEN = "test-admin-token-0123456789";
    @TempDir
    static java.nio.file.Path data;
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

    private HttpResponse<String> post(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAdminTokenAndPractices() throws Exception {
        HttpResponse<String> health = get("/observe/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");

        assertThat(get("/api/sources", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = get("/api/sources", "Bearer not-the-token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(get("/api/sources", "Basic " + TOKEN).statusCode()).isEqualTo(401);

        template.requestBody("direct:cycle", (Object) null);
        HttpResponse<String> sources = get("/api/sources", "Bearer " + TOKEN);
        assertThat(sources.statusCode()).isEqualTo(200);
        assertThat(sources.body()).contains("\"apmagnet\"", "\"mnh-repository\"", "\"p2p-learning\"");

        var list = TestSupport.JSON.readTree(sources.body());
        assertThat(list).hasSize(3);
        var mnh = list.get(1);
        assertThat(mnh.get("id").asText()).isEqualTo("mnh-repository");
        assertThat(mnh.get("kind").asText()).isEqualTo("json");
        assertThat(mnh.get("status").asText()).isEqualTo("ok");
        assertThat(mnh.get("active").asBoolean()).isTrue();
        assertThat(mnh.get("consecutiveFailures").asInt()).isZero();
        assertThat(mnh.get("lastSuccess").asText()).isNotBlank();
        assertThat(mnh.get("nextPoll").asText()).isNotBlank();
        assertThat(mnh.at("/lastCounts/read").asInt()).isEqualTo(12);
        assertThat(mnh.at("/lastCounts/rejected").asInt()).isEqualTo(1);

        assertThat(get("/api/sources/mnh-repository/rejected", null).statusCode()).isEqualTo(401);
        HttpResponse<String> rejected = get("/api/sources/mnh-repository/rejected", "Bearer " + TOKEN);
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(rejected.body()).contains("no title", "RP-DRAFT-0009");
        assertThat(get("/api/sources/nope/rejected", "Bearer " + TOKEN).statusCode()).isEqualTo(404);

        assertThat(post("/api/sources/apmagnet/poll", null).statusCode()).isEqualTo(401);
        // runs asked for now answer at once (202) and go on in the background; their result is at the job's address
        JsonNode polled = TestSupport.job(http, "http://127.0.0.1:" + port, TOKEN, post("/api/sources/apmagnet/poll", "Bearer " + TOKEN));
        assertThat(polled.get("kind").asText()).isEqualTo("poll");
        assertThat(polled.get("target").asText()).isEqualTo("apmagnet");
        assertThat(polled.at("/result/unchanged").asInt()).isEqualTo(5);
        JsonNode cycle = TestSupport.job(http, "http://127.0.0.1:" + port, TOKEN, post("/api/cycle", "Bearer " + TOKEN));
        assertThat(cycle.at("/result/totals/unchanged").asInt()).isEqualTo(21);
        assertThat(get(cycle.get("href").asText(), null).statusCode()).isEqualTo(401);
        assertThat(get("/api/runs/999999", "Bearer " + TOKEN).statusCode()).isEqualTo(404);

        assertThat(get("/api/partners", null).statusCode()).isEqualTo(401);
        HttpResponse<String> partners = get("/api/partners", "Bearer " + TOKEN);
        assertThat(partners.statusCode()).isEqualTo(200);
        assertThat(TestSupport.JSON.readTree(partners.body())).isEmpty();
        assertThat(get("/api/partners/nobody/dead-letters", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        assertThat(post("/api/partners/nobody/replay", "Bearer " + TOKEN).statusCode()).isEqualTo(404);

        String id = store.all().get(0).id();
        HttpResponse<String> practice = get("/api/practices/" + id, null);
        assertThat(practice.statusCode()).isEqualTo(200);
        assertThat(TestSupport.practiceViolations(TestSupport.JSON.readTree(practice.body()))).isEmpty();
        assertThat(get("/api/practices/ph-0000000000000000", null).statusCode()).isEqualTo(404);
    }
}
