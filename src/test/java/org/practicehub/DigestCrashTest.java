package org.practicehub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub killed with SIGKILL in the middle of a digest run, then started again: every reader gets the edition exactly
 * once. The SMTP server takes ten messages, then keeps each next MAIL unanswered: the hub is killed while its sending
 * threads wait there, after the messages the server took were committed and before any other was. The run the killed
 * process claimed is taken up by the next start at once (on H2 the data folder's lock proves its process is gone),
 * not after the claim's lease. H2 is given a minute's write delay, so that nothing the first process committed is on disk
 * when it is killed unless the hub wrote it out on purpose: the run's plan (its edition and whom it owes) before the
 * first message, and each delivery through the journal.
 */
class DigestCrashTest {

    @TempDir
    Path dir;

    static final List<String> READERS = IntStream.range(0, 40).mapToObj(i -> "reader-" + i + "@example.org").toList();

    Process once(SmtpGate gate) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.practicehub.Hub", "--once");
        pb.directory(TestSupport.project(".").toFile());
        Map<String, String> env = pb.environment();
        env.put("HUB_DATA_DIR", dir.resolve("data").toString());
        // H2 as the hub opens it, but writing its commits out a minute late rather than within half a second: a kill
        // then always finds the commits of the run (its plan and its deliveries) in memory only, however fast the machine
        env.put("HUB_DB_URL", "jdbc:h2:file:" + dir.resolve("data").resolve("db").resolve("hub") + ";WRITE_DELAY=60000");
        env.put("HUB_SMTP_HOST", "127.0.0.1");
        env.put("HUB_SMTP_PORT", String.valueOf(gate.port()));
        env.put("HUB_DIGEST_RECIPIENTS", String.join(",", READERS));
        env.put("HUB_DIGEST_BATCH", "2");
        env.put("HUB_LOG_LEVEL", "WARN");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("hub.log").toFile()));
        return pb.start();
    }

    Map<String, Integer> received(SmtpGate gate) throws Exception {
        Map<String, Integer> by = new TreeMap<>();
        for (MimeMessage m : gate.greenMail().getReceivedMessages()) {
            by.merge(m.getRecipients(Message.RecipientType.TO)[0].toString(), 1, Integer::sum);
        }
        return by;
    }

    @Test
    @Timeout(180)
    void killedInTheMiddleOfADigestRunThenStartedAgainEveryReaderHasOneMessage() throws Exception {
        Files.createDirectories(dir);
        try (SmtpGate gate = SmtpGate.withGreenMail(false)) {
            gate.hold(10);
            Process first = once(gate);
            await().atMost(Duration.ofSeconds(120)).until(() -> gate.holding() > 0 || !first.isAlive());
            assertThat(first.isAlive()).as("the first run reached the digest and waits on the server").isTrue();
            // the ten the gate let through end at the server, and the hub journals each once it has the server's
            // answer: killed before that, a message the server took but the hub never heard of is sent again, as
            // SMTP allows. The kill comes after, so the test is of the store's commits, which H2 still holds in memory
            Path journal = dir.resolve("data").resolve("digest-journal");
            await().atMost(Duration.ofSeconds(30)).until(() -> gate.greenMail().getReceivedMessages().length == 10
                    && Files.exists(journal) && Files.readAllLines(journal).size() == 10);
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as("killed").isEqualTo(137);
            gate.release();
            // the held transactions end once released, each on its own connection thread: wait for the tenth
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(gate.greenMail().getReceivedMessages()).hasSize(10));

            Process second = once(gate);
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(Files.readString(dir.resolve("hub.log"))).isZero();
            Map<String, Integer> got = received(gate);
            assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(READERS);
            List<String> twice = new ArrayList<>();
            got.forEach((reader, n) -> {
                if (n != 1) {
                    twice.add(reader + " x" + n);
                }
            });
            assertThat(twice).as("readers without exactly one message").isEmpty();
            assertThat(gate.greenMail().getReceivedMessages()).hasSize(READERS.size());
        }
    }
}
