package org.practicehub.config;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The one step every HTTP request and answer passes, in front of the routes (a Vert.x handler on platform-http's
 * router, so that nothing the routes do, or fail to do, can leave it out):
 * <ul>
 * <li>every answer, public page, API, feed, error or console, carries {@code X-Content-Type-Options: nosniff},
 * {@code X-Frame-Options: DENY} and a Content-Security-Policy without scripts, unless its route set its own;</li>
 * <li>a query string that does not decode ({@code ?country=%zz}) is answered 400 here with one WARN line: it failed
 * inside platform-http before any route, and Vert.x logged an ERROR with a stack trace for each.</li>
 * </ul>
 */
final class HttpGuard {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpGuard.class);
    static final String CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    private HttpGuard() {}

    static void install(CamelContext context, int port) {
        try {
            context.addStartupListener((ctx, alreadyStarted) -> {
                VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(ctx, VertxPlatformHttpRouter.getRouterNameFromPort(port));
                if (router != null) {
                    router.route().order(Integer.MIN_VALUE).handler(HttpGuard::handle);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot install the HTTP guard", e);
        }
    }

    static void handle(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            MultiMap h = ctx.response().headers();
            putIfAbsent(h, "X-Content-Type-Options", "nosniff");
            putIfAbsent(h, "X-Frame-Options", "DENY");
            putIfAbsent(h, "Content-Security-Policy", CSP);
        });
        try {
            ctx.queryParams();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.warn("{} {}: malformed query string from {}: {}", ctx.request().method(), ctx.request().path(), ctx.request().remoteAddress(),
                    String.valueOf(cause.getMessage()).replaceAll("[\\r\\n]+", " "));
            ctx.response().setStatusCode(400).putHeader("Content-Type", "application/problem+json")
                    .end("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"the query string is not valid"
                            + " percent-encoding\"}");
            return;
        }
        ctx.next();
    }

    private static void putIfAbsent(MultiMap h, String name, String value) {
        if (!h.contains(name)) {
            h.set(name, value);
        }
    }
}
