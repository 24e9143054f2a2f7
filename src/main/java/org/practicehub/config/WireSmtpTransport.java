package org.practicehub.config;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.practicehub.publish.digest.PrebuiltMessage;

/**
 * jakarta.mail's SMTP transport, whose DATA stream also takes bytes that are already on-the-wire form
 * ({@link PrebuiltMessage.Wire}): a digest message's lines end in CRLF and none starts with a full stop (MailBytes
 * builds them so), so they go to the connection as they are instead of through the transport's line-ending and
 * dot-stuffing filter, which looks at every byte of every 34 KB message (a sixth of a digest run's CPU time).
 * Any other message, and these when the connection's stream cannot be reached, goes through that filter as before;
 * STARTTLS, authentication, the replies and the final "." are the transport's own.
 * <p>
 * When the server offers PIPELINING (RFC 2920; Postfix, Exim and most relays do), a prebuilt message to one
 * recipient goes as two round trips instead of four: MAIL FROM, RCPT TO and DATA in one write, their three replies
 * read together, then the message and its final "." ({@link #sendPipelined}). A digest run is a long series of such
 * transactions, and waiting for the server's replies was most of a sending thread's time. The replies are judged as
 * the transport judges them, with the same exceptions, so a 5xx still counts against one reader and a 4xx or a lost
 * connection is still an outage.
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

    /** Session properties that change the envelope: a message under any of them goes the transport's own way. */
    private static final String[] ENVELOPE_OPTIONS = {"mail.smtp.dsn.notify", "mail.smtp.dsn.ret", "mail.smtp.submitter",
        "mail.smtp.mailextension", "mail.smtp.allow8bitmime", "mail.smtp.allowutf8", "mail.smtp.chunksize", "mail.debug"};

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END = {'.', '\r', '\n'};

    /** True when prebuilt messages skip the filter (tests check this holds for the bundled jakarta.mail). */
    public static boolean direct() {
        return SERVER_OUTPUT != null;
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        String from = pipelinable(message, addresses);
        if (from == null) {
            super.sendMessage(message, addresses);
            return;
        }
        sendPipelined((PrebuiltMessage) message, from, (InternetAddress) addresses[0]);
    }

    /** The envelope sender when this message can go pipelined, else null. */
    private String pipelinable(Message message, Address[] addresses) throws MessagingException {
        if (SERVER_OUTPUT == null || !(message instanceof PrebuiltMessage) || addresses == null || addresses.length != 1
                || !(addresses[0] instanceof InternetAddress to) || !supportsExtension("PIPELINING")) {
            return null;
        }
        for (String option : ENVELOPE_OPTIONS) {
            if (session.getProperty(option) != null) {
                return null;
            }
        }
        String from = session.getProperty("mail.smtp.from");
        if (from == null || from.isEmpty()) {
            Address[] f = message.getFrom();
            if (f == null || f.length != 1 || !(f[0] instanceof InternetAddress a)) {
                return null;
            }
            from = a.getAddress();
        }
        // a command carries only printable ASCII: anything else (an SMTPUTF8 address) is the transport's to handle
        return envelopeSafe(from) && envelopeSafe(to.getAddress()) ? from : null;
    }

    private static boolean envelopeSafe(String address) {
        if (address == null) {
            return false;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= ' ' || c > '~' || c == '<' || c == '>') {
                return false;
            }
        }
        return true;
    }

    /**
     * One pipelined transaction (RFC 2920): the three commands in one write, then their replies in order. The
     * server's refusal of the sender or the recipient is thrown as the transport throws it; when it still accepted
     * DATA (a server should not), an empty message ends the transaction, so nothing reaches the recipient.
     */
    private void sendPipelined(PrebuiltMessage message, String from, InternetAddress to) throws MessagingException {
        checkConnected();
        OutputStream out = serverOutput();
        String mail = "MAIL FROM:<" + from + ">";
        String rcpt = "RCPT TO:<" + to.getAddress() + ">";
        try {
            out.write((mail + "\r\n" + rcpt + "\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new MessagingException("Can't send command to SMTP host", e);
        }
        int mailCode = readServerResponse();
        String mailReply = getLastServerResponse();
        int rcptCode = readServerResponse();
        String rcptReply = getLastServerResponse();
        int dataCode = readServerResponse();
        String dataReply = getLastServerResponse();
        if (mailCode == -1) {
            // no reply at all: the server had dropped the kept connection (an idle timeout); nothing was sent, so this
            // is not the server's answer to the message and the sender may try once more on a new connection
            throw new MessagingException("the SMTP server closed the connection: " + mailReply);
        }
        MessagingException refused = null;
        if (mailCode != 250) {
            refused = new SMTPSenderFailedException(new InternetAddress(from, false), mail, mailCode, mailReply);
        } else if (rcptCode != 250 && rcptCode != 251) {
            SMTPAddressFailedException bad = new SMTPAddressFailedException(to, rcpt, rcptCode, rcptReply);
            refused = new SendFailedException("Invalid Addresses", bad, null, null, new Address[] {to});
        } else if (dataCode != 354) {
            refused = new SMTPSendFailedException("DATA", dataCode, dataReply, null, null, new Address[] {to}, null);
        }
        if (refused != null) {
            if (dataCode == 354) {
                write(out, END);
                readServerResponse();
            }
            throw refused;
        }
        try {
            message.writeTo(new Direct(out));
        } catch (IOException e) {
            throw new MessagingException("IOException while sending message", e);
        }
        write(out, END);
        int code = readServerResponse();
        if (code != 250) {
            throw new SMTPSendFailedException(".", code, getLastServerResponse(), null, null, new Address[] {to}, null);
        }
    }

    private OutputStream serverOutput() throws MessagingException {
        try {
            return (OutputStream) SERVER_OUTPUT.get(this);
        } catch (IllegalAccessException e) {
            throw new MessagingException("the SMTP connection's stream cannot be reached", e);
        }
    }

    private static void write(OutputStream out, byte[] bytes) throws MessagingException {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new MessagingException("Can't send command to SMTP host", e);
        }
    }

    /** Bytes in DATA form to the server as they are, ending in CRLF, so the "." that follows stands on its own line. */
    private static void wire(OutputStream server, byte[] b, int off, int len) throws IOException {
        server.write(b, off, len);
        if (len < 2 || b[off + len - 2] != '\r' || b[off + len - 1] != '\n') {
            server.write(CRLF);
        }
    }

    /** The message's bytes straight to the server ({@link #wire}). */
    private static final class Direct extends FilterOutputStream implements PrebuiltMessage.Wire {
        Direct(OutputStream server) {
            super(server);
        }

        @Override
        public void writeWire(byte[] b, int off, int len) throws IOException {
            wire(out, b, off, len);
        }

        @Override
        public void write(int b) {
            // only bytes in DATA form come this way (see pipelinable): any other write would bypass dot-stuffing
            throw new UnsupportedOperationException("a prebuilt message writes its bytes through writeWire");
        }

        @Override
        public void write(byte[] b, int off, int len) {
            throw new UnsupportedOperationException("a prebuilt message writes its bytes through writeWire");
        }
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
            wire(server, b, off, len);
        }

        @Override
        public void close() throws IOException {
            // the transport keeps the connection: closing the DATA stream is not closing the socket
            flush();
        }
    }
}
