package org.practicehub.web;

import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.practicehub.matching.RecordKey;
import org.practicehub.publish.digest.Digests;
import org.practicehub.publish.partner.Pusher;
import org.practicehub.run.DigestResult;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.PushOutbox;
import org.practicehub.store.Split;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

import static org.practicehub.web.ConsoleText.enc;
import static org.practicehub.web.ConsoleText.first;
import static org.practicehub.web.ConsoleText.safe;

/**
 * The facilitator console (routes/console.camel.yaml, docs/console.md): server-rendered pages behind a login that
 * exchanges the admin token for a session cookie, every form with the session's CSRF token. What each page shows comes
 * from the same beans and store calls as the admin API; the actions that run routes (poll, send, replay) are done by the
 * routes, this bean only checks the request before and builds the answer after.
 */
public class Console {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Console.class);
    static final String HTML = "text/html; charset=UTF-8";

    /** An answer of the console: a page, or a redirect, maybe setting the session cookie. The route copies it onto the exchange. */
    public record Reply(int status, String body, String location, String cookie, Long retryAfter, String type, String disposition) {

        Reply(int status, String body, String location, String cookie, Long retryAfter) {
            this(status, body, location, cookie, retryAfter, HTML, null);
        }

        static Reply page(int status, String body) {
            return new Reply(status, body, null, null, null);
        }

        static Reply seeOther(String location) {
            return new Reply(303, "", location, null, null);
        }
    }

    /** A GET without a live session: answered with the login page's address. */
    static final class LoginNeeded extends RuntimeException {
        LoginNeeded() {
            super("no console session", null, false, false);
        }
    }

    /** A POST refused before anything happened: no live session, or not this session's CSRF token. */
    static final class Refused extends RuntimeException {
        final String heading;

        Refused(String heading, String detail) {
            super(detail, null, false, false);
            this.heading = heading;
        }
    }

    public record Dependencies(Api api, PracticeStore store, Digests digests, Pusher pusher, PushOutbox outbox,
            java.util.function.Supplier<Charts.Stats> charts, org.practicehub.run.Jobs jobs, org.practicehub.store.Subscriptions subscriptions,
            org.practicehub.store.EditionNotes notes) {}

    private final ConsoleSessions sessions;
    private final byte[] tokenHash;
    private final RateLimit logins;
    private final Dependencies deps;
    private final String hubTitle;
    private final boolean secure;
    private final TemplateEngine engine;
    private final String css;
    private final SourceViews sourceViews;
    private final ReviewViews reviewViews;
    private final DigestViews digestViews;
    private final PartnerViews partnerViews;
    private final MergeViews mergeViews;
    private final MemberViews memberViews;

    /**
     * @param secure whether the cookie is marked Secure: the hub's public URL is https (behind TLS the browser sends it
     *               only over TLS; on plain http a Secure cookie would never come back)
     */
    public Console(ConsoleSessions sessions, String adminToken, RateLimit logins, Dependencies deps, String hubTitle, boolean secure) {
        this.sessions = sessions;
        this.tokenHash = ConsoleSessions.sha256(adminToken);
        this.logins = logins;
        this.deps = deps;
        this.hubTitle = hubTitle;
        this.secure = secure;
        this.engine = Templates.engine();
        this.css = Templates.resource("/static/console.css");
        this.sourceViews = new SourceViews(deps);
        this.reviewViews = new ReviewViews(deps);
        this.digestViews = new DigestViews(deps);
        this.partnerViews = new PartnerViews(deps);
        this.mergeViews = new MergeViews(deps);
        this.memberViews = new MemberViews(deps);
    }

    /** The console's own stylesheet, on top of the member pages' hub.css. */
    public String css() {
        return css;
    }

    // ---- login, logout, and the checks every request goes through ----

    /** GET /console/login: the form; with a live session already, straight to the dashboard. */
    public Reply loginPage(String cookie) {
        if (session(cookie).isPresent()) {
            return Reply.seeOther("/console");
        }
        return loginForm(200, null);
    }

    /**
     * POST /console/login: the admin token for a session cookie. Every attempt takes a token from the client's bucket
     * (hub.console.login-attempts per hub.console.login-window), so guessing is slow whatever the answers say.
     */
    public Reply login(Object body, Object remoteAddress) {
        try {
            logins.check(remoteAddress);
        } catch (HttpProblem p) {
            Reply r = render(429, "console-login", "Too many attempts", Map.of("error",
                    "Too many login attempts from this address. Wait a little and try again."), null, null);
            return new Reply(r.status(), r.body(), null, null, p.getRetryAfter());
        }
        String given = first(SubscriptionsApi.form(body), "token");
        if (given == null || !MessageDigest.isEqual(ConsoleSessions.sha256(given.trim()), tokenHash)) {
            return loginForm(403, "That is not the admin token.");
        }
        ConsoleSessions.Session s = sessions.open(RateLimit.host(remoteAddress));
        return new Reply(303, "", "/console", cookie(s.id(), sessions.ttl().toSeconds()), null);
    }

    /** POST /console/logout (with the CSRF token): the session ends on every instance and the cookie is cleared. */
    public Reply logout(String cookie, Object body) {
        ConsoleSessions.Session s = guard(cookie, body);
        sessions.close(s.id());
        return new Reply(303, "", "/console/login?out", cookie("", 0), null);
    }

    /**
     * Every POST but the login: a live session and its CSRF token, or {@link Refused} (the route answers 403 and runs
     * nothing). Answers the form's values.
     */
    public Map<String, List<String>> check(String cookie, Object body) {
        guard(cookie, body);
        return SubscriptionsApi.form(body);
    }

    private ConsoleSessions.Session guard(String cookie, Object body) {
        ConsoleSessions.Session s = session(cookie).orElseThrow(() -> new Refused("Your console session has ended",
                "Nothing was changed. Log in again, then repeat what you were doing."));
        String token = first(SubscriptionsApi.form(body), "csrf");
        if (!ConsoleSessions.csrfMatches(s.id(), token)) {
            throw new Refused("This form cannot be accepted",
                    "Its security token is missing or does not belong to your session, so nothing was changed. Reload the page and try again.");
        }
        return s;
    }

    private Optional<ConsoleSessions.Session> session(String cookieHeader) {
        return sessions.find(ConsoleSessions.fromCookieHeader(cookieHeader));
    }

    private ConsoleSessions.Session required(String cookie) {
        return session(cookie).orElseThrow(LoginNeeded::new);
    }

    private String cookie(String value, long maxAge) {
        return ConsoleSessions.COOKIE + "=" + value + "; Path=/console; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    private Reply loginForm(int status, String error) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("error", error);
        return render(status, "console-login", "Facilitator login", vars, null, null);
    }

    /** Any failure, as a page: a GET without a session goes to the login page, a refused POST says nothing changed. */
    public Reply failure(Throwable t) {
        if (t instanceof LoginNeeded) {
            return Reply.seeOther("/console/login");
        }
        if (t instanceof Refused r) {
            return message(403, r.heading, r.getMessage(), true);
        }
        if (t instanceof HttpProblem p) {
            return message(p.getStatus(), p.getStatus() == 404 ? "Not found" : "That cannot be done", p.getMessage(), false);
        }
        LOG.error("console page failed", t);
        return message(500, "Something went wrong", "The hub could not answer this request; the cause is in its log.", false);
    }

    private Reply message(int status, String heading, String text, boolean login) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("text", text);
        vars.put("login", login);
        vars.put("status", status);
        return render(status, "console-message", heading, vars, null, null);
    }

    // ---- the pages ----

    public record Count(String label, long value, String href, boolean alarm) {}

    /** GET /console: where everything is, and what needs attention. */
    public Reply dashboard(String cookie) {
        ConsoleSessions.Session s = required(cookie);
        List<SourceViews.SourceRow> sources = sourceViews.rows();
        long failing = sources.stream().filter(SourceViews.SourceRow::failing).count();
        long review = deps.store().dedup().pairs("review").size();
        long dead = deps.pusher().statuses().stream().mapToLong(m -> ((Number) m.getOrDefault("dead", 0)).longValue()).sum();
        long waiting = deps.subscriptions().count("", "waiting");
        List<Count> counts = List.of(
                new Count("Sources failing", failing, "/console/sources", failing > 0),
                new Count("Duplicate pairs waiting for review", review, "/console/review", review > 0),
                new Count("Partner dead letters", dead, "/console/partners", dead > 0),
                new Count("Members waiting for your approval", waiting, "/console/members#approval", waiting > 0));
        // the network-over-time chart: a source that stopped bringing anything shows as a flat line
        Charts.Chart growth = deps.charts().get().charts().get(0);
        return render(200, "console-dashboard", "Console", Map.of("counts", counts, "sourceCount", sources.size(),
                "digestCount", deps.digests().definitions().size(), "partnerCount", deps.pusher().partners().size(), "growth", growth,
                "merges", mergeViews.recent()), s, "dashboard");
    }

    /** GET /console/practices?id=: the dashboard's "open a practice" form, to that practice's page. */
    public Reply practiceLookup(String cookie, String query) {
        required(cookie);
        String id = first(PageViews.params(query), "id");
        return id == null || id.isBlank() ? Reply.seeOther("/console") : Reply.seeOther("/console/practices/" + enc(id.trim()));
    }

    /**
     * GET /console/practices/{id}: the practice's records, each with "separate this record" when there are two or more, and
     * the merged pairs that hold them together; a merged id goes to the practice it lives in now. After a separation
     * ({@code ?separated=record&to=practice}) it says where the record went, when that practice holds it.
     */
    public Reply practice(String cookie, String id, String query) {
        ConsoleSessions.Session s = required(cookie);
        Optional<String> moved = deps.store().dedup().redirectOf(id);
        if (moved.isPresent()) {
            return Reply.seeOther("/console/practices/" + enc(moved.get()));
        }
        MergeViews.PracticeView practice = mergeViews.practice(id).orElseThrow(() -> HttpProblem.notFound("practice " + safe(id)));
        Map<String, List<String>> q = PageViews.params(query);
        String separated = first(q, "separated");
        String to = first(q, "to");
        // shown only as the store has it: a record the named practice holds now
        boolean known = separated != null && to != null && !to.equals(practice.id()) && mergeViews.practice(to)
                .filter(p -> p.records().stream().anyMatch(r -> r.key().equals(separated))).isPresent();
        Map<String, Object> vars = new HashMap<>();
        vars.put("practice", practice);
        vars.put("separated", known ? separated : null);
        vars.put("separatedTo", known ? to : null);
        return render(200, "console-practice", practice.title().isBlank() ? "Practice " + practice.id() : practice.title(), vars, s, null);
    }

    /**
     * POST /console/practices/{id}/separate (form field {@code record}: "sourceId/recordId"): the record leaves the practice
     * and stays apart from the records that remain, as POST /api/practices/{id}/split with that one record; the route
     * publishes after it. Back to the practice the other records are in, saying where the record went.
     */
    public Reply separate(String practiceId, Map<String, List<String>> form) {
        String record = first(form, "record");
        RecordKey leaving;
        try {
            leaving = RecordKey.parse(record == null ? "" : record.trim());
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(400, "Bad Request", e.getMessage());
        }
        Split done = ReviewApi.decided(() -> deps.store().dedup().split(practiceId, List.of(leaving)));
        // the split's first group is the records that stay, its second the one that left
        String stays = done.practices().get(0).id();
        String left = done.practices().get(1).id();
        return Reply.seeOther("/console/practices/" + enc(stays) + "?separated=" + enc(leaving.toString()) + "&to=" + enc(left));
    }

    /**
     * GET /console/sources/{id}: one source's health, its warnings, and per field the values its records give that the hub
     * could not use, by value with their counts ("Reintegración (14)"), to be added to the mapping's {@code values}.
     */
    public Reply source(String cookie, String sourceId) {
        ConsoleSessions.Session s = required(cookie);
        SourceViews.SourceRow row = sourceViews.rows().stream().filter(r -> r.id().equals(sourceId)).findFirst()
                .orElseThrow(() -> HttpProblem.notFound("source " + safe(sourceId)));
        return render(200, "console-source", "Source " + row.id(), Map.of("source", row, "unmapped", sourceViews.unmapped(row.id())), s,
                "sources");
    }

    /** GET /console/sources: every source's health; {@code ?polled=id} after a poll-now says how it went. */
    public Reply sources(String cookie, String query) {
        ConsoleSessions.Session s = required(cookie);
        List<SourceViews.SourceRow> rows = sourceViews.rows();
        String polled = PageViews.params(query).getOrDefault("polled", List.of()).stream().findFirst().orElse(null);
        Map<String, Object> vars = new HashMap<>();
        vars.put("rows", rows);
        boolean running = polled != null && deps.jobs().running(org.practicehub.run.Jobs.Kind.POLL, polled);
        vars.put("notice", running ? "Polling " + safe(polled) + " in the background: this page refreshes until the poll ends."
                : SourceViews.pollNotice(rows, polled));
        // to the page without its #fragment: a refresh to the same address with one only scrolls, and Chromium reloads nothing
        vars.put("refresh", running ? "/console/sources?polled=" + enc(polled) : null);
        return render(200, "console-sources", "Sources", vars, s, "sources");
    }

    /** GET /console/sources/{id}/rejected: each rejected record's reason and raw payload (escaped by the template). */
    public Reply rejected(String cookie, String sourceId) {
        ConsoleSessions.Session s = required(cookie);
        SourceViews.SourceRow row = sourceViews.rows().stream().filter(r -> r.id().equals(sourceId)).findFirst()
                .orElseThrow(() -> HttpProblem.notFound("source " + safe(sourceId)));
        return render(200, "console-rejected", "Rejected records of " + row.id(), Map.of("source", row, "records", sourceViews.rejected(row.id())),
                s, "sources");
    }

    /** GET /console/review: the open duplicate pairs, the two records side by side. */
    public Reply review(String cookie, String query) {
        ConsoleSessions.Session s = required(cookie);
        Map<String, List<String>> q = PageViews.params(query);
        String notice = null;
        if (q.containsKey("merged")) {
            notice = "Pair " + safe(q.get("merged").get(0)) + " merged: its two records are one practice now.";
        } else if (q.containsKey("apart")) {
            notice = "Pair " + safe(q.get("apart").get(0)) + " kept apart: its records stay separate practices.";
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put("pairs", reviewViews.open());
        vars.put("notice", notice);
        return render(200, "console-review", "Duplicate review", vars, s, "review");
    }

    /** POST /console/review/{pairId}: the same decision as POST /api/review/{pairId}; the route publishes after it. */
    public Reply decide(String pairId, Map<String, List<String>> form) {
        long id;
        try {
            id = Long.parseLong(pairId);
        } catch (NumberFormatException e) {
            throw HttpProblem.notFound("pair " + safe(pairId));
        }
        String decision = first(form, "decision");
        ReviewApi.decided(() -> deps.store().dedup().decide(id, decision == null ? "" : decision));
        return Reply.seeOther("/console/review?" + ("merge".equals(decision) ? "merged=" : "apart=") + id);
    }

    /**
     * GET /console/digests: each digest's schedule, next fire and last run, a preview form and the delivery log;
     * {@code ?digest=id&email=x} previews that member's next message (nothing sent, nothing moved).
     */
    public Reply digests(String cookie, String query) {
        ConsoleSessions.Session s = required(cookie);
        Map<String, List<String>> q = PageViews.params(query);
        Map<String, Object> vars = new HashMap<>();
        vars.put("digests", digestViews.all());
        vars.put("preview", digestViews.preview(q));
        String noted = first(q, "noted");
        vars.put("notice", noted != null ? "Note saved for the next edition of " + safe(noted) + "." : DigestViews.sentNotice(q, deps.jobs()));
        Map<String, NoteForm.Draft> notes = new HashMap<>();
        deps.digests().definitions().forEach(d -> notes.put(d.id(), NoteForm.draft(deps.notes().draft(d.id()))));
        vars.put("notes", notes);
        vars.put("refresh", q.containsKey("sent") && deps.jobs().running(org.practicehub.run.Jobs.Kind.DIGEST, first(q, "sent"))
                ? "/console/digests?sent=" + enc(first(q, "sent")) : null);
        return render(200, "console-digests", "Digests", vars, s, "digests");
    }

    /**
     * POST /console/digests/{id}/note: the introduction and news items for the digest's next edition (an empty form
     * clears them). The next edition takes the note and the one after starts empty (docs/console.md).
     */
    public Reply saveNote(String digestId, Map<String, List<String>> form) {
        if (deps.digests().definition(digestId).isEmpty()) {
            throw HttpProblem.notFound("digest " + safe(digestId));
        }
        deps.notes().save(digestId, NoteForm.parse(form));
        return Reply.seeOther("/console/digests?noted=" + enc(digestId) + "#digest-" + enc(digestId));
    }

    /** GET /console/members: counts, the approval queue, and the members matching a search. */
    public Reply members(String cookie, String query) {
        ConsoleSessions.Session s = required(cookie);
        Map<String, List<String>> q = PageViews.params(query);
        Map<String, Object> vars = new HashMap<>();
        vars.put("page", memberViews.page(MemberViews.search(q)));
        vars.put("statuses", MemberViews.STATUSES);
        vars.put("notice", memberNotice(q));
        vars.put("csv", "/console/members.csv" + (query == null || query.isBlank() ? "" : "?" + csvQuery(MemberViews.search(q))));
        return render(200, "console-members", "Members", vars, s, "members");
    }

    private static String csvQuery(MemberViews.Search s) {
        return "q=" + enc(s.q()) + "&status=" + enc(s.status());
    }

    private static String memberNotice(Map<String, List<String>> q) {
        if (q.containsKey("removed")) {
            return "Removed " + safe(first(q, "removed")) + ": the address gets nothing more and is no longer listed.";
        }
        if (q.containsKey("approved")) {
            return "Approved " + safe(first(q, "approved")) + ("active".equals(first(q, "now"))
                    ? ": the address had confirmed, so it is a member now and gets the next digest."
                    : ": it becomes a member once it confirms through the link it was sent.");
        }
        if (q.containsKey("declined")) {
            return "Declined " + safe(first(q, "declined")) + ": nothing will be sent to this address.";
        }
        if (q.containsKey("gone")) {
            return "Nothing was done: " + safe(first(q, "gone")) + " is not a member, or not waiting for approval any more.";
        }
        return null;
    }

    /** GET /console/members.csv: the members matching the search, every one of them, as CSV. */
    public Reply membersCsv(String cookie, String query) {
        required(cookie);
        return new Reply(200, memberViews.csv(MemberViews.search(PageViews.params(query))), null, null, null, "text/csv; charset=UTF-8",
                "attachment; filename=\"members.csv\"");
    }

    /** POST /console/members/remove (form field email): the member and its watermarks are deleted. */
    public Reply removeMember(Map<String, List<String>> form) {
        String email = nzEmail(form);
        return Reply.seeOther("/console/members?" + (deps.subscriptions().remove(email) ? "removed=" : "gone=") + enc(email));
    }

    /** POST /console/members/approve (form field email): approved; active at once when the address confirmed already. */
    public Reply approve(Map<String, List<String>> form) {
        String email = nzEmail(form);
        org.practicehub.store.Subscriptions.Approved a = deps.subscriptions().approve(email, deps.store().lastEventSeq());
        return Reply.seeOther(switch (a) {
            case ACTIVE -> "/console/members?approved=" + enc(email) + "&now=active#approval";
            case AWAITS_CONFIRMATION -> "/console/members?approved=" + enc(email) + "&now=confirm#approval";
            case NOT_WAITING -> "/console/members?gone=" + enc(email) + "#approval";
        });
    }

    /** POST /console/members/decline (form field email): nothing is ever sent to the address. */
    public Reply decline(Map<String, List<String>> form) {
        String email = nzEmail(form);
        return Reply.seeOther("/console/members?" + (deps.subscriptions().decline(email) ? "declined=" : "gone=") + enc(email) + "#approval");
    }

    private static String nzEmail(Map<String, List<String>> form) {
        String email = first(form, "email");
        if (email == null || email.isBlank() || email.length() > 254) {
            throw new HttpProblem(400, "Bad Request", "The form names no member.");
        }
        return email.strip();
    }

    /** After POST /console/digests/{id}/run: back to the digests, where the run shows while it goes on and once it ended. */
    public Reply sent(String id) {
        return Reply.seeOther("/console/digests?sent=" + enc(id) + "#digest-" + enc(id));
    }

    /** GET /console/partners: backlog and dead letters per partner; {@code ?replayed=id&n=} after a replay. */
    public Reply partners(String cookie, String query) {
        ConsoleSessions.Session s = required(cookie);
        Map<String, List<String>> q = PageViews.params(query);
        String notice = q.containsKey("replayed")
                ? "Replayed " + safe(first(q, "n")) + " dead letters of " + safe(first(q, "replayed")) + "; they were sent again just now." : null;
        Map<String, Object> vars = new HashMap<>();
        vars.put("partners", partnerViews.all());
        vars.put("notice", notice);
        return render(200, "console-partners", "Partner pushes", vars, s, "partners");
    }

    /** POST /console/partners/{id}/replay: dead letters back to pending (the route pushes after it). */
    public int replay(String partnerId) {
        return partnerViews.replay(partnerId);
    }

    public Reply replayed(String partnerId, int count) {
        return Reply.seeOther("/console/partners?replayed=" + enc(partnerId) + "&n=" + count + "#partner-" + enc(partnerId));
    }

    /** After POST /console/sources/{id}/poll. */
    /** After POST /console/sources/{id}/poll: back to the sources, where the poll shows while it goes on and once it ended. */
    public Reply polled(String sourceId) {
        return Reply.seeOther("/console/sources?polled=" + enc(sourceId) + "#source-" + enc(sourceId));
    }

    // ---- rendering ----

    private Reply render(int status, String template, String pageTitle, Map<String, Object> vars, ConsoleSessions.Session s, String section) {
        Context c = new Context(Locale.ENGLISH);
        c.setVariables(vars);
        c.setVariable("hubTitle", hubTitle);
        c.setVariable("pageTitle", pageTitle);
        c.setVariable("section", section);
        c.setVariable("csrf", s == null ? null : ConsoleSessions.csrf(s.id()));
        // partner text stored before the mapper replaced control characters and lone surrogates is made safe here too
        return Reply.page(status, org.practicehub.mapping.Chars.replace(engine.process(template, c)));
    }
}
