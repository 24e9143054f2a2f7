package org.practicehub.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.practicehub.matching.Reason;
import org.practicehub.matching.RecordKey;
import org.practicehub.model.Practice;
import org.practicehub.publish.digest.Digests;
import org.practicehub.publish.partner.PartnerDef;
import org.practicehub.publish.partner.Pusher;
import org.practicehub.publish.subscription.Addresses;
import org.practicehub.run.DigestResult;
import org.practicehub.store.JudgedPair;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.PushOutbox;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The facilitator console (routes/console.camel.yaml, docs/console.md): server-rendered pages behind a login that
 * exchanges the admin token for a session cookie, every form with the session's CSRF token. What each page shows comes
 * from the same beans and store calls as the admin API; the actions that run routes (poll, send, replay) are done by the
 * routes, this bean only checks the request before and builds the answer after.
 */
public class Console {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Console.class);
    static final String HTML = "text/html; charset=UTF-8";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int DELIVERIES_SHOWN = 50;

    /** An answer of the console: a page, or a redirect, maybe setting the session cookie. The route copies it onto the exchange. */
    public record Reply(int status, String body, String location, String cookie, Long retryAfter) {
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
            java.util.function.Supplier<Charts.Stats> charts) {}

    private final ConsoleSessions sessions;
    private final byte[] tokenHash;
    private final RateLimit logins;
    private final Dependencies deps;
    private final String hubTitle;
    private final boolean secure;
    private final TemplateEngine engine;
    private final String css;

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
        List<SourceRow> sources = sourceRows();
        long failing = sources.stream().filter(SourceRow::failing).count();
        long review = deps.store().dedup().pairs("review").size();
        long dead = deps.pusher().statuses().stream().mapToLong(m -> ((Number) m.getOrDefault("dead", 0)).longValue()).sum();
        List<Count> counts = List.of(
                new Count("Sources failing", failing, "/console/sources", failing > 0),
                new Count("Duplicate pairs waiting for review", review, "/console/review", review > 0),
                new Count("Partner dead letters", dead, "/console/partners", dead > 0));
        // the network-over-time chart: a source that stopped bringing anything shows as a flat line
        Charts.Chart growth = deps.charts().get().charts().get(0);
        return render(200, "console-dashboard", "Console", Map.of("counts", counts, "sourceCount", sources.size(),
                "digestCount", deps.digests().definitions().size(), "partnerCount", deps.pusher().partners().size(), "growth", growth), s, "dashboard");
    }

    public record SourceRow(String id, String network, String kind, String url, boolean active, String status, String lastPoll, String lastSuccess,
            String lastError, int failures, String nextPoll, String schedule, int read, int created, int updated, int unchanged, int rejected,
            boolean failing) {}

    /** GET /console/sources: every source's health; {@code ?polled=id} after a poll-now says how it went. */
    public Reply sources(String cookie, String query) {
        ConsoleSessions.Session s = required(cookie);
        List<SourceRow> rows = sourceRows();
        String polled = PageViews.params(query).getOrDefault("polled", List.of()).stream().findFirst().orElse(null);
        String notice = rows.stream().filter(r -> r.id().equals(polled)).findFirst()
                .map(r -> "Polled " + r.id() + " now: " + (r.failing() ? "it failed (" + r.lastError() + ")."
                        : "read " + r.read() + ", new " + r.created() + ", updated " + r.updated() + ", unchanged " + r.unchanged() + ", rejected "
                                + r.rejected() + "."))
                .orElse(null);
        Map<String, Object> vars = new HashMap<>();
        vars.put("rows", rows);
        vars.put("notice", notice);
        return render(200, "console-sources", "Sources", vars, s, "sources");
    }

    private List<SourceRow> sourceRows() {
        List<SourceRow> out = new ArrayList<>();
        for (Map<String, Object> m : deps.api().sourceList()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) m.get("lastCounts");
            String status = String.valueOf(m.get("status"));
            int failures = ((Number) m.get("consecutiveFailures")).intValue();
            boolean active = Boolean.TRUE.equals(m.get("active")) && Boolean.TRUE.equals(m.get("enabled"));
            out.add(new SourceRow((String) m.get("id"), (String) m.get("network"), (String) m.get("kind"), (String) m.get("url"), active, status,
                    when(m.get("lastPoll")), when(m.get("lastSuccess")), (String) m.get("lastError"), failures,
                    m.get("nextPoll") == null ? (active ? "—" : "not polled (inactive)") : when(m.get("nextPoll")), (String) m.get("schedule"),
                    n(c, "read"), n(c, "new"), n(c, "updated"), n(c, "unchanged"), n(c, "rejected"), "error".equals(status) || failures > 0));
        }
        return out;
    }

    public record Rejected(String recordId, String reason, String payload, String lastSeen, int timesSeen) {}

    /** GET /console/sources/{id}/rejected: each rejected record's reason and raw payload (escaped by the template). */
    public Reply rejected(String cookie, String sourceId) {
        ConsoleSessions.Session s = required(cookie);
        SourceRow row = sourceRows().stream().filter(r -> r.id().equals(sourceId)).findFirst()
                .orElseThrow(() -> HttpProblem.notFound("source " + safe(sourceId)));
        List<Rejected> records = deps.store().rejected(row.id()).stream().map(r -> new Rejected(r.recordId(), r.reason(), r.payload(),
                when(r.lastSeen()), r.timesSeen())).toList();
        return render(200, "console-rejected", "Rejected records of " + row.id(), Map.of("source", row, "records", records), s, "sources");
    }

    public record Side(String sourceId, String recordId, String network, String practiceId, String practiceTitle, List<String> practiceNetworks,
            String title, String organisations, String countries, String summary, String url) {}

    public record FieldRow(String label, String a, String b, boolean differs) {}

    public record Pair(long id, String score, String stage, Side a, Side b, List<FieldRow> fields, List<String> agreed, List<String> differed,
            List<String> similar) {}

    /** GET /console/review: the open duplicate pairs, the two records side by side. */
    public Reply review(String cookie, String query) {
        ConsoleSessions.Session s = required(cookie);
        List<Pair> pairs = new ArrayList<>();
        for (JudgedPair m : deps.store().dedup().pairs("review")) {
            Side a = side(m.a());
            Side b = side(m.b());
            List<FieldRow> fields = List.of(row("Title", a.title(), b.title()), row("Organisations", a.organisations(), b.organisations()),
                    row("Countries", a.countries(), b.countries()), row("Summary", a.summary(), b.summary()),
                    row("Network of the record", a.network(), b.network()),
                    row("Practice now shared by", String.join(", ", a.practiceNetworks()), String.join(", ", b.practiceNetworks())),
                    row("URL", a.url(), b.url()));
            pairs.add(new Pair(m.pairId(), String.format(Locale.ROOT, "%.2f", m.score()), m.stage(), a, b, fields, reasons(m.agreed()),
                    reasons(m.differed()), reasons(m.similar())));
        }
        Map<String, List<String>> q = PageViews.params(query);
        String notice = null;
        if (q.containsKey("merged")) {
            notice = "Pair " + safe(q.get("merged").get(0)) + " merged: its two records are one practice now.";
        } else if (q.containsKey("apart")) {
            notice = "Pair " + safe(q.get("apart").get(0)) + " kept apart: its records stay separate practices.";
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put("pairs", pairs);
        vars.put("notice", notice);
        return render(200, "console-review", "Duplicate review", vars, s, "review");
    }

    private Side side(JudgedPair.Side m) {
        RecordKey k = new RecordKey(m.sourceId(), m.recordId());
        Practice r = deps.store().dedup().record(k).orElse(null);
        String practiceId = m.practiceId();
        List<String> networks = deps.store().get(practiceId).map(Practice::networks).orElse(List.of());
        String orgs = r == null || r.partners() == null ? "" : String.join(", ", r.partners().stream().map(Practice.Organisation::name)
                .filter(Objects::nonNull).toList());
        String countries = r == null || r.geographicScope() == null || r.geographicScope().countries() == null ? ""
                : String.join(", ", r.geographicScope().countries());
        return new Side(k.sourceId(), k.recordId(), m.network(), practiceId, m.practiceTitle(), networks,
                r == null ? "" : nz(r.title()), orgs, countries, r == null ? "" : nz(r.summary()), nz(m.url()));
    }

    private static FieldRow row(String label, String a, String b) {
        return new FieldRow(label, nz(a), nz(b), !nz(a).equals(nz(b)));
    }

    private static List<String> reasons(List<Reason> reasons) {
        List<String> out = new ArrayList<>();
        for (Reason r : reasons) {
            out.add(r.field() + (r.similarity() == null ? "" : String.format(Locale.ROOT, " (%.2f)", r.similarity()))
                    + (r.detail() == null ? "" : ": " + r.detail()));
        }
        return out;
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

    public record DigestView(String id, String title, String network, String cron, String timeZone, String frequencies, int addresses,
            String nextFire, String lastRun, String lastStatus, int failures, String retryAt, String openEdition, String running,
            List<Map<String, Object>> deliveries) {}

    public record Preview(String digest, String email, boolean subscribed, String status, String frequency, boolean inAudience, int count,
            String subject, String text, String html, String error) {}

    /**
     * GET /console/digests: each digest's schedule, next fire and last run, a preview form and the delivery log;
     * {@code ?digest=id&email=x} previews that member's next message (nothing sent, nothing moved).
     */
    public Reply digests(String cookie, String query) {
        ConsoleSessions.Session s = required(cookie);
        Map<String, List<String>> q = PageViews.params(query);
        List<DigestView> views = new ArrayList<>();
        for (Map<String, Object> m : deps.digests().list()) {
            String id = (String) m.get("id");
            @SuppressWarnings("unchecked")
            Map<String, Object> audience = (Map<String, Object>) m.get("audience");
            @SuppressWarnings("unchecked")
            Map<String, Object> last = (Map<String, Object>) m.get("lastRun");
            @SuppressWarnings("unchecked")
            Map<String, Object> running = (Map<String, Object>) m.get("running");
            List<Map<String, Object>> deliveries = new ArrayList<>();
            for (Map<String, Object> d : deps.digests().deliveries(id, DELIVERIES_SHOWN)) {
                Map<String, Object> row = new LinkedHashMap<>(d);
                row.put("deliveredAt", when(d.get("deliveredAt")));
                deliveries.add(row);
            }
            views.add(new DigestView(id, (String) m.get("title"), (String) m.get("network"), (String) m.get("cron"), (String) m.get("timeZone"),
                    String.join(", ", strings(audience.get("frequencies"))), ((Number) audience.get("addresses")).intValue(),
                    when(m.get("nextFire")), when(last.get("at")), last.get("status") == null ? "never run" : String.valueOf(last.get("status")),
                    ((Number) last.get("failures")).intValue(), last.get("retryAt") == null ? null : when(last.get("retryAt")),
                    (String) m.get("openEdition"), running == null ? null : running.get("instance") + " until " + when(running.get("until")),
                    deliveries));
        }
        Preview preview = null;
        String digestId = first(q, "digest");
        String email = first(q, "email");
        if (digestId != null && email != null) {
            preview = preview(digestId, email.trim());
        }
        String notice = null;
        if (q.containsKey("sent")) {
            notice = "Ran " + safe(first(q, "sent")) + " now: " + switch (nz(first(q, "status"))) {
                case "sent" -> "messages sent (" + safe(first(q, "messages")) + ").";
                case "written" -> "messages written to the outbox (" + safe(first(q, "messages")) + ").";
                case "nothing-new" -> "nothing new to send.";
                case "busy" -> "another run of this digest is under way; nothing more was done.";
                case "failed" -> "the run failed; see its last run below.";
                default -> "done.";
            };
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put("digests", views);
        vars.put("preview", preview);
        vars.put("notice", notice);
        return render(200, "console-digests", "Digests", vars, s, "digests");
    }

    private Preview preview(String digestId, String email) {
        if (deps.digests().definition(digestId).isEmpty()) {
            return new Preview(safe(digestId), email, false, null, null, false, 0, null, null, null, "There is no digest " + safe(digestId) + ".");
        }
        if (Addresses.problem(email).isPresent()) {
            return new Preview(digestId, email, false, null, null, false, 0, null, null, null, "That is not a valid email address.");
        }
        Map<String, Object> p = deps.digests().preview(digestId, email);
        if (!Boolean.TRUE.equals(p.get("subscribed"))) {
            return new Preview(digestId, email, false, null, null, false, 0, null, null, null, "Nobody with this address is subscribed.");
        }
        return new Preview(digestId, email, true, (String) p.get("status"), (String) p.get("frequency"), Boolean.TRUE.equals(p.get("inAudience")),
                ((Number) p.get("count")).intValue(), (String) p.get("subject"), (String) p.get("text"), (String) p.get("html"), null);
    }

    /** After POST /console/digests/{id}/run: back to the digests, saying what the run did. */
    public Reply sent(String id, DigestResult r) {
        return Reply.seeOther("/console/digests?sent=" + enc(id) + "&status=" + enc(r == null ? "" : r.status()) + "&messages="
                + (r == null ? 0 : r.messages()) + "#digest-" + enc(id));
    }

    public record PartnerView(String id, String endpoint, String network, boolean enabled, int backlog, int delivered, int dead, String lastError,
            String lastDelivered, List<Map<String, Object>> deadLetters) {}

    /** GET /console/partners: backlog and dead letters per partner; {@code ?replayed=id&n=} after a replay. */
    public Reply partners(String cookie, String query) {
        ConsoleSessions.Session s = required(cookie);
        List<PartnerView> views = new ArrayList<>();
        for (PartnerDef p : deps.pusher().partners()) {
            Map<String, Object> st = deps.pusher().status(p);
            views.add(new PartnerView(p.id(), p.endpoint(), p.network(), p.enabled(), n(st, "backlog"), n(st, "delivered"), n(st, "dead"),
                    (String) st.get("lastError"), when(st.get("lastDelivered")), deps.outbox().dead(p.id())));
        }
        Map<String, List<String>> q = PageViews.params(query);
        String notice = q.containsKey("replayed")
                ? "Replayed " + safe(first(q, "n")) + " dead letters of " + safe(first(q, "replayed")) + "; they were sent again just now." : null;
        Map<String, Object> vars = new HashMap<>();
        vars.put("partners", views);
        vars.put("notice", notice);
        return render(200, "console-partners", "Partner pushes", vars, s, "partners");
    }

    /** POST /console/partners/{id}/replay: dead letters back to pending (the route pushes after it). */
    public int replay(String partnerId) {
        PartnerDef p = deps.pusher().partners().stream().filter(x -> x.id().equals(partnerId)).findFirst()
                .orElseThrow(() -> HttpProblem.notFound("partner " + safe(partnerId)));
        return deps.outbox().replay(p.id());
    }

    public Reply replayed(String partnerId, int count) {
        return Reply.seeOther("/console/partners?replayed=" + enc(partnerId) + "&n=" + count + "#partner-" + enc(partnerId));
    }

    /** After POST /console/sources/{id}/poll. */
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
        return Reply.page(status, engine.process(template, c));
    }

    private static String when(Object o) {
        if (o == null || "null".equals(o)) {
            return null;
        }
        if (o instanceof Instant i) {
            return WHEN.format(i);
        }
        try {
            return WHEN.format(Instant.parse(o.toString()));
        } catch (java.time.format.DateTimeParseException e) {
            return o.toString();
        }
    }

    private static int n(Map<String, Object> m, String key) {
        Object o = m == null ? null : m.get(key);
        return o instanceof Number x ? x.intValue() : 0;
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof Iterable<?> it) {
            it.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }

    private static String first(Map<String, List<String>> form, String key) {
        List<String> v = form.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** A value from the request shown back in a sentence: short, and only harmless characters (the template escapes anyway). */
    private static String safe(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[^A-Za-z0-9._@+-]", "?");
        return t.length() > 80 ? t.substring(0, 80) : t;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(nz(s), StandardCharsets.UTF_8);
    }
}
