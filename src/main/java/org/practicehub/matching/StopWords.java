package org.practicehub.matching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/** English, Spanish and French stop words (resources matching/stopwords-*.txt), folded as the text is. */
final class StopWords {

    private static final Set<String> WORDS = load("en", "es", "fr");

    private StopWords() {}

    static boolean contains(String folded) {
        return WORDS.contains(folded);
    }

    private static Set<String> load(String... languages) {
        Set<String> out = new HashSet<>();
        for (String lang : languages) {
            String name = "/matching/stopwords-" + lang + ".txt";
            try (InputStream in = StopWords.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + name);
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.startsWith("#")) {
                        for (String w : line.trim().split("\\s+")) {
                            if (!w.isEmpty()) {
                                out.add(TextNormaliser.fold(w));
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Set.copyOf(out);
    }
}
