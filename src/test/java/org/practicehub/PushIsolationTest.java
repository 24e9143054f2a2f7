package org.practicehub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.PartnerServer.Answer;
import org.practicehub.config.HubConfiguration;
import org.practicehub.run.RunReport;
import org.practicehub.store.PushOutbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A partner that takes the connection and never answers, beside one that answers at once (push timeout 3 s): the
 * healthy one gets its 20 pushes on time, the cycle (and its digest) does not wait a timeout per practice, and a
 * replay of the hanging partner's dead letters answers at once, pushing in the background.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.management.enabled=false", "hub.push.timeout-ms=3000"})
class PushIsolationTest {

    static final String TOKEN = "push-isolation-admin-token-0123456789";
    @TempDir
    static Path dir;
    static PartnerServer partners;
    static int port;
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final List<String> healthy = new CopyOnWriteArrayList<>();
    static TestSupport.Props props = new TestSupport.Props();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PushOutbox outbox;

    @BeforeAll
    static void setUp() throws IOException {
        partners = new PartnerServer();
        partners.on("/hanging", r -> {
            RELEASE.await(60, TimeUnit.SECONDS);
            return Answer.status(503, java.util.Map.of());
        });
        partners.on("/healthy", r -> {
            healthy.add(r.header("Idempotency-Key"));
            return Answer.status(202, java.util.Map.of());
        });
        Path dirs = Files.createDirectories(dir.resolve("partners"));
        // listed first: before, every other partner waited behind it
        Files.writeString(dirs.resolve("a-hanging.yaml"), "id: hanging\nendpoint: " + partners.url("/hanging") + "\nnetwork: Hanging network\n"
                + "secret-env: TEST_PUSH_SECRET\nmax-attempts: 1\n", StandardCharsets.UTF_8);
        Files.writeString(dirs.resolve("b-healthy.yaml"), "id: healthy\nendpoint: " + partners.url("/healthy") + "\nnetwork: Healthy network\n"
                + "secret-env: TEST_PUSH_SECRET\n", StandardCharsets.UTF_8);
        port = TestSupport.freePort();
        props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.partners-dir", dirs.toString()).set("TEST_PUSH_SECRET", "s3cret")
                .set("camel.server.port", String.valueOf(port)).set("hub.admin-token", TOKEN);
    }

    @AfterAll
    static void tearDown() {
        RELEASE.countDown();
        partners.close();
        props.close();
    }

    @Test
    void aHangingPartnerDelaysOnlyItselfAndAReplayAnswersAtOnce() throws Exception {
        long t0 = System.nanoTime();
        RunReport report = template.requestBody("direct:cycle", null, RunReport.class);
        long cycle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(healthy).hasSize(20).doesNotHaveDuplicates();
        // one timeout of the hanging partner, not one per practice (20 x 3 s)
        assertThat(cycle).as("the cycle, ms").isLessThan(15_000);
        assertThat(report.getDigests()).singleElement().satisfies(d -> assertThat(d.status()).isEqualTo("written"));
        assertThat(outbox.stats("hanging")).containsEntry("dead", 1).containsEntry("backlog", 19);
        assertThat(outbox.stats("healthy")).containsEntry("delivered", 20).containsEntry("backlog", 0);

        long t1 = System.nanoTime();
        HttpResponse<String> replay = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/partners/hanging/replay")).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        long replayMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(replayMs).as("the replay's answer, ms").isLessThan(1000);
        // and the replayed delivery is tried in the background: it times out, and is dead again
        await().atMost(Duration.ofSeconds(15)).until(() -> Integer.valueOf(1).equals(outbox.stats("hanging").get("dead"))
                && partners.requests("/hanging").size() >= 2);
    }
}
