package org.practicehub.publish.digest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hub's own quoted-printable writer against jakarta.mail's decoder, and its header guard. */
class MailBytesTest {

    private static String encode(String text) {
        return new String(new MailBytes(16).quotedPrintable(text).toByteArray(), StandardCharsets.US_ASCII);
    }

    private static String decode(String qp) throws Exception {
        return new String(MimeUtility.decode(new ByteArrayInputStream(qp.getBytes(StandardCharsets.US_ASCII)), "quoted-printable").readAllBytes(),
                StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    private static void assertWireSafe(String qp) {
        for (String line : qp.split("\r\n", -1)) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(76);
            assertThat(line).as("no line starts with a full stop (no dot-stuffing needed)").doesNotStartWith(".");
            assertThat(line).as("no trailing white space").doesNotEndWith(" ").doesNotEndWith("\t");
            assertThat(line.chars().allMatch(c -> c >= 32 && c < 127 || c == '\t')).as(line).isTrue();
        }
        assertThat(qp.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void roundTripsWhatADigestHolds() throws Exception {
        String text = "Community Updates\n=================\n\n1. Migrants' café (updated) — Ñandú 📦 = 3\n   . a line starting with a dot\n"
                + ".\n" + "x".repeat(200) + "\ntrailing space \ntrailing tab\t\n" + "é".repeat(60) + "\n\n<div style=\"a:b;\">" + "y ".repeat(100);
        String qp = encode(text);
        assertWireSafe(qp);
        assertThat(decode(qp)).isEqualTo(text);
    }

    @Test
    void roundTripsRandomText() throws Exception {
        Random r = new Random(42);
        String alphabet = " \t\n.=-abcXYZ019<>\"'éüñ—€📦\u00a0";
        for (int n = 0; n < 300; n++) {
            StringBuilder b = new StringBuilder();
            int len = r.nextInt(400);
            for (int i = 0; i < len; i++) {
                int at = r.nextInt(alphabet.length());
                if (Character.isHighSurrogate(alphabet.charAt(at))) {
                    b.append(alphabet, at, at + 2);
                } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
                    b.append(alphabet.charAt(at));
                }
            }
            String qp = encode(b.toString());
            assertWireSafe(qp);
            assertThat(decode(qp)).isEqualTo(b.toString());
        }
    }

    @Test
    void headersTakeFoldsButNoOtherLineBreak() {
        assertThat(new String(new MailBytes(16).header("Subject", "=?UTF-8?Q?a?=\r\n =?UTF-8?Q?b?=").toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo("Subject: =?UTF-8?Q?a?=\r\n =?UTF-8?Q?b?=\r\n");
        assertThatThrownBy(() -> new MailBytes(16).header("Subject", "x\r\nBcc: victim@example.org")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailBytes(16).header("Subject", "x\nBcc: victim@example.org")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailBytes(16).header("Subject", "x\r")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MailBytes(16).header("Subject", "café")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blocksEncodedOnceReadAsTheWholeText() throws Exception {
        Random r = new Random(7);
        for (int n = 0; n < 200; n++) {
            MailBytes b = new MailBytes(16);
            StringBuilder whole = new StringBuilder();
            for (int k = 0; k < 6; k++) {
                // a piece of text (here ending with a space, as "12. " does), then a block
                String piece = "x".repeat(r.nextInt(90)) + (r.nextBoolean() ? "\n" : "") + (k + 1) + ". ";
                String block = "Title é " + ". ".repeat(r.nextInt(60)) + "\n   summary=" + "z".repeat(r.nextInt(120)) + " \n\n";
                b.qp(piece);
                int col = b.blockColumn();
                b.raw(MailBytes.block(block, col));
                whole.append(piece).append(block);
            }
            b.qp("-- \nend ").qpEnd();
            whole.append("-- \nend ");
            String qp = new String(b.toByteArray(), StandardCharsets.US_ASCII);
            assertWireSafe(qp);
            assertThat(decode(qp)).isEqualTo(whole.toString());
        }
    }
}
