package org.practicehub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The digest's outbox files are named from a hash of the recipient and the edition, never from the address: a valid
 * address of 253 characters is written (its name was longer than a file name may be, which stopped the edition for
 * everyone), and c+d@ and c_d@ are two files (they were one name, the second message overwriting the first).
 */
class OutboxNamesTest {

    @TempDir
    Path dir;

    @Test
    void everyRecipientGetsItsOwnFileWhateverItsAddress() throws IOException {
        String longest = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(56) + ".org";
        assertThat(longest).hasSize(253);
        List<String> recipients = List.of(longest, "c+d@example.org", "c_d@example.org");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (TestSupport.Props props = new TestSupport.Props()) {
            props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.digest.recipients", String.join(",", recipients));
            code = Hub.runOnce(new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<Path> files;
        try (var s = Files.list(dir.resolve("data/outbox"))) {
            files = s.toList();
        }
        assertThat(files).hasSize(3).allSatisfy(f -> assertThat(f.getFileName().toString()).hasSizeLessThan(100).endsWith(".eml"));
        List<String> to = files.stream().map(f -> {
            try (var in = Files.newInputStream(f)) {
                jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()), in);
                return ((jakarta.mail.internet.InternetAddress) m.getRecipients(jakarta.mail.Message.RecipientType.TO)[0]).getAddress();
            } catch (IOException | jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(to).containsExactlyInAnyOrderElementsOf(recipients);
        // and no file name gives an address away
        assertThat(files).noneSatisfy(f -> assertThat(f.getFileName().toString()).contains("example"));
    }
}
