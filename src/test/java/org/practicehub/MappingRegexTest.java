package org.practicehub;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A facilitator's regular expression in a mapping file (a JSONPath filter, {@code =~ /.../}) runs on RE2/J, which
 * never backtracks: an expression that takes java.util.regex polynomial time of high degree on a partner's value
 * (twelve {@code .*,} in a row against 200 commas: hours) is answered at once, and the poll goes on. An expression RE2/J cannot run (a
 * back-reference, a look-around) stops the start naming the file, the line and why.
 */
class MappingRegexTest {

    @TempDir
    Path dir;

    private int once(Path mappings, ByteArrayOutputStream err) {
        try (TestSupport.Props props = new TestSupport.Props()) {
            props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.mappings-dir", mappings.toString());
            return Hub.runOnce(new PrintStream(err, true, StandardCharsets.UTF_8));
        }
    }

    @Test
    void aBacktrackingExpressionIsAnsweredAtOnceAndThePollGoesOn() throws Exception {
        String evil = ",".repeat(200);
        Files.writeString(dir.resolve("partner.json"), "{\"practices\": [{\"ref\": \"R1\", \"status\": \"Published\", \"names\": ["
                + "{\"kind\": \"" + evil + "\", \"text\": \"Not this one\"}, {\"kind\": \"official\", \"text\": \"Official title\"}]},"
                + "{\"ref\": \"R2\", \"status\": \"draft\", \"names\": [{\"kind\": \"official\", \"text\": \"A draft\"}]}]}", StandardCharsets.UTF_8);
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappings.resolve("partner.yaml"), "id: partner\nnetwork: Partner\nkind: json\nurl: " + dir.resolve("partner.json")
                + "\nrecords: \"$.practices[?(@.status =~ /pub.*/i)]\"\nfields:\n  recordId: $.ref\n"
                + "  title: \"$.names[?(@.kind =~ /^.*,.*,.*,.*,.*,.*,.*,.*,.*,.*,.*,.*,x$|^official$/)].text\"\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> once(mappings, err));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        try (var files = Files.list(dir.resolve("data/depository/practices"))) {
            JsonNode doc = TestSupport.JSON.readTree(files.findFirst().orElseThrow().toFile());
            assertThat(doc.get("title").asText()).isEqualTo("Official title");
        }
        try (var files = Files.list(dir.resolve("data/depository/practices"))) {
            assertThat(files.count()).as("the draft is not among the records").isEqualTo(1);
        }
    }

    @Test
    void anExpressionRe2CannotRunStopsTheStartNamingFileAndLine() throws Exception {
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappings.resolve("partner.yaml"), "id: partner\nnetwork: Partner\nkind: json\nurl: x.json\nrecords: $.items[*]\n"
                + "fields:\n  recordId: $.ref\n  title: \"$.names[?(@.kind =~ /(a)\\\\1/)].text\"\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(once(mappings, err)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).trim()).hasLineCount(1).contains("partner.yaml:8", "fields.title", "regular expression");
    }
}
