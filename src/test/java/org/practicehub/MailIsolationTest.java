package org.practicehub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An SMTP server that accepts connections and never answers: members subscribing (each asks for a confirmation mail)
 * must not hold the HTTP server's workers. 20 subscribes at once, then 50 clients reading {@code /api/practices} at
 * once: every read answers, p99 under a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.management.enabled=false", "hub.subscriptions.rate-limit-per-client=1000",
                "hub.subscriptions.rate-limit-per-email=1000", "hub.http.rate-limit=100000", "hub.smtp.timeout-ms=20000", "hub.smtp.retries=0"})
class MailIsolationTest {

    @TempDir
    static Path data;
    static int port;
    static HangingSmtp smtp;
    static TestSupport.Props props = new TestSupport.Props();
    final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();

    @BeforeAll
    static void start() throws IOException {
        smtp = new HangingSmtp();
        port = TestSupport.freePort();
        props.set("hub.data-dir", data.toString()).set("camel.server.port", String.valueOf(port))
                .set("hub.public-url", "http://127.0.0.1:" + port)
                .set("hub.smtp.host", "127.0.0.1").set("hub.smtp.port", String.valueOf(smtp.port()));
    }

    @AfterAll
    static void stop() throws IOException {
        props.close();
        smtp.close();
    }

    private CompletableFuture<Long> timed(HttpRequest request, int status) {
        long t0 = System.nanoTime();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
            return (System.nanoTime() - t0) / 1_000_000;
        });
    }

    @Test
    void aHangingSmtpServerDelaysTheMailsNotThePublicApi() {
        List<CompletableFuture<Long>> subscribes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            subscribes.add(timed(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/subscriptions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"member" + i + "@example.org\"}")).build(), 202));
        }
        // the mails reached the server, which holds them
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(smtp::holding);
        List<CompletableFuture<Long>> reads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            reads.add(timed(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/practices")).build(), 200));
        }
        List<Long> millis = new ArrayList<>(reads.stream().map(CompletableFuture::join).toList());
        Collections.sort(millis);
        long p99 = millis.get((int) Math.ceil(millis.size() * 0.99) - 1);
        assertThat(p99).as("p99 of 50 reads, ms: %s", millis).isLessThan(1000);
        // and the subscribes were answered at once too: the mail waits in the queue
        assertThat(subscribes.stream().map(CompletableFuture::join).toList()).allSatisfy(ms -> assertThat(ms).isLessThan(5000));
    }
}
