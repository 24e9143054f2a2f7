package org.practicehub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.pg.FeedFarm;
import org.practicehub.pg.Pg;
import org.practicehub.store.Db;
import org.practicehub.store.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two hub instances, two JVMs with the same configuration, on one PostgreSQL database, with GreenMail (behind
 * {@link SmtpGate}) as their SMTP server. For several cycles both are asked at once to poll the sources and to run the
 * digest: every reader receives each edition exactly once, holding exactly the practices new to it. Then one instance
 * is killed in the middle of a run (the server holds its next message); the other is refused while the dead one's
 * claim holds, takes the run over once its lease has run out, and sends the rest: every reader ends with exactly one
 * message of that edition. Skipped without a server (Pg).
 */
class PostgresDigestClusterTest {

    static final String TOKEN = "digest-cluster-test-admin-token-0123";
    static final String DIGEST = "community-updates";
    static final String LIST = "list@example.org";

    @TempDir
    Path dir;
    FeedFarm farm;
    GreenMail mail;
    SmtpGate gate;
    final List<Process> processes = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();
    /** Each member and the network whose practices it asked for (null: all). */
    final Map<String, String> members = new LinkedHashMap<>();
    /** What each instance answered to each request of the cycles (its run report), for the failure's explanation. */
    final List<String> answers = new ArrayList<>();
    /** The test's database, for the evidence kept when it fails. */
    String db;
    /** Set as the test's last step: anything else keeps the instances' logs and the database's state (see tearDown). */
    boolean passed;

    @BeforeEach
    void setUp() throws IOException {
        Pg.assumeServer();
        farm = new FeedFarm(3, 4, 2);
        gate = SmtpGate.withGreenMail(false);
        mail = gate.greenMail();
    }

    @AfterEach
    void tearDown() throws Exception {
        processes.forEach(Process::destroyForcibly);
        for (Process p : processes) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (!passed && db != null) {
            keepEvidence();
        }
        if (farm != null) {
            farm.close();
            gate.close();
        }
    }

    /** `java org.practicehub.Hub` in its own JVM, on the test's class path, from the project folder (routes/). */
    Process start(String name, String dbUrl, Path mappings, int port) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path")));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("hub.instance-id", name);
        props.put("hub.db.url", dbUrl);
        props.put("hub.db.user", Pg.user());
        props.put("hub.db.password", Pg.password());
        props.put("hub.data-dir", dir.resolve(name).toString());
        props.put("hub.mappings-dir", mappings.toString());
        props.put("hub.partners-dir", java.nio.file.Files.createDirectories(dir.resolve("no-partners")).toString());
        props.put("camel.server.port", String.valueOf(port));
        props.put("camel.server.host", "127.0.0.1");
        props.put("hub.admin-token", TOKEN);
        props.put("hub.http.rate-limit", "0");
        // the test asks for every poll and run: two instances at once, as an admin and a cron job on each host could
        props.put("hub.schedule.enabled", "false");
        props.put("hub.smtp.host", "127.0.0.1");
        props.put("hub.smtp.port", String.valueOf(gate.port()));
        // one message at a time: when the server holds a message, every earlier one has been committed
        props.put("hub.digest.parallelism", "1");
        props.put("hub.digest.recipients", LIST);
        // a short lease, so that the takeover comes soon; it must still outlast one message's SMTP timeout
        props.put("hub.smtp.timeout-ms", "4000");
        props.put("hub.smtp.retries", "0");
        props.put("hub.digest.lease", "8s");
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("org.practicehub.Hub");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(TestSupport.project(".").toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        // INFO: a source skipped or backing off, a record rejected, say so (org.practicehub.source); Camel stays at WARN.
        // The log is in the test's folder, copied to target/cluster-logs/ when the test fails (keepEvidence)
        pb.environment().put("HUB_LOG_LEVEL", "INFO");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    CompletableFuture<HttpResponse<String>> post(int port, String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the job a request for work now answered (202) ended with: its result. */
    JsonNode result(int port, HttpResponse<String> accepted) {
        try {
            return TestSupport.job(http, "http://127.0.0.1:" + port, TOKEN, accepted).get("result");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode run(int port) {
        return result(port, post(port, "/api/digests/" + DIGEST + "/run").join());
    }

    /** Both instances at once: a cycle (every source, the digest if due), then the digest run now. */
    void cycleOnBoth(int portA, int portB) {
        for (String path : List.of("/api/cycle", "/api/digests/" + DIGEST + "/run")) {
            CompletableFuture<HttpResponse<String>> a = post(portA, path);
            CompletableFuture<HttpResponse<String>> b = post(portB, path);
            List<HttpResponse<String>> both = List.of(a.join(), b.join());
            answers.add("a " + path + " -> " + both.get(0).statusCode() + " " + both.get(0).body());
            answers.add("b " + path + " -> " + both.get(1).statusCode() + " " + both.get(1).body());
            answers.add("a " + path + " ended " + result(portA, both.get(0)));
            answers.add("b " + path + " ended " + result(portB, both.get(1)));
        }
    }

    /** The practices each reader is owed by now: its network's (by the source the practice came from), or all. */
    Map<String, Set<String>> expected(String dbUrl) throws Exception {
        Map<String, Set<String>> byNetwork = new HashMap<>();
        Set<String> all = new TreeSet<>();
        try (Connection c = Pg.connect(dbUrl); PreparedStatement ps = c.prepareStatement("SELECT source_id, practice_id FROM source_record");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String network = "Partner network " + rs.getString(1).substring("partner-".length());
                byNetwork.computeIfAbsent(network, k -> new TreeSet<>()).add(rs.getString(2));
                all.add(rs.getString(2));
            }
        }
        Map<String, Set<String>> out = new TreeMap<>();
        members.forEach((email, network) -> out.put(email, network == null ? all : byNetwork.getOrDefault(network, Set.of())));
        out.put(LIST, all);
        return out;
    }

    /** Per reader, per edition (the Message-ID names it), the practice ids of each message of that edition. */
    Map<String, Map<String, List<Set<String>>>> received() throws Exception {
        Map<String, Map<String, List<Set<String>>>> out = new TreeMap<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            String edition = m.getMessageID().split("\\.")[1];
            Set<String> ids = new TreeSet<>();
            Matcher x = DigestDeliveryTest.PRACTICE_LINK.matcher((String) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent());
            while (x.find()) {
                ids.add(x.group(1));
            }
            out.computeIfAbsent(m.getRecipients(Message.RecipientType.TO)[0].toString(), k -> new TreeMap<>())
                    .computeIfAbsent(edition, k -> new ArrayList<>()).add(ids);
        }
        return out;
    }

    /**
     * Every reader has at most one message of each edition, the editions' messages never repeat a practice, and
     * together they hold exactly the practices it is owed.
     */
    void assertEachEditionExactlyOnce(String dbUrl) throws Exception {
        Map<String, Set<String>> want = expected(dbUrl);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Map<String, List<Set<String>>>> got = received();
            assertThat(got.keySet()).isEqualTo(want.keySet());
            want.forEach((reader, ids) -> {
                List<String> union = new ArrayList<>();
                got.get(reader).forEach((edition, messages) -> {
                    assertThat(messages).as("%s, edition %s", reader, edition).hasSize(1);
                    union.addAll(messages.get(0));
                });
                assertThat(union).as(reader).doesNotHaveDuplicates();
                assertThat(new TreeSet<>(union)).as(reader).isEqualTo(ids);
            });
        });
    }

    @Test
    void twoInstancesSendEachEditionOnceAndOneFinishesTheRunOfAKilledOne() throws Exception {
        db = Pg.newDatabase("digests");
        Path mappings = farm.mappings(dir.resolve("mappings"), "1h");
        int portA = TestSupport.freePort();
        int portB = TestSupport.freePort();
        Process a = start("a", db, mappings, portA);
        start("b", db, mappings, portB);
        for (int port : new int[] {portA, portB}) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> assertThat(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/observe/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200));
        }
        // members from the start, through the store both instances share: some want all, some one partner network
        try (Db store = new Db(db, Pg.user(), Pg.password())) {
            Subscriptions subscriptions = new Subscriptions(store, Clock.systemUTC());
            for (int i = 0; i < 12; i++) {
                String email = "member" + i + "@example.org";
                String network = i % 4 == 3 ? null : "Partner network " + (i % 4);
                subscriptions.request(email, network == null ? "" : "network=" + network.replace(' ', '+'), "weekly", "en");
                subscriptions.confirm(subscriptions.byEmail(email).orElseThrow().id(), 0);
                members.put(email, network);
            }
        }

        // several cycles with both instances up: each asked at once for the sources and the digest
        for (int gen = 0; gen <= 2; gen++) {
            farm.generation.set(gen);
            cycleOnBoth(portA, portB);
            int total = farm.totalAt(gen);
            int generation = gen;
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(PostgresClusterTest.count(db, "SELECT COUNT(*) FROM practice"))
                    .as(() -> missing(generation)).isEqualTo(total));
            // a cycle's news may come in one edition or two (one instance's digest ran before the other had stored its
            // part): each is sent once
            assertThat(run(portB).get("status").asText()).isEqualTo("nothing-new");
            assertEachEditionExactlyOnce(db);
        }
        int before = mail.getReceivedMessages().length;

        // new practices; instance a starts the run and dies in the middle of it, the server holding its fourth message
        farm.generation.set(3);
        for (int f = 0; f < farm.feeds; f++) {
            result(portB, post(portB, "/api/sources/partner-" + f + "/poll").join());
        }
        gate.hold(3);
        CompletableFuture<HttpResponse<String>> dying = post(portA, "/api/digests/" + DIGEST + "/run");
        await().atMost(Duration.ofSeconds(60)).until(() -> gate.holding() > 0);
        a.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        gate.release();
        dying.handle((r, e) -> null).join();
        assertThat(mail.getReceivedMessages()).hasSize(before + 3);

        // its claim holds until the lease runs out: b says where the run is, then takes it over and finishes it
        JsonNode refused = run(portB);
        assertThat(refused.get("status").asText()).isEqualTo("busy");
        assertThat(refused.get("runningOn").asText()).isEqualTo("running on instance a");
        JsonNode[] done = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            done[0] = run(portB);
            return !done[0].get("status").asText().equals("busy");
        });
        assertThat(done[0].get("status").asText()).as(done[0].toString()).isEqualTo("sent");
        int owed = expected(db).size() - 3;
        assertThat(done[0].get("messages").asInt()).as(done[0].toString()).isEqualTo(owed);
        assertEachEditionExactlyOnce(db);
        assertThat(PostgresClusterTest.count(db, "SELECT COUNT(*) FROM digest_edition WHERE completed_at IS NULL")).isZero();
        assertThat(PostgresClusterTest.count(db, "SELECT COUNT(*) FROM digest_state WHERE claimed_by IS NOT NULL")).isZero();
        passed = true;
    }

    /**
     * Why practices are missing: the farm's items no source record holds, each source's state (a failure, a backoff),
     * the rejected records, and what the instances answered to the cycles.
     */
    String missing(int gen) {
        StringBuilder out = new StringBuilder("after generation ").append(gen).append(", missing source records:");
        try (Connection c = Pg.connect(db)) {
            Set<String> have = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT source_id, record_id FROM source_record"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    have.add(rs.getString(1) + "/" + rs.getString(2));
                }
            }
            for (int f = 0; f < farm.feeds; f++) {
                for (int i = 0; i < farm.itemsAt(gen); i++) {
                    String key = "partner-" + f + "/gp-" + f + "-" + i;
                    if (!have.contains(key)) {
                        out.append(' ').append(key);
                    }
                }
            }
            out.append(rows(c, "\nsource_state: ", "SELECT source_id, status, last_error, consecutive_failures, next_attempt, last_poll, last_success,"
                    + " records_read, records_new, records_updated, records_unchanged, records_rejected, notes FROM source_state ORDER BY source_id"));
            out.append(rows(c, "\nrejected_record: ", "SELECT source_id, record_id, reason, times_seen FROM rejected_record ORDER BY id"));
        } catch (Exception e) {
            out.append(" (the database could not be read: ").append(e).append(')');
        }
        answers.forEach(a -> out.append("\n").append(a));
        return out.toString();
    }

    private static String rows(Connection c, String title, String sql) throws Exception {
        StringBuilder out = new StringBuilder(title);
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                out.append("\n  ");
                for (int i = 1; i <= n; i++) {
                    out.append(i == 1 ? "" : ", ").append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i));
                }
            }
        }
        return out.toString();
    }

    /** The test failed: each instance's log and the database's state, to target/cluster-logs/<time>/ (the @TempDir goes). */
    void keepEvidence() throws IOException {
        Path to = Path.of("target", "cluster-logs", java.time.LocalDateTime.now().toString().replace(':', '-'));
        java.nio.file.Files.createDirectories(to);
        for (String name : List.of("a", "b")) {
            Path log = dir.resolve(name + ".log");
            if (java.nio.file.Files.exists(log)) {
                java.nio.file.Files.copy(log, to.resolve(name + ".log"));
            }
        }
        java.nio.file.Files.writeString(to.resolve("state.txt"), missing(farm.generation.get()) + "\n");
        System.err.println("PostgresDigestClusterTest failed: the instances' logs and the database's state are in " + to.toAbsolutePath());
    }
}
