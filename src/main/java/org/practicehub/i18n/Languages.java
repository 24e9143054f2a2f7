package org.practicehub.i18n;

import java.util.List;
import java.util.Locale;

/**
 * The languages the hub speaks to members: English, Spanish and French, those its message bundles exist for. Any other
 * tag (a stored "pt" or "ar" from before, a region such as "es-MX", a value nobody checked) is brought to one of them
 * here, so that what reaches a page, a mail body or a header is always one of three fixed strings.
 */
public final class Languages {

    /** In the order the forms and the switcher offer them. */
    public static final List<String> SUPPORTED = List.of("en", "es", "fr");

    public static final String DEFAULT = "en";

    private Languages() {}

    /** The language of a tag: its primary subtag when the hub speaks it ("es-MX" is Spanish), else English. */
    public static String of(String tag) {
        String primary = primary(tag);
        return primary != null && SUPPORTED.contains(primary) ? primary : DEFAULT;
    }

    /** Whether the hub speaks this tag's language (region and script subtags aside). */
    public static boolean spoken(String tag) {
        String primary = primary(tag);
        return primary != null && SUPPORTED.contains(primary);
    }

    private static String primary(String tag) {
        if (tag == null) {
            return null;
        }
        String t = tag.trim();
        int dash = t.indexOf('-') >= 0 ? t.indexOf('-') : t.indexOf('_');
        String p = (dash < 0 ? t : t.substring(0, dash)).toLowerCase(Locale.ROOT);
        return p.matches("[a-z]{2,3}") ? p : null;
    }

    public static Locale locale(String tag) {
        return Locale.forLanguageTag(of(tag));
    }

    /**
     * The best of the hub's languages for an Accept-Language header (RFC 9110 12.5.4, weights honoured), else English.
     * A header that does not parse counts as absent.
     */
    public static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 500) {
            return DEFAULT;
        }
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(header);
            for (Locale.LanguageRange r : ranges) {
                if (r.getWeight() <= 0) {
                    continue;
                }
                if (spoken(r.getRange())) {
                    return of(r.getRange());
                }
            }
        } catch (IllegalArgumentException e) {
            return DEFAULT;
        }
        return DEFAULT;
    }

    /** A page's language and whether the visitor chose it just now (?lang=), so that it is remembered. */
    public record Pick(String tag, boolean chosen) {
        public static final Pick DEFAULT = new Pick(Languages.DEFAULT, false);

        public Locale locale() {
            return Locale.forLanguageTag(tag);
        }
    }

    /** The cookie that keeps a visitor's choice of language; its value is only ever one of {@link #SUPPORTED}. */
    public static final String COOKIE = "hub-lang";

    /**
     * The language of a page no member token decides: {@code ?lang=} (a language the hub speaks), then the cookie a
     * previous choice left, then Accept-Language, then English.
     */
    public static Pick pick(String rawQuery, String cookieHeader, String acceptLanguage) {
        String asked = param(rawQuery, "lang");
        if (asked != null && spoken(asked)) {
            return new Pick(of(asked), true);
        }
        String kept = cookie(cookieHeader, COOKIE);
        if (kept != null && spoken(kept)) {
            return new Pick(of(kept), false);
        }
        return new Pick(fromAcceptLanguage(acceptLanguage), false);
    }

    static String param(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    static String cookie(String header, String name) {
        if (header == null || header.length() > 8192) {
            return null;
        }
        for (String c : header.split(";")) {
            String t = c.trim();
            if (t.startsWith(name + "=")) {
                return t.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** The query without its {@code lang} parameter: the language is not a filter. */
    public static String withoutLang(String rawQuery) {
        if (rawQuery == null || !rawQuery.contains("lang=")) {
            return rawQuery;
        }
        StringBuilder b = new StringBuilder();
        for (String pair : rawQuery.split("&")) {
            if (!pair.equals("lang") && !pair.startsWith("lang=") && !pair.isEmpty()) {
                b.append(b.length() == 0 ? "" : "&").append(pair);
            }
        }
        return b.toString();
    }
}
