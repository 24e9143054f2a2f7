package org.practicehub.web;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import org.practicehub.i18n.Languages;
import org.practicehub.i18n.Messages;
import org.practicehub.publish.subscription.Addresses;
import org.practicehub.publish.subscription.Mails;
import org.practicehub.publish.subscription.Tokens;
import org.practicehub.store.Json;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.Subscriptions;

/**
 * The public subscription endpoints: subscribe (double opt-in), confirm, manage, unsubscribe (RFC 8058
 * one-click POST, and a page with one button for the GET link). A subscribe request is answered the same
 * way whatever the address's state, so the API never tells who is subscribed; the mail it sends differs.
 */
public class SubscriptionsApi {

    /** The filters a member may set: the read API's, without paging, words or dates. */
    static final Set<String> FILTERS = Set.of("theme", "country", "region", "phase", "gcmObjective", "sdg", "network");
    static final Set<String> FIELDS = Set.of("email", "filters", "frequency", "language");
    static final int MAX_BODY = 8 * 1024;
    static final int MAX_VALUES = 30;
    static final int MAX_VALUE_LENGTH = 100;

    /** The answer, and the mail to send (null: none). */
    public record Subscribed(HttpReply reply, MimeMessage mail) {}

    /** A 400 naming the form field at fault (null: the request as a whole), so a form can show it next to that field. */
    public static final class Invalid extends HttpProblem {
        private final String field;

        Invalid(String field, String detail) {
            super(400, "Bad Request", detail);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private record Settings(String email, String filters, String frequency, String language) {}

    private final Subscriptions subscriptions;
    private final PracticeStore store;
    private final Tokens tokens;
    private final Mails mails;
    private final RateLimit perClient;
    private final RateLimit perEmail;
    private final RateLimit general;
    private final java.util.function.Supplier<Set<String>> frequencies;
    private final String publicUrl;
    private final Duration confirmTtl;
    private final Duration manageTtl;
    private final Pages pages;
    private final Messages messages = Messages.member();
    private final org.practicehub.publish.subscription.Approval approval;

    /**
     * @param perClient subscribe requests per client address; {@code general} (the public endpoints' limit) for the
     *                  links, since one-click unsubscribes arrive from a few large mail providers' addresses
     */
    public SubscriptionsApi(Subscriptions subscriptions, PracticeStore store, Tokens tokens, Mails mails, RateLimit perClient, RateLimit perEmail,
            RateLimit general, java.util.function.Supplier<Set<String>> frequencies, String publicUrl, Duration confirmTtl, Duration manageTtl,
            Pages pages, org.practicehub.publish.subscription.Approval approval) {
        this.approval = approval;
        this.pages = pages;
        this.general = general;
        this.subscriptions = subscriptions;
        this.store = store;
        this.tokens = tokens;
        this.mails = mails;
        this.perClient = perClient;
        this.perEmail = perEmail;
        this.frequencies = frequencies;
        this.publicUrl = publicUrl;
        this.confirmTtl = confirmTtl;
        this.manageTtl = manageTtl;
    }

    static HttpProblem bad(String detail) {
        return new Invalid(null, detail);
    }

    static HttpProblem bad(String field, String detail) {
        return new Invalid(field, detail);
    }

    private static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            throw bad("the request needs a JSON body");
        }
        if (body.length() > MAX_BODY) {
            throw new HttpProblem(413, "Content Too Large", "the request body is larger than " + MAX_BODY + " bytes");
        }
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n == null || !n.isObject()) {
                throw bad("the body must be a JSON object");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw bad("the body is not valid JSON");
        }
    }

    /** Line breaks anywhere are refused outright: they have no business in any of these values, and could reach a header. */
    private static String text(JsonNode n, String field, int max) {
        String key = field.startsWith("filter ") ? field.substring(7) : field;
        if (!n.isTextual()) {
            throw bad(key, field + " must be a string");
        }
        String s = n.asText();
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0) {
            throw bad(key, field + " must not contain line breaks or NUL characters");
        }
        if (s.length() > max) {
            throw bad(key, field + " is longer than " + max + " characters");
        }
        return s.trim();
    }

    private Settings settings(JsonNode body, boolean withEmail) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw bad("unknown field '" + f + "' (known: email, filters, frequency, language)");
            }
        }
        String email = null;
        if (withEmail) {
            if (!body.has("email")) {
                throw bad("email", "email is required");
            }
            email = text(body.get("email"), "email", 320);
            String problem = Addresses.problem(email).orElse(null);
            if (problem != null) {
                throw bad("email", problem);
            }
        }
        String frequency = body.has("frequency") ? text(body.get("frequency"), "frequency", 16) : "weekly";
        if (!frequencies.get().contains(frequency)) {
            throw bad("frequency", "frequency '" + frequency + "' is not offered (offered: " + String.join(", ", frequencies.get()) + ")");
        }
        String language = body.has("language") ? text(body.get("language"), "language", 35) : "en";
        if (!language.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}")) {
            throw bad("language", "language must be a BCP 47 tag such as en, es or fr");
        }
        // only languages the hub writes its messages in: a region keeps its language ("es-MX" is stored as "es")
        if (!Languages.spoken(language)) {
            throw bad("language", "language '" + language + "' is not offered (offered: " + String.join(", ", Languages.SUPPORTED) + ")");
        }
        return new Settings(email, filters(body.get("filters")), frequency, Languages.of(language));
    }

    /** The filters as the read API's canonical query string, each value checked against the controlled lists. */
    static String filters(JsonNode f) {
        if (f == null || f.isNull()) {
            return "";
        }
        if (!f.isObject()) {
            throw bad("filters must be an object such as {\"theme\": [\"recruitment\"], \"country\": [\"PH\"]}");
        }
        StringBuilder q = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!FILTERS.contains(e.getKey())) {
                throw bad("unknown filter '" + e.getKey() + "' (known: " + String.join(", ", new java.util.TreeSet<>(FILTERS)) + ")");
            }
            List<String> values = new ArrayList<>();
            for (JsonNode v : e.getValue().isArray() ? e.getValue() : Json.MAPPER.createArrayNode().add(e.getValue())) {
                String s = text(v.isNumber() ? Json.MAPPER.getNodeFactory().textNode(v.asText()) : v, "filter " + e.getKey(), MAX_VALUE_LENGTH);
                if (s.contains(",")) {
                    throw bad(e.getKey(), "filter " + e.getKey() + ": give several values as a list, not with commas");
                }
                if (!s.isEmpty()) {
                    values.add(s);
                }
            }
            if (values.size() > MAX_VALUES) {
                throw bad(e.getKey(), "filter " + e.getKey() + " has more than " + MAX_VALUES + " values");
            }
            if (!values.isEmpty()) {
                q.append(q.length() == 0 ? "" : "&").append(e.getKey()).append('=')
                        .append(URLEncoder.encode(String.join(",", values), StandardCharsets.UTF_8));
            }
        }
        // parsing checks every value against the vocabularies (400 naming the value) and gives the canonical form
        return PracticeQuery.parse(q.toString()).canonical();
    }

    public Subscribed subscribe(String body, Object remoteAddress) {
        perClient.check(remoteAddress);
        Settings s = settings(json(body), true);
        Subscriptions.Requested r = subscriptions.request(s.email(), s.filters(), s.frequency(), s.language(), approval.forRequests());
        MimeMessage mail = null;
        // past the per-address limit nothing is mailed, and the answer is the same: the limit tells nothing either. An
        // address confirmed and waiting for the facilitator, or declined, gets nothing at all (docs/digests.md)
        boolean mailable = r != Subscriptions.Requested.WAITING && r != Subscriptions.Requested.DECLINED;
        if (mailable && perEmail.tryTake(Subscriptions.key(s.email()))) {
            Subscriptions.Subscription stored = subscriptions.byEmail(s.email()).orElseThrow();
            String id = stored.id();
            // in the language of the subscription as stored: the member's choice (an active member's, not the request's)
            mail = r == Subscriptions.Requested.ALREADY_ACTIVE
                    ? mails.alreadySubscribed(s.email(), publicUrl + "/api/subscriptions/manage?token=" + tokens.issue(Tokens.Purpose.MANAGE, id, manageTtl),
                            stored.language())
                    : mails.confirmation(s.email(), publicUrl + "/api/subscriptions/confirm?token=" + tokens.issue(Tokens.Purpose.CONFIRM, id, confirmTtl),
                            confirmTtl, stored.language());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "accepted");
        out.put("detail", "If this address can receive mail, a message is on its way to it: follow its link to confirm.");
        return new Subscribed(new HttpReply(202, "application/json", Json.write(out), null, null), mail);
    }

    private String verified(String token, Tokens.Purpose purpose) {
        return tokens.verify(token, purpose).orElseThrow(() -> bad("the link is not valid or has expired"));
    }

    /** The confirm link: the page in the member's language once the token is good, else in the request's. */
    public HttpReply confirm(String token, Object remoteAddress, Languages.Pick lang) {
        general.check(remoteAddress);
        String id = tokens.verify(token, Tokens.Purpose.CONFIRM).orElse(null);
        if (id == null || subscriptions.get(id).isEmpty()) {
            return pages.message(400, "link.invalid", "link.invalid.confirm", NO_ARGS, null, true, null, lang);
        }
        Subscriptions.Subscription s = subscriptions.get(id).get();
        Languages.Pick mine = Pages.member(s.language());
        if (s.status().equals("pending")) {
            subscriptions.confirm(id, store.lastEventSeq());
            s = subscriptions.get(id).orElseThrow();
        }
        if (s.awaitingApproval()) {
            // confirmed, and nothing is sent before the facilitator approves: no manage link yet either
            return pages.said(200, s.language(), "approval.heading", "approval.text", s.email(), pages.title(), s.frequency());
        }
        if (!s.status().equals("active")) {
            return pages.message(400, "link.invalid", "link.invalid.ended", NO_ARGS, null, true, null, mine);
        }
        // whoever holds the confirmation link reads that mailbox: the same proof the manage link in every digest rests on
        String manage = "/api/subscriptions/manage?token=" + URLEncoder.encode(tokens.issue(Tokens.Purpose.MANAGE, id, manageTtl), StandardCharsets.UTF_8);
        return pages.message(200, "confirmed.title", "confirmed.text",
                new Object[] {messages.get(mine.tag(), "frequency.sentence." + s.frequency()), s.email()}, null, false,
                new Pages.Link(manage, "confirmed.next"), mine);
    }

    private static final Object[] NO_ARGS = new Object[0];

    /** The language of a member's token pages: theirs when the token names a subscription, else the request's. */
    private Languages.Pick languageOf(String id, Languages.Pick request) {
        Subscriptions.Subscription s = id == null ? null : subscriptions.get(id).orElse(null);
        return s == null ? request : Pages.member(s.language());
    }

    /** The GET of the unsubscribe link: a page with one button, since mail scanners follow links and must not unsubscribe anyone. */
    public HttpReply unsubscribePage(String token, Object remoteAddress, Languages.Pick lang) {
        general.check(remoteAddress);
        String id = tokens.verify(token, Tokens.Purpose.UNSUBSCRIBE).orElse(null);
        if (id == null) {
            return pages.message(400, "link.invalid", "link.invalid.unsubscribe", NO_ARGS, null, true, null, lang);
        }
        return pages.message(200, "unsubscribe.title", "unsubscribe.text", NO_ARGS,
                "/api/subscriptions/unsubscribe?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), false, null, languageOf(id, lang));
    }

    /** RFC 8058: the POST unsubscribes at once, whatever its body says; the token is the authority. */
    public HttpReply unsubscribe(String token, Object remoteAddress, Languages.Pick lang) {
        general.check(remoteAddress);
        String id = tokens.verify(token, Tokens.Purpose.UNSUBSCRIBE).orElse(null);
        if (id == null) {
            return pages.message(400, "link.invalid", "link.invalid.unsubscribe", NO_ARGS, null, true, null, lang);
        }
        Languages.Pick mine = languageOf(id, lang);
        subscriptions.unsubscribe(id);
        return pages.message(200, "unsubscribed.title", "unsubscribed.text", NO_ARGS, null, true, null, mine);
    }

    public HttpReply manage(String token, Object remoteAddress) {
        general.check(remoteAddress);
        Subscriptions.Subscription s = subscriptions.get(verified(token, Tokens.Purpose.MANAGE)).orElseThrow(() -> bad("the link is not valid"));
        return HttpReply.json(Json.write(view(s)), null, null);
    }

    public HttpReply change(String token, String body, Object remoteAddress) {
        general.check(remoteAddress);
        String id = verified(token, Tokens.Purpose.MANAGE);
        return HttpReply.json(Json.write(view(apply(id, settings(json(body), false)))), null, null);
    }

    private Subscriptions.Subscription apply(String id, Settings s) {
        if (!subscriptions.change(id, s.filters(), s.frequency(), s.language())) {
            throw new HttpProblem(409, "Conflict", "the subscription is not active: subscribe again");
        }
        return subscriptions.get(id).orElseThrow();
    }

    // The HTML forms. A form is turned into the JSON body the API takes and goes through the same checks and the same
    // subscribe path; only the answer differs (a page, and a refused form comes back with its values and the error).

    /** POST /subscribe: always the same "check your inbox" page once the input is valid, whatever the address's state. */
    public Subscribed subscribeForm(Object body, Object remoteAddress, Languages.Pick lang) {
        Map<String, List<String>> values = Map.of();
        try {
            values = form(body);
            Subscribed s = subscribe(formAsJson(values), remoteAddress);
            return new Subscribed(pages.inbox(lang), s.mail());
        } catch (HttpProblem e) {
            if (e.getStatus() != 400) {
                throw e;
            }
            return new Subscribed(pages.subscribeForm(400, values, field(e), e.getMessage(), lang), null);
        }
    }

    /** GET of the manage link from a browser: the settings in a form that posts back to the same link. */
    public HttpReply managePage(String token, Object remoteAddress, Languages.Pick lang) {
        general.check(remoteAddress);
        String id = tokens.verify(token, Tokens.Purpose.MANAGE).orElse(null);
        Subscriptions.Subscription s = id == null ? null : subscriptions.get(id).orElse(null);
        if (s == null || !s.status().equals("active")) {
            return pages.message(400, "link.invalid", "link.invalid.manage", NO_ARGS, null, true, null, languageOf(id, lang));
        }
        return pages.manage(200, token, s.email(), values(s), null, null, false, unsubscribeLink(id), s.language());
    }

    /** POST of the manage form (application/x-www-form-urlencoded): saves, then shows the saved settings. */
    public HttpReply changeForm(String token, Object body, Object remoteAddress, Languages.Pick lang) {
        general.check(remoteAddress);
        String id = tokens.verify(token, Tokens.Purpose.MANAGE).orElse(null);
        Subscriptions.Subscription current = id == null ? null : subscriptions.get(id).orElse(null);
        if (current == null || !current.status().equals("active")) {
            return pages.message(400, "link.invalid", "link.invalid.manage", NO_ARGS, null, true, null, languageOf(id, lang));
        }
        Map<String, List<String>> values = Map.of();
        try {
            values = form(body);
            Subscriptions.Subscription saved = apply(id, settings(json(formAsJson(values)), false));
            // the saved page speaks the language just chosen
            return pages.manage(200, token, saved.email(), values(saved), null, null, true, unsubscribeLink(id), saved.language());
        } catch (HttpProblem e) {
            if (e.getStatus() != 400) {
                throw e;
            }
            return pages.manage(400, token, current.email(), values, field(e), e.getMessage(), false, unsubscribeLink(id), current.language());
        }
    }

    /** The manage page links to the unsubscribe page (one button there), as every digest does. */
    private String unsubscribeLink(String id) {
        return "/api/subscriptions/unsubscribe?token=" + URLEncoder.encode(tokens.issue(Tokens.Purpose.UNSUBSCRIBE, id, manageTtl), StandardCharsets.UTF_8);
    }

    private static String field(HttpProblem e) {
        return e instanceof Invalid i ? i.field() : null;
    }

    /** A stored subscription as form values: its canonical filters split as the read API reads them. */
    private static Map<String, List<String>> values(Subscriptions.Subscription s) {
        Map<String, List<String>> v = new LinkedHashMap<>(PageViews.params(s.filters()));
        v.put("frequency", List.of(s.frequency()));
        v.put("language", List.of(s.language()));
        return v;
    }

    static final Set<String> SINGLE = Set.of("email", "frequency", "language");

    /**
     * An application/x-www-form-urlencoded body, decoded; bounded like the JSON body. platform-http hands it over already
     * decoded as a Map (a repeated field as a list of its values); a raw string (another engine) is decoded here.
     */
    static Map<String, List<String>> form(Object body) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (body instanceof Map<?, ?> m) {
            int size = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                List<String> vs = new ArrayList<>();
                if (e.getValue() instanceof Iterable<?> it) {
                    it.forEach(v -> vs.add(String.valueOf(v)));
                } else if (e.getValue() != null) {
                    vs.add(String.valueOf(e.getValue()));
                }
                String k = String.valueOf(e.getKey());
                size += k.length() + vs.stream().mapToInt(v -> v.length() + 1).sum();
                values.put(k, vs);
            }
            if (size > MAX_BODY) {
                throw new HttpProblem(413, "Content Too Large", "the form is larger than " + MAX_BODY + " bytes");
            }
            return values;
        }
        if (!(body instanceof String raw) || raw.isBlank()) {
            return values;
        }
        if (raw.length() > MAX_BODY) {
            throw new HttpProblem(413, "Content Too Large", "the form is larger than " + MAX_BODY + " bytes");
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            } catch (IllegalArgumentException e) {
                throw bad("the form could not be read (a malformed %-escape)");
            }
        }
        return values;
    }

    /** The form as the JSON body of the API, so that exactly the API's rules apply: nothing is checked here. */
    static String formAsJson(Map<String, List<String>> values) {
        com.fasterxml.jackson.databind.node.ObjectNode out = Json.MAPPER.createObjectNode();
        com.fasterxml.jackson.databind.node.ObjectNode filters = out.putObject("filters");
        values.forEach((k, vs) -> {
            if (FILTERS.contains(k)) {
                com.fasterxml.jackson.databind.node.ArrayNode a = filters.putArray(k);
                vs.stream().filter(v -> !v.isBlank()).forEach(a::add);
            } else if (SINGLE.contains(k)) {
                if (vs.size() > 1) {
                    throw bad(k, k + " is given more than once");
                }
                out.put(k, vs.get(0));
            } else {
                throw bad("unknown field '" + k + "'");
            }
        });
        return Json.write(out);
    }

    private static Map<String, Object> view(Subscriptions.Subscription s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("email", s.email());
        m.put("status", s.status());
        Map<String, List<String>> f = new LinkedHashMap<>();
        if (!s.filters().isEmpty()) {
            for (String pair : s.filters().split("&")) {
                int eq = pair.indexOf('=');
                f.put(pair.substring(0, eq), List.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).split(",")));
            }
        }
        m.put("filters", f);
        m.put("frequency", s.frequency());
        m.put("language", s.language());
        return m;
    }
}
