package org.practicehub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The service as an operator starts it, in its own JVM, configured only by environment variables. */
class ServiceCommandTest {

    @TempDir
    Path dir;

    @Test
    void theServiceStartsOnThePortAndTokenFromTheEnvironmentAndPollsItsSources() throws Exception {
        int port = TestSupport.freePort();
        String token = "service-admin-token-0123456789";
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.practicehub.Hub");
        pb.directory(TestSupport.project(".").toFile());
        pb.environment().put("HUB_DATA_DIR", dir.resolve("data").toString());
        pb.environment().put("CAMEL_SERVER_PORT", String.valueOf(port));
        pb.environment().put("HUB_ADMIN_TOKEN", token);
        pb.environment().put("HUB_SOURCES_DEFAULT_SCHEDULE", "1h");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest sources = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sources"))
                    .header("Authorization", "Bearer " + token).build();
            // each source's own schedule fires a first poll shortly after start
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
                HttpResponse<String> r = http.send(sources, HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(TestSupport.JSON.readTree(r.body())).hasSize(3).allSatisfy(s -> assertThat(s.get("status").asText()).isEqualTo("ok"));
            });
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("UP");
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the service stops on SIGTERM").isTrue();
        }
    }
}
