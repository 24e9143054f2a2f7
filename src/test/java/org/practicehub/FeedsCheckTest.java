package org.practicehub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bench/feeds-check.py (feedparser, Debian's python3-feedparser) against a running hub: every entry of the Atom feeds
 * has a clickable http(s) link to its member page, and those pages open as HTML. Skips, saying why, without
 * /usr/bin/python3 and feedparser (.ci/run installs python3-feedparser). The script is also run against a feed whose
 * entries link to the API's JSON, to show that it catches one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.management.enabled=false"})
class FeedsCheckTest {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    @TempDir
    static Path data;
    static int port;
    static TestSupport.Props props = new TestSupport.Props();

    @BeanInject
    ProducerTemplate template;

    @BeforeAll
    static void start() {
        port = TestSupport.freePort();
        props.set("hub.data-dir", data.toString()).set("camel.server.port", String.valueOf(port)).set("hub.public-url", "http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() {
        props.close();
    }

    record Run(int exit, List<JsonNode> feeds, String errors) {}

    static Run run(String... args) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3: install python3-feedparser");
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import feedparser").redirectErrorStream(true).start();
        check.getInputStream().readAllBytes();
        Assumptions.assumeTrue(check.waitFor() == 0, "feedparser is not installed for /usr/bin/python3: apt-get install python3-feedparser");
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), TestSupport.project("bench/feeds-check.py").toString()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("feeds-check", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<JsonNode> feeds = new ArrayList<>();
            for (String line : out.split("\\n")) {
                if (!line.isBlank()) {
                    feeds.add(TestSupport.JSON.readTree(line));
                }
            }
            return new Run(p.exitValue(), feeds, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Test
    void everyEntryOfTheHubsAtomFeedsHasAClickableLinkToItsPage() throws Exception {
        template.requestBody("direct:cycle", (Object) null);
        Run r = run("http://127.0.0.1:" + port, "network=AP-MagNet", "theme=reintegration");
        assertThat(r.exit()).as(r.errors()).isZero();
        assertThat(r.feeds()).hasSize(4).allSatisfy(f -> {
            assertThat(f.get("status").asInt()).isEqualTo(200);
            assertThat(f.get("bozo").asBoolean()).isFalse();
        });
        // the practices feed holds every practice of the sample sources, the AP-MagNet one its five, updates.atom an edition
        assertThat(r.feeds().get(0).get("entries").asInt()).isEqualTo(20);
        assertThat(r.feeds().get(1).get("entries").asInt()).isEqualTo(1);
        assertThat(r.feeds().get(2).get("entries").asInt()).isEqualTo(5);
    }

    @Test
    void theCheckCatchesEntriesThatLinkToTheApisJson() throws Exception {
        try (PartnerServer hub = new PartnerServer()) {
            String feed = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <feed xmlns="http://www.w3.org/2005/Atom"><id>tag:x,2026:f</id><title>Old</title><updated>2026-01-01T00:00:00Z</updated>
                    <entry><id>tag:practice-hub,2026:practice:ph-0123456789abcdef</id><title>One</title><updated>2026-01-01T00:00:00Z</updated>
                    <link rel="alternate" type="application/json" href="%s"/></entry>
                    <entry><id>tag:practice-hub,2026:practice:ph-1123456789abcdef</id><title>Two</title><updated>2026-01-01T00:00:00Z</updated></entry>
                    </feed>
                    """.formatted(hub.url("/api/practices/ph-0123456789abcdef"));
            hub.on("/feeds/practices.atom", q -> PartnerServer.Answer.ok("application/atom+xml", feed));
            hub.on("/feeds/updates.atom", q -> PartnerServer.Answer.ok("application/atom+xml", feed.replace("Old", "Updates")));
            hub.on("/api/practices/ph-0123456789abcdef", q -> PartnerServer.Answer.ok("application/json", "{}"));
            Run r = run(hub.url(""));
            assertThat(r.exit()).isEqualTo(1);
            // feedparser takes no JSON link for an entry's link: the entry has none a person can click
            assertThat(r.errors()).contains("entry 0 (tag:practice-hub,2026:practice:ph-0123456789abcdef) has no http(s) link", "entry 1", "does not open as an HTML page");
        }
    }
}
