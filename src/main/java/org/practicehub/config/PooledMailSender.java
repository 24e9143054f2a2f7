package org.practicehub.config;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * camel-mail's sender, keeping each sending thread's SMTP connection open for up to {@code perConnection}
 * messages instead of connecting, greeting and quitting for every one (a digest run sends thousands).
 * A connection idle longer than {@code maxIdleMillis} is not reused (servers drop idle clients), and one that
 * fails is closed, so the retry opens a new one.
 */
public class PooledMailSender extends DefaultJavaMailSender {

    private static final class Slot {
        Transport transport;
        int sent;
        long lastUsed;
    }

    private final int perConnection;
    private final long maxIdleMillis;
    private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(Slot::new);
    private final Set<Transport> open = ConcurrentHashMap.newKeySet();

    public PooledMailSender(int perConnection, long maxIdleMillis) {
        this.perConnection = Math.max(1, perConnection);
        this.maxIdleMillis = maxIdleMillis;
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        Slot s = slots.get();
        long now = System.currentTimeMillis();
        if (s.transport != null && (s.sent >= perConnection || now - s.lastUsed > maxIdleMillis)) {
            close(s);
        }
        boolean reused = s.transport != null;
        if (!reused) {
            connect(s);
        }
        // the hub's messages are saved when built, with their own Message-ID: saving again would scan and
        // encode the bodies a second time and replace the Message-ID the delivery log keeps
        if (message.getMessageID() == null) {
            message.saveChanges();
        }
        try {
            s.transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            close(s);
            // a kept connection the server has dropped meanwhile: once more on a new one. A refusal by the
            // server (an SMTP reply) is the server's answer and goes back as it is.
            if (!reused || e instanceof jakarta.mail.SendFailedException || e instanceof SMTPSendFailedException) {
                throw e;
            }
            connect(s);
            try {
                s.transport.sendMessage(message, message.getAllRecipients());
            } catch (MessagingException again) {
                close(s);
                throw again;
            }
        }
        s.sent++;
        s.lastUsed = System.currentTimeMillis();
    }

    private void connect(Slot s) throws MessagingException {
        // jakarta.mail's SMTP transport, writing the digests' prebuilt messages without its per-byte filter
        Transport t = new WireSmtpTransport(getSession());
        var auth = getPasswordAuthentication();
        t.connect(getHost(), getPort(), auth.getUserName(), auth.getPassword());
        s.transport = t;
        s.sent = 0;
        s.lastUsed = System.currentTimeMillis();
        open.add(t);
    }

    private void close(Slot s) {
        if (s.transport != null) {
            open.remove(s.transport);
            try {
                s.transport.close();
            } catch (MessagingException e) {
                // closing a broken connection: nothing more to do
            }
            s.transport = null;
        }
    }

    /** Closes every kept connection (at shutdown). */
    public void closeAll() {
        for (Transport t : open) {
            try {
                t.close();
            } catch (MessagingException e) {
                // going away anyway
            }
        }
        open.clear();
    }
}
