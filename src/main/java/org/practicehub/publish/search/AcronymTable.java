package org.practicehub.publish.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The same organisation's acronyms in English, Spanish and French (IOM, OIM), from the matcher's table
 * ({@code matching/acronyms.txt}, read here, not changed): search and the directory of organisations treat them as one.
 */
public final class AcronymTable {

    private static final Map<String, List<String>> LINES = load();

    private AcronymTable() {}

    private static Map<String, List<String>> load() {
        Map<String, List<String>> out = new HashMap<>();
        try (InputStream in = AcronymTable.class.getResourceAsStream("/matching/acronyms.txt")) {
            if (in == null) {
                return Map.of();
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> forms = java.util.Arrays.stream(line.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                forms.forEach(f -> out.putIfAbsent(f, forms));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read matching/acronyms.txt", e);
        }
        return Map.copyOf(out);
    }

    /** Every form of an acronym the table knows, lower case, the table's first form first; just the acronym otherwise. */
    public static List<String> variants(String acronym) {
        if (acronym == null || acronym.isBlank()) {
            return List.of();
        }
        String key = SearchAnalyzer.fold(acronym.strip()).replace(".", "");
        return LINES.getOrDefault(key, List.of(key));
    }

    /** The form an acronym is known by across languages (the table's first), lower case: the key the directory merges on. */
    public static String canonical(String acronym) {
        List<String> v = variants(acronym);
        return v.isEmpty() ? "" : v.get(0);
    }
}
