package org.practicehub.publish.subscription;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.practicehub.i18n.Languages;
import org.practicehub.i18n.Messages;
import org.practicehub.mapping.Text;
import org.practicehub.publish.AtomicFiles;

/**
 * The one-off messages of a subscription: the double opt-in confirmation, and the note to an address that
 * is subscribed already (so the answer to the request stays the same either way). Plain text, no partner values.
 */
public class Mails {

    private final InternetAddress from;
    private final InternetAddress replyTo;
    private final String hubTitle;
    private final Path outbox;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());
    private final Messages messages = Messages.member();

    public Mails(String from, String replyTo, String hubTitle, Path outbox, Clock clock) {
        try {
            this.from = new InternetAddress(Text.oneLine(from), true);
            this.replyTo = replyTo == null || replyTo.isBlank() ? this.from : new InternetAddress(Text.oneLine(replyTo), true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("hub.mail.from or hub.mail.reply-to is not a valid address");
        }
        this.hubTitle = Text.oneLine(hubTitle);
        this.outbox = outbox;
        this.clock = clock;
    }

    public MimeMessage confirmation(String email, String confirmUrl, Duration ttl) {
        return confirmation(email, confirmUrl, ttl, Languages.DEFAULT);
    }

    /** The double opt-in message, in the language the member chose (English for one the hub does not write in). */
    public MimeMessage confirmation(String email, String confirmUrl, Duration ttl, String language) {
        String lang = Languages.of(language);
        long hours = Math.max(1, ttl.toHours());
        return message(email, messages.get(lang, "mail.confirm.subject", hubTitle), messages.get(lang, "mail.confirm.body", hubTitle, hours, confirmUrl), lang);
    }

    public MimeMessage alreadySubscribed(String email, String manageUrl) {
        return alreadySubscribed(email, manageUrl, Languages.DEFAULT);
    }

    public MimeMessage alreadySubscribed(String email, String manageUrl, String language) {
        String lang = Languages.of(language);
        return message(email, messages.get(lang, "mail.already.subject", hubTitle), messages.get(lang, "mail.already.body", hubTitle, manageUrl), lang);
    }

    /**
     * The invitation to an address a member recommended: the only message it gets unless it accepts (the link confirms
     * the subscription, double opt-in as for anyone), in the recommender's language. It never names the recommender.
     */
    public MimeMessage invitation(String email, String confirmUrl, Duration ttl, String language, boolean approval) {
        String lang = Languages.of(language);
        long hours = Math.max(1, ttl.toHours());
        String body = messages.get(lang, "invite.body", hubTitle, String.valueOf(hours), confirmUrl);
        if (approval) {
            body += "\n" + messages.get(lang, "invite.approval") + "\n";
        }
        return message(email, messages.get(lang, "invite.subject", hubTitle), body, lang);
    }

    /** {@code lang} is one of the hub's three fixed tags ({@link Languages#of}), never a value from a request. */
    private MimeMessage message(String email, String subject, String text, String lang) {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(from);
            m.setReplyTo(new InternetAddress[] {replyTo});
            m.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(email, true));
            m.setSubject(Text.oneLine(subject), StandardCharsets.UTF_8.name());
            m.setSentDate(Date.from(clock.instant()));
            m.setHeader("Auto-Submitted", "auto-generated");
            m.setHeader("Content-Language", lang);
            m.setText(text, StandardCharsets.UTF_8.name(), "plain");
            m.saveChanges();
            String a = from.getAddress();
            m.setHeader("Message-ID", "<subscription." + UUID.randomUUID() + "@" + a.substring(a.indexOf('@') + 1) + ">");
            return m;
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot build the message: " + e.getMessage(), e);
        }
    }

    /** Without SMTP settings the message goes to the outbox folder, like the digests. */
    public String writeToOutbox(MimeMessage m) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            m.writeTo(bytes);
            String name = "subscription-" + UUID.randomUUID() + ".eml";
            AtomicFiles.write(outbox.resolve(name), bytes.toByteArray());
            return name;
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("cannot write to the outbox " + outbox + ": " + e.getMessage(), e);
        }
    }
}
