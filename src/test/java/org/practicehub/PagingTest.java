package org.practicehub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.run.RunReport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hub on a port other than 8080, with no public URL set, paged through by a client that follows {@code next}:
 * every page is reached, on the port the hub listens on, and no link repeats a parameter.
 */
class PagingTest {

    @TempDir
    Path dir;

    @Test
    void nextLinksReachEveryPageOfAThousandPracticesAtTwoAPage() throws Exception {
        int total = 1000;
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        ObjectNode doc = TestSupport.JSON.createObjectNode();
        ArrayNode items = doc.putArray("items");
        java.util.Random random = new java.util.Random(21);
        for (int i = 0; i < total; i++) {
            // every word its own: no two records are near enough for deduplication to join them
            items.addObject().put("id", "r" + i).put("title", "Initiative " + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + " "
                    + Long.toString(random.nextLong() & Long.MAX_VALUE, 36)).put("summary", Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
        }
        Files.write(mappings.resolve("farm.json"), TestSupport.JSON.writeValueAsBytes(doc));
        Files.writeString(mappings.resolve("farm.yaml"), "id: farm\nnetwork: Farm\nkind: json\nurl: farm.json\nrecords: $.items[*]\n"
                + "fields:\n  recordId: $.id\n  title: $.title\n  summary: $.summary\n");
        int port = TestSupport.freePort();
        try (HubInstance hub = HubInstance.start(Map.of("hub.data-dir", dir.resolve("data").toString(), "hub.mappings-dir", mappings.toString(),
                "camel.server.port", String.valueOf(port), "hub.schedule.enabled", "false", "hub.http.rate-limit", "0",
                "hub.digest.recipients", ""))) {
            try (ProducerTemplate template = hub.context().createProducerTemplate()) {
                RunReport report = template.requestBody("direct:cycle", null, RunReport.class);
                assertThat(report.getTotals().get("new")).isEqualTo(total);
            }
            HttpClient http = HttpClient.newHttpClient();
            Set<String> seen = new HashSet<>();
            URI next = URI.create("http://127.0.0.1:" + port + "/api/practices?network=Farm&limit=2");
            int pages = 0;
            int longest = 0;
            while (next != null) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(next).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(next + ": " + r.body()).isEqualTo(200);
                pages++;
                JsonNode body = TestSupport.JSON.readTree(r.body());
                assertThat(body.get("count").asInt()).isEqualTo(2);
                body.get("items").forEach(p -> assertThat(seen.add(p.get("id").asText())).as("seen once").isTrue());
                if (body.get("next").isNull()) {
                    assertThat(r.headers().firstValue("Link")).isEmpty();
                    next = null;
                    continue;
                }
                String link = body.get("next").asText();
                assertThat(r.headers().firstValue("Link")).hasValue("<" + link + ">; rel=\"next\"");
                next = r.uri().resolve(link);
                assertThat(next.getPort()).isEqualTo(port);
                assertThat(next.getPath()).isEqualTo("/api/practices");
                List<String> names = new ArrayList<>();
                for (String pair : next.getRawQuery().split("&")) {
                    names.add(pair.substring(0, pair.indexOf('=')));
                }
                // the filter kept, the page size in the cursor: each parameter once, the same length on the 500th page as on the first
                assertThat(names).containsExactly("network", "cursor");
                longest = Math.max(longest, next.toString().length());
            }
            assertThat(pages).isEqualTo(total / 2);
            assertThat(seen).hasSize(total);
            assertThat(longest).isLessThan(120);

            // what the hub writes into its feeds follows the port it serves, not a fixed 8080
            HttpResponse<String> atom = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/feeds/practices.atom")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(atom.body()).contains("http://localhost:" + port + "/feeds/practices.atom").doesNotContain("localhost:8080");
        }
    }
}
