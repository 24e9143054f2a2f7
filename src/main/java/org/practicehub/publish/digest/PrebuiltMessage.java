package org.practicehub.publish.digest;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * A message whose bytes are already written ({@link MailBytes}): jakarta.mail's SMTP transport, and the outbox,
 * write them as they are. It holds only the headers the transport and the delivery log read (From, To, Message-ID),
 * set here rather than parsed from the bytes: parsing looks its stream provider up through a ServiceLoader on every
 * message, a tenth of a run's CPU time.
 */
public final class PrebuiltMessage extends MimeMessage {

    /**
     * A stream that takes bytes already in SMTP's DATA form (every line ending in CRLF, none starting with a full
     * stop) as they are, without the transport's filter ({@code config.WireSmtpTransport}).
     */
    public interface Wire {
        void writeWire(byte[] b, int off, int len) throws IOException;
    }

    private final byte[] bytes;
    private final int length;

    PrebuiltMessage(Session session, byte[] bytes, int length, InternetAddress from, InternetAddress to, String messageId) throws MessagingException {
        super(session);
        this.bytes = bytes;
        this.length = length;
        setFrom(from);
        setRecipient(RecipientType.TO, to);
        setHeader("Message-ID", messageId);
        // nothing for saveChanges to add: the bytes are the message
        saved = true;
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
        // the bytes hold no Bcc nor Content-Length, the only headers a transport asks to leave out. MailBytes writes
        // only CRLF line breaks and encodes a full stop that would start a line, so they are in DATA form already
        if (os instanceof Wire w) {
            w.writeWire(bytes, 0, length);
        } else {
            os.write(bytes, 0, length);
        }
    }

    @Override
    public int getSize() {
        return length;
    }

    @Override
    public void saveChanges() {
        // the bytes are final: a save would only replace the Message-ID the delivery log keeps
    }
}
