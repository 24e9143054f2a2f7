package org.practicehub.web;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.practicehub.i18n.Languages;
import org.practicehub.i18n.Messages;
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
    private final Messages messages;
    private final String css;
    private final java.util.function.Supplier<java.util.Set<String>> frequencies;
    private final String publicUrl;

    /** @param frequencies the frequencies a member may choose (the digests offer them), as the API checks them */
    public Pages(PracticeIndex index, PracticeStore store, String title, java.util.function.Supplier<java.util.Set<String>> frequencies) {
        this(index, store, title, frequencies, "");
    }

    /** @param publicUrl the hub's public address, for the links a download carries out of the site (the matrix's CSV) */
    public Pages(PracticeIndex index, PracticeStore store, String title, java.util.function.Supplier<java.util.Set<String>> frequencies,
            String publicUrl) {
        this.publicUrl = publicUrl;
        this.index = index;
        this.frequencies = frequencies;
        this.store = store;
        this.title = title;
        this.messages = Messages.member();
        this.engine = Templates.engine(messages);
        this.css = Templates.resource("/static/hub.css");
    }

    /** The stats of one index generation: charts are drawn once per change of the depository, not per request. */
    private record Drawn(long seq, Charts.Stats stats) {}

    private volatile Drawn drawn = new Drawn(Long.MIN_VALUE, null);

    /** The stats page as last rendered, with the generation it shows: it changes only when the depository does. */
    private record Rendered(long seq, HttpReply reply) {}

    private final java.util.Map<String, Rendered> statsPage = new java.util.concurrent.ConcurrentHashMap<>();

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

    /** The language of a page no member token decides (bean call of the page routes, kept as the exchange property hubLang). */
    public Languages.Pick language(String rawQuery, String cookie, String acceptLanguage) {
        return Languages.pick(rawQuery, cookie, acceptLanguage);
    }

    /** GET /stats: the depository in numbers, rendered once per index generation and language. */
    public HttpReply stats(Languages.Pick lang) {
        Languages.Pick l = lang == null ? Languages.Pick.DEFAULT : lang;
        Drawn d = drawn(index.current());
        Rendered r = statsPage.get(l.tag());
        if (r == null || r.seq() != d.seq()) {
            r = new Rendered(d.seq(), page(200, "stats", text(l, "stats.title"), Map.of("stats", d.stats()), new Languages.Pick(l.tag(), false), "/stats"));
            statsPage.put(l.tag(), r);
        }
        return l.chosen() ? r.reply().inLanguage(l.tag(), VARY, cookie(l)) : r.reply();
    }

    public HttpReply stats() {
        return stats(Languages.Pick.DEFAULT);
    }

    public String css() {
        return css;
    }

    /** The hub's title, as the pages show it. */
    public String title() {
        return title;
    }

    /** GET /practices: search, facets with counts, one page of results. */
    public HttpReply browse(String rawQuery, Languages.Pick lang) {
        String query = Languages.withoutLang(rawQuery);
        try {
            PracticeQuery q = PracticeQuery.parse(PageViews.filtersOnly(query));
            PageViews.Browse view = PageViews.browse(query, q, index.current(), store::byIds, locale(lang));
            return page(200, "practices", text(lang, "practices.title"), Map.of("view", view), lang, "/practices" + (query == null || query.isEmpty() ? "" : "?" + query));
        } catch (HttpProblem p) {
            return error(p, lang);
        }
    }

    public HttpReply browse(String rawQuery) {
        return browse(rawQuery, Languages.Pick.DEFAULT);
    }

    /** GET /practices/{id}: every field present and its provenance; 410 once withdrawn. Merged ids are redirected by the route. */
    public HttpReply practice(String id, Languages.Pick lang) {
        if (store.isWithdrawn(id)) {
            return error(new HttpProblem(410, "Gone", text(lang, "error.practice.withdrawn")), lang);
        }
        Practice p = store.get(id).orElse(null);
        if (p == null) {
            return error(new HttpProblem(404, "Not Found", text(lang, "error.practice.missing", id)), lang);
        }
        return page(200, "practice", p.title(), Map.of("view", PageViews.detail(p, locale(lang)), "related", related(p)), lang, "/practices/" + id);
    }

    public HttpReply practice(String id) {
        return practice(id, Languages.Pick.DEFAULT);
    }

    /** How many related practices a practice page lists. */
    static final int RELATED = 5;

    /** The practices most like this one, from the search index (shared rare terms, themes, places, organisations). */
    private java.util.List<PageViews.Link> related(Practice p) {
        PracticeIndex.Snapshot s = index.current();
        if (s.search() == null) {
            return java.util.List.of();
        }
        java.util.List<Integer> positions = s.search().related(p, RELATED);
        return s.search().stored(positions).stream()
                .map(st -> new PageViews.Link("/practices/" + s.entries().get(st.position()).id(), st.title())).toList();
    }

    /**
     * GET /matrix: places by migration phase, each cell its practices; filters as the browse page's. Its words are in
     * English for now, marked so on a page in another language (as the stats page's charts).
     */
    public HttpReply matrix(String rawQuery, Languages.Pick lang) {
        String query = Languages.withoutLang(rawQuery);
        try {
            PracticeQuery q = PracticeQuery.parse(MatrixViews.filtersOnly(query));
            return page(200, "matrix", "Matrix of programmes by place and migration phase", Map.of("matrix", MatrixViews.matrix(query, q, index.current())),
                    lang, "/matrix" + (query == null || query.isEmpty() ? "" : "?" + query));
        } catch (HttpProblem p) {
            return error(p, lang);
        }
    }

    /** GET /matrix.csv: the matrix with every practice, one line per place, phase and practice. */
    public HttpReply matrixCsv(String rawQuery, Languages.Pick lang) {
        String query = Languages.withoutLang(rawQuery);
        try {
            PracticeQuery q = PracticeQuery.parse(MatrixViews.filtersOnly(query));
            return new HttpReply(200, "text/csv; charset=UTF-8", MatrixViews.csv(query, q, index.current(), publicUrl), null, null);
        } catch (HttpProblem p) {
            return error(p, lang);
        }
    }

    private volatile DirectoryViews.Directory directory;

    private DirectoryViews.Directory directory(PracticeIndex.Snapshot s) {
        DirectoryViews.Directory d = directory;
        if (d == null || d.seq() != s.seq()) {
            d = DirectoryViews.build(s);
            directory = d;
        }
        return d;
    }

    /** GET /organisations: every partner and donor organisation, merged by name and acronym (words in English for now). */
    public HttpReply organisations(Languages.Pick lang) {
        PracticeIndex.Snapshot s = index.current();
        return page(200, "organisations", "Directory of organisations", Map.of("lines", DirectoryViews.lines(directory(s), s)), lang, "/organisations");
    }

    /** GET /organisations/{slug}: one organisation, its practices and networks. */
    public HttpReply organisation(String slug, Languages.Pick lang) {
        PracticeIndex.Snapshot s = index.current();
        DirectoryViews.Directory d = directory(s);
        org.practicehub.publish.search.Organisations.Organisation o = slug == null ? null : d.bySlug().get(slug);
        if (o == null) {
            return error(new HttpProblem(404, "Not Found", "There is no organisation " + slug + " in the directory."), lang);
        }
        return page(200, "organisation", o.title(), Map.of("org", DirectoryViews.page(o, d, s)), lang, "/organisations/" + slug);
    }

    /** GET /subscribe, prefilled from the query (the browse page links here with its current filters). */
    public HttpReply subscribePage(String rawQuery, Languages.Pick lang) {
        String query = Languages.withoutLang(rawQuery);
        return subscribeForm(200, PageViews.params(query), null, null, lang, "/subscribe" + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    public HttpReply subscribePage(String rawQuery) {
        return subscribePage(rawQuery, Languages.Pick.DEFAULT);
    }

    /** The subscribe form; with an error it is the refused form, its values kept. */
    public HttpReply subscribeForm(int status, Map<String, java.util.List<String>> values, String errorField, String error, Languages.Pick lang) {
        return subscribeForm(status, values, errorField, error, lang, null);
    }

    public HttpReply subscribeForm(int status, Map<String, java.util.List<String>> values, String errorField, String error) {
        return subscribeForm(status, values, errorField, error, Languages.Pick.DEFAULT);
    }

    private HttpReply subscribeForm(int status, Map<String, java.util.List<String>> values, String errorField, String error, Languages.Pick lang,
            String here) {
        return page(status, "subscribe", text(lang, "subscribe.title"),
                Map.of("form", PageViews.subscriptionForm(values, index.current(), frequencies.get(), errorField, error, locale(lang))), lang, here);
    }

    /** The answer to a valid subscribe form, the same whatever the address's state: nothing tells who is subscribed. */
    public HttpReply inbox(Languages.Pick lang) {
        return message(200, "inbox.title", "inbox.text", new Object[0], null, false, null, lang);
    }

    public HttpReply inbox() {
        return inbox(Languages.Pick.DEFAULT);
    }

    /** The manage page: the subscription's settings in a form that posts back to the manage link. */
    public HttpReply manage(int status, String token, String email, Map<String, java.util.List<String>> values, String errorField, String error,
            boolean saved) {
        return manage(status, token, email, values, errorField, error, saved, null, Languages.DEFAULT);
    }

    /**
     * The manage page, in the member's language, with a link to the subscription's unsubscribe page when
     * {@code unsubscribe} is given.
     */
    public HttpReply manage(int status, String token, String email, Map<String, java.util.List<String>> values, String errorField, String error,
            boolean saved, String unsubscribe, String memberLanguage) {
        String action = "/api/subscriptions/manage?token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8);
        Languages.Pick lang = member(memberLanguage);
        Map<String, Object> vars = new java.util.HashMap<>();
        vars.put("form", PageViews.subscriptionForm(values, index.current(), frequencies.get(), errorField, error, lang.locale()));
        vars.put("email", email);
        vars.put("action", action);
        vars.put("saved", saved);
        vars.put("unsubscribe", unsubscribe);
        // recommending someone is done under the same signed link (Recommendations)
        vars.put("recommend", "/api/subscriptions/recommend?token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8));
        return page(status, "manage", text(lang, "manage.title"), vars, lang, null);
    }

    /** The language of a page reached by a member's token: the one they chose (one of the hub's; English for any other). */
    public static Languages.Pick member(String memberLanguage) {
        return new Languages.Pick(Languages.of(memberLanguage), false);
    }

    /**
     * The recommend form, or after a recommendation the same page thanking the member (identical whatever the address's
     * state), in the member's language (messages/growth_*.properties).
     */
    public HttpReply recommend(int status, String memberLanguage, String action, String back, boolean approval, String error, String value,
            boolean sent) {
        Languages.Pick lang = member(memberLanguage);
        Map<String, Object> vars = new java.util.HashMap<>();
        vars.put("action", action);
        vars.put("back", back);
        vars.put("approval", approval);
        vars.put("error", error);
        vars.put("value", value);
        vars.put("sent", sent);
        return page(status, "recommend", text(lang, sent ? "recommend.sent.heading" : "recommend.title"), vars, lang, null);
    }

    /** A short page in the member's language (the confirmation awaiting approval): a heading and a sentence, bundle keys. */
    public HttpReply said(int status, String memberLanguage, String headingKey, String textKey, Object... args) {
        Languages.Pick lang = member(memberLanguage);
        return page(status, "said", text(lang, headingKey), Map.of("text", text(lang, textKey, args)), lang, null);
    }

    /** A link a message page offers as the next step (the confirmed page: change the subscription). */
    public record Link(String href, String text) {}

    /**
     * A short page: a heading and a sentence (bundle keys, the sentence with its arguments); with {@code action} one
     * button posting there (the unsubscribe page), with {@code startAgain} a link to the subscribe form, with
     * {@code next} a link as the next step (its text a bundle key).
     */
    public HttpReply message(int status, String headingKey, String textKey, Object[] args, String action, boolean startAgain, Link next,
            Languages.Pick lang) {
        Map<String, Object> vars = new java.util.HashMap<>();
        vars.put("next", next == null ? null : new Link(next.href(), text(lang, next.text())));
        vars.put("text", text(lang, textKey, args));
        vars.put("action", action);
        vars.put("startAgain", startAgain);
        return page(status, "message", text(lang, headingKey), vars, lang, null);
    }

    /** Any failure a member can cause, as a page saying what is wrong, in the page's language. */
    public HttpReply error(HttpProblem p, Languages.Pick lang) {
        String heading = switch (p.getStatus()) {
            case 400, 404, 410, 429 -> text(lang, "error." + p.getStatus());
            default -> text(lang, "error.500");
        };
        // the API's own detail (a 400 naming the parameter) is in English: marked so where the page is not
        boolean english = p.getStatus() == 400;
        String detail = p.getStatus() == 429 ? text(lang, "error.tooMany") : p.getMessage();
        Map<String, Object> vars = new java.util.HashMap<>();
        vars.put("status", p.getStatus());
        vars.put("detail", detail);
        vars.put("detailLang", english && !Languages.DEFAULT.equals(tag(lang)) ? Languages.DEFAULT : null);
        return page(p.getStatus(), "error", heading, vars, lang, null).withRetryAfter(p.getRetryAfter());
    }

    public HttpReply error(HttpProblem p) {
        return error(p, Languages.Pick.DEFAULT);
    }

    public HttpReply failure(Throwable t, Languages.Pick lang) {
        if (t instanceof HttpProblem p) {
            return error(p, lang);
        }
        // the member sees a plain page; the cause goes to the log only
        LOG.error("page failed", t);
        return error(new HttpProblem(500, "Internal Server Error", text(lang, "error.failed")), lang);
    }

    public HttpReply failure(Throwable t) {
        return failure(t, Languages.Pick.DEFAULT);
    }

    /** What a page's answer varies on when the request chose its language. */
    static final String VARY = "Accept-Language, Cookie";

    private static String tag(Languages.Pick lang) {
        return lang == null ? Languages.DEFAULT : lang.tag();
    }

    private static java.util.Locale locale(Languages.Pick lang) {
        return java.util.Locale.forLanguageTag(tag(lang));
    }

    private String text(Languages.Pick lang, String key, Object... args) {
        return messages.get(tag(lang), key, args);
    }

    /** The cookie that keeps a choice made with ?lang= (its value one of three fixed tags, so nothing of the request is echoed). */
    private static String cookie(Languages.Pick lang) {
        return lang != null && lang.chosen() ? Languages.COOKIE + "=" + lang.tag() + "; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly" : null;
    }

    /** One language of the switcher: a link to this page in that language. */
    public record Switch(String tag, String name, String href, boolean current) {}

    /**
     * @param here the page's path and query (without lang) for the language switcher, or null: a page reached by a
     *             member's token (its language is the member's) or by a POST shows none
     */
    private HttpReply page(int status, String template, String pageTitle, Map<String, Object> vars, Languages.Pick lang, String here) {
        String tag = tag(lang);
        Context c = new Context(java.util.Locale.forLanguageTag(tag));
        c.setVariables(vars);
        c.setVariable("hubTitle", title);
        c.setVariable("pageTitle", pageTitle);
        c.setVariable("lang", tag);
        if (here != null) {
            String sep = here.contains("?") ? "&" : "?";
            c.setVariable("switcher", Languages.SUPPORTED.stream()
                    .map(l -> new Switch(l, messages.get(l, "lang.name"), here + sep + "lang=" + l, l.equals(tag))).toList());
        }
        // text stored before the mapper replaced the characters HTML must not carry is made safe here, the one writer
        HttpReply r = new HttpReply(status, HTML, org.practicehub.mapping.Chars.replace(engine.process(template, c)), null, null);
        return r.inLanguage(tag, here == null ? null : VARY, cookie(lang));
    }
}
