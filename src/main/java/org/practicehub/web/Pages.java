package org.practicehub.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.practicehub.model.Practice;
import org.practicehub.publish.depository.PracticeIndex;
import org.practicehub.store.PracticeStore;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

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

    public Pages(PracticeIndex index, PracticeStore store, String title) {
        this.index = index;
        this.store = store;
        this.title = title;
        ClassLoaderTemplateResolver r = new ClassLoaderTemplateResolver(Pages.class.getClassLoader());
        r.setPrefix("templates/");
        r.setSuffix(".html");
        r.setTemplateMode(TemplateMode.HTML);
        r.setCharacterEncoding("UTF-8");
        r.setCacheable(true);
        this.engine = new TemplateEngine();
        engine.setTemplateResolver(r);
        try (InputStream in = Pages.class.getResourceAsStream("/static/hub.css")) {
            this.css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** Any failure a member can cause, as a page saying what is wrong. */
    public HttpReply error(HttpProblem p) {
        String heading = switch (p.getStatus()) {
            case 400 -> "That search could not be understood";
            case 404 -> "Not found";
            case 410 -> "This practice is no longer shared";
            case 429 -> "Too many requests";
            default -> "Something went wrong";
        };
        return page(p.getStatus(), "error", heading, Map.of("status", p.getStatus(), "detail", p.getMessage()));
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
        return new HttpReply(status, HTML, engine.process(template, c), null, null);
    }
}
