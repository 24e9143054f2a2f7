package org.practicehub.config;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.practicehub.publish.digest.PrebuiltMessage;

/**
 * jakarta.mail's SMTP transport, whose DATA stream also takes bytes that are already on-the-wire form
 * ({@link PrebuiltMessage.Wire}): a digest message's lines end in CRLF and none starts with a full stop (MailBytes
 * builds them so), so they go to the connection as they are instead of through the transport's line-ending and
 * dot-stuffing filter, which looks at every byte of every 34 KB message (a sixth of a digest run's CPU time).
 * Any other message, and these when the connection's stream cannot be reached, goes through that filter as before;
 * STARTTLS, authentication, the replies and the final "." are the transport's own.
 */
public class WireSmtpTransport extends SMTPTransport {

    /** The transport's buffered stream to the server (replaced by STARTTLS, so read at each DATA). */
    private static final Field SERVER_OUTPUT = serverOutputField();

    private static Field serverOutputField() {
        try {
            Field f = SMTPTransport.class.getDeclaredField("serverOutput");
            f.setAccessible(true);
            return OutputStream.class.isAssignableFrom(f.getType()) ? f : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another jakarta.mail implementation: every message goes through the filter
            return null;
        }
    }

    public WireSmtpTransport(Session session) {
        super(session, new URLName("smtp", null, -1, null, null, null), "smtp", false);
    }

    /** True when prebuilt messages skip the filter (tests check this holds for the bundled jakarta.mail). */
    public static boolean direct() {
        return SERVER_OUTPUT != null;
    }

    @Override
    protected synchronized OutputStream data() throws MessagingException {
        OutputStream filtered = super.data();
        OutputStream server = null;
        if (SERVER_OUTPUT != null) {
            try {
                server = (OutputStream) SERVER_OUTPUT.get(this);
            } catch (IllegalAccessException e) {
                server = null;
            }
        }
        return server == null ? filtered : new Data(filtered, server);
    }

    /**
     * The DATA stream: ordinary writes are filtered; {@link #writeWire} writes to the server directly. The filter
     * has seen nothing then, so it adds nothing at the end; the bytes end in CRLF, so the transport's "." that
     * follows stands on a line of its own.
     */
    private static final class Data extends FilterOutputStream implements PrebuiltMessage.Wire {
        private final OutputStream server;
        private boolean filteredUsed;

        Data(OutputStream filtered, OutputStream server) {
            super(filtered);
            this.server = server;
        }

        @Override
        public void write(int b) throws IOException {
            filteredUsed = true;
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            filteredUsed = true;
            out.write(b, off, len);
        }

        @Override
        public void writeWire(byte[] b, int off, int len) throws IOException {
            if (filteredUsed) {
                // mixed with filtered writes: the filter's idea of the line would be wrong, so it filters all
                write(b, off, len);
                return;
            }
            server.write(b, off, len);
            if (len < 2 || b[off + len - 2] != '\r' || b[off + len - 1] != '\n') {
                server.write(new byte[] {'\r', '\n'});
            }
        }

        @Override
        public void close() throws IOException {
            // the transport keeps the connection: closing the DATA stream is not closing the socket
            flush();
        }
    }
}
