package org.practicehub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;
import org.practicehub.run.RunReport;
import org.practicehub.run.SourceResult;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.SourceStates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sources that misbehave: a missing file, a document that is not a feed, an HTTP error, a body over the
 * size limit, a record without a title. Each ends in the run report; the other sources still go through.
 * The HTTP sources are served by a real HTTP server on loopback.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false"})
class SourceFailuresTest {

    @TempDir
    static Path dir;
    static HttpServer server;
    static TestSupport.Props props = new TestSupport.Props();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PracticeStore store;
    @BeanInject
    SourceStates states;

    @BeforeAll
    static void setUp() throws IOException {
        byte[] rss = Files.readAllBytes(TestSupport.project("samples/apmagnet-community.rss"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/feed.rss", ex -> answer(ex, 200, "application/rss+xml", rss));
        server.createContext("/broken", ex -> answer(ex, 500, "text/plain", "upstream exploded".getBytes(StandardCharsets.UTF_8)));
        server.createContext("/huge.rss", ex -> answer(ex, 200, "application/rss+xml", new byte[300_000]));
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();

        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Path samples = TestSupport.project("samples");
        write(mappings, "a-good-file.yaml", "id: good-file\nnetwork: Peer-to-Peer Learning Programme\nkind: feed\nurl: " + samples.resolve("p2p-learning.atom") + "\n");
        write(mappings, "b-missing.yaml", "id: missing\nnetwork: Nowhere\nkind: rss\nurl: no-such-feed.rss\n");
        write(mappings, "c-not-a-feed.yaml", "id: not-a-feed\nnetwork: Garbled\nkind: feed\nurl: garbled.xml\n");
        Files.writeString(mappings.resolve("garbled.xml"), "<rss version=\"2.0\"><channel><title>cut off<item><title>x", StandardCharsets.UTF_8);
        write(mappings, "d-http.yaml", "id: over-http\nnetwork: AP-MagNet\nkind: feed\nurl: " + base + "/feed.rss\n");
        write(mappings, "e-http-500.yaml", "id: http-500\nnetwork: Failing\nkind: feed\nurl: " + base + "/broken\n");
        write(mappings, "f-huge.yaml", "id: huge\nnetwork: Runaway\nkind: feed\nurl: " + base + "/huge.rss\n");
        write(mappings, "g-untitled.yaml", """
                id: untitled
                network: Migration Network Hub
                kind: json
                url: records.json
                records: $.items[*]
                fields:
                  recordId: $.ref
                  title: $.name
                """);
        Files.writeString(mappings.resolve("records.json"), """
                {"items": [
                  {"ref": "A-1", "name": "Return and reintegration counselling desk"},
                  {"ref": "A-2", "name": "   "},
                  {"ref": "A-3", "name": "Consular outreach to seasonal workers"}
                ]}""", StandardCharsets.UTF_8);
        // an external entity pointing at a local file: parsing must refuse the DOCTYPE, never read the file
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT", StandardCharsets.UTF_8);
        write(mappings, "h-xxe.yaml", "id: xxe\nnetwork: Hostile\nkind: rss\nurl: xxe.rss\n");
        Files.writeString(mappings.resolve("xxe.rss"), "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY s SYSTEM \"file://" + secret
                + "\">]>\n<rss version=\"2.0\"><channel><title>t</title><link>http://x.org/</link><description>d</description>"
                + "<item><title>&s;</title><link>http://x.org/1</link></item></channel></rss>", StandardCharsets.UTF_8);
        props.set("hub.data-dir", dir.resolve("data").toString())
                .set("hub.mappings-dir", mappings.toString())
                .set("hub.fetch.max-bytes", "200000");
    }

    @AfterAll
    static void tearDown() {
        props.close();
        server.stop(0);
    }

    private static void write(Path dir, String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void eachFailureIsReportedAndTheOtherSourcesGoThrough() throws Exception {
        RunReport report = template.requestBody("direct:cycle", null, RunReport.class);
        Map<String, SourceResult> by = report.getSources().stream().collect(Collectors.toMap(SourceResult::sourceId, Function.identity()));

        assertThat(by.get("good-file").error()).isNull();
        assertThat(by.get("good-file").created()).isEqualTo(5);
        assertThat(by.get("over-http").error()).isNull();
        assertThat(by.get("over-http").created()).isEqualTo(5);

        assertThat(by.get("missing").status()).isEqualTo("error");
        assertThat(by.get("missing").error()).contains("file not found").contains("no-such-feed.rss");
        assertThat(by.get("not-a-feed").error()).startsWith("not a readable RSS/Atom feed");
        assertThat(by.get("http-500").error()).contains("HTTP 500");
        assertThat(by.get("huge").error()).contains("size limit of 200000 bytes");

        SourceResult untitled = by.get("untitled");
        assertThat(untitled.error()).isNull();
        assertThat(untitled.read()).isEqualTo(3);
        assertThat(untitled.created()).isEqualTo(2);
        assertThat(untitled.rejected()).isEqualTo(1);
        assertThat(store.rejected("untitled")).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("no title");
            assertThat(r.payload()).contains("\"A-2\"");
        });

        assertThat(by.get("xxe").error()).containsIgnoringCase("doctype");
        assertThat(store.all()).noneSatisfy(p -> assertThat(p.title()).contains("TOP-SECRET"));

        assertThat(report.getTotals()).containsEntry("failedSources", 5).containsEntry("new", 12);
        assertThat(states.list()).filteredOn(s -> s.get("id").equals("huge")).singleElement()
                .satisfies(s -> assertThat(s.get("status")).isEqualTo("error"));
        // the depository and the digest still ran for what did come through
        assertThat(report.getDepository()).containsEntry("practices", 12);
        assertThat(report.getDigests()).singleElement().satisfies(d -> assertThat(d.status()).isEqualTo("written"));
        assertThat(Files.list(dir.resolve("data/outbox")).toList()).hasSize(1);
        assertThat(Files.list(dir.resolve("data/reports")).toList()).hasSize(1);
    }
}
