package org.practicehub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.PartnerServer.Answer;
import org.practicehub.run.RunReport;
import org.practicehub.run.SourceResult;
import org.practicehub.store.PracticeStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partners that break the rules, each on loopback, in one bounded cycle: one accepts the connection and never answers,
 * one sends a gzip body that expands far past the size limit, one redirects to a file: URL, two send JSON nested
 * 100,000 deep. Each fails alone with its reason; the good source beside them is read, and the cycle ends in time.
 * A request body nested as deep is refused with 400.
 */
class FaultsTest {

    static final int DEEP = 100_000;

    @TempDir
    Path dir;

    static String nested(String open, String close, String inner) {
        return open.repeat(DEEP) + inner + close.repeat(DEEP);
    }

    static byte[] gzipOfZeros(int bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            byte[] chunk = new byte[1 << 16];
            for (int n = 0; n < bytes; n += chunk.length) {
                gz.write(chunk);
            }
        }
        return out.toByteArray();
    }

    static HttpResponse<String> subscribe(HttpClient http, int port, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/subscriptions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Timeout(90)
    void eachBrokenPartnerFailsAloneWithItsReasonAndTheCycleEndsInTime() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); PartnerServer partner = new PartnerServer()) {
            // accepts every connection, reads nothing, answers nothing
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-partner");
            acceptor.setDaemon(true);
            acceptor.start();
            byte[] bomb = gzipOfZeros(64 << 20);
            assertThat(bomb.length).isLessThan(200_000);
            partner.on("/bomb.rss", r -> new Answer(200, Map.of("Content-Type", "application/rss+xml", "Content-Encoding", "gzip"), bomb));
            Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
            partner.on("/moved.rss", r -> Answer.status(302, Map.of("Location", secret.toUri().toString())));
            partner.on("/deep.json", r -> Answer.ok("application/json", "{\"items\": " + nested("[", "]", "{\"id\": \"x\", \"t\": \"deep\"}") + "}"));
            partner.on("/deep-feed.json", r -> Answer.ok("application/feed+json", "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"t\","
                    + " \"items\": [{\"id\": \"1\", \"title\": \"deep\", \"content_text\": " + nested("{\"a\": ", "}", "1") + "}]}"));

            Path mappings = Files.createDirectories(dir.resolve("mappings"));
            Files.writeString(mappings.resolve("a-good.yaml"), "id: good\nnetwork: AP-MagNet\nkind: rss\nurl: "
                    + TestSupport.project("samples/apmagnet-community.rss") + "\n");
            Files.writeString(mappings.resolve("b-silent.yaml"), "id: silent\nnetwork: Silent\nkind: rss\nurl: http://127.0.0.1:"
                    + silent.getLocalPort() + "/feed.rss\n");
            Files.writeString(mappings.resolve("c-bomb.yaml"), "id: bomb\nnetwork: Bomb\nkind: rss\nurl: " + partner.url("/bomb.rss") + "\n");
            Files.writeString(mappings.resolve("d-to-file.yaml"), "id: to-file\nnetwork: Moved\nkind: rss\nurl: " + partner.url("/moved.rss") + "\n");
            Files.writeString(mappings.resolve("e-deep.yaml"), "id: deep\nnetwork: Deep\nkind: json\nurl: " + partner.url("/deep.json")
                    + "\nrecords: $.items[*]\nfields:\n  recordId: $.id\n  title: $.t\n");
            Files.writeString(mappings.resolve("f-deep-feed.yaml"), "id: deep-feed\nnetwork: Deep\nkind: jsonfeed\nurl: " + partner.url("/deep-feed.json") + "\n");

            int port = TestSupport.freePort();
            try (HubInstance hub = HubInstance.start(Map.of("hub.data-dir", dir.resolve("data").toString(), "hub.mappings-dir", mappings.toString(),
                    "camel.server.port", String.valueOf(port), "hub.schedule.enabled", "false", "hub.fetch.read-timeout-ms", "2000",
                    "hub.fetch.connect-timeout-ms", "1000", "hub.fetch.max-bytes", "1000000"))) {
                long start = System.nanoTime();
                RunReport report;
                try (ProducerTemplate t = hub.context().createProducerTemplate()) {
                    report = t.requestBody("direct:cycle", null, RunReport.class);
                }
                long seconds = (System.nanoTime() - start) / 1_000_000_000L;
                Map<String, SourceResult> by = report.getSources().stream().collect(Collectors.toMap(SourceResult::sourceId, Function.identity()));

                assertThat(by.get("good").error()).isNull();
                assertThat(by.get("good").created()).isEqualTo(5);
                assertThat(by.get("silent").status()).isEqualTo("error");
                assertThat(by.get("silent").error()).containsIgnoringCase("timed out");
                assertThat(held).as("the partner was reached").isNotEmpty();
                assertThat(by.get("bomb").error()).contains("size limit of 1000000 bytes");
                assertThat(by.get("to-file").status()).isEqualTo("error");
                assertThat(by.get("to-file").error()).contains("file");
                assertThat(by.get("deep").error()).containsIgnoringCase("nesting depth");
                assertThat(by.get("deep-feed").error()).containsIgnoringCase("nesting depth");
                // the silent partner costs its read timeout (and the JDK client's own one retry at most), not the cycle
                assertThat(seconds).isLessThan(30);
                PracticeStore store = hub.bean("store", PracticeStore.class);
                assertThat(store.all()).hasSize(5).noneSatisfy(p -> assertThat(p.title() + p.summary()).contains("TOP-SECRET"));
                assertThat(report.getDepository()).containsEntry("practices", 5);

                // a member's request nested as deep is refused for its size before it is parsed; one nested 3,000 deep
                // within the size limit is refused by the parser's depth limit; and the hub answers the next request
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> deep = subscribe(http, port, "{\"email\": \"ana@example.org\", \"filters\": " + nested("[", "]", "1") + "}");
                assertThat(deep.statusCode()).as(deep.body()).isEqualTo(413);
                HttpResponse<String> deepButSmall = subscribe(http, port, "{\"email\": \"ana@example.org\", \"filters\": "
                        + "[".repeat(3000) + "1" + "]".repeat(3000) + "}");
                assertThat(deepButSmall.statusCode()).as(deepButSmall.body()).isEqualTo(400);
                assertThat(deepButSmall.body()).contains("the body is not valid JSON");
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/practices")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
