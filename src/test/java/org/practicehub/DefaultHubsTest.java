package org.practicehub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.model.Practice;
import org.practicehub.run.RunReport;
import org.practicehub.run.SourceResult;
import org.practicehub.store.PracticeStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hubs installed with the defaults, as on two machines: the same public URL (http://localhost:8080) and no
 * hub.id, each a source of the other. Each made its own identity, so each keeps the other's practices; what started
 * at a hub and comes back through the other is still an echo. Before identities were made, both were
 * http://localhost:8080, and the second hub stored 0 of 20, all dropped as "echoes (started here)".
 */
class DefaultHubsTest {

    @TempDir
    Path dir;

    static final String FEED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>RCM practices</title><link>https://rcm.example.org/</link><description>RCM</description>
            <item><guid>rcm-101</guid><title>Consular protection network for migrants in transit through Central America</title>
            <link>https://rcm.example.org/practices/101</link><description>Consulates share one hotline.</description></item>
            <item><guid>rcm-102</guid><title>Temporary agricultural worker programme with pre-departure orientation</title>
            <link>https://rcm.example.org/practices/102</link><description>Seasonal workers get contracts first.</description></item>
            </channel></rss>
            """;

    HubInstance hub(String name, int port) {
        // the defaults but for the folders and the port the test can give: no hub.id, the default public URL of a port-8080 install
        return HubInstance.start(Map.of("hub.data-dir", dir.resolve(name + "/data").toString(), "hub.mappings-dir", dir.resolve(name + "/mappings").toString(),
                "hub.partners-dir", dir.resolve(name + "/partners").toString(), "camel.server.port", String.valueOf(port),
                "hub.public-url", "http://localhost:8080", "hub.schedule.enabled", "false", "camel.management.enabled", "false"));
    }

    static RunReport cycle(HubInstance h) throws Exception {
        try (ProducerTemplate t = h.context().createProducerTemplate()) {
            return t.requestBody("direct:cycle", null, RunReport.class);
        }
    }

    static SourceResult source(RunReport r, String id) {
        return r.getSources().stream().filter(s -> s.sourceId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void twoDefaultHubsReadingEachOtherKeepEachOthersPracticesAndEchoNothingBack() throws Exception {
        int portA = TestSupport.freePort();
        int portB = TestSupport.freePort();
        Path template = TestSupport.project("mappings/templates/peer-hub.yaml");
        Path mapA = Files.createDirectories(dir.resolve("a/mappings"));
        try (Stream<Path> files = Files.list(TestSupport.project("mappings"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.writeString(mapA.resolve(f.getFileName()), Files.readString(f)
                        .replace("../samples/", TestSupport.project("samples").toAbsolutePath() + "/"));
            }
        }
        Files.writeString(mapA.resolve("hub-b.yaml"), HubToHubTest.peer(template, "hub-b", "Hub B", "http://127.0.0.1:" + portB));
        Path mapB = Files.createDirectories(dir.resolve("b/mappings"));
        Files.writeString(dir.resolve("b/rcm.xml"), FEED, StandardCharsets.UTF_8);
        Files.writeString(mapB.resolve("rcm.yaml"), "id: rcm\nnetwork: RCM\nkind: feed\nurl: ../rcm.xml\n", StandardCharsets.UTF_8);
        Files.writeString(mapB.resolve("hub-a.yaml"), HubToHubTest.peer(template, "hub-a", "Hub A", "http://127.0.0.1:" + portA));
        String idA;
        try (HubInstance a = hub("a", portA); HubInstance b = hub("b", portB)) {
            PracticeStore storeA = a.bean("store", PracticeStore.class);
            PracticeStore storeB = b.bean("store", PracticeStore.class);
            idA = storeA.hubId();
            assertThat(idA).startsWith("urn:uuid:").isNotEqualTo(storeB.hubId());

            cycle(a);
            RunReport b1 = cycle(b);
            RunReport a2 = cycle(a);
            RunReport b2 = cycle(b);
            assertThat(source(b1, "hub-a").created()).as("B keeps A's practices").isEqualTo(20);
            assertThat(source(b1, "hub-a").echoes()).isZero();
            assertThat(source(a2, "hub-b").created()).as("A keeps B's").isEqualTo(2);
            assertThat(source(a2, "hub-b").echoes()).as("A's own, back through B").isEqualTo(20);
            assertThat(source(b2, "hub-a").echoes()).as("B's own, back through A").isEqualTo(2);
            assertThat(source(b2, "hub-a").created() + source(b2, "hub-a").updated()).isZero();
            for (PracticeStore s : List.of(storeA, storeB)) {
                assertThat(s.all()).hasSize(22).extracting(Practice::title).doesNotHaveDuplicates();
            }
            // the identity is published in the depository
            JsonNode index = TestSupport.JSON.readTree(dir.resolve("a/data/depository/index.json").toFile());
            assertThat(index.get("hub").asText()).isEqualTo(idA);
        }
        // made once: the same after a restart
        try (HubInstance a = hub("a", portA)) {
            assertThat(a.bean("store", PracticeStore.class).hubId()).isEqualTo(idA);
        }
    }
}
