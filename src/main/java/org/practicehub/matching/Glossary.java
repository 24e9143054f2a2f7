package org.practicehub.matching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The migration vocabulary in English, Spanish and French (resource matching/glossary.txt) and the acronyms that
 * organisations carry in each language (matching/acronyms.txt). Both turn a language's words into one language-neutral
 * term, so that "envois de fonds", "remesas" and "remittances" meet, and so do "OIM" and "IOM".
 */
final class Glossary {

    private static final Map<String, String> PHRASES = new HashMap<>();
    private static final Map<String, String> ACRONYMS = new HashMap<>();
    private static final Map<String, Integer> LONGEST_FROM = new HashMap<>();

    static {
        for (List<String> forms : read("/matching/glossary.txt")) {
            for (String f : forms) {
                PHRASES.putIfAbsent(f, forms.get(0));
                String[] words = f.split(" ");
                LONGEST_FROM.merge(words[0], words.length, Math::max);
            }
        }
        for (List<String> forms : read("/matching/acronyms.txt")) {
            for (String f : forms) {
                ACRONYMS.putIfAbsent(f, forms.get(0));
            }
        }
    }

    private Glossary() {}

    /** The concept of the phrase of {@code n} words starting at {@code i}, a final plural forgiven; null if none. */
    static String concept(List<String> words, int i, int n) {
        String phrase = n == 1 ? words.get(i) : String.join(" ", words.subList(i, i + n));
        String c = PHRASES.get(phrase);
        if (c == null && phrase.endsWith("s")) {
            c = PHRASES.get(phrase.substring(0, phrase.length() - 1));
            if (c == null && phrase.endsWith("es")) {
                c = PHRASES.get(phrase.substring(0, phrase.length() - 2));
            }
        }
        return c;
    }

    /** The most words of a glossary phrase that starts with this word; 1 for any other word (a plural, say). */
    static int longestFrom(String word) {
        return LONGEST_FROM.getOrDefault(word, 1);
    }

    /** An acronym as the first of its language forms ("oim" as "iom"); the acronym itself when the list lacks it. */
    static String acronym(String folded) {
        return ACRONYMS.getOrDefault(folded, folded);
    }

    private static List<List<String>> read(String name) {
        List<List<String>> out = new ArrayList<>();
        try (InputStream in = Glossary.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                int hash = line.indexOf('#');
                String body = (hash < 0 ? line : line.substring(0, hash)).trim();
                if (body.isEmpty()) {
                    continue;
                }
                List<String> forms = new ArrayList<>();
                for (String f : body.split("\\|")) {
                    String folded = TextNormaliser.fold(f);
                    if (!folded.isEmpty() && !forms.contains(folded)) {
                        forms.add(folded);
                    }
                }
                if (!forms.isEmpty()) {
                    out.add(forms);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
