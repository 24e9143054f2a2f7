package org.practicehub.publish.digest;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.practicehub.config.WireSmtpTransport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transport the digests send through writes a prebuilt message's bytes as they are, and every other message
 * through jakarta.mail's filter as before (dot-stuffing, CRLF): checked on the wire, against a minimal SMTP server
 * that records each DATA exactly as it arrived.
 */
class WireSmtpTransportTest {

    /** Answers one connection; returns each DATA's raw bytes, up to and including the terminating ".". */
    private static CompletableFuture<List<byte[]>> server(ServerSocket ss) {
        return server(ss, false, Map.of(), new AtomicInteger());
    }

    /**
     * Answers one connection, announcing PIPELINING when asked; {@code replies} replaces the reply to a command
     * ("MAIL", "RCPT", "DATA", "." for the end of the data); {@code pipelined} counts the MAIL commands whose RCPT had
     * arrived before the MAIL was answered. Replies go one per command, in order, as a pipelining server's do.
     */
    private static CompletableFuture<List<byte[]>> server(ServerSocket ss, boolean pipelining, Map<String, String> replies, AtomicInteger pipelined) {
        return CompletableFuture.supplyAsync(() -> {
            List<byte[]> data = new ArrayList<>();
            try (Socket s = ss.accept(); InputStream in = new java.io.BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
                out.write("220 test\r\n".getBytes(StandardCharsets.US_ASCII));
                while (true) {
                    String line = line(in);
                    if (line == null || line.startsWith("QUIT")) {
                        out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                        return data;
                    }
                    String command = line.length() < 4 ? line : line.substring(0, 4);
                    if (command.equals("MAIL") && in.available() > 0) {
                        pipelined.incrementAndGet();
                    }
                    if (replies.containsKey(command) && replies.get(command) == null) {
                        // hang up without a word, as a server that dropped an idle connection
                        return data;
                    }
                    if (line.startsWith("DATA")) {
                        String reply = replies.getOrDefault("DATA", "354 go");
                        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        if (!reply.startsWith("354")) {
                            continue;
                        }
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n.\r\n") && !b.toString(StandardCharsets.ISO_8859_1).equals(".\r\n")) {
                            b.write(in.read());
                        }
                        data.add(b.toByteArray());
                        out.write((replies.getOrDefault(".", "250 ok") + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        continue;
                    }
                    String reply = line.startsWith("EHLO") ? (pipelining ? "250-test\r\n250 PIPELINING" : "250 test")
                            : replies.getOrDefault(command, "250 ok");
                    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String line(InputStream in) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return sb.toString();
            }
            sb.append((char) c);
        }
        return null;
    }

    @Test
    void prebuiltBytesGoAsTheyAreOtherMessagesThroughTheFilter() throws Exception {
        assertThat(WireSmtpTransport.direct()).as("the bundled jakarta.mail's connection stream is reachable").isTrue();
        Session session = Session.getInstance(new Properties());
        InternetAddress from = new InternetAddress("digests@example.org");
        InternetAddress to = new InternetAddress("member@example.org");
        byte[] prebuilt = new MailBytes(64).header("Subject", "hello").crlf().quotedPrintable(".starts with a stop\n.\nend\n").toByteArray();
        MimeMessage plain = new MimeMessage(session);
        plain.setFrom(from);
        plain.setRecipient(Message.RecipientType.TO, to);
        plain.setText("a line\n.a stop starts this one\n", "UTF-8");
        plain.saveChanges();
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var received = server(ss);
            WireSmtpTransport t = new WireSmtpTransport(session);
            t.connect("127.0.0.1", ss.getLocalPort(), null, null);
            t.sendMessage(new PrebuiltMessage(session, prebuilt, prebuilt.length, from, to, "<1@example.org>"), new InternetAddress[] {to});
            t.sendMessage(plain, new InternetAddress[] {to});
            t.close();
            List<byte[]> data = received.get(30, TimeUnit.SECONDS);
            assertThat(data).hasSize(2);
            // the prebuilt message: its bytes, then the end of DATA; MailBytes encoded the stops (=2E) itself
            assertThat(new String(data.get(0), StandardCharsets.ISO_8859_1))
                    .isEqualTo(new String(prebuilt, StandardCharsets.ISO_8859_1) + ".\r\n")
                    .contains("\r\n=2Estarts with a stop\r\n=2E\r\nend\r\n");
            // the ordinary message: jakarta.mail's filter still doubles a leading stop
            assertThat(new String(data.get(1), StandardCharsets.ISO_8859_1)).contains("\r\n..a stop starts this one\r\n").endsWith("\r\n.\r\n");
        }
    }

    private static byte[] prebuilt(String subject) {
        return new MailBytes(64).header("Subject", subject).crlf().quotedPrintable(".a stop\nbody\n").toByteArray();
    }

    @Test
    void aServerOfferingPipeliningGetsEachTransactionInTwoRoundTrips() throws Exception {
        Session session = Session.getInstance(new Properties());
        InternetAddress from = new InternetAddress("digests@example.org");
        InternetAddress to = new InternetAddress("member@example.org");
        MimeMessage plain = new MimeMessage(session);
        plain.setFrom(from);
        plain.setRecipient(Message.RecipientType.TO, to);
        plain.setText("not prebuilt\n", "UTF-8");
        plain.saveChanges();
        AtomicInteger pipelined = new AtomicInteger();
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var received = server(ss, true, Map.of(), pipelined);
            WireSmtpTransport t = new WireSmtpTransport(session);
            t.connect("127.0.0.1", ss.getLocalPort(), null, null);
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                byte[] b = prebuilt("message " + i);
                sent.add(b);
                t.sendMessage(new PrebuiltMessage(session, b, b.length, from, to, "<" + i + "@example.org>"), new InternetAddress[] {to});
            }
            // a message the transport has to encode goes its own way, one command at a time
            t.sendMessage(plain, new InternetAddress[] {to});
            t.close();
            List<byte[]> data = received.get(30, TimeUnit.SECONDS);
            assertThat(data).hasSize(6);
            for (int i = 0; i < 5; i++) {
                assertThat(new String(data.get(i), StandardCharsets.ISO_8859_1)).isEqualTo(new String(sent.get(i), StandardCharsets.ISO_8859_1) + ".\r\n");
            }
            assertThat(new String(data.get(5), StandardCharsets.ISO_8859_1)).contains("not prebuilt");
            assertThat(pipelined).as("transactions whose commands came in one write").hasValue(5);
        }
    }

    /** One pipelined prebuilt message against a server answering {@code replies}: what the transport threw, if anything. */
    private static Exception refusal(Map<String, String> replies, List<byte[]> data) throws Exception {
        Session session = Session.getInstance(new Properties());
        InternetAddress from = new InternetAddress("digests@example.org");
        InternetAddress to = new InternetAddress("member@example.org");
        AtomicInteger pipelined = new AtomicInteger();
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var received = server(ss, true, replies, pipelined);
            WireSmtpTransport t = new WireSmtpTransport(session);
            t.connect("127.0.0.1", ss.getLocalPort(), null, null);
            byte[] b = prebuilt("refused");
            Exception thrown = null;
            try {
                t.sendMessage(new PrebuiltMessage(session, b, b.length, from, to, "<r@example.org>"), new InternetAddress[] {to});
            } catch (jakarta.mail.MessagingException e) {
                thrown = e;
            }
            try {
                t.close();
            } catch (jakarta.mail.MessagingException e) {
                // the server hung up already
            }
            data.addAll(received.get(30, TimeUnit.SECONDS));
            assertThat(pipelined).hasValue(1);
            return thrown;
        }
    }

    @Test
    void pipelinedRepliesAreJudgedAsTheTransportJudgesThem() throws Exception {
        List<byte[]> data = new ArrayList<>();
        // a refused recipient is that reader's permanent failure; the server's 503 to DATA that follows changes nothing
        Exception rcpt = refusal(Map.of("RCPT", "550 5.1.1 no such user", "DATA", "503 5.5.1 no valid recipients"), data);
        assertThat(rcpt).isInstanceOf(jakarta.mail.SendFailedException.class);
        assertThat(((jakarta.mail.SendFailedException) rcpt).getInvalidAddresses()).extracting(Object::toString).containsExactly("member@example.org");
        assertThat(Digests.permanent(rcpt)).isTrue();
        assertThat(data).isEmpty();
        // a mailbox full for now: not permanent, the run treats it as an outage and tries again later
        assertThat(Digests.permanent(refusal(Map.of("RCPT", "452 4.2.2 mailbox full", "DATA", "503 5.5.1 no valid recipients"), data))).isFalse();
        // a server that accepts DATA after refusing the only recipient (it should not): an empty transaction ends it
        Exception accepted = refusal(Map.of("RCPT", "550 5.1.1 no such user"), data);
        assertThat(Digests.permanent(accepted)).isTrue();
        assertThat(data).hasSize(1);
        assertThat(new String(data.get(0), StandardCharsets.ISO_8859_1)).isEqualTo(".\r\n");
        data.clear();
        assertThat(Digests.permanent(refusal(Map.of("MAIL", "553 5.1.8 sender refused", "RCPT", "503 5.5.1 need MAIL", "DATA", "503 5.5.1 need MAIL"), data)))
                .isTrue();
        assertThat(Digests.permanent(refusal(Map.of("DATA", "451 4.3.0 try later"), data))).isFalse();
        assertThat(data).isEmpty();
        // refused at the end of the data: the server said no to this message
        assertThat(Digests.permanent(refusal(Map.of(".", "554 5.7.1 content rejected"), data))).isTrue();
        assertThat(Digests.permanent(refusal(Map.of(".", "452 4.3.1 insufficient storage"), data))).isFalse();
        // and a transaction the server takes throws nothing
        assertThat(refusal(Map.of(), data)).isNull();
        // no reply at all (the connection was gone): not a refusal, so the pooled sender may try again on a new one
        Map<String, String> hangUp = new java.util.HashMap<>();
        hangUp.put("MAIL", null);
        Exception gone = refusal(hangUp, data);
        assertThat(gone).isNotNull().isNotInstanceOf(jakarta.mail.SendFailedException.class);
        assertThat(Digests.permanent(gone)).isFalse();
    }

    @Test
    void aKeptConnectionTheServerDroppedIsReplacedWithoutLosingTheMessage() throws Exception {
        Session session = Session.getInstance(new Properties());
        try (ServerSocket ss = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            // the first session takes one message, then hangs up at the next MAIL without a word (an idle timeout
            // that struck between two messages); the second takes the rest
            AtomicInteger mails = new AtomicInteger();
            List<byte[]> received = java.util.Collections.synchronizedList(new ArrayList<>());
            var server = CompletableFuture.runAsync(() -> {
                for (int n = 0; n < 2; n++) {
                    try (Socket s = ss.accept(); InputStream in = new java.io.BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
                        out.write("220 test\r\n".getBytes(StandardCharsets.US_ASCII));
                        String line;
                        while ((line = line(in)) != null && !line.startsWith("QUIT")) {
                            if (line.startsWith("MAIL") && mails.incrementAndGet() == 2) {
                                break;
                            }
                            if (line.startsWith("DATA")) {
                                out.write("354 go\r\n".getBytes(StandardCharsets.US_ASCII));
                                ByteArrayOutputStream b = new ByteArrayOutputStream();
                                while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n.\r\n")) {
                                    b.write(in.read());
                                }
                                received.add(b.toByteArray());
                            }
                            out.write((line.startsWith("EHLO") ? "250-test\r\n250 PIPELINING\r\n" : "250 ok\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            org.practicehub.config.PooledMailSender sender = new org.practicehub.config.PooledMailSender(100, 30_000);
            sender.setHost("127.0.0.1");
            sender.setPort(ss.getLocalPort());
            sender.setProtocol("smtp");
            InternetAddress from = new InternetAddress("digests@example.org");
            for (int i = 1; i <= 2; i++) {
                byte[] b = prebuilt("message " + i);
                InternetAddress to = new InternetAddress("member" + i + "@example.org");
                sender.send(new PrebuiltMessage(session, b, b.length, from, to, "<" + i + "@example.org>"));
            }
            sender.closeAll();
            server.get(30, TimeUnit.SECONDS);
            assertThat(received).hasSize(2);
            assertThat(new String(received.get(1), StandardCharsets.ISO_8859_1)).contains("Subject: message 2");
        }
    }
}
