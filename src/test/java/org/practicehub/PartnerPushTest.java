package org.practicehub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.PartnerServer.Answer;
import org.practicehub.config.HubConfiguration;
import org.practicehub.model.Practice;
import org.practicehub.source.Sources;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.PushOutbox;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushes to a partner repository, received by a real HTTP server that checks every signature: each
 * delivery once and in order; a receiver failing for a while gets everything once it recovers; a
 * receiver failing for good gets dead letters, replayed after it recovers. Nothing goes back to the
 * network it came from.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false"})
class PartnerPushTest {

    static final String SECRET = "partner-signing-secret";
    @TempDir
    static Path dir;
    static PartnerServer receiver;
    static final AtomicInteger failing = new AtomicInteger();
    static final List<String> received = new CopyOnWriteArrayList<>();
    static TestSupport.Props props = new TestSupport.Props();
    static final java.util.concurrent.CountDownLatch RELEASE = new java.util.concurrent.CountDownLatch(1);

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PracticeStore store;
    @BeanInject
    Sources sources;
    @BeanInject
    PushOutbox outbox;

    @BeforeAll
    static void setUp() throws IOException {
        receiver = new PartnerServer();
        receiver.on("/inbox", r -> {
            byte[] body = r.body();
            String expected = "sha256=" + hmac(r.header("X-Hub-Timestamp") + "." + new String(body, StandardCharsets.UTF_8));
            if (!expected.equals(r.header("X-Hub-Signature-256")) || !"Bearer push-token".equals(r.header("Authorization"))) {
                return Answer.status(401, Map.of());
            }
            if (failing.get() != 0) {
                failing.decrementAndGet();
                return Answer.status(500, Map.of());
            }
            received.add(r.header("Idempotency-Key"));
            return Answer.status(204, Map.of());
        });
        // a second partner takes every delivery at once, then sends its answer's body a byte at a time, never ending
        receiver.onRaw("/slow-inbox", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, 0);
            try (java.io.OutputStream out = ex.getResponseBody()) {
                while (!RELEASE.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    out.write(' ');
                    out.flush();
                }
            } catch (InterruptedException | IOException e) {
                // the hub went away
            }
        });
        Path partners = Files.createDirectories(dir.resolve("partners"));
        Files.writeString(partners.resolve("slow.yaml"), "id: slow-inbox\nendpoint: " + receiver.url("/slow-inbox") + "\n"
                + "network: Slow network\nsecret-env: TEST_PUSH_SECRET\n", StandardCharsets.UTF_8);
        Files.writeString(partners.resolve("mnh.yaml"), "id: mnh-inbox\nendpoint: " + receiver.url("/inbox") + "\n"
                + "network: Migration Network Hub\nsecret-env: TEST_PUSH_SECRET\nmax-attempts: 3\n"
                + "auth: { header: Authorization, env: TEST_PUSH_TOKEN, prefix: \"Bearer \" }\n", StandardCharsets.UTF_8);
        props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.partners-dir", partners.toString())
                .set("hub.push.backoff-base", "0s").set("TEST_PUSH_SECRET", SECRET).set("TEST_PUSH_TOKEN", "push-token");
    }

    @AfterAll
    static void tearDown() {
        RELEASE.countDown();
        receiver.close();
        props.close();
    }

    static String hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void change(Practice p, String suffix) {
        TestSupport.changeSummary(store, sources, p, suffix);
    }

    private void push() {
        template.requestBody("direct:push", (Object) null);
    }

    @Test
    // a guard, not a measure: a partner's endless answer must not hang the build if pushes wait for it again
    @org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void deliveriesArriveOnceSignedInOrderThroughFailuresAndDeadLetters() {
        // first cycle: every practice not from the partner's own network, once, signed
        template.requestBody("direct:cycle", (Object) null);
        // everything but what the partner's own network shared (the Laguna centre came from it too)
        int expected = (int) store.all().stream().filter(x -> !x.networks().contains("Migration Network Hub")).count();
        assertThat(expected).isEqualTo(9);
        assertThat(received).hasSize(expected).doesNotHaveDuplicates();
        assertThat(store.byIds(received.stream().map(k -> k.substring(0, k.indexOf(':'))).toList()))
                .allSatisfy(p -> assertThat(p.networks()).doesNotContain("Migration Network Hub"));
        template.requestBody("direct:cycle", (Object) null);
        assertThat(received).hasSize(expected);
        // the partner whose answers never end has had every practice, each delivery done with its status
        assertThat(outbox.stats("slow-inbox")).containsEntry("delivered", store.all().size()).containsEntry("backlog", 0)
                .containsEntry("dead", 0).containsEntry("lastError", null);

        // the receiver fails for a while; two versions wait; only the newest arrives, and after recovery
        Practice p = store.byIds(List.of(received.get(0).split(":")[0])).get(0);
        failing.set(2);
        change(p, " (v2)");
        push();
        push();
        change(store.get(p.id()).orElseThrow(), " (v3)");
        push();
        assertThat(received).hasSize(expected + 1).last().asString().startsWith(p.id() + ":").doesNotEndWith(":1");

        // failing for good: dead after 3 attempts, waits in the dead letters, replayed after recovery
        failing.set(1000);
        Practice q = store.byIds(List.of(received.get(1).split(":")[0])).get(0);
        change(q, " (v2)");
        push();
        push();
        push();
        assertThat(outbox.dead("mnh-inbox")).as(String.valueOf(outbox.stats("mnh-inbox")) + " " + failing.get() + " " + received).singleElement().satisfies(d -> {
            assertThat(d.get("practiceId")).isEqualTo(q.id());
            assertThat((String) d.get("lastError")).contains("HTTP 500");
        });
        push();
        assertThat(received).hasSize(expected + 1);
        failing.set(0);
        assertThat(outbox.replay("mnh-inbox")).isEqualTo(1);
        push();
        assertThat(received).hasSize(expected + 2).last().asString().startsWith(q.id() + ":");
        assertThat(outbox.dead("mnh-inbox")).isEmpty();

        // per practice, versions only ever go up at the receiver
        Map<String, Integer> last = new HashMap<>();
        for (String k : received) {
            String[] parts = k.split(":");
            int v = Integer.parseInt(parts[1]);
            assertThat(v).isGreaterThan(last.getOrDefault(parts[0], 0));
            last.put(parts[0], v);
        }
    }
}
