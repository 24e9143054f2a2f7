package org.practicehub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.PartnerServer.Answer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of file the hub reads at start (mappings, partners, digests): a missing required key stops the start
 * with one line naming the file and the key; what the docs call optional has a default, so a file without it runs.
 */
class ConfigurationFilesTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private Run once(Map<String, String> settings) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try (TestSupport.Props props = new TestSupport.Props()) {
            props.set("hub.data-dir", dir.resolve("data").toString());
            settings.forEach(props::set);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Hub.runOnce(new PrintStream(err, true, StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8).trim());
    }

    private Path folder(String name, String file, String text) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve(file), text, StandardCharsets.UTF_8);
        return d;
    }

    @Test
    void aPartnerFileWithoutItsNetworkRunsAndItsPartnerGetsEveryPractice() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        try (PartnerServer partner = new PartnerServer()) {
            partner.on("/inbox", r -> {
                received.add(r.header("Idempotency-Key"));
                return Answer.status(202, Map.of());
            });
            Path partners = folder("partners", "inbox.yaml", "id: inbox\nendpoint: " + partner.url("/inbox") + "\nsecret-env: TEST_PUSH_SECRET\n");
            Run r = once(Map.of("hub.partners-dir", partners.toString(), "TEST_PUSH_SECRET", "s3cret"));
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("delivered=20, failed=0, deadLettered=0}");
            assertThat(received).hasSize(20);
        }
    }

    @Test
    void aMissingRequiredKeyStopsTheStartNamingTheFileAndTheKey() throws Exception {
        Path partners = folder("partners", "inbox.yaml", "id: inbox\nsecret-env: TEST_PUSH_SECRET\n");
        assertStops(Map.of("hub.partners-dir", partners.toString()), "inbox.yaml", "'endpoint'");

        Files.writeString(partners.resolve("inbox.yaml"), "id: inbox\nendpoint: http://127.0.0.1:9/\n");
        assertStops(Map.of("hub.partners-dir", partners.toString()), "inbox.yaml", "'secret-env'");

        Files.writeString(partners.resolve("inbox.yaml"), "id: inbox\nendpoint: http://127.0.0.1:9/\nsecret-env: S\nauth: { header: X-Token }\n");
        assertStops(Map.of("hub.partners-dir", partners.toString()), "inbox.yaml", "'env'");

        Files.writeString(partners.resolve("inbox.yaml"), "id: inbox\nendpoint: http://127.0.0.1:9/\nsecret-env: S\nmax-attempts: many\n");
        assertStops(Map.of("hub.partners-dir", partners.toString()), "inbox.yaml", "max-attempts");

        Files.writeString(partners.resolve("inbox.yaml"), "id: inbox\nendpoint: http://127.0.0.1:9/\nsecret-env: S\nenabled: perhaps\n");
        assertStops(Map.of("hub.partners-dir", partners.toString()), "inbox.yaml", "enabled");

        Path digests = folder("digests", "weekly.yaml", "title: Weekly\n");
        assertStops(Map.of("hub.digests-dir", digests.toString()), "weekly.yaml", "'cron'");

        Path mappings = folder("mappings", "partner.yaml", "id: partner\nnetwork: Partner\nkind: feed\n");
        assertStops(Map.of("hub.mappings-dir", mappings.toString()), "partner.yaml", "'url'");
    }

    @Test
    void aDigestTranslationWithoutItsSubjectTakesTheDigestsOwn() throws Exception {
        Path digests = folder("digests", "weekly.yaml", "title: Weekly\ncron: \"0 0 8 ? * MON\"\ntemplate:\n  subject: \"{title}: {count} new\"\n"
                + "  translations:\n    es:\n      intro: \"{count} prácticas\"\n    fr:\n");
        Run r = once(Map.of("hub.digests-dir", digests.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("digest weekly: written (20 practices, 0 messages)");
    }

    private void assertStops(Map<String, String> settings, String file, String key) {
        Run r = once(settings);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).contains(file, key);
    }
}
