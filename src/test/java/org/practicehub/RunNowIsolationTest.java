package org.practicehub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;
import org.practicehub.source.Sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Work a facilitator runs now while its partner and its SMTP server hang: a source whose server reads the request and
 * answers only when the test lets it, and an SMTP server that accepts connections and never says a word. The poll and
 * the digest run each answer at once (202, the job's address), a second request for the same poll gets the running
 * job rather than a second poll, 50 readers of {@code /api/practices} meanwhile answer with p99 under a second, and
 * the poll's job ends with its result once the partner answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.management.enabled=false", "hub.http.rate-limit=100000", "hub.smtp.timeout-ms=60000",
                "hub.smtp.retries=0", "hub.digest.recipients=reader@example.org"})
class RunNowIsolationTest {

    static final String TOKEN = "run-now-admin-token-0123456789";
    @TempDir
    static Path data;
    static int port;
    static HangingSmtp smtp;
    static HttpServer partner;
    static final CountDownLatch answer = new CountDownLatch(1);
    static TestSupport.Props props = new TestSupport.Props();
    final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    Sources sources;

    @BeforeAll
    static void start() throws IOException {
        smtp = new HangingSmtp();

        partner = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        partner.setExecutor(Executors.newCachedThreadPool());
        partner.createContext("/practices.json", ex -> {
            try {
                answer.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"practices\": [{\"ref\": \"late-1\", \"title\": \"A late partner's practice of labour migration\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        partner.start();

        Path mappings = Files.createDirectories(data.resolve("mappings"));
        Files.writeString(data.resolve("local.json"), "{\"practices\": [{\"ref\": \"p-1\", \"title\": \"Pre-departure orientation for domestic"
                + " workers\"}, {\"ref\": \"p-2\", \"title\": \"Skills recognition for returning migrants\"}]}", StandardCharsets.UTF_8);
        Files.writeString(mappings.resolve("local.yaml"), "id: local\nnetwork: Local network\nkind: json\nurl: " + data.resolve("local.json")
                + "\nrecords: $.practices[*]\nfields:\n  recordId: $.ref\n  title: $.title\n", StandardCharsets.UTF_8);
        Files.writeString(mappings.resolve("late.yaml"), "id: late\nnetwork: Late network\nkind: json\nurl: http://127.0.0.1:"
                + partner.getAddress().getPort() + "/practices.json\nrecords: $.practices[*]\nfields:\n  recordId: $.ref\n  title: $.title\n",
                StandardCharsets.UTF_8);

        port = TestSupport.freePort();
        props.set("hub.data-dir", data.resolve("data").toString()).set("camel.server.port", String.valueOf(port))
                .set("hub.public-url", "http://127.0.0.1:" + port).set("hub.admin-token", TOKEN).set("hub.mappings-dir", mappings.toString())
                .set("hub.smtp.host", "127.0.0.1").set("hub.smtp.port", String.valueOf(smtp.port()));
    }

    @AfterAll
    static void stop() throws IOException {
        answer.countDown();
        props.close();
        partner.stop(0);
        smtp.close();
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + TOKEN)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestSupport.JSON.readTree(r.body());
    }

    private CompletableFuture<Long> timedRead() {
        long t0 = System.nanoTime();
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/practices")).build(),
                HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    return (System.nanoTime() - t0) / 1_000_000;
                });
    }

    @Test
    void aPollAndADigestRunAnswerAtOnceWhileTheirPartnerAndSmtpServerHang() throws Exception {
        assertThat(TestSupport.poll(template, sources, "local").created()).isEqualTo(2);

        // the request times out after 5 s: answering means it did not wait on the partner
        HttpResponse<String> poll = post("/api/sources/late/poll");
        assertThat(poll.statusCode()).as(poll.body()).isEqualTo(202);
        JsonNode job = TestSupport.JSON.readTree(poll.body());
        assertThat(job.get("status").asText()).isEqualTo("running");
        assertThat(job.get("kind").asText()).isEqualTo("poll");
        HttpResponse<String> again = post("/api/sources/late/poll");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(TestSupport.JSON.readTree(again.body()).get("id").asText()).as("the running poll, not a second one").isEqualTo(job.get("id").asText());

        HttpResponse<String> run = post("/api/digests/community-updates/run");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
        String runAt = run.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(smtp::holding);
        assertThat(get(runAt).get("status").asText()).as("the digest waits on the SMTP server, in the background").isEqualTo("running");

        // warmed up first, one at a time: what is timed is waiting on the hung work, not the first answers' start-up
        for (int i = 0; i < 10; i++) {
            timedRead().join();
        }
        List<CompletableFuture<Long>> reads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            reads.add(timedRead());
        }
        List<Long> millis = new ArrayList<>(reads.stream().map(CompletableFuture::join).toList());
        Collections.sort(millis);
        assertThat(millis.get((int) Math.ceil(millis.size() * 0.99) - 1)).as("p99 of 50 reads, ms: %s", millis).isLessThan(1000);
        assertThat(get(job.get("href").asText()).get("status").asText()).isEqualTo("running");

        answer.countDown();
        JsonNode ended = TestSupport.job(http, "http://127.0.0.1:" + port, TOKEN, poll);
        assertThat(ended.at("/result/id").asText()).isEqualTo("late");
        assertThat(ended.at("/result/new").asInt()).as(ended.toString()).isEqualTo(1);
        assertThat(ended.get("endedAt").asText()).isNotBlank();
    }
}
