package org.practicehub;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.pg.Pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one PostgreSQL database with no secret in their configuration (as docker/compose.yaml runs them):
 * the link secret and the admin token are the first instance's, read from the store by the second, so a confirmation
 * link one instance mailed works on the other, and the token works on both. Skipped without a server (Pg).
 */
class PostgresSharedSecretsTest {

    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    Map<String, String> config(String name, String dbUrl, int port) {
        return Map.ofEntries(Map.entry("hub.instance-id", name), Map.entry("hub.db.url", dbUrl), Map.entry("hub.db.user", Pg.user()),
                Map.entry("hub.db.password", Pg.password()), Map.entry("hub.data-dir", dir.resolve(name).toString()),
                Map.entry("camel.server.port", String.valueOf(port)), Map.entry("hub.public-url", "http://127.0.0.1:" + port),
                Map.entry("hub.schedule.enabled", "false"), Map.entry("hub.http.rate-limit", "0"), Map.entry("hub.admin-token", ""),
                Map.entry("hub.subscriptions.secret", ""));
    }

    HttpResponse<String> send(String method, String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLinkSignedByOneInstanceWorksOnTheOtherAndTheGeneratedAdminTokenOnBoth() throws Exception {
        Pg.assumeServer();
        String db = Pg.newDatabase("secrets");
        int portA = TestSupport.freePort();
        int portB = TestSupport.freePort();
        try (HubInstance a = HubInstance.start(config("a", db, portA)); HubInstance b = HubInstance.start(config("b", db, portB))) {
            String tokenA = Files.readString(dir.resolve("a/admin-token")).trim();
            assertThat(Files.readString(dir.resolve("b/admin-token")).trim()).as("the same token, copied into each data folder").isEqualTo(tokenA);
            assertThat(Files.readString(dir.resolve("b/subscription-secret")).trim()).isEqualTo(Files.readString(dir.resolve("a/subscription-secret")).trim());
            for (int port : List.of(portA, portB)) {
                assertThat(send("GET", "http://127.0.0.1:" + port + "/api/sources", null, "Authorization", "Bearer " + tokenA).statusCode())
                        .as("the admin token on port " + port).isEqualTo(200);
            }

            assertThat(send("POST", "http://127.0.0.1:" + portA + "/api/subscriptions", "{\"email\":\"ana@example.org\"}",
                    "Content-Type", "application/json").statusCode()).isEqualTo(202);
            Path outbox = dir.resolve("a/outbox");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.isDirectory(outbox) && Files.list(outbox).findAny().isPresent());
            Path eml;
            try (var files = Files.list(outbox)) {
                eml = files.findFirst().orElseThrow();
            }
            MimeMessage m;
            try (InputStream in = Files.newInputStream(eml)) {
                m = new MimeMessage(Session.getInstance(new java.util.Properties()), in);
            }
            String link = TestSupport.mailLink(TestSupport.mailText(m), "/api/subscriptions/confirm");
            // the member's click reaches the other instance (a load balancer's choice)
            String onB = link.replace("127.0.0.1:" + portA, "127.0.0.1:" + portB);
            HttpResponse<String> confirmed = send("GET", onB, null);
            assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
            assertThat(confirmed.body()).contains("Subscription confirmed");
        }
    }
}
