package org.practicehub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.PartnerServer.Answer;
import org.practicehub.pg.FeedFarm;
import org.practicehub.pg.Pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two hub instances, two JVMs with the same configuration, on one PostgreSQL database, polling partner feeds on a
 * one-second schedule and pushing every practice to a partner repository, for several cycles of new items; then one
 * instance is killed and the other carries on alone. Every delivery arrives exactly once; each source is polled by
 * one instance at a time (Quartz clustered), never by both. Skipped without a server (Pg).
 */
class PostgresClusterTest {

    static final String TOKEN = "cluster-test-admin-token-0123456789";

    @TempDir
    Path dir;
    FeedFarm farm;
    PartnerServer receiver;
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<Process> processes = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws IOException {
        Pg.assumeServer();
        farm = new FeedFarm(6, 10, 5);
        receiver = new PartnerServer();
        receiver.on("/inbox", r -> {
            received.add(r.header("Idempotency-Key"));
            return Answer.status(204, Map.of());
        });
    }

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroyForcibly);
        if (farm != null) {
            farm.close();
            receiver.close();
        }
    }

    /** `java org.practicehub.Hub` in its own JVM, on the test's class path, from the project folder (routes/). */
    Process start(String name, String dbUrl, Path mappings, Path partners, int port) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path")));
        Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put("hub.instance-id", name);
        props.put("hub.db.url", dbUrl);
        props.put("hub.db.user", Pg.user());
        props.put("hub.db.password", Pg.password());
        props.put("hub.data-dir", dir.resolve(name).toString());
        props.put("hub.mappings-dir", mappings.toString());
        props.put("hub.partners-dir", partners.toString());
        props.put("camel.server.port", String.valueOf(port));
        props.put("camel.server.host", "127.0.0.1");
        props.put("hub.admin-token", TOKEN);
        props.put("hub.push.interval", "500");
        props.put("hub.push.timeout-ms", "2000");
        props.put("hub.push.backoff-base", "0s");
        props.put("hub.cluster.checkin-interval-ms", "1000");
        props.put("hub.http.rate-limit", "0");
        // the checks by name in the answer (by default a ready instance answers its status only)
        props.put("camel.health.exposure-level", "full");
        props.put("TEST_PUSH_SECRET", "cluster-signing-secret");
        // partners see which instance polled them
        props.put("hub.fetch.user-agent", "PracticeHub/" + name);
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("org.practicehub.Hub");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(TestSupport.project(".").toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("HUB_LOG_LEVEL", "WARN");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    HttpResponse<String> ready(int port) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/ready")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static int count(String dbUrl, String sql) throws Exception {
        try (Connection c = Pg.connect(dbUrl); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void twoInstancesDeliverEachPushOncePollEachSourceOnceAndOneCarriesOnWhenTheOtherIsKilled() throws Exception {
        String db = Pg.newDatabase("cluster");
        Path mappings = farm.mappings(dir.resolve("mappings"), "1s");
        Path partners = Files.createDirectories(dir.resolve("partners"));
        Files.writeString(partners.resolve("inbox.yaml"), "id: inbox\nendpoint: " + receiver.url("/inbox") + "\nnetwork: Receiving network\n"
                + "secret-env: TEST_PUSH_SECRET\n", StandardCharsets.UTF_8);
        int portA = TestSupport.freePort();
        int portB = TestSupport.freePort();
        // both at once on an empty database: Flyway's lock lets one migrate, the other waits
        Process a = start("a", db, mappings, partners, portA);
        start("b", db, mappings, partners, portB);
        for (int port : new int[] {portA, portB}) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                HttpResponse<String> r = ready(port);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(r.body()).contains("database", "smtp");
            });
        }
        long start = System.nanoTime();

        // several cycles of new items, both instances up
        for (int gen = 0; gen <= 2; gen++) {
            farm.generation.set(gen);
            int total = farm.totalAt(gen);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(count(db, "SELECT COUNT(*) FROM practice")).isEqualTo(total);
                assertThat(new HashSet<>(received)).hasSize(total);
                assertThat(count(db, "SELECT COUNT(*) FROM push_delivery WHERE status <> 'delivered'")).isZero();
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long killedAt = System.nanoTime();
        // one schedule across the two instances: about one poll a second per source, where a timer in each would give two
        Set<String> pollers = new HashSet<>();
        farm.requests().forEach((feed, requests) -> {
            List<PartnerServer.Request> during = requests.stream().filter(r -> r.nanos() >= start && r.nanos() < killedAt).toList();
            assertThat(during.size()).as("polls of feed %d in %.1f s", feed, seconds).isLessThanOrEqualTo((int) (seconds * 1.5) + 1);
            during.forEach(r -> pollers.add(r.header("User-Agent")));
        });
        // and the work is shared: both instances polled
        assertThat(pollers).containsExactlyInAnyOrder("PracticeHub/a", "PracticeHub/b");

        // one instance dies; the other takes over its schedules and pushes
        a.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        farm.generation.set(3);
        int total = farm.totalAt(3);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(count(db, "SELECT COUNT(*) FROM practice")).isEqualTo(total);
            assertThat(new HashSet<>(received)).hasSize(total);
            assertThat(count(db, "SELECT COUNT(*) FROM push_delivery WHERE status <> 'delivered'")).isZero();
        });
        assertThat(received).as("every delivery exactly once").hasSize(total).doesNotHaveDuplicates();
        assertThat(count(db, "SELECT COUNT(*) FROM push_delivery")).isEqualTo(total);
        assertThat(ready(portB).statusCode()).isEqualTo(200);
    }
}
