package org.practicehub.source;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.QueryParser;

/**
 * A path of an {@code html} source: a CSS selector (jsoup's) within the item, and what to read of each element it
 * selects: its text ({@code h2 a}), an attribute ({@code h2 a@href}; {@code href} and {@code src} made absolute against the
 * page), or its inner HTML ({@code .body@html}, sanitised by the mapper like any partner HTML). An empty selector is the
 * item itself ({@code @data-id}). A path that starts with {@code detail:} is read on the item's detail page instead
 * ({@code detail: .field--body@html}), whose selector applies to the whole page.
 */
record HtmlPath(boolean detail, String css, String what) {

    private static final Pattern READ = Pattern.compile("^(.*?)@([A-Za-z_:][-A-Za-z0-9_:.]*)$");

    static HtmlPath of(String path) {
        String p = path.trim();
        boolean detail = p.startsWith("detail:");
        if (detail) {
            p = p.substring("detail:".length()).trim();
        }
        Matcher m = READ.matcher(p);
        return m.matches() ? new HtmlPath(detail, m.group(1).trim(), m.group(2)) : new HtmlPath(detail, p, "text");
    }

    /** Null when jsoup can use the selector, else why not. */
    String problem() {
        if (css.isEmpty()) {
            return null;
        }
        try {
            QueryParser.parse(css);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** The non-blank values of every element the selector finds in {@code root} (or of {@code root}, for an empty one). */
    List<String> read(Element root) {
        Elements found = css.isEmpty() ? new Elements(root) : root.select(css);
        List<String> out = new ArrayList<>();
        for (Element e : found) {
            String v = switch (what) {
                case "text" -> e.text();
                case "html" -> e.html();
                case "href", "src" -> e.attr("abs:" + what).isEmpty() ? e.attr(what) : e.attr("abs:" + what);
                default -> e.attr(what);
            };
            if (v != null && !v.isBlank()) {
                out.add(v.trim());
            }
        }
        return out;
    }
}
