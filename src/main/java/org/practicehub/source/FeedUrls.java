package org.practicehub.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Relative URLs in feeds: entry links and the links and images inside entry content are made absolute
 * against the entry's base (xml:base, the feed's link or the document's URL), so that they still point
 * somewhere once the entry lives in the hub. Only http(s) bases count: a {@code javascript:} or
 * malformed xml:base is ignored.
 */
final class FeedUrls {

    private static final Pattern URL_ATTRIBUTE = Pattern.compile("(?i)\\b(href|src)\\s*=");

    private FeedUrls() {}

    /** An absolute http(s) URL with a host, or null. */
    static URI httpBase(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            URI u = new URI(s.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null ? u : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** A base changed by an xml:base value: relative to the current base; ignored unless it gives an http(s) URL. */
    static URI rebase(URI base, String xmlBase) {
        if (xmlBase == null) {
            return base;
        }
        String resolved = resolve(base, xmlBase);
        URI b = httpBase(resolved);
        return b == null ? base : b;
    }

    /** The reference made absolute against the base; unchanged when it is absolute already or cannot be read. */
    static String resolve(URI base, String ref) {
        if (ref == null || base == null) {
            return ref;
        }
        String r = ref.trim();
        if (r.isEmpty()) {
            return ref;
        }
        try {
            URI u = new URI(r);
            if (u.isAbsolute()) {
                return ref;
            }
            // java.net.URI resolves "x" against "http://host" (empty path) to "http://hostx"
            URI b = base.getRawPath() == null || base.getRawPath().isEmpty() ? base.resolve("/") : base;
            return b.resolve(u).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return ref;
        }
    }

    /** HTML with its href and src attributes made absolute; the same string when there was nothing to change. */
    static String resolveInHtml(String html, URI base) {
        if (html == null || base == null || html.indexOf('<') < 0 || !URL_ATTRIBUTE.matcher(html).find()) {
            return html;
        }
        Document d = Jsoup.parseBodyFragment(html, base.toString());
        d.outputSettings().prettyPrint(false);
        boolean changed = false;
        for (Element e : d.select("[href], [src]")) {
            for (String a : new String[] {"href", "src"}) {
                if (e.hasAttr(a)) {
                    String abs = resolve(base, e.attr(a));
                    if (!abs.equals(e.attr(a))) {
                        e.attr(a, abs);
                        changed = true;
                    }
                }
            }
        }
        return changed ? d.body().html() : html;
    }
}
