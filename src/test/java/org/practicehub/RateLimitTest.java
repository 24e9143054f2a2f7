package org.practicehub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** The public endpoints answer 429 with Retry-After past the per-client limit; admin endpoints are not counted. */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false"})
class RateLimitTest {

    @TempDir
    static Path data;
    static int port;
    static TestSupport.Props props = new TestSupport.Props();

    @BeforeAll
    static void setUp() {
        port = TestSupport.freePort();
        props.set("hub.data-dir", data.toString()).set("camel.server.port", String.valueOf(port)).set("hub.http.rate-limit", "5");
    }

    @AfterAll
    static void tearDown() {
        props.close();
    }

    @Test
    void theSixthRequestInAMinuteIsRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/practices")).build();
        for (int i = 0; i < 5; i++) {
            assertThat(http.send(list, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/feeds/practices.atom")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        assertThat(refused.body()).contains("Too Many Requests");
    }
}
