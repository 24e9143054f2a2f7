package org.practicehub.mapping;

/**
 * The characters a practice's text may not hold: those XML 1.0 forbids (C0 controls other than tab, line feed and
 * carriage return; U+FFFE and U+FFFF) and lone surrogates, which no UTF-8 writer can encode. Partners send them (a
 * JSON {@code \u0001}, a NUL in a CSV cell); one such value stored would make every Atom feed written after it fail.
 * They are replaced by U+FFFD where text enters (the mapper), and again by every writer, for text stored before.
 */
public final class Chars {

    public static final char REPLACEMENT = '\uFFFD';

    private Chars() {}

    /** Whether the text holds none of the forbidden characters; the usual answer, found without copying. */
    public static boolean safe(String s) {
        return s == null || firstUnsafe(s) < 0;
    }

    /** The text with every forbidden character (a lone surrogate counts as one) replaced by U+FFFD. */
    public static String replace(String s) {
        int at = s == null ? -1 : firstUnsafe(s);
        if (at < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, at);
        for (int i = at; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(forbidden(c) ? REPLACEMENT : c);
            }
        }
        return b.toString();
    }

    /** How many forbidden characters the text holds. */
    public static int count(String s) {
        int n = 0;
        for (int i = s == null ? 0 : s.length(); i-- > 0; ) {
            char c = s.charAt(i);
            if (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1))) {
                i--;
            } else if (forbidden(c)) {
                n++;
            }
        }
        return n;
    }

    private static int firstUnsafe(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0xD800) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (forbidden(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Forbidden on its own: a control other than tab, LF, CR; a surrogate (its pair is checked by the caller); U+FFFE, U+FFFF. */
    private static boolean forbidden(char c) {
        return c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF';
    }

    /**
     * Whether a JSON text may carry a forbidden character, raw or as an escape ({@code \u0001}, {@code \ud800},
     * {@code \uffff}): a cheap scan that decides whether a stored document must be read and written again before it
     * is published. A surrogate escape counts even when paired; the caller's parse settles it.
     */
    public static boolean suspectJson(String json) {
        if (firstUnsafe(json) >= 0) {
            return true;
        }
        for (int i = json.indexOf("\\u"); i >= 0 && i + 6 <= json.length(); i = json.indexOf("\\u", i + 2)) {
            if (escaped(json, i)) {
                continue;
            }
            String hex = json.substring(i + 2, i + 6).toLowerCase(java.util.Locale.ROOT);
            if (hex.startsWith("000") || hex.startsWith("001") || hex.startsWith("d8") || hex.startsWith("d9") || hex.startsWith("da")
                    || hex.startsWith("db") || hex.startsWith("dc") || hex.startsWith("dd") || hex.startsWith("de") || hex.startsWith("df")
                    || hex.equals("fffe") || hex.equals("ffff")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the backslash at {@code at} is itself escaped (an odd number of backslashes before it). */
    private static boolean escaped(String s, int at) {
        int n = 0;
        for (int i = at - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }
}
