package org.practicehub.publish.digest;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.PooledMailSender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The digests' sender against Postfix's smtp-sink, a real server that announces PIPELINING as Postfix does: every
 * message arrives once, byte for byte, over kept connections, and a server that hangs up in the middle of a
 * pipelined transaction is an outage (the run stops and tries again later), not a refusal of the reader.
 * Skips, saying so, where smtp-sink is not installed (Debian: apt-get install postfix; .ci/run installs it).
 */
class SmtpSinkTest {

    @TempDir
    Path dir;

    private static Path smtpSink() {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin")) {
            Path p = Path.of(d, "smtp-sink");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** smtp-sink on a free loopback port, appending every transaction to {@code dump}, with extra options. */
    private Process sink(int port, Path dump, String... options) throws Exception {
        Path bin = smtpSink();
        assumeThat(bin).as("smtp-sink (Debian's postfix package) is not installed: skipped").isNotNull();
        List<String> cmd = new ArrayList<>(List.of(bin.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            // smtp-sink refuses to run as root without a user to switch to (and, not root, cannot switch)
            cmd.addAll(List.of("-u", "root"));
        }
        cmd.addAll(List.of("-D", dump.toString()));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("127.0.0.1:" + port, "16"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("sink.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return p;
    }

    private static PooledMailSender sender(int port) {
        PooledMailSender sender = new PooledMailSender(10, 30_000);
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        sender.setProtocol("smtp");
        Properties p = new Properties();
        p.setProperty("mail.smtp.timeout", "10000");
        sender.setJavaMailProperties(p);
        return sender;
    }

    private static PrebuiltMessage message(Session session, int i) throws Exception {
        byte[] b = new MailBytes(256).header("Subject", "Community update " + i).header("Message-ID", "<m" + i + "@example.org>").crlf()
                .quotedPrintable("Practice " + i + "\n.a line starting with a stop\nend\n").toByteArray();
        return new PrebuiltMessage(session, b, b.length, new InternetAddress("digests@example.org"), new InternetAddress("member" + i + "@example.org"),
                "<m" + i + "@example.org>");
    }

    @Test
    void everyMessageArrivesOnceAsItWasBuilt() throws Exception {
        int port = freePort();
        Path dump = dir.resolve("dump.txt");
        Process sink = sink(port, dump);
        PooledMailSender sender = sender(port);
        try {
            Session session = Session.getInstance(new Properties());
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                PrebuiltMessage m = message(session, i);
                java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
                m.writeTo(b);
                bodies.add(b.toString(StandardCharsets.US_ASCII).replace("\r\n", "\n"));
                sender.send(m);
            }
            sender.closeAll();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dump)
                    && Files.readString(dump, StandardCharsets.ISO_8859_1).split("X-Client-Addr:", -1).length == 26);
            String all = Files.readString(dump, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
            for (int i = 0; i < 25; i++) {
                assertThat(all.split("X-Rcpt-Args: <member" + i + "@example.org>", -1)).as("copies to member %d", i).hasSize(2);
                assertThat(all).contains(bodies.get(i));
            }
        } finally {
            sender.closeAll();
            sink.destroy();
        }
    }

    @Test
    void aServerHangingUpInAPipelinedTransactionIsAnOutage() throws Exception {
        int port = freePort();
        // 421 and hang up at RCPT, as a server shutting down does; PIPELINING stays announced (-Q does not turn it off)
        Process sink = sink(port, dir.resolve("dump.txt"), "-Q", "RCPT");
        PooledMailSender sender = sender(port);
        try {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(jakarta.mail.MessagingException.class,
                    () -> sender.send(message(Session.getInstance(new Properties()), 1)));
            assertThat(e.toString() + e.getCause()).contains("421");
            assertThat(Digests.permanent(e)).isFalse();
        } finally {
            sender.closeAll();
            sink.destroy();
        }
    }
}
