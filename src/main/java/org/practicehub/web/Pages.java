package org.practicehub.web;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.practicehub.model.Practice;
import org.practicehub.publish.depository.PracticeIndex;
import org.practicehub.store.PracticeStore;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The public member pages, rendered on the server with Thymeleaf (templates/ on the classpath). Every page works
 * without JavaScript. Errors are answered here as HTML pages, not problem JSON: a member reads them in a browser.
 */
public class Pages {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Pages.class);
    static final String HTML = "text/html; charset=UTF-8";

    private final PracticeIndex index;
    private final PracticeStore store;
    private final String title;
    private final TemplateEngine engine;
    private final String css;
    private final java.util.function.Supplier<java.util.Set<String>> frequencies;

    /** @param frequencies the frequencies a member may choose (the digests offer them), as the API checks them */
    public Pages(PracticeIndex index, PracticeStore store, String title, java.util.function.Supplier<java.util.Set<String>> frequencies) {
        this.index = index;
        this.frequencies = frequencies;
        this.store = store;
        this.title = title;
        this.engine = Templates.engine();
        this.css = Templates.resource("/static/hub.css");
    }

    /** The stats of one index generation: charts are drawn once per change of the depository, not per request. */
    private record Drawn(long seq, Charts.Stats stats) {}

    private volatile Drawn drawn = new Drawn(Long.MIN_VALUE, null);

    /** The stats page as last rendered, with the generation it shows: it changes only when the depository does. */
    private record Rendered(long seq, HttpReply reply) {}

    private volatile Rendered statsPage = new Rendered(Long.MIN_VALUE, null);

    /** The depository's charts as of now, for the stats page and any other page that embeds them (templates/charts.html). */
    public Charts.Stats charts() {
        return drawn(index.current()).stats();
    }

    private Drawn drawn(PracticeIndex.Snapshot s) {
        Drawn d = drawn;
        if (d.seq() != s.seq() || d.stats() == null) {
            d = new Drawn(s.seq(), Charts.stats(s.entries()));
            drawn = d;
        }
        return d;
    }

    /** GET /stats: the depository in numbers, rendered once per index generation. */
    public HttpReply stats() {
        Drawn d = drawn(index.current());
        Rendered r = statsPage;
        if (r.seq() != d.seq() || r.reply() == null) {
            r = new Rendered(d.seq(), page(200, "stats", "The depository in numbers", Map.of("stats", d.stats())));
            statsPage = r;
        }
        return r.reply();
    }

    public String css() {
        return css;
    }

    /** GET /practices: search, facets with counts, one page of results. */
    public HttpReply browse(String rawQuery) {
        try {
            PracticeQuery q = PracticeQuery.parse(rawQuery);
            PageViews.Browse view = PageViews.browse(rawQuery, q, index.current(), store::byIds);
            return page(200, "practices", "Practices", Map.of("view", view));
        } catch (HttpProblem p) {
            return error(p);
        }
    }

    /** GET /practices/{id}: every field present and its provenance; 410 once withdrawn. Merged ids are redirected by the route. */
    public HttpReply practice(String id) {
        if (store.isWithdrawn(id)) {
            return error(new HttpProblem(410, "Gone", "This practice was withdrawn by the networks that shared it."));
        }
        Practice p = store.get(id).orElse(null);
        if (p == null) {
            return error(new HttpProblem(404, "Not Found", "There is no practice " + id + " in the depository."));
        }
        return page(200, "practice", p.title(), Map.of("view", PageViews.detail(p)));
    }

    /** GET /subscribe, prefilled from the query (the browse page links here with its current filters). */
    public HttpReply subscribePage(String rawQuery) {
        return subscribeForm(200, PageViews.params(rawQuery), null, null);
    }

    /** The subscribe form; with an error it is the refused form, its values kept. */
    public HttpReply subscribeForm(int status, Map<String, java.util.List<String>> values, String errorField, String error) {
        return page(status, "subscribe", "Subscribe to community updates",
                Map.of("form", PageViews.subscriptionForm(values, index.current(), frequencies.get(), errorField, error)));
    }

    /** The answer to a valid subscribe form, the same whatever the address's state: nothing tells who is subscribed. */
    public HttpReply inbox() {
        return message(200, "Check your inbox",
                "If this address can receive mail, a message is on its way to it. Follow its link to confirm your subscription.", null, false);
    }

    /** The manage page: the subscription's settings in a form that posts back to the manage link. */
    public HttpReply manage(int status, String token, String email, Map<String, java.util.List<String>> values, String errorField, String error,
            boolean saved) {
        return manage(status, token, email, values, errorField, error, saved, null);
    }

    /** The manage page, with a link to the subscription's unsubscribe page when {@code unsubscribe} is given. */
    public HttpReply manage(int status, String token, String email, Map<String, java.util.List<String>> values, String errorField, String error,
            boolean saved, String unsubscribe) {
        String action = "/api/subscriptions/manage?token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);
        Map<String, Object> vars = new java.util.HashMap<>();
        vars.put("form", PageViews.subscriptionForm(values, index.current(), frequencies.get(), errorField, error));
        vars.put("email", email);
        vars.put("action", action);
        vars.put("saved", saved);
        vars.put("unsubscribe", unsubscribe);
        return page(status, "manage", "Your subscription", vars);
    }

    /**
     * A short page: a heading and a sentence; with {@code action} one button posting there (the unsubscribe page), with
     * {@code startAgain} a link to the subscribe form.
     */
    public HttpReply message(int status, String heading, String text, String action, boolean startAgain) {
        return message(status, heading, text, action, startAgain, null);
    }

    /** A link a message page offers as the next step (the confirmed page: change the subscription). */
    public record Link(String href, String text) {}

    public HttpReply message(int status, String heading, String text, String action, boolean startAgain, Link next) {
        Map<String, Object> vars = new java.util.HashMap<>();
        vars.put("next", next);
        vars.put("text", text);
        vars.put("action", action);
        vars.put("startAgain", startAgain);
        return page(status, "message", heading, vars);
    }

    /** Any failure a member can cause, as a page saying what is wrong. */
    public HttpReply error(HttpProblem p) {
        String heading = switch (p.getStatus()) {
            case 400 -> "That search could not be understood";
            case 404 -> "Not found";
            case 410 -> "This practice is no longer shared";
            case 429 -> "Too many requests";
            default -> "Something went wrong";
        };
        HttpReply r = page(p.getStatus(), "error", heading, Map.of("status", p.getStatus(), "detail", p.getMessage()));
        return r.withRetryAfter(p.getRetryAfter());
    }

    public HttpReply failure(Throwable t) {
        if (t instanceof HttpProblem p) {
            return error(p);
        }
        // the member sees a plain page; the cause goes to the log only
        LOG.error("page failed", t);
        return error(new HttpProblem(500, "Internal Server Error", "The hub could not answer this request."));
    }

    private HttpReply page(int status, String template, String pageTitle, Map<String, Object> vars) {
        Context c = new Context(Locale.ENGLISH);
        c.setVariables(vars);
        c.setVariable("hubTitle", title);
        c.setVariable("pageTitle", pageTitle);
        // text stored before the mapper replaced the characters HTML must not carry is made safe here, the one writer
        return new HttpReply(status, HTML, org.practicehub.mapping.Chars.replace(engine.process(template, c)), null, null);
    }
}
