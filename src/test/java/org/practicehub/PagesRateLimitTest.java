package org.practicehub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** A page over the rate limit answers an HTML 429 that keeps its Retry-After (direct:http-reply used to drop it). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.management.enabled=false", "hub.http.rate-limit=2",
                "hub.subscriptions.rate-limit-per-client=1"})
class PagesRateLimitTest {

    @TempDir
    static Path data;
    static int port;
    static TestSupport.Props props = new TestSupport.Props();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void setUp() {
        port = TestSupport.freePort();
        props.set("hub.data-dir", data.toString()).set("camel.server.port", String.valueOf(port)).set("hub.public-url", "http://127.0.0.1:" + port);
    }

    @AfterAll
    static void tearDown() {
        props.close();
    }

    private HttpResponse<String> send(String method, String path, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", "text/html");
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        return http.send(b.method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void tooMany(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(Jsoup.parse(r.body()).select("h1").text()).isEqualTo("Too many requests");
    }

    @Test
    void anHtml429KeepsRetryAfter() throws Exception {
        assertThat(send("GET", "/practices", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/subscribe", null).statusCode()).isEqualTo(200);
        tooMany(send("GET", "/practices", null));
        tooMany(send("GET", "/subscribe", null));
        // the confirm link (a browser follows it) shares the public limit
        tooMany(send("GET", "/api/subscriptions/confirm?token=x", null));
        // the subscribe form has its own, hourly, limit per client
        assertThat(send("POST", "/subscribe", "email=ann%40example.org").statusCode()).isEqualTo(200);
        tooMany(send("POST", "/subscribe", "email=ann%40example.org"));
    }
}
