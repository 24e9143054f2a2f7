package org.practicehub.matching;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jsoup.parser.Parser;

/**
 * Text as matching compares it. Partners write the same initiative with other accents, entities,
 * punctuation, spellings ("centre" / "center", "labour" / "labor") and plurals; all of that is folded
 * away here, the same way on both sides of every comparison, so that the scorer sees words only.
 */
public final class TextNormaliser {

    private TextNormaliser() {}

    /**
     * NFKC, HTML entities decoded, case and diacritics folded, every run of anything that is neither
     * letter nor digit as one space.
     */
    public static String fold(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String t = s.indexOf('&') >= 0 ? Parser.unescapeEntities(s, false) : s;
        boolean ascii = t.chars().allMatch(ch -> ch < 0x80);
        if (!ascii) {
            t = Normalizer.normalize(t, Normalizer.Form.NFKC);
        }
        t = t.toLowerCase(Locale.ROOT);
        if (!ascii) {
            // NFD splits "é" into "e" and a combining mark, which is then dropped
            t = Normalizer.normalize(t, Normalizer.Form.NFD);
        }
        StringBuilder b = new StringBuilder(t.length());
        boolean space = true;
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (Character.getType(ch) == Character.NON_SPACING_MARK) {
                continue;
            }
            String letters = ascii ? null : unsplittable(ch);
            if (letters != null) {
                b.append(letters);
                space = false;
            } else if (Character.isLetterOrDigit(ch)) {
                b.append(ch);
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
        return b.toString();
    }

    /** Letters that NFD leaves whole. */
    private static String unsplittable(char ch) {
        return switch (ch) {
            case 'ß' -> "ss";
            case 'æ' -> "ae";
            case 'œ' -> "oe";
            case 'ø' -> "o";
            case 'ł' -> "l";
            case 'đ', 'ð' -> "d";
            case 'þ' -> "th";
            case 'ı' -> "i";
            default -> null;
        };
    }

    /** The folded words of a text, every one of them: acronym learning needs the small words too. */
    public static List<String> words(String s) {
        String f = fold(s);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= f.length(); i++) {
            if (i == f.length() || f.charAt(i) == ' ') {
                if (i > start) {
                    out.add(f.substring(start, i));
                }
                start = i + 1;
            }
        }
        return out;
    }

    /**
     * One folded word as matching compares it: British and American spellings and plurals folded;
     * null for a stop word (English, Spanish, French) or a lone letter.
     */
    public static String term(String word) {
        if (word.length() < 2 && !Character.isDigit(word.charAt(0))) {
            return null;
        }
        if (StopWords.contains(word)) {
            return null;
        }
        return spelling(singular(word));
    }

    /** The terms of a text: words, without stop words, with known acronym expansions as their acronym. */
    public static List<String> terms(String s, Acronyms acronyms) {
        List<String> out = new ArrayList<>();
        for (String w : words(s)) {
            String t = term(w);
            if (t != null) {
                out.add(t);
            }
        }
        return acronyms == null ? out : acronyms.abbreviate(out);
    }

    private static final java.util.Set<String> ROMAN = java.util.Set.of("ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "xiii",
            "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx");
    /** Words after which a lone i, v or x is a number: "part I", "phase V". */
    private static final java.util.Set<String> ORDINAL = java.util.Set.of("part", "phase", "volume", "vol", "chapter", "edition", "section",
            "stage", "no", "number", "tome", "tomo", "fase", "parte", "etape");

    /**
     * The numbers a text carries, without repeats: digit runs ("2023", "10") and roman numerals ("II";
     * a lone "I", "V" or "X" only after "part", "phase" and the like, where it cannot be a word).
     */
    public static String[] numbers(String s) {
        List<String> words = words(s);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String n = null;
            if (w.chars().allMatch(Character::isDigit)) {
                n = w.replaceFirst("^0+(?=.)", "");
            } else if (ROMAN.contains(w) || (w.equals("i") || w.equals("v") || w.equals("x")) && i > 0 && ORDINAL.contains(words.get(i - 1))) {
                n = roman(w);
            }
            if (n != null && !out.contains(n)) {
                out.add(n);
            }
        }
        return out.toArray(String[]::new);
    }

    /** A roman numeral's value, as decimal digits, so "part 2" and "part II" agree. */
    private static String roman(String w) {
        int total = 0;
        int prev = 0;
        for (int i = w.length() - 1; i >= 0; i--) {
            int v = switch (w.charAt(i)) {
                case 'i' -> 1;
                case 'v' -> 5;
                default -> 10;
            };
            total += v < prev ? -v : v;
            prev = Math.max(prev, v);
        }
        return String.valueOf(total);
    }

    static String singular(String w) {
        int n = w.length();
        if (n < 4 || w.charAt(n - 1) != 's' || Character.isDigit(w.charAt(0))) {
            return w;
        }
        if (w.endsWith("ies") && n >= 5) {
            return w.substring(0, n - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("shes") || w.endsWith("ches") || w.endsWith("xes") || w.endsWith("zes")) {
            return w.substring(0, n - 2);
        }
        if (w.endsWith("ss") || w.endsWith("us") || w.endsWith("is")) {
            return w;
        }
        return w.substring(0, n - 1);
    }

    /** British spellings to American: the two sides of a match often come from either. */
    static String spelling(String w) {
        int n = w.length();
        if (n >= 6 && w.endsWith("our")) {
            return w.substring(0, n - 3) + "or";              // labour, behaviour, neighbour
        }
        if (n >= 5 && w.endsWith("tre")) {
            return w.substring(0, n - 3) + "ter";             // centre, theatre, metre
        }
        if (n >= 7 && w.endsWith("isation")) {
            return w.substring(0, n - 7) + "ization";         // organisation
        }
        if (n >= 6 && (w.endsWith("ising") || w.endsWith("ised"))) {
            return w.substring(0, n - 4) + "iz" + w.substring(n - 2);  // organising, organised
        }
        if (n >= 7 && w.endsWith("amme")) {
            return w.substring(0, n - 2);                     // programme
        }
        if (n >= 7 && w.endsWith("ogue")) {
            return w.substring(0, n - 2);                     // catalogue, dialogue
        }
        return w;
    }
}
