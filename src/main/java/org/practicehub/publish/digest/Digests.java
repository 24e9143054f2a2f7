package org.practicehub.publish.digest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.practicehub.mapping.Text;
import org.practicehub.model.Practice;
import org.practicehub.publish.AtomicFiles;
import org.practicehub.publish.depository.PracticeIndex;
import org.practicehub.publish.subscription.Tokens;
import org.practicehub.run.DigestResult;
import org.practicehub.store.DigestIndex;
import org.practicehub.store.EditionNotes;
import org.practicehub.store.Editions;
import org.practicehub.store.Json;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.Subscriptions;
import org.practicehub.web.PracticeQuery;
import org.quartz.CronExpression;

/**
 * The digests: when each is due, its editions, and one message per reader holding only what is news to that
 * reader. A member gets the practices that became news after its watermark and match its filters; a fixed
 * address gets the network-wide edition. Sending is the routes' job (camel-mail, or the outbox); a delivery
 * is recorded, and the member's watermark moved, only once the server accepted the message.
 */
public class Digests {

    /** Where the links in messages lead, and how long they work. */
    public record Links(String publicUrl, Duration manageTtl, String unsubscribeMailto) {}

    /** Backoff after an SMTP outage, and how many permanent refusals make a subscription failing. */
    public record Policy(Duration backoffBase, Duration backoffMax, int maxBounces) {}

    /**
     * How a message is tried within a run: {@code retries} more times after a failure, waiting {@code retryDelay} and
     * doubling (hub.smtp.retries, hub.smtp.retry-delay-ms); a run's messages go in batches of {@code batch}.
     */
    public record Sending(int retries, Duration retryDelay, int batch) {}

    /** Hands a message to the SMTP server: camel-mail's sender on the smtp component, connections kept per thread. */
    @FunctionalInterface
    public interface Sender {
        void send(MimeMessage m) throws MessagingException;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("org.practicehub.digest");

    private final Map<String, DigestDef> digests = new LinkedHashMap<>();
    private final PracticeStore store;
    private final DigestIndex index;
    private final Editions editions;
    private final Subscriptions subscriptions;
    private final DigestRenderer renderer;
    private final Updates updates;
    private final Tokens tokens;
    private final Links links;
    private final Policy policy;
    private final InternetAddress from;
    private final InternetAddress replyTo;
    private final String mailDomain;
    private final String fromHeader;
    private final String replyToHeader;
    private final Path outbox;
    private final Clock clock;
    private final boolean viaSmtp;
    private final Session session = Session.getInstance(new Properties());
    private final String instance;
    private final Duration lease;
    private volatile Sending sending = new Sending(2, Duration.ofSeconds(1), 25);
    private volatile Sender sender;
    private final EditionNotes notes;

    /**
     * @param instance this instance's name in a digest's run claim
     * @param lease    how long a claim holds without the run moving on: longer than a message can take to send
     *                 (hub.smtp.timeout-ms, times the retries), so that a live run never loses it
     */
    public Digests(List<DigestDef> defs, PracticeStore store, DigestIndex index, Editions editions, Subscriptions subscriptions,
            DigestRenderer renderer, Updates updates, Tokens tokens, Links links, Policy policy, String from, String replyTo, Path outbox,
            Clock clock, boolean viaSmtp, String instance, Duration lease, EditionNotes notes) {
        this.notes = notes;
        this.instance = instance;
        this.lease = lease;
        defs.forEach(d -> digests.put(d.id(), d));
        this.store = store;
        this.index = index;
        this.editions = editions;
        this.subscriptions = subscriptions;
        this.renderer = renderer;
        this.updates = updates;
        this.tokens = tokens;
        this.links = links;
        this.policy = policy;
        this.outbox = outbox;
        this.clock = clock;
        this.viaSmtp = viaSmtp;
        this.from = address("hub.mail.from", from);
        this.replyTo = replyTo == null || replyTo.isBlank() ? this.from : address("hub.mail.reply-to", replyTo);
        // the same in every message: encoded once
        this.fromHeader = InternetAddress.toString(new InternetAddress[] {this.from}, 6);
        this.replyToHeader = InternetAddress.toString(new InternetAddress[] {this.replyTo}, 10);
        this.mailDomain = this.from.getAddress().substring(this.from.getAddress().indexOf('@') + 1);
    }

    private static InternetAddress address(String key, String value) {
        try {
            InternetAddress a = new InternetAddress(Text.oneLine(value), true);
            a.validate();
            return a;
        } catch (MessagingException e) {
            throw new IllegalArgumentException(key + " is not a valid address: " + value);
        }
    }

    private volatile SentJournal journal;

    /** The embedded store's journal of messages sent (SentJournal); none on PostgreSQL, whose commits are durable. */
    public void journal(SentJournal journal) {
        this.journal = journal;
    }

    /**
     * At start, before any run: the deliveries the journal names that the store lost (the process was killed before
     * H2 wrote their commits out) are committed again, so that nobody is sent them twice. Answers how many.
     */
    public int recover() {
        SentJournal j = journal;
        if (j == null) {
            return 0;
        }
        int recovered = 0;
        for (SentJournal.Entry e : j.read()) {
            if (editions.isDelivered(e.editionId(), e.email())) {
                continue;
            }
            if (e.subscriptionId() != null) {
                subscriptions.delivered(e.editionId(), e.digestId(), e.subscriptionId(), e.email(), e.upTo(), e.how(), e.messageId(), e.practices(),
                        Subscriptions.Known.UNSURE);
            } else if (!editions.delivered(e.editionId(), e.email(), e.how(), e.messageId(), e.practices())) {
                // the edition's plan is written out before its first message (start), so only a lost disk gets here
                LOG.warn("digest journal: edition {} of {} sent to {}, but the store has no such edition owing it: {} may get it again",
                        e.editionId(), e.digestId(), e.email(), e.email());
                continue;
            }
            recovered++;
        }
        j.clear();
        return recovered;
    }

    /** The sender (set when an SMTP host is configured) and how messages are tried. */
    public void sending(Sender sender, Sending sending) {
        this.sender = sender;
        this.sending = sending;
    }

    /** True when an SMTP host is configured; otherwise messages go to the outbox folder. */
    public boolean viaSmtp() {
        return viaSmtp;
    }

    public List<DigestDef> definitions() {
        return List.copyOf(digests.values());
    }

    public Optional<DigestDef> definition(String id) {
        return Optional.ofNullable(digests.get(id));
    }

    /** The frequencies some digest serves: a member may only choose one of these. */
    public java.util.Set<String> frequencies() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        digests.values().forEach(d -> out.addAll(d.audience().frequencies()));
        return out;
    }

    private static CronExpression cron(DigestDef d) {
        try {
            CronExpression c = new CronExpression(d.cron());
            c.setTimeZone(TimeZone.getTimeZone(d.timeZone()));
            return c;
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** When the digest's schedule fires next. */
    public Instant nextFire(DigestDef d) {
        Date next = cron(d).getNextValidTimeAfter(Date.from(clock.instant()));
        return next == null ? null : next.toInstant();
    }

    /** Due when its schedule has fired since its last run (or it never ran), or an open edition's retry time has come. */
    boolean due(DigestDef d, Instant now) {
        Editions.State s = editions.state(d.id());
        if (editions.open(d.id()).isPresent()) {
            return s.retryAt() == null || !s.retryAt().isAfter(now);
        }
        if (s.lastRunAt() == null) {
            return true;
        }
        Date next = cron(d).getNextValidTimeAfter(Date.from(s.lastRunAt()));
        return next != null && !next.toInstant().isAfter(now);
    }

    /** The ids of the digests a run looks at: all of them, so that the run report says of each whether it was due. */
    public List<String> toRun(boolean force) {
        return List.copyOf(digests.keySet());
    }

    /** The ids of the digests with an open edition whose retry time has come (service mode retries between schedules). */
    public List<String> retriesDue() {
        Instant now = clock.instant();
        return digests.values().stream().filter(d -> editions.open(d.id()).isPresent() && due(d, now)).map(DigestDef::id).toList();
    }

    /** What a digest shows of a practice; a change elsewhere (a partner's date, provenance details) is no news. */
    static String view(Practice p) {
        List<Object> v = new ArrayList<>();
        v.add(p.title());
        v.add(p.summary());
        v.add(p.description() == null ? null : p.description().text());
        v.add(p.themes());
        v.add(p.migrationPhases());
        v.add(p.geographicScope() == null ? null : p.geographicScope().countries());
        v.add(p.geographicScope() == null || p.geographicScope().regions() == null ? null
                : p.geographicScope().regions().stream().map(Practice.Region::code).toList());
        v.add(p.gcmObjectives());
        v.add(p.sdgs());
        v.add(p.practiceTypes());
        v.add(p.networks());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Json.write(v).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a run of one digest: an open edition first (the readers still owed it), else, when due or forced,
     * a new edition of what became news since the last one, published to the depository at once. Members with
     * nothing matching have their watermark moved on here, with no message.
     *
     * <p>The run first claims the digest in the store, so that one run at a time plans and sends it across every
     * instance on the database; when another run holds the claim this one does nothing and says where that one runs.
     * A run whose instance died is taken over once its lease has run out: the open edition, less the readers whose
     * delivery was committed.
     */
    public DigestRun start(String id, boolean force) {
        DigestDef d = digests.get(id);
        if (d == null) {
            throw new IllegalArgumentException("no digest " + id);
        }
        String token = UUID.randomUUID().toString();
        Instant at = clock.instant();
        Optional<Editions.Holder> holder = editions.claim(id, instance, token, lease);
        if (holder.isPresent()) {
            return DigestRun.busy(d, holder.get().instance());
        }
        SentJournal j = journal;
        if (j != null) {
            j.runStarted();
        }
        try {
            DigestRun run = plan(d, force);
            if (j != null && !run.tasks().isEmpty()) {
                // the plan (the edition and whom it owes) goes to disk before its first message: the journal's deliveries
                // update that plan's rows, and H2 loses them with a process killed within its write delay
                editions.checkpoint();
            }
            run.token = token;
            run.renewedAt = at;
            if (run.tasks().isEmpty() && run.edition() == null) {
                release(run);
            }
            return run;
        } catch (RuntimeException e) {
            editions.release(id, token);
            if (j != null) {
                j.runEnded();
            }
            throw e;
        }
    }

    /**
     * Whether the run sends its next message: not after an SMTP outage, nor once its claim was lost. While it goes on,
     * the claim's lease is moved on every third of its length, so a run that progresses keeps the digest however long
     * it takes, and one that stalls (its instance died or hangs) loses it.
     */
    public boolean goOn(DigestRun run) {
        if (run.outage || run.lost) {
            return false;
        }
        if (run.token == null) {
            return true;
        }
        Instant now = clock.instant();
        if (Duration.between(run.renewedAt, now).compareTo(lease.dividedBy(3)) >= 0) {
            synchronized (run) {
                if (Duration.between(run.renewedAt, now).compareTo(lease.dividedBy(3)) >= 0) {
                    if (!editions.renew(run.digest().id(), run.token, lease)) {
                        run.lost = true;
                        run.lastError = "the claim on the digest ran out and another instance took the run over";
                        return false;
                    }
                    run.renewedAt = now;
                }
            }
        }
        return true;
    }

    /**
     * Practices a plan keeps from the digest index's refresh: a few thousand are tens of megabytes of heap, so at most
     * 3,000 and one per 64 KB of heap (about 1,900 in the service's smallest heap, 128 MB, which also holds the dedup and read
     * API indexes).
     */
    private static final int HELD = (int) Math.max(500, Math.min(3000, Runtime.getRuntime().maxMemory() / (64 * 1024)));

    private DigestRun plan(DigestDef d, boolean force) {
        // what the refresh reads is what a new edition lists after a first ingest: of each practice the edition's list
        // needs a brief only (not the practice: thousands of them after a large ingest)
        Map<String, Updates.Listed> briefs = new HashMap<>();
        // with members, also the filterable view their filters are evaluated on, and the practices themselves up to
        // HELD: with varied filters nearly every practice is listed in some message (and held for the run then), so
        // tasks would only read them all again. A digest to fixed addresses alone needs neither.
        Map<String, PracticeIndex.Entry> views = new HashMap<>();
        // the practices the messages list in full, as read now
        Map<String, Practice> read = new HashMap<>();
        boolean members = subscriptions.anyActive(d.audience().frequencies());
        index.refresh(Digests::view, p -> {
            briefs.put(p.id(), Updates.Listed.of(p));
            if (members) {
                views.put(p.id(), PracticeIndex.entry(p));
                if (read.size() < HELD) {
                    read.put(p.id(), p);
                }
            }
        });
        Instant now = clock.instant();
        Optional<Editions.Edition> open = editions.open(d.id());
        Editions.Edition edition;
        EditionNotes.Note note = null;
        if (open.isPresent()) {
            if (!force && !due(d, now)) {
                return DigestRun.nothing(d, "not-due");
            }
            edition = open.get();
            note = notes.ofEdition(edition.id()).orElse(null);
        } else {
            if (!force && !due(d, now)) {
                return DigestRun.nothing(d, "not-due");
            }
            long from = editions.state(d.id()).upTo();
            long head = index.head();
            List<DigestIndex.Item> news = head > from ? index.changedIn(from, head) : List.of();
            // the facilitator's note goes out on schedule even when no practice is new: it is news of its own
            if (news.isEmpty() && notes.draft(d.id()).isEmpty()) {
                editions.ran(d.id(), "nothing-new", false, policy.backoffBase(), policy.backoffMax());
                return DigestRun.nothing(d, "nothing-new");
            }
            String day = LocalDate.ofInstant(now, d.timeZone()).toString();
            edition = editions.create(d.id(), d.title(), from, Math.max(from, head), day, news.size(), d.audience().addresses());
            note = notes.ofEdition(edition.id()).orElse(null);
            List<String> unread = news.stream().map(DigestIndex.Item::practiceId).filter(i -> !briefs.containsKey(i)).toList();
            // a chunk at a time, so that only a chunk's practices are held at once
            for (int c = 0; c < unread.size(); c += 500) {
                store.byIds(unread.subList(c, Math.min(unread.size(), c + 500))).forEach(p -> briefs.put(p.id(), Updates.Listed.of(p)));
            }
            List<DigestIndex.Item> live = news.stream().filter(i -> briefs.containsKey(i.practiceId())).toList();
            List<String> listedIds = live.stream().limit(renderer.maxListed()).map(DigestIndex.Item::practiceId).filter(i -> !read.containsKey(i)).toList();
            store.byIds(listedIds).forEach(p -> read.put(p.id(), p));
            List<Updates.Listed> entries = new ArrayList<>(live.size());
            List<DigestRenderer.Item> items = new ArrayList<>(live.size());
            for (DigestIndex.Item i : live) {
                boolean updated = i.createdSeq() <= from;
                entries.add(briefs.get(i.practiceId()).updated(updated));
                // past the listed ones a practice is only counted (the renderer does not look at it)
                items.add(new DigestRenderer.Item(read.get(i.practiceId()), updated));
            }
            briefs.clear();
            updates.publish(edition, renderer.html(new DigestRenderer.Letter(d, "en", edition.date(), items, null, null).withNote(note)), entries,
                    note);
        }
        DigestRun run = tasks(d, edition, read, views, open.isPresent(), note != null && !note.isEmpty());
        run.note = note;
        return run;
    }

    /**
     * Who is owed this edition and what each gets; {@code read}: practices just read from the store, as they are now.
     * Only the practices some message lists in full are held; the members' filters are evaluated over the edition
     * read a chunk at a time, so a run over thousands of practices holds their filterable views, not the practices.
     */
    private DigestRun tasks(DigestDef d, Editions.Edition edition, Map<String, Practice> read, Map<String, PracticeIndex.Entry> views,
            boolean resumed, boolean noted) {
        List<Subscriptions.Member> members = subscriptions.owed(d.id(), d.audience().frequencies(), edition.upTo(), noted ? edition.id() : null);
        List<String> fixed = editions.pendingAddresses(edition.id());
        long low = edition.fromSeq();
        for (Subscriptions.Member m : members) {
            low = Math.min(low, m.watermark());
        }
        List<DigestIndex.Item> live = members.isEmpty() && fixed.isEmpty() ? List.of() : index.changedIn(low, edition.upTo());
        java.util.BitSet alive = new java.util.BitSet(live.size());
        alive.set(0, live.size());
        PracticeIndex.Entry[] entries = new PracticeIndex.Entry[live.size()];
        if (!members.isEmpty()) {
            // the filterable view only for members' filters: the audience's fixed addresses take everything
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; i < live.size(); i++) {
                at.put(live.get(i).practiceId(), i);
            }
            List<String> ids = live.stream().map(DigestIndex.Item::practiceId).toList();
            alive.clear();
            for (int c = 0; c < ids.size(); c += 500) {
                List<String> chunk = ids.subList(c, Math.min(ids.size(), c + 500));
                List<Practice> ps = new ArrayList<>(chunk.size());
                List<String> unread = new ArrayList<>();
                for (String id : chunk) {
                    PracticeIndex.Entry seen = views.remove(id);
                    if (seen != null) {
                        int i = at.get(id);
                        entries[i] = seen;
                        alive.set(i);
                    } else if (read.containsKey(id)) {
                        ps.add(read.get(id));
                    } else {
                        unread.add(id);
                    }
                }
                ps.addAll(store.byIds(unread));
                for (Practice p : ps) {
                    int i = at.get(p.id());
                    entries[i] = PracticeIndex.entry(p);
                    alive.set(i);
                }
            }
        }
        // each distinct filter set is evaluated once, by the read API's bitsets over the run's practices: a member's
        // practices are then the set positions that became news after its watermark
        for (int i = 0; i < entries.length; i++) {
            if (entries[i] == null) {
                // withdrawn since the edition was made: matches no filter, and alive leaves it out anyway
                entries[i] = new PracticeIndex.Entry(live.get(i).practiceId(), Instant.EPOCH, Instant.EPOCH, Set.of(), Set.of(), Set.of(), Set.of(),
                        Set.of(), Set.of(), Set.of(), "");
            }
        }
        PracticeIndex.Snapshot snapshot = members.isEmpty() ? null : PracticeIndex.snapshot(edition.upTo(), java.util.Arrays.asList(entries));
        Map<String, java.util.BitSet> filters = new HashMap<>();
        Practice[] practices = new Practice[live.size()];
        while (true) {
            List<Send> tasks = new ArrayList<>();
            List<String> empty = new ArrayList<>();
            for (String a : fixed) {
                Send s = select(a, null, "en", live, edition.fromSeq(), alive);
                // with the facilitator's note, everyone owed the edition gets it, whether or not a practice matched
                if (s.items().length == 0 && !noted) {
                    empty.add(a);
                } else {
                    tasks.add(s);
                }
            }
            List<String> nothing = new ArrayList<>();
            for (Subscriptions.Member m : members) {
                java.util.BitSet f = (java.util.BitSet) filters.computeIfAbsent(m.filters(), q -> PracticeQuery.parse(q).select(snapshot)).clone();
                f.and(alive);
                Send s = select(m.email(), m.id(), m.language(), live, m.watermark(), f);
                if (s.items().length == 0 && !noted) {
                    nothing.add(m.id());
                } else {
                    tasks.add(s);
                }
            }
            // the practices the messages list in full, read now; one withdrawn in the meantime is left out, and the
            // selection made again without it
            java.util.TreeSet<Integer> listed = new java.util.TreeSet<>();
            for (Send s : tasks) {
                for (int k = 0; k < Math.min(renderer.maxListed(), s.items().length); k++) {
                    if (practices[s.items()[k]] == null) {
                        listed.add(s.items()[k]);
                    }
                }
            }
            List<String> unread = new ArrayList<>();
            for (int i : listed) {
                Practice p = read.get(live.get(i).practiceId());
                if (p != null) {
                    practices[i] = p;
                } else {
                    unread.add(live.get(i).practiceId());
                }
            }
            Map<String, Practice> got = new HashMap<>();
            store.byIds(unread).forEach(p -> got.put(p.id(), p));
            boolean gone = false;
            for (int i : listed) {
                if (practices[i] == null) {
                    practices[i] = got.get(live.get(i).practiceId());
                    if (practices[i] == null) {
                        alive.clear(i);
                        gone = true;
                    }
                }
            }
            if (gone) {
                continue;
            }
            for (String a : empty) {
                // what the edition held changed again since (it is news for the next one): no empty message
                editions.delivered(edition.id(), a, "empty", null, 0);
            }
            subscriptions.skipped(d.id(), nothing, edition.upTo());
            DigestRun run = new DigestRun(d, "due", edition, practices, tasks, nothing.size());
            // a resumed edition may hold delivery rows of earlier attempts; a new one holds none for members yet
            members.forEach(m -> run.known.put(m.id(), new Subscriptions.Known(resumed, m.marked(), m.bounced())));
            return run;
        }
    }

    private static Send select(String email, String subscriptionId, String language, List<DigestIndex.Item> live, long after, java.util.BitSet match) {
        int[] pick = new int[match.cardinality()];
        boolean[] updated = new boolean[pick.length];
        int n = 0;
        for (int i = match.nextSetBit(0); i >= 0; i = match.nextSetBit(i + 1)) {
            DigestIndex.Item it = live.get(i);
            if (it.changedSeq() > after) {
                updated[n] = it.createdSeq() <= after;
                pick[n++] = i;
            }
        }
        return new Send(subscriptionId, email, language, java.util.Arrays.copyOf(pick, n), java.util.Arrays.copyOf(updated, n));
    }

    private String link(String path, Tokens.Purpose purpose, String subscriptionId) {
        return links.publicUrl() + path + "?token=" + tokens.issue(purpose, subscriptionId, links.manageTtl());
    }

    /** The letter a reader gets from this run. */
    DigestRenderer.Letter letter(DigestRun run, Send s) {
        List<DigestRenderer.Item> items = new ArrayList<>(s.items().length);
        for (int i = 0; i < s.items().length; i++) {
            items.add(new DigestRenderer.Item(run.practices()[s.items()[i]], s.updated()[i]));
        }
        String manage = s.member() ? link("/api/subscriptions/manage", Tokens.Purpose.MANAGE, s.subscriptionId()) : null;
        String unsubscribe = s.member() ? link("/api/subscriptions/unsubscribe", Tokens.Purpose.UNSUBSCRIBE, s.subscriptionId()) : null;
        return new DigestRenderer.Letter(run.digest(), s.language(), run.edition().date(), items, manage, unsubscribe, run.fragments, run.note);
    }

    /** The Date header's value, formatted once a second (the run's messages share it). */
    private record Stamp(long second, String text) {}

    private volatile Stamp lastDate = new Stamp(Long.MIN_VALUE, "");

    private String date() {
        Instant now = clock.instant();
        Stamp last = lastDate;
        if (last.second() == now.getEpochSecond()) {
            return last.text();
        }
        Stamp next = new Stamp(now.getEpochSecond(), DATE.format(now));
        lastDate = next;
        return next.text();
    }

    /** RFC 5322 date-time, in UTC. */
    private static final java.time.format.DateTimeFormatter DATE = java.time.format.DateTimeFormatter
            .ofPattern("EEE, d MMM yyyy HH:mm:ss Z", java.util.Locale.ENGLISH).withZone(java.time.ZoneOffset.UTC);

    /**
     * The MIME message for one reader: multipart/alternative, plain text first, with the list headers of RFC 2369, 2919
     * and 8058. Its bytes are written here in one pass ({@link MailBytes}: header lines, bodies as quoted-printable) and
     * handed to jakarta.mail as a parsed message, which it sends as they are: building it part by part through
     * jakarta.mail's body parts and encoder streams cost most of a run's CPU time.
     */
    public MimeMessage message(DigestRun run, Send s) {
        DigestRenderer.Letter l = letter(run, s);
        try {
            DigestDef d = run.digest();
            MailBytes b = new MailBytes(run.messageBytes);
            b.header("Date", date());
            b.header("From", fromHeader);
            b.header("Reply-To", replyToHeader);
            // validated again (strict): an address is one token with no line break, or this throws
            InternetAddress to = new InternetAddress(s.email(), true);
            b.header("To", InternetAddress.toString(new InternetAddress[] {to}, 4));
            // the run's random part and a count: unique as a random UUID each is, without SecureRandom per message
            String messageId = "<" + d.id() + "." + run.edition().id() + "." + run.nonce + "." + run.messages.incrementAndGet()
                    + "@" + mailDomain + ">";
            b.header("Message-ID", messageId);
            // encoded words (RFC 2047) for anything outside ASCII, folded as jakarta.mail's setSubject does
            b.header("Subject", MimeUtility.fold(9, MimeUtility.encodeText(renderer.subject(l), "UTF-8", null)));
            b.header("MIME-Version", "1.0");
            // multipart/alternative: the last part is the preferred one, so plain text comes first
            b.header("Content-Type", "multipart/alternative; boundary=\"" + run.boundary + "\"");
            String listId = run.listId;
            if (listId == null) {
                listId = MimeUtility.encodeWord(Text.oneLine(d.title()).replaceAll("[<>\"\\\\]", ""), "UTF-8", "Q")
                        + " <" + d.id() + ".practice-hub>"; // unchanged from the first digests: members filter on it
                run.listId = listId;
            }
            b.header("List-Id", listId);
            String unsubscribe = l.unsubscribeUrl();
            String token = unsubscribe == null ? null : unsubscribe.substring(unsubscribe.indexOf("?token=") + 7);
            String mailto = "<mailto:" + links.unsubscribeMailto() + "?subject=" + (token == null ? "unsubscribe" : "unsubscribe%20" + token) + ">";
            if (unsubscribe != null) {
                b.header("List-Unsubscribe", oneLine("<" + unsubscribe + ">, " + mailto));
                b.header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            } else {
                b.header("List-Unsubscribe", oneLine(mailto));
            }
            // the language the body is written in: one of the hub's three fixed tags, whatever the store holds
            b.header("Content-Language", DigestRenderer.lang(l));
            b.header("Auto-Submitted", "auto-generated");
            b.crlf();
            // quoted-printable keeps lines short and UTF-8 safe for any server; the boundary holds "=_", which
            // quoted-printable text never does
            b.ascii("--").ascii(run.boundary).crlf();
            b.header("Content-Type", "text/plain; charset=UTF-8");
            b.header("Content-Transfer-Encoding", "quoted-printable").crlf();
            renderer.text(l, new QpOut(b, run.blocks));
            b.qpEnd().crlf();
            b.ascii("--").ascii(run.boundary).crlf();
            b.header("Content-Type", "text/html; charset=UTF-8");
            b.header("Content-Transfer-Encoding", "quoted-printable").crlf();
            renderer.html(l, new QpOut(b, run.blocks));
            b.qpEnd().crlf();
            b.ascii("--").ascii(run.boundary).ascii("--").crlf();
            if (b.length() > run.messageBytes) {
                run.messageBytes = b.length();
            }
            return new PrebuiltMessage(session, b.array(), b.length(), from, to, messageId);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalStateException("cannot build the digest message: " + e.getMessage(), e);
        }
    }

    /**
     * A body written as quoted-printable; a practice's block is encoded once per run for each column it can start at
     * (after "1. ", "10. " ... in the text, at a line's start in the HTML) and then copied into each message.
     */
    private static final class QpOut implements DigestRenderer.Out {
        private final MailBytes b;
        private final Map<String, java.util.concurrent.atomic.AtomicReferenceArray<byte[]>> blocks;

        QpOut(MailBytes b, Map<String, java.util.concurrent.atomic.AtomicReferenceArray<byte[]>> blocks) {
            this.b = b;
            this.blocks = blocks;
        }

        @Override
        public void append(String s) {
            b.qp(s);
        }

        @Override
        public void block(DigestRenderer.Item it, char kind, String lang, java.util.function.Supplier<String> render) {
            int col = b.blockColumn();
            int slot = slot(kind, it.updated(), col);
            if (slot < 0) {
                // a column no block has started at yet (a list of 10 million): encoded for this message only
                b.raw(MailBytes.block(render.get(), col));
                return;
            }
            // a block is kept per language too: its labels, country names and dates are the letter's language
            var slots = blocks.computeIfAbsent(it.practice().id() + '/' + lang, k -> new java.util.concurrent.atomic.AtomicReferenceArray<>(SLOTS));
            byte[] bytes = slots.get(slot);
            if (bytes == null) {
                // two threads may encode the same block at once: the same bytes, either one is kept
                bytes = MailBytes.block(render.get(), col);
                slots.set(slot, bytes);
            }
            b.raw(bytes);
        }
    }

    /** Starting columns kept per block: the text's "1. " to "999999. " (3 to 8), the HTML's 0. */
    private static final int COLUMNS = 9;
    private static final int SLOTS = 4 * COLUMNS;

    /** Where a practice's encoded block is kept: by kind ('t' or 'h'), state (new or updated) and column; -1 beyond. */
    static int slot(char kind, boolean updated, int col) {
        if (col < 0 || col >= COLUMNS) {
            return -1;
        }
        return ((kind == 'h' ? 2 : 0) + (updated ? 1 : 0)) * COLUMNS + col;
    }

    /** Values from configuration on one line, stripped of line breaks once more when written. */
    private static String oneLine(String v) {
        return Text.oneLine(v);
    }

    /** The run's messages in batches, for the sending threads: one call per batch rather than a Camel exchange per message. */
    public List<List<Send>> batches(DigestRun run) {
        List<Send> tasks = run.tasks();
        int n = Math.max(1, sending.batch());
        List<List<Send>> out = new ArrayList<>((tasks.size() + n - 1) / n);
        for (int i = 0; i < tasks.size(); i += n) {
            out.add(tasks.subList(i, Math.min(tasks.size(), i + n)));
        }
        return out;
    }

    /**
     * Sends a batch of the run's messages, one after the other on this thread's kept SMTP connection (or to the
     * outbox). Each message is committed (log entry and watermark, one transaction) as soon as the server accepted it,
     * before the next is sent. A message the server does not take is tried {@code retries} more times, waiting and
     * doubling; then it is recorded: a 5xx counts against that reader, anything else is an outage that stops the run.
     */
    public void send(DigestRun run, List<Send> batch) {
        for (Send s : batch) {
            if (!goOn(run)) {
                return;
            }
            sendOne(run, s);
        }
    }

    private void sendOne(DigestRun run, Send s) {
        Sending how = sending;
        MimeMessage m = null;
        Exception last = null;
        long delay = how.retryDelay().toMillis();
        boolean accepted = false;
        for (int attempt = 0; attempt <= how.retries(); attempt++) {
            if (attempt > 0 && !pause(delay << (attempt - 1))) {
                break;
            }
            try {
                if (!accepted) {
                    if (m == null) {
                        m = message(run, s);
                    }
                    if (viaSmtp) {
                        sender.send(m);
                    } else {
                        writeToOutbox(run, s, m);
                    }
                    accepted = true;
                }
                // a failing commit is tried again on its own: the server has the message, sending it again would duplicate it
                delivered(run, s, m, viaSmtp ? "sent" : "written");
                return;
            } catch (Exception e) {
                last = e;
            }
        }
        if (last == null) {
            last = new IllegalStateException("interrupted before the message was sent");
        }
        failed(run, s, last);
        LOG.warn("digest {} to {} not delivered: {}", run.digest().id(), s.email(), last.getMessage());
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The outbox file of one edition's message to one recipient: named from a hash of both, never from the address,
     * which may be longer than a file name can be (up to 254 characters) and whose characters no file name could keep
     * apart ({@code c+d@} and {@code c_d@}).
     */
    static String outboxName(String digestId, long edition, String date, String recipient) {
        byte[] h;
        try {
            h = java.security.MessageDigest.getInstance("SHA-256").digest((edition + "\n" + recipient).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return digestId + "-" + date + "-" + java.util.HexFormat.of().formatHex(h, 0, 12) + ".eml";
    }

    /** Without an SMTP host the message goes to the outbox folder as an .eml file, for a look before anything is sent. */
    public String writeToOutbox(DigestRun run, Send s, MimeMessage m) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            m.writeTo(bytes);
            String name = outboxName(run.digest().id(), run.edition().id(), run.edition().date(), s.email());
            AtomicFiles.write(outbox.resolve(name), bytes.toByteArray());
            return name;
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("cannot write to the outbox " + outbox + ": " + e.getMessage(), e);
        }
    }

    /** The server (or the outbox) took the message: the log entry and the watermark commit together. */
    public void delivered(DigestRun run, Send s, MimeMessage m, String how) {
        String id;
        try {
            id = m.getMessageID();
        } catch (MessagingException e) {
            id = null;
        }
        SentJournal j = journal;
        if (j != null) {
            // before the commit, which H2 may not have written out when the process dies
            j.sent(new SentJournal.Entry(run.edition().id(), run.digest().id(), s.member() ? s.subscriptionId() : null, s.email(),
                    run.edition().upTo(), how, id, s.items().length));
        }
        if (s.member()) {
            Subscriptions.Known known = run.attempted.contains(s.subscriptionId()) ? Subscriptions.Known.UNSURE
                    : run.known.getOrDefault(s.subscriptionId(), Subscriptions.Known.UNSURE);
            subscriptions.delivered(run.edition().id(), run.digest().id(), s.subscriptionId(), s.email(), run.edition().upTo(), how, id,
                    s.items().length, known);
        } else {
            editions.delivered(run.edition().id(), s.email(), how, id, s.items().length);
        }
        run.delivered.incrementAndGet();
    }

    /** A 5xx reply from the server: this reader's address is refused, the others go on. Anything else means the server is away. */
    static boolean permanent(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            int code = t instanceof SMTPAddressFailedException a ? a.getReturnCode()
                    : t instanceof SMTPSendFailedException f ? f.getReturnCode()
                    : t instanceof SMTPSenderFailedException s ? s.getReturnCode() : 0;
            if (code >= 500 && code < 600) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    public void failed(DigestRun run, Send s, Exception e) {
        boolean permanent = permanent(e);
        String error = Text.shorten(Text.oneLine(e.getMessage() == null ? e.toString() : e.getMessage()), 500);
        if (s.member()) {
            run.attempted.add(s.subscriptionId());
            subscriptions.failed(run.edition().id(), s.subscriptionId(), s.email(), error, permanent, policy.maxBounces());
        } else {
            editions.failed(run.edition().id(), s.email(), error, permanent);
        }
        if (permanent) {
            run.refused.incrementAndGet();
        } else {
            run.failed.incrementAndGet();
            run.outage = true;
        }
        run.lastError = error;
    }

    /** The end of a run: the edition closes when nobody is owed it any more; after an outage the retry is scheduled. */
    public DigestResult finish(DigestRun run) {
        try {
            DigestDef d = run.digest();
            if (run.edition() == null) {
                return new DigestResult(d.id(), run.status(), 0, 0, null,
                        run.runningOn() == null ? null : "running on instance " + run.runningOn());
            }
            Editions.Edition e = run.edition();
            boolean noted = run.note != null && !run.note.isEmpty();
            boolean done = editions.pendingAddresses(e.id()).isEmpty()
                    && subscriptions.owed(d.id(), d.audience().frequencies(), e.upTo(), noted ? e.id() : null).isEmpty();
            if (done) {
                editions.complete(e.id());
            }
            int owed = run.tasks().size() - run.delivered.get();
            String status = run.outage || run.lost ? "failed" : viaSmtp ? "sent" : "written";
            if (!run.lost) {
                // a run that lost its claim leaves the digest's state to the run that took it over
                editions.ran(d.id(), status, run.outage, policy.backoffBase(), policy.backoffMax());
            }
            String error = owed == 0 ? null : owed + " of " + run.tasks().size() + " messages not delivered"
                    + (run.refused.get() > 0 ? " (" + run.refused.get() + " refused by the server)" : "")
                    + (run.outage ? "; retried with backoff" : "") + (run.lastError == null ? "" : ": " + run.lastError);
            return new DigestResult(d.id(), status, e.practices(), run.delivered.get(), error);
        } finally {
            release(run);
        }
    }

    private void release(DigestRun run) {
        if (run.token != null) {
            editions.release(run.digest().id(), run.token);
            SentJournal j = journal;
            if (j != null) {
                j.runEnded();
            }
            // released once: finish() after a start() that released an empty run already
            run.token = null;
        }
    }

    /** What a member would get from the digest now, without sending or moving anything: for the facilitator's preview. */
    public Map<String, Object> preview(String id, String email) {
        DigestDef d = digests.get(id);
        if (d == null) {
            throw new IllegalArgumentException("no digest " + id);
        }
        index.refresh(Digests::view);
        Subscriptions.Subscription s = subscriptions.byEmail(email).orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("digest", id);
        out.put("email", email);
        if (s == null) {
            out.put("subscribed", false);
            return out;
        }
        long head = index.head();
        long mark = subscriptions.watermark(s.id(), id).orElse(s.startSeq());
        List<DigestIndex.Item> items = index.changedIn(mark, head);
        List<Practice> ps = store.byIds(items.stream().map(DigestIndex.Item::practiceId).toList());
        Predicate<PracticeIndex.Entry> f = PracticeQuery.parse(s.filters()).filter();
        Map<String, Long> created = new HashMap<>();
        items.forEach(i -> created.put(i.practiceId(), i.createdSeq()));
        List<DigestRenderer.Item> picked = ps.stream().filter(p -> f.test(PracticeIndex.entry(p)))
                .map(p -> new DigestRenderer.Item(p, created.get(p.id()) <= mark)).toList();
        // the note the member's next message carries: the open edition's, else the one waiting for the next edition
        EditionNotes.Note note = editions.open(id).flatMap(e -> notes.ofEdition(e.id())).or(() -> notes.draft(id)).orElse(null);
        boolean noted = note != null && !note.isEmpty();
        DigestRenderer.Letter l = new DigestRenderer.Letter(d, s.language(), LocalDate.ofInstant(clock.instant(), d.timeZone()).toString(), picked,
                links.publicUrl() + "/api/subscriptions/manage?token=...", links.publicUrl() + "/api/subscriptions/unsubscribe?token=...").withNote(note);
        out.put("subscribed", true);
        out.put("status", s.status());
        out.put("frequency", s.frequency());
        out.put("inAudience", s.status().equals("active") && d.audience().frequencies().contains(s.frequency()));
        out.put("count", picked.size());
        out.put("practices", picked.stream().map(i -> i.practice().id()).toList());
        out.put("subject", renderer.subject(l));
        out.put("noted", noted);
        out.put("text", picked.isEmpty() && !noted ? null : renderer.text(l));
        out.put("html", picked.isEmpty() && !noted ? null : renderer.html(l));
        return out;
    }

    /** The admin view of every digest: definition, next fire time, last run, open edition. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DigestDef d : digests.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("title", d.title());
            m.put("network", d.network());
            m.put("cron", d.cron());
            m.put("timeZone", d.timeZone().getId());
            m.put("audience", Map.of("frequencies", d.audience().frequencies(), "addresses", d.audience().addresses().size()));
            m.put("grouping", d.grouping().name().toLowerCase(java.util.Locale.ROOT));
            m.put("nextFire", String.valueOf(nextFire(d)));
            Editions.State s = editions.state(d.id());
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("at", s.lastRunAt() == null ? null : s.lastRunAt().toString());
            last.put("status", s.lastStatus());
            last.put("failures", s.failures());
            last.put("retryAt", s.retryAt() == null ? null : s.retryAt().toString());
            m.put("lastRun", last);
            editions.open(d.id()).ifPresent(e -> m.put("openEdition", e.date()));
            editions.holder(d.id()).ifPresent(h -> m.put("running", Map.of("instance", String.valueOf(h.instance()), "until", h.until().toString())));
            out.add(m);
        }
        return out;
    }

    public List<Map<String, Object>> deliveries(String id, int limit) {
        if (!digests.containsKey(id)) {
            throw new IllegalArgumentException("no digest " + id);
        }
        return editions.deliveries(id, limit);
    }
}
