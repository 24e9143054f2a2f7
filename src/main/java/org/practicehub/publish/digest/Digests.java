package org.practicehub.publish.digest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.practicehub.mapping.Text;
import org.practicehub.model.Practice;
import org.practicehub.publish.AtomicFiles;
import org.practicehub.run.DigestResult;
import org.practicehub.store.Editions;
import org.practicehub.store.PracticeStore;
import org.quartz.CronExpression;

/**
 * Decides when a digest is due, fixes the edition's practices, builds one message per recipient, and
 * records each delivery. Sending itself is the route's job (SMTP through camel-mail, or the outbox).
 */
public class Digests {

    private final DigestDef digest;
    private final PracticeStore store;
    private final Editions editions;
    private final DigestRenderer renderer;
    private final InternetAddress from;
    private final Path outbox;
    private final Clock clock;
    private final boolean viaSmtp;
    private final Session session = Session.getInstance(new Properties());

    public Digests(DigestDef digest, PracticeStore store, Editions editions, DigestRenderer renderer, String from, Path outbox, Clock clock,
            boolean viaSmtp) {
        this.viaSmtp = viaSmtp;
        this.digest = digest;
        this.store = store;
        this.editions = editions;
        this.renderer = renderer;
        this.outbox = outbox;
        this.clock = clock;
        try {
            this.from = new InternetAddress(from, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("hub.mail.from is not a valid address: " + from);
        }
        try {
            cron();
        } catch (ParseException e) {
            throw new IllegalArgumentException("hub.digest.cron '" + digest.cron() + "' is not a Quartz cron expression: " + e.getMessage());
        }
    }

    /** True when an SMTP host is configured; otherwise messages go to the outbox folder. */
    public boolean viaSmtp() {
        return viaSmtp;
    }

    public DigestDef definition() {
        return digest;
    }

    private CronExpression cron() throws ParseException {
        CronExpression c = new CronExpression(digest.cron());
        c.setTimeZone(TimeZone.getTimeZone(digest.timeZone()));
        return c;
    }

    /** Due when the schedule has fired since the last edition, or when there has never been one. */
    public boolean due(Instant now) {
        Optional<Instant> last = editions.lastCreated(digest.id());
        if (last.isEmpty()) {
            return true;
        }
        try {
            Date next = cron().getNextValidTimeAfter(Date.from(last.get()));
            return next != null && !next.toInstant().isAfter(now);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What to deliver now: an unfinished edition first (its pending recipients), else a new edition of
     * the practices no edition carried yet, when the digest is due or {@code force}d by its schedule.
     */
    public Batch prepare(boolean force) {
        Optional<Editions.Edition> open = editions.unfinished(digest.id());
        Editions.Edition edition;
        List<Practice> practices;
        if (open.isPresent()) {
            edition = open.get();
            Map<String, Practice> byId = store.all().stream().collect(Collectors.toMap(Practice::id, Function.identity()));
            practices = edition.practiceIds().stream().map(byId::get).filter(p -> p != null).toList();
        } else {
            if (!force && !due(clock.instant())) {
                return new Batch(digest, "not-due", 0, List.of());
            }
            practices = store.notYetIn(digest.id());
            if (practices.isEmpty() || digest.recipients().isEmpty()) {
                return new Batch(digest, "nothing-new", 0, List.of());
            }
            edition = editions.create(digest.id(), practices.stream().map(Practice::id).toList(), digest.recipients());
        }
        List<Outgoing> out = new ArrayList<>();
        for (String r : editions.pendingRecipients(edition.id())) {
            out.add(new Outgoing(edition.id(), digest.id(), r, message(edition, r, practices)));
        }
        return new Batch(digest, "due", practices.size(), out);
    }

    MimeMessage message(Editions.Edition edition, String recipient, List<Practice> practices) {
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(from);
            m.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(recipient, true));
            m.setSubject(renderer.subject(digest, practices.size()), StandardCharsets.UTF_8.name());
            m.setSentDate(Date.from(clock.instant()));
            m.setHeader("List-Id", Text.oneLine(digest.title()).replaceAll("[<>\"]", "") + " <" + digest.id() + ".practice-hub>");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(renderer.text(digest, practices), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(renderer.html(digest, practices), StandardCharsets.UTF_8.name(), "html");
            // multipart/alternative: the last part is the preferred one, so plain text comes first
            MimeMultipart alt = new MimeMultipart("alternative");
            alt.addBodyPart(text);
            alt.addBodyPart(html);
            m.setContent(alt);
            m.saveChanges();
            String domain = from.getAddress().substring(from.getAddress().indexOf('@') + 1);
            m.setHeader("Message-ID", "<" + digest.id() + "." + edition.id() + "." + Integer.toHexString(recipient.hashCode()) + "@" + domain + ">");
            return m;
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot build the digest message for " + recipient + ": " + e.getMessage(), e);
        }
    }

    /** Without an SMTP host the message goes to the outbox folder as an .eml file, for a look before anything is sent. */
    public String writeToOutbox(Outgoing o) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            o.message().writeTo(bytes);
            String name = o.digestId() + "-" + o.editionId() + "-" + o.recipient().replaceAll("[^A-Za-z0-9._-]", "_") + ".eml";
            AtomicFiles.write(outbox.resolve(name), bytes.toByteArray());
            return name;
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("cannot write to the outbox " + outbox + ": " + e.getMessage(), e);
        }
    }

    public void delivered(Outgoing o, String how) {
        String id;
        try {
            id = o.message().getMessageID();
        } catch (MessagingException e) {
            id = null;
        }
        editions.delivered(o.editionId(), o.recipient(), how, id);
    }

    public void failed(Outgoing o, Exception e) {
        editions.failed(o.editionId(), o.recipient(), e.getMessage() == null ? e.toString() : Text.oneLine(e.getMessage()));
    }

    /** The run's summary for this digest. */
    public DigestResult result(Batch b) {
        String how = viaSmtp ? "sent" : "written";
        if (b.messages().isEmpty()) {
            return new DigestResult(digest.id(), b.status(), 0, 0, null);
        }
        long open = editions.unfinished(digest.id()).map(e -> editions.pendingRecipients(e.id()).size()).orElse(0).longValue();
        int done = b.messages().size() - (int) open;
        return open == 0 ? new DigestResult(digest.id(), how, b.practices(), done, null)
                : new DigestResult(digest.id(), "failed", b.practices(), done, open + " of " + b.messages().size() + " messages not delivered; retried next run");
    }
}
