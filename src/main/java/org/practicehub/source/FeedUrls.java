package org.practicehub.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

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
        if (html == null || base == null || html.indexOf('<') < 0 || !mayHaveRelativeUrl(html)) {
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

    /**
     * Whether some href or src value in the text may be relative, without parsing it: every {@code href} or {@code src}
     * followed by {@code =} (in any case, whatever comes before it, so a superset of the attributes an HTML parser finds)
     * counts unless its value starts with a scheme, which {@link #resolve} leaves as it is. Most partners' links are
     * absolute, and parsing every entry's HTML to find that out was a tenth of a feed's parsing time.
     */
    static boolean mayHaveRelativeUrl(String html) {
        int n = html.length();
        for (int eq = html.indexOf('='); eq >= 0; eq = html.indexOf('=', eq + 1)) {
            int end = eq;
            while (end > 0 && html.charAt(end - 1) <= ' ') {
                end--;
            }
            if (!endsWith(html, end, "href") && !endsWith(html, end, "src")) {
                continue;
            }
            int v = eq + 1;
            while (v < n && html.charAt(v) <= ' ') {
                v++;
            }
            if (v < n && (html.charAt(v) == '"' || html.charAt(v) == '\'')) {
                v++;
            }
            while (v < n && html.charAt(v) <= ' ') {
                v++;
            }
            if (!startsWithScheme(html, v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWith(String s, int end, String name) {
        return end >= name.length() && s.regionMatches(true, end - name.length(), name, 0, name.length());
    }

    /** RFC 3986's scheme: a letter, then letters, digits, '+', '-' or '.', then ':'. */
    private static boolean startsWithScheme(String s, int i) {
        if (i >= s.length() || !isAsciiLetter(s.charAt(i))) {
            return false;
        }
        for (int k = i + 1; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == ':') {
                return true;
            }
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
