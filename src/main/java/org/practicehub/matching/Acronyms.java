package org.practicehub.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Acronyms and their expansions, learnt from the records themselves: "International Labour
 * Organization (ILO)" in one record lets "ILO" in another match it. A text's terms then carry the
 * acronym in place of the expansion, on both sides of a comparison.
 *
 * <p>Only pairs whose expansion's initials spell the acronym are learnt from running text (small words
 * such as "of" may be skipped), so "Financial Education Strategy (SEFIME)" teaches nothing; an
 * organisation's own {name, acronym} is taken as given.
 */
public final class Acronyms {

    /** "Long Name (ACR)" and "Long Name (ACRs)": the acronym in brackets after its expansion. */
    private static final Pattern AFTER = Pattern.compile("\\(\\s*([\\p{Lu}][\\p{Lu}&.]{1,11})(s?)\\s*\\)");
    /** "ACR (Long Name)": the expansion in brackets after the acronym. */
    private static final Pattern BEFORE = Pattern.compile("\\b([\\p{Lu}][\\p{Lu}&.]{1,11})(s?)\\s*\\(([^()]{3,160})\\)");

    /** Expansions by their first term; each maps to its acronym (a term itself, lower case). */
    private final Map<String, List<Expansion>> byFirst = new HashMap<>();
    private final Map<String, String> acronymOf = new HashMap<>();

    private record Expansion(String[] terms, String acronym) {}

    /** An expansion's words and the acronym's letters, as a text or an organisation defines them; not learnt yet. */
    public record Definition(List<String> words, String letters) {}

    /** Learns every acronym a text defines in brackets. */
    public synchronized void learn(String text) {
        learn(definitions(text));
    }

    /** An organisation's own name and acronym, as the partner gave them. */
    public synchronized void learn(String name, String acronym) {
        Definition d = given(name, acronym);
        if (d != null) {
            add(d.words(), d.letters());
        }
    }

    /** Learns definitions found before ({@link #definitions}, {@link #given}), in their order. */
    public synchronized void learn(List<Definition> definitions) {
        for (Definition d : definitions) {
            add(d.words(), d.letters());
        }
    }

    /** The acronyms a text defines in brackets, in the order {@link #learn(String)} learns them: reads nothing learnt. */
    public static List<Definition> definitions(String text) {
        if (text == null || text.indexOf('(') < 0) {
            return List.of();
        }
        List<Definition> out = new ArrayList<>();
        Matcher m = AFTER.matcher(text);
        while (m.find()) {
            String letters = letters(m.group(1));
            List<String> before = TextNormaliser.words(text.substring(Math.max(0, m.start() - 240), m.start()));
            int from = spell(before, letters);
            if (from >= 0) {
                out.add(new Definition(before.subList(from, before.size()), letters));
            }
        }
        m = BEFORE.matcher(text);
        while (m.find()) {
            String letters = letters(m.group(1));
            List<String> inside = TextNormaliser.words(m.group(3));
            if (spell(inside, letters) == 0) {
                out.add(new Definition(inside, letters));
            }
        }
        return out;
    }

    /** An organisation's name and acronym as a definition, or null when they define none. */
    public static Definition given(String name, String acronym) {
        if (name == null || acronym == null) {
            return null;
        }
        String letters = letters(acronym);
        return letters.length() >= 2 ? new Definition(TextNormaliser.words(name), letters) : null;
    }

    /** The acronym of an expansion given as folded words, if one is known. */
    public synchronized String acronymOf(List<String> words) {
        return acronymOf.get(key(terms(words)));
    }

    /** The terms with every known expansion replaced by its acronym, longest expansion first. */
    public synchronized List<String> abbreviate(List<String> terms) {
        if (byFirst.isEmpty()) {
            return terms;
        }
        List<String> out = new ArrayList<>(terms.size());
        for (int i = 0; i < terms.size(); i++) {
            List<Expansion> options = byFirst.get(terms.get(i));
            Expansion best = null;
            if (options != null) {
                for (Expansion e : options) {
                    if ((best == null || e.terms.length > best.terms.length) && startsAt(terms, i, e.terms)) {
                        best = e;
                    }
                }
            }
            if (best != null) {
                out.add(best.acronym);
                i += best.terms.length - 1;
            } else {
                out.add(terms.get(i));
            }
        }
        return out;
    }

    public synchronized int size() {
        return acronymOf.size();
    }

    private static boolean startsAt(List<String> terms, int i, String[] expansion) {
        if (i + expansion.length > terms.size()) {
            return false;
        }
        for (int k = 0; k < expansion.length; k++) {
            if (!terms.get(i + k).equals(expansion[k])) {
                return false;
            }
        }
        return true;
    }

    private void add(List<String> words, String letters) {
        List<String> terms = terms(words);
        String acronym = TextNormaliser.term(letters);
        if (terms.size() < 2 || acronym == null) {
            return;
        }
        String key = key(terms);
        if (acronymOf.putIfAbsent(key, acronym) == null) {
            byFirst.computeIfAbsent(terms.get(0), k -> new ArrayList<>()).add(new Expansion(terms.toArray(String[]::new), acronym));
        }
    }

    private static List<String> terms(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            String t = TextNormaliser.term(w);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    private static String key(List<String> terms) {
        return String.join(" ", terms);
    }

    private static String letters(String acronym) {
        StringBuilder b = new StringBuilder();
        for (char ch : acronym.toCharArray()) {
            if (Character.isLetter(ch)) {
                b.append(Character.toLowerCase(ch));
            }
        }
        return b.toString();
    }

    /**
     * Where, counting back from the end of {@code words}, an expansion whose initials spell
     * {@code letters} starts; stop words may be skipped. -1 when the words do not spell it.
     */
    static int spell(List<String> words, String letters) {
        if (letters.length() < 2) {
            return -1;
        }
        int w = words.size() - 1;
        for (int l = letters.length() - 1; l >= 0; l--) {
            while (w >= 0 && words.get(w).charAt(0) != letters.charAt(l) && StopWords.contains(words.get(w))) {
                w--;
            }
            if (w < 0 || words.get(w).charAt(0) != letters.charAt(l)) {
                return -1;
            }
            w--;
        }
        return w + 1;
    }

    /** The initials of a name's significant words ("Overseas Workers Welfare Administration" → "owwa"), or null. */
    public static String initials(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (!StopWords.contains(w)) {
                b.append(w.charAt(0));
            }
        }
        return b.length() >= 2 ? b.toString() : null;
    }
}
