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
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
        return CompletableFuture.supplyAsync(() -> {
            List<byte[]> data = new ArrayList<>();
            try (Socket s = ss.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                out.write("220 test\r\n".getBytes(StandardCharsets.US_ASCII));
                while (true) {
                    String line = line(in);
                    if (line == null || line.startsWith("QUIT")) {
                        out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                        return data;
                    }
                    if (line.startsWith("DATA")) {
                        out.write("354 go\r\n".getBytes(StandardCharsets.US_ASCII));
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n.\r\n")) {
                            b.write(in.read());
                        }
                        data.add(b.toByteArray());
                    }
                    out.write((line.startsWith("EHLO") ? "250 test\r\n" : "250 ok\r\n").getBytes(StandardCharsets.US_ASCII));
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
}
