package org.practicehub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.PartnerServer.Answer;
import org.practicehub.model.Practice;
import org.practicehub.model.Practice.Provenance;
import org.practicehub.run.RunReport;
import org.practicehub.run.SourceResult;
import org.practicehub.store.PracticeStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hubs in one JVM (two Camel Mains, two data folders, two ports), each a source of the other through
 * the shipped hub mapping template. Hub A reads the three sample networks, hub B a regional feed. After
 * several cycles each holds every practice once, with the provenance of where it started; what started at
 * a hub and comes back through the other is recognised (an echo), never stored twice, never looping; and
 * a hub never pushes a practice to the hub it came through.
 */
class HubToHubTest {

    @TempDir
    static Path dir;
    static Main a;
    static Main b;
    static String urlA;
    static String urlB;
    static PartnerServer receiver;
    static final List<String> pushedByA = new CopyOnWriteArrayList<>();
    static TestSupport.Props props = new TestSupport.Props();

    static final String RCM_FEED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>RCM practices</title><link>https://rcm.example.org/</link>
            <description>Regional Conference on Migration</description>
            <item><guid>rcm-101</guid><title>Consular protection network for migrants in transit through Central America</title>
            <link>https://rcm.example.org/practices/101</link>
            <description>Consulates of five countries share one hotline and shelter referral list for migrants in transit.</description>
            <category>Guatemala</category><category>Honduras</category></item>
            <item><guid>rcm-102</guid><title>Temporary agricultural worker programme with pre-departure orientation</title>
            <link>https://rcm.example.org/practices/102</link>
            <description>Seasonal workers receive contracts, health insurance and orientation before departure.</description>
            <category>Mexico</category></item>
            </channel></rss>
            """;

    @BeforeAll
    static void start() throws Exception {
        int portA = TestSupport.freePort();
        int portB = TestSupport.freePort();
        urlA = "http://127.0.0.1:" + portA;
        urlB = "http://127.0.0.1:" + portB;
        Path template = TestSupport.project("mappings/templates/peer-hub.yaml");

        // hub A: the three sample networks, and hub B through the template
        Path mapA = Files.createDirectories(dir.resolve("a/mappings"));
        try (Stream<Path> files = Files.list(TestSupport.project("mappings"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.writeString(mapA.resolve(f.getFileName()), Files.readString(f)
                        .replace("../samples/", TestSupport.project("samples").toAbsolutePath() + "/"));
            }
        }
        Files.writeString(mapA.resolve("hub-b.yaml"), peer(template, "hub-b", "Hub B", urlB));
        receiver = new PartnerServer();
        receiver.on("/inbox", r -> {
            pushedByA.add(r.header("Idempotency-Key"));
            return Answer.status(204, Map.of());
        });
        Path partnersA = Files.createDirectories(dir.resolve("a/partners"));
        Files.writeString(partnersA.resolve("hub-b.yaml"), "id: hub-b-inbox\nendpoint: " + receiver.url("/inbox")
                + "\nnetwork: Hub B\nsecret-env: HUB_TO_HUB_SECRET\n", StandardCharsets.UTF_8);
        props.set("HUB_TO_HUB_SECRET", "hub-to-hub-signing-secret");

        // hub B: a regional feed, and hub A through the template
        Path mapB = Files.createDirectories(dir.resolve("b/mappings"));
        Files.writeString(dir.resolve("b/rcm.xml"), RCM_FEED, StandardCharsets.UTF_8);
        Files.writeString(mapB.resolve("rcm.yaml"), "id: rcm\nnetwork: RCM\nkind: feed\nurl: ../rcm.xml\n", StandardCharsets.UTF_8);
        Files.writeString(mapB.resolve("hub-a.yaml"), peer(template, "hub-a", "Hub A", urlA));

        a = hub(dir.resolve("a"), portA, partnersA);
        b = hub(dir.resolve("b"), portB, Files.createDirectories(dir.resolve("b/partners")));
    }

    /** The template as an operator fills it in: id, the other hub's name and address. */
    static String peer(Path template, String id, String name, String url) throws Exception {
        return Files.readString(template).replace("id: peer-hub", "id: " + id).replace("network: Peer Hub", "network: " + name)
                .replace("url: https://hub.other-network.example.org/api/practices", "url: " + url + "/api/practices");
    }

    static Main hub(Path home, int port, Path partners) throws Exception {
        Main m = Hub.newMain();
        m.addOverrideProperty("hub.data-dir", home.resolve("data").toString());
        m.addOverrideProperty("hub.mappings-dir", home.resolve("mappings").toString());
        m.addOverrideProperty("hub.partners-dir", partners.toString());
        m.addOverrideProperty("hub.public-url", "http://127.0.0.1:" + port);
        m.addOverrideProperty("camel.server.port", String.valueOf(port));
        m.addOverrideProperty("hub.schedule.enabled", "false");
        m.addOverrideProperty("hub.admin-token", "hub-to-hub-admin-token-0123");
        m.addOverrideProperty("camel.management.enabled", "false");
        m.start();
        return m;
    }

    @AfterAll
    static void stop() throws Exception {
        for (Main m : new Main[] {a, b}) {
            if (m != null) {
                m.stop();
            }
        }
        if (receiver != null) {
            receiver.close();
        }
        props.close();
    }

    static RunReport cycle(Main m) {
        try (ProducerTemplate t = m.getCamelContext().createProducerTemplate()) {
            return t.requestBody("direct:cycle", null, RunReport.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static PracticeStore store(Main m) {
        CamelContext c = m.getCamelContext();
        return c.getRegistry().lookupByNameAndType("store", PracticeStore.class);
    }

    static SourceResult source(RunReport r, String id) {
        return r.getSources().stream().filter(s -> s.sourceId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void eachHoldsEveryPracticeOnceWithItsProvenance_noEchoNoLoop_noPushBack() throws Exception {
        RunReport a1 = cycle(a);                 // A: its own 20 (B is still empty)
        RunReport b1 = cycle(b);                 // B: its own 2 and A's 20
        RunReport a2 = cycle(a);                 // A: B's 2; A's own 20 come back through B as echoes
        RunReport b2 = cycle(b);
        RunReport a3 = cycle(a);
        RunReport b3 = cycle(b);

        List<Practice> inA = store(a).all();
        List<Practice> inB = store(b).all();
        assertThat(source(a1, "hub-b").created()).isZero();
        assertThat(source(b1, "hub-a").created()).isEqualTo(20);
        assertThat(source(a2, "hub-b").created()).isEqualTo(2);
        assertThat(source(a2, "hub-b").echoes()).isEqualTo(20);
        // nothing changes any more: no record travels back and forth
        for (RunReport r : List.of(a3, b3)) {
            assertThat(r.getSources()).allSatisfy(s -> assertThat(s.created() + s.updated()).as(s.sourceId()).isZero());
        }
        assertThat(source(b2, "hub-a").created() + source(b2, "hub-a").updated()).isZero();

        // each holds the 22 practices once: 20 from the samples (the Laguna centre already merged) and RCM's 2
        for (List<Practice> held : List.of(inA, inB)) {
            assertThat(held).hasSize(22);
            assertThat(held.stream().map(Practice::title)).doesNotHaveDuplicates();
            assertThat(held.stream().flatMap(p -> p.sources().stream()).map(s -> s.hub() + " " + s.recordId())).doesNotHaveDuplicates();
        }

        // provenance: where each record started, the networks by their own names, the hub it came through
        String idA = store(a).hubId();
        String idB = store(b).hubId();
        Practice lagunaInB = inB.stream().filter(p -> p.title().contains("Laguna")).findFirst().orElseThrow();
        assertThat(lagunaInB.networks()).containsExactlyInAnyOrder("AP-MagNet", "Migration Network Hub");
        assertThat(lagunaInB.sources()).allSatisfy(s -> {
            assertThat(s.hub()).isEqualTo(idA);
            assertThat(s.via()).isEqualTo("Hub A");
        });
        Practice rcmInA = inA.stream().filter(p -> p.title().startsWith("Consular protection")).findFirst().orElseThrow();
        assertThat(rcmInA.sources()).singleElement().satisfies(s -> {
            assertThat(s.network()).isEqualTo("RCM");
            assertThat(s.hub()).isEqualTo(idB);
            assertThat(s.via()).isEqualTo("Hub B");
            assertThat(s.url()).isEqualTo("https://rcm.example.org/practices/101");
        });
        assertThat(rcmInA.geographicScope().countries()).containsExactlyInAnyOrder("GT", "HN");
        // a hub's own records carry its own identity and no "via"
        assertThat(inA.stream().flatMap(p -> p.sources().stream()).filter(s -> s.via() == null).map(Provenance::hub)).containsOnly(idA);
        assertThat(inB.stream().flatMap(p -> p.sources().stream()).filter(s -> s.via() == null).map(Provenance::hub)).containsOnly(idB);

        // what the public API says of a practice that travelled: the same, valid against the schema
        JsonNode page = TestSupport.JSON.readTree(new java.net.URL(urlA + "/api/practices?network=RCM").openStream());
        assertThat(page.path("items")).hasSize(2);
        page.path("items").forEach(item -> assertThat(TestSupport.practiceViolations(item)).isEmpty());

        // A pushes to hub B: its own practices once each, never the ones that came through hub B
        assertThat(pushedByA).hasSize(20).doesNotHaveDuplicates();
        List<String> pushedIds = pushedByA.stream().map(k -> k.substring(0, k.indexOf(':'))).toList();
        assertThat(store(a).byIds(pushedIds)).allSatisfy(p -> assertThat(p.cameFrom("Hub B")).isFalse());
    }
}
