package org.practicehub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The automated accessibility check: axe-core run inside the page the browser shows, so it sees the styles, contrast and
 * focus order as a member gets them. axe.min.js comes from Maven Central inside Deque's axe-core Selenium artifact (the
 * npm package's own file; see the pom): Maven resolves it like any test dependency, so CI needs no npm and no network
 * after the build has resolved its dependencies.
 */
public final class Axe {

    /** The impacts that fail a page: axe's "serious" and "critical". */
    static final Set<String> FAILING = Set.of("serious", "critical");

    /** One rule a page breaks, with where: readable in an assertion message. */
    public record Violation(String rule, String impact, String help, String helpUrl, List<String> nodes) {
        @Override
        public String toString() {
            return "[" + impact + "] " + rule + ": " + help + " (" + helpUrl + ")\n    " + String.join("\n    ", nodes);
        }
    }

    private static volatile String source;

    private Axe() {}

    static String source() {
        if (source == null) {
            try (InputStream in = Axe.class.getResourceAsStream("/axe.min.js")) {
                if (in == null) {
                    throw new IllegalStateException("axe.min.js is not on the test classpath: com.deque.html.axe-core:selenium is missing from the pom");
                }
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }

    /** The page's serious and critical violations; an empty list when it passes. */
    public static List<Violation> check(WebDriver browser) {
        return all(browser).stream().filter(v -> FAILING.contains(v.impact())).toList();
    }

    /** Every violation axe finds, minor and moderate ones included. */
    public static List<Violation> all(WebDriver browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object'"))) {
            js.executeScript(source());
        }
        Object out = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(JSON.stringify(r.violations)))
                   .catch(e => done(JSON.stringify({error: String(e)})));
                """);
        try {
            JsonNode violations = TestSupport.JSON.readTree((String) out);
            if (violations.has("error")) {
                throw new IllegalStateException("axe failed in " + browser.getCurrentUrl() + ": " + violations.get("error").asText());
            }
            List<Violation> found = new ArrayList<>();
            for (JsonNode v : violations) {
                List<String> nodes = new ArrayList<>();
                for (JsonNode n : v.path("nodes")) {
                    nodes.add(n.path("target").toString() + " " + n.path("html").asText() + " -> "
                            + n.path("failureSummary").asText().replace("\n", " "));
                }
                found.add(new Violation(v.path("id").asText(), v.path("impact").asText(), v.path("help").asText(), v.path("helpUrl").asText(), nodes));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
