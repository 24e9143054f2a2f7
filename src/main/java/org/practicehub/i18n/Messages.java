package org.practicehub.i18n;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the hub says to members, by language, from properties bundles on the classpath ({@code messages/<name>_<lang>.properties},
 * UTF-8). Several bundles are read as one: a key is looked up in each basename in turn, in the member's language, then in
 * English. A feature adds its own file (say {@code messages/growth_en.properties}) and its basename to {@link #BASENAMES}
 * (docs/i18n.md). Every text goes through {@link MessageFormat} with the language's locale, arguments or not, so numbers
 * and dates are written the language's way and an apostrophe is always written the same: the typographic ’, or '' .
 */
public final class Messages {

    /** The member-facing bundles; a basename without files yet is skipped. */
    public static final List<String> BASENAMES = List.of("messages/member", "messages/growth", "messages/search");

    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final List<String> basenames;
    private final ConcurrentHashMap<String, MessageFormat> formats = new ConcurrentHashMap<>();

    public Messages(List<String> basenames) {
        this.basenames = List.copyOf(basenames);
    }

    /** The hub's member bundles. */
    public static Messages member() {
        return new Messages(BASENAMES);
    }

    private static ResourceBundle bundle(String basename, String lang) {
        try {
            // the hub's languages only, never the JVM's default locale as a fallback
            return ResourceBundle.getBundle(basename, Locale.forLanguageTag(lang), Messages.class.getClassLoader(), NO_FALLBACK);
        } catch (MissingResourceException e) {
            return null;
        }
    }

    /** The raw text of a key in a language (any tag: it is brought to one of the hub's), else in English, else null. */
    public String raw(String lang, String key) {
        String l = Languages.of(lang);
        String v = find(l, key);
        return v != null || l.equals(Languages.DEFAULT) ? v : find(Languages.DEFAULT, key);
    }

    private String find(String lang, String key) {
        for (String b : basenames) {
            ResourceBundle r = bundle(b, lang);
            // a bundle's own language only: ResourceBundle would otherwise hand back the base file's text
            if (r != null && r.getLocale().getLanguage().equals(lang) && r.containsKey(key)) {
                return r.getString(key);
            }
        }
        return null;
    }

    /** The text of a key with its arguments, in a language; a key no bundle has shows as ??key?? (a test checks there are none). */
    public String get(String lang, String key, Object... args) {
        String l = Languages.of(lang);
        String raw = raw(l, key);
        if (raw == null) {
            return "??" + key + "??";
        }
        MessageFormat f = formats.computeIfAbsent(l + '\u0000' + key, k -> new MessageFormat(raw, Locale.forLanguageTag(l)));
        synchronized (f) {
            return f.format(args == null ? new Object[0] : args);
        }
    }

    /** Every key of a language's bundles (those of the basenames that have a file for it), for the completeness test. */
    public List<String> keys(String lang) {
        List<String> out = new ArrayList<>();
        for (String b : basenames) {
            ResourceBundle r = bundle(b, lang);
            if (r != null && r.getLocale().getLanguage().equals(lang)) {
                out.addAll(r.keySet());
            }
        }
        return out;
    }
}
