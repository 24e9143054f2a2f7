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
import org.jsoup.nodes.Entities;
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

    /**
     * @param perClient subscribe requests per client address; {@code general} (the public endpoints' limit) for the
     *                  links, since one-click unsubscribes arrive from a few large mail providers' addresses
     */
    public SubscriptionsApi(Subscriptions subscriptions, PracticeStore store, Tokens tokens, Mails mails, RateLimit perClient, RateLimit perEmail,
            RateLimit general, java.util.function.Supplier<Set<String>> frequencies, String publicUrl, Duration confirmTtl, Duration manageTtl) {
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
        return new HttpProblem(400, "Bad Request", detail);
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
        if (!n.isTextual()) {
            throw bad(field + " must be a string");
        }
        String s = n.asText();
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0) {
            throw bad(field + " must not contain line breaks or NUL characters");
        }
        if (s.length() > max) {
            throw bad(field + " is longer than " + max + " characters");
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
                throw bad("email is required");
            }
            email = text(body.get("email"), "email", 320);
            String problem = Addresses.problem(email).orElse(null);
            if (problem != null) {
                throw bad(problem);
            }
        }
        String frequency = body.has("frequency") ? text(body.get("frequency"), "frequency", 16) : "weekly";
        if (!frequencies.get().contains(frequency)) {
            throw bad("frequency '" + frequency + "' is not offered (offered: " + String.join(", ", frequencies.get()) + ")");
        }
        String language = body.has("language") ? text(body.get("language"), "language", 35) : "en";
        if (!language.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}")) {
            throw bad("language must be a BCP 47 tag such as en, es or pt-BR");
        }
        return new Settings(email, filters(body.get("filters")), frequency, java.util.Locale.forLanguageTag(language).toLanguageTag());
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
                    throw bad("filter " + e.getKey() + ": give several values as a list, not with commas");
                }
                if (!s.isEmpty()) {
                    values.add(s);
                }
            }
            if (values.size() > MAX_VALUES) {
                throw bad("filter " + e.getKey() + " has more than " + MAX_VALUES + " values");
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
        Subscriptions.Requested r = subscriptions.request(s.email(), s.filters(), s.frequency(), s.language());
        MimeMessage mail = null;
        // past the per-address limit nothing is mailed, and the answer is the same: the limit tells nothing either
        if (perEmail.tryTake(Subscriptions.key(s.email()))) {
            String id = subscriptions.byEmail(s.email()).orElseThrow().id();
            mail = r == Subscriptions.Requested.ALREADY_ACTIVE
                    ? mails.alreadySubscribed(s.email(), publicUrl + "/api/subscriptions/manage?token=" + tokens.issue(Tokens.Purpose.MANAGE, id, manageTtl))
                    : mails.confirmation(s.email(), publicUrl + "/api/subscriptions/confirm?token=" + tokens.issue(Tokens.Purpose.CONFIRM, id, confirmTtl),
                            confirmTtl);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "accepted");
        out.put("detail", "If this address can receive mail, a message is on its way to it: follow its link to confirm.");
        return new Subscribed(new HttpReply(202, "application/json", Json.write(out), null, null), mail);
    }

    private String verified(String token, Tokens.Purpose purpose) {
        return tokens.verify(token, purpose).orElseThrow(() -> bad("the link is not valid or has expired"));
    }

    public HttpReply confirm(String token, Object remoteAddress) {
        general.check(remoteAddress);
        String id = tokens.verify(token, Tokens.Purpose.CONFIRM).orElse(null);
        if (id == null || subscriptions.get(id).isEmpty()) {
            return page(400, "Link not valid", "This confirmation link is not valid or has expired. Subscribe again to get a new one.", null);
        }
        Subscriptions.Subscription s = subscriptions.get(id).get();
        if (s.status().equals("pending")) {
            subscriptions.confirm(id, store.lastEventSeq());
        } else if (!s.status().equals("active")) {
            return page(400, "Link not valid", "This subscription was ended. Subscribe again to get a new link.", null);
        }
        return page(200, "Subscription confirmed", "You will receive " + s.frequency() + " community updates at " + s.email()
                + ". Every message has a link to change your topics and a link to unsubscribe.", null);
    }

    /** The GET of the unsubscribe link: a page with one button, since mail scanners follow links and must not unsubscribe anyone. */
    public HttpReply unsubscribePage(String token, Object remoteAddress) {
        general.check(remoteAddress);
        if (tokens.verify(token, Tokens.Purpose.UNSUBSCRIBE).isEmpty()) {
            return page(400, "Link not valid", "This unsubscribe link is not valid.", null);
        }
        String action = "/api/subscriptions/unsubscribe?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return page(200, "Unsubscribe", "Press the button to stop receiving community updates.",
                "<form method=\"post\" action=\"" + Entities.escape(action) + "\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                        + "<button type=\"submit\" style=\"font-size:16px;padding:8px 16px;\">Unsubscribe</button></form>");
    }

    /** RFC 8058: the POST unsubscribes at once, whatever its body says; the token is the authority. */
    public HttpReply unsubscribe(String token, Object remoteAddress) {
        general.check(remoteAddress);
        String id = tokens.verify(token, Tokens.Purpose.UNSUBSCRIBE).orElse(null);
        if (id == null) {
            return page(400, "Link not valid", "This unsubscribe link is not valid.", null);
        }
        subscriptions.unsubscribe(id);
        return page(200, "Unsubscribed", "You will receive no more community updates. You can subscribe again at any time.", null);
    }

    public HttpReply manage(String token, Object remoteAddress) {
        general.check(remoteAddress);
        Subscriptions.Subscription s = subscriptions.get(verified(token, Tokens.Purpose.MANAGE)).orElseThrow(() -> bad("the link is not valid"));
        return HttpReply.json(Json.write(view(s)), null, null);
    }

    public HttpReply change(String token, String body, Object remoteAddress) {
        general.check(remoteAddress);
        String id = verified(token, Tokens.Purpose.MANAGE);
        Settings s = settings(json(body), false);
        if (!subscriptions.change(id, s.filters(), s.frequency(), s.language())) {
            throw new HttpProblem(409, "Conflict", "the subscription is not active: subscribe again");
        }
        return HttpReply.json(Json.write(view(subscriptions.get(id).orElseThrow())), null, null);
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

    static HttpReply page(int status, String title, String message, String extra) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                + "<title>" + Entities.escape(title) + "</title></head><body style=\"font-family:Arial,Helvetica,sans-serif;max-width:560px;"
                + "margin:40px auto;padding:0 16px;color:#1d2630;\"><h1 style=\"font-size:22px;color:#0b4f8a;\">" + Entities.escape(title) + "</h1><p>"
                + Entities.escape(message) + "</p>" + (extra == null ? "" : extra) + "</body></html>";
        return new HttpReply(status, "text/html; charset=UTF-8", html, null, null);
    }
}
