package org.practicehub.publish.digest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A message's bytes as they go on the wire, built in one growing array: header lines, and bodies encoded as
 * quoted-printable (RFC 2045 6.7) straight from their text. jakarta.mail's own encoder pushes each byte through
 * a chain of filter streams, which was the largest part of a digest run's CPU time (docs/benchmarks.md).
 *
 * <p>The encoding keeps every line at most 76 characters, line breaks as CRLF, and encodes a full stop that would
 * start a line ({@code =2E}), so no line of a body ever needs SMTP's dot-stuffing nor can end the DATA early.
 */
final class MailBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    MailBytes(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /** ASCII text as it is (header lines, boundaries): the caller has made sure it holds no line break. */
    MailBytes ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > 126 || c == '\r' || c == '\n') {
                throw new IllegalArgumentException("not a header-safe ASCII character in " + s);
            }
            buf[len++] = (byte) c;
        }
        return this;
    }

    MailBytes crlf() {
        room(2);
        buf[len++] = '\r';
        buf[len++] = '\n';
        return this;
    }

    /**
     * One header field: the value must already be encoded (RFC 2047); its only line breaks may be folds (CRLF then a
     * space or tab), which cannot start another field. Anything else throws: no value can inject a header.
     */
    MailBytes header(String name, String value) {
        ascii(name).ascii(": ");
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                boolean fold = c == '\r' && i + 2 < value.length() && value.charAt(i + 1) == '\n'
                        && (value.charAt(i + 2) == ' ' || value.charAt(i + 2) == '\t');
                if (!fold) {
                    throw new IllegalArgumentException("a line break in the " + name + " header");
                }
                ascii(value.substring(start, i)).crlf();
                start = i + 2;
                i++;
            }
        }
        return ascii(value.substring(start)).crlf();
    }

    /** The quoted-printable writer's column, and a space or tab not written yet (it is encoded if the line ends there). */
    private int col;
    private int pendingWs = -1;
    private final byte[] one = new byte[4];

    /**
     * Text (with {@code \n} line breaks) as UTF-8 quoted-printable, continuing the body written so far; {@link #qpEnd}
     * after the last piece. Spaces and tabs are encoded at the end of a line, where transports may strip them;
     * everything outside printable ASCII, and '=', as {@code =XX}; soft line breaks keep each line within 76
     * characters. The line break before the next boundary is the caller's: in MIME it belongs to the boundary.
     */
    MailBytes qp(String text) {
        room(text.length() + text.length() / 3 + 16);
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                continue;
            }
            if (c == '\n') {
                if (pendingWs >= 0) {
                    escaped(pendingWs);
                    pendingWs = -1;
                }
                crlf();
                col = 0;
            } else if (c == ' ' || c == '\t') {
                flushWs();
                pendingWs = c;
            } else if (c < 128) {
                flushWs();
                if (c >= 33 && c <= 126 && c != '=') {
                    literal(c);
                } else {
                    escaped(c);
                }
            } else {
                flushWs();
                // outside ASCII: its UTF-8 bytes, never split by a soft break
                int cp = c;
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    cp = Character.toCodePoint(c, text.charAt(++i));
                } else if (Character.isSurrogate(c)) {
                    cp = 0xFFFD;
                }
                int k = utf8(cp, one);
                if (col + 3 * k > 75) {
                    softBreak();
                }
                room(3 * k);
                for (int j = 0; j < k; j++) {
                    escape(one[j] & 0xFF);
                }
                col += 3 * k;
            }
        }
        return this;
    }

    /** The end of a quoted-printable body: a last space or tab is encoded. */
    MailBytes qpEnd() {
        if (pendingWs >= 0) {
            escaped(pendingWs);
            pendingWs = -1;
        }
        col = 0;
        return this;
    }

    /** Text as a whole quoted-printable body. */
    MailBytes quotedPrintable(String text) {
        return qp(text).qpEnd();
    }

    /**
     * Where a block encoded ahead ({@link #block}) would start now: the column once a waiting space is written (a
     * block starts with neither a line break nor white space).
     */
    int blockColumn() {
        flushWs();
        return col;
    }

    /** A block of text (ending with a line break) encoded once, as it would be at {@code column}. */
    static byte[] block(String text, int column) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a block ends with a line break");
        }
        MailBytes b = new MailBytes(text.length() + text.length() / 3 + 16);
        b.col = column;
        return b.qp(text).toByteArray();
    }

    /** A block from {@link #block}, encoded for {@link #blockColumn()}: it leaves the writer at the start of a line. */
    MailBytes raw(byte[] block) {
        room(block.length);
        System.arraycopy(block, 0, buf, len, block.length);
        len += block.length;
        col = 0;
        return this;
    }

    private void flushWs() {
        if (pendingWs >= 0) {
            int c = pendingWs;
            pendingWs = -1;
            literal(c);
        }
    }

    private void literal(int c) {
        if (col + 1 > 75) {
            softBreak();
        }
        if (c == '.' && col == 0) {
            // a full stop starting a line would need SMTP's dot-stuffing (and alone would end the DATA)
            escaped(c);
            return;
        }
        room(1);
        buf[len++] = (byte) c;
        col++;
    }

    private void escaped(int c) {
        if (col + 3 > 75) {
            softBreak();
        }
        room(3);
        escape(c);
        col += 3;
    }

    private void softBreak() {
        room(3);
        buf[len++] = '=';
        buf[len++] = '\r';
        buf[len++] = '\n';
        col = 0;
    }

    private void escape(int b) {
        buf[len++] = '=';
        buf[len++] = HEX[(b >> 4) & 0xF];
        buf[len++] = HEX[b & 0xF];
    }

    private static int utf8(int cp, byte[] out) {
        if (cp < 0x800) {
            out[0] = (byte) (0xC0 | (cp >> 6));
            out[1] = (byte) (0x80 | (cp & 0x3F));
            return 2;
        }
        if (cp < 0x10000) {
            out[0] = (byte) (0xE0 | (cp >> 12));
            out[1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[2] = (byte) (0x80 | (cp & 0x3F));
            return 3;
        }
        out[0] = (byte) (0xF0 | (cp >> 18));
        out[1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[3] = (byte) (0x80 | (cp & 0x3F));
        return 4;
    }

    byte[] array() {
        return buf;
    }

    int length() {
        return len;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
