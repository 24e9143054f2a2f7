package org.practicehub.mapping;

import java.text.Normalizer;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/** Text clean-up shared by mapping: folding for label lookups, HTML to safe HTML and to plain text. */
public final class Text {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NON_ALNUM = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** What partner HTML may keep: text structure and links, no scripts, styles, handlers or frames. */
    private static final Safelist SAFE = Safelist.basic().removeTags("span").addProtocols("a", "href", "http", "https", "mailto");

    private Text() {}

    /** A lookup key: NFKC, diacritics and case folded, "&" as "and", punctuation as space, no leading "the". */
    public static String fold(String s) {
        if (s == null) {
            return "";
        }
        if (isAscii(s)) {
            return foldAscii(s);
        }
        // ligatures NFD keeps whole: "main-d'œuvre" is written "main-d'oeuvre" as often
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).replace('&', ' ').replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
                .replace("Æ", "ae").replace("ß", "ss");
        n = Normalizer.normalize(n, Normalizer.Form.NFD);
        n = MARKS.matcher(n).replaceAll("").toLowerCase(java.util.Locale.ROOT);
        n = NON_ALNUM.matcher(n).replaceAll(" ").trim();
        n = n.replaceAll("\\band\\b", " and ").replaceAll(" +", " ").trim();
        return n.startsWith("the ") ? n.substring(4) : n;
    }

    /** Whether every character is ASCII: such a text folds on the fast path. */
    public static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The same folding in one pass for plain ASCII, which needs no Unicode normalisation: most partner text. */
    private static String foldAscii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean space = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                b.append(c);
                space = false;
            } else if (!space) {
                b.append(' ');
                space = true;
            }
        }
        int end = b.length();
        if (end > 0 && b.charAt(end - 1) == ' ') {
            b.setLength(end - 1);
        }
        String n = b.toString();
        return n.startsWith("the ") ? n.substring(4) : n;
    }

    /** Plain text of a value that may hold HTML, with whitespace collapsed. */
    public static String plain(String s) {
        if (s == null) {
            return null;
        }
        String t = s.indexOf('<') >= 0 || s.indexOf('&') >= 0 ? Jsoup.parse(s).text() : s;
        t = SPACES.matcher(t.replace('\u00a0', ' ')).replaceAll(" ").trim();
        return t.isEmpty() ? null : t;
    }

    /** Partner HTML reduced to the safe list; plain text is kept as paragraphs. */
    public static String safeHtml(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String html = s.indexOf('<') >= 0 ? s : paragraphs(s);
        Document.OutputSettings out = new Document.OutputSettings().prettyPrint(false);
        String clean = Jsoup.clean(html, "", SAFE, out).trim();
        return clean.isEmpty() ? null : clean;
    }

    /** Keeps paragraph breaks of a long plain text; the rest of the whitespace is collapsed. */
    public static String plainKeepingParagraphs(String s) {
        if (s == null) {
            return null;
        }
        if (s.indexOf('<') >= 0) {
            Document d = Jsoup.parse(s);
            d.select("p, br, li, h1, h2, h3, h4, div").forEach(e -> e.after("\n\n"));
            s = d.wholeText();
        }
        String[] paras = s.replace("\r", "").split("\\n\\s*\\n");
        StringBuilder b = new StringBuilder();
        for (String p : paras) {
            String t = SPACES.matcher(p.replace('\u00a0', ' ')).replaceAll(" ").trim();
            if (!t.isEmpty()) {
                if (b.length() > 0) {
                    b.append("\n\n");
                }
                b.append(t);
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    private static String paragraphs(String s) {
        StringBuilder b = new StringBuilder();
        for (String p : s.replace("\r", "").split("\\n\\s*\\n")) {
            String t = p.trim();
            if (!t.isEmpty()) {
                b.append("<p>").append(org.jsoup.nodes.Entities.escape(t)).append("</p>");
            }
        }
        return b.toString();
    }

    /** One partner text in the three forms the schema keeps, from a single parse. */
    public record Forms(String plain, String paragraphs, String html) {}

    /** Plain text, plain text with paragraphs, and sanitised HTML of a value that may hold HTML: parsed once. */
    public static Forms forms(String s) {
        if (s == null || s.isBlank()) {
            return new Forms(null, null, null);
        }
        if (s.indexOf('<') < 0 && s.indexOf('&') < 0) {
            // plain text needs no parser: the common case for JSON and CSV partners
            String paragraphs = plainKeepingParagraphs(s);
            return new Forms(plain(s), paragraphs, paragraphs == null ? null : paragraphs(s));
        }
        String html = s.indexOf('<') >= 0 ? s : paragraphs(s);
        Document clean = new org.jsoup.safety.Cleaner(SAFE).clean(Jsoup.parseBodyFragment(html));
        clean.outputSettings(new Document.OutputSettings().prettyPrint(false));
        String safe = clean.body().html().trim();
        String plain = SPACES.matcher(clean.body().text().replace('\u00a0', ' ')).replaceAll(" ").trim();
        clean.body().select("p, br, li, h1, h2, h3, h4, div").forEach(e -> e.after("\n\n"));
        return new Forms(plain.isEmpty() ? null : plain, plainKeepingParagraphs(clean.body().wholeText()), safe.isEmpty() ? null : safe);
    }

    /** Strips the characters that could break a header or a one-line field. */
    public static String oneLine(String s) {
        if (s == null || alreadyOneLine(s)) {
            // the usual case (a title, a header value) is left as it is without two regular expressions: a digest run
            // asks this several times for each of thousands of messages
            return s;
        }
        return SPACES.matcher(BREAKS.matcher(s).replaceAll(" ")).replaceAll(" ").trim();
    }

    private static final Pattern BREAKS = Pattern.compile("[\\r\\n\\u0085\\u2028\\u2029]");

    /** Whether {@link #oneLine} would give the string back unchanged: no line break, no white space but single spaces inside. */
    static boolean alreadyOneLine(String s) {
        int n = s.length();
        if (n > 0 && (s.charAt(0) <= ' ' || s.charAt(n - 1) <= ' ')) {
            return false;
        }
        char before = 'x';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == ' ' ? before == ' ' : c < ' ' && (c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r')
                    || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
            before = c;
        }
        return true;
    }

    /** At most {@code max} characters, cut at a word boundary, with an ellipsis. */
    public static String shorten(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int cut = s.lastIndexOf(' ', max - 1);
        return s.substring(0, cut > max / 2 ? cut : max - 1).trim() + "…";
    }
}
