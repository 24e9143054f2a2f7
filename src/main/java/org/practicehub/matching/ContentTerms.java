package org.practicehub.matching;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.practicehub.mapping.Text;
import org.practicehub.mapping.Vocabularies;

/**
 * What a record's whole text says, in terms that do not depend on its language: the glossary's concepts
 * ({@code c:remittance} for "remesas"), organisations' acronyms in one language's form ({@code a:iom} for "OIM"), countries by ISO code
 * ({@code k:IT} for "Italie"), numbers and years ({@code y:2006}), and every other word by its first five letters
 * ({@code p:human} for "humanitarian" and "humanitaires"), which is where English, Spanish and French cognates meet.
 * The title is analysed on its own too: the names it gives (acronyms, numbers, countries, capitalised words) are the
 * record's keys, and two records whose titles each name something the other never mentions describe two things.
 */
public final class ContentTerms {

    /** Letters of a word that stand for it: enough to tell words apart, few enough for cognates to agree. */
    static final int PREFIX = 5;

    private static final Pattern ACRONYM = Pattern.compile("\\b\\p{Lu}[\\p{L}&.]*\\p{Lu}[\\p{Lu}\\d]*\\b");
    private static final Pattern CAPITALISED = Pattern.compile("\\p{Lu}[\\p{L}\\p{M}'’.-]*");

    /** Countries that titles name by their usual abbreviation, which are not their ISO codes. */
    private static final Map<String, String> SHORT_NAMES = Map.of("uk", "GB", "us", "US", "usa", "US", "uae", "AE", "eau", "AE",
            "eeuu", "US", "drc", "CD", "rdc", "CD");

    /** The terms with their counts, the title's keys (the countries among them apart), and how many terms the text gave. */
    public record Terms(Map<String, Integer> counts, Set<String> titleKeys, Set<String> titleCountries, int size) {}

    /** The first words of countries' names of several words, in English, Spanish and French ("united", "estados"). */
    private static final Set<String> COUNTRY_FIRST_WORDS = countryFirstWords();

    private ContentTerms() {}

    private static Set<String> countryFirstWords() {
        Set<String> out = new HashSet<>();
        for (String code : java.util.Locale.getISOCountries()) {
            java.util.Locale place = new java.util.Locale("", code);
            for (java.util.Locale lang : List.of(java.util.Locale.ENGLISH, new java.util.Locale("es"), java.util.Locale.FRENCH)) {
                List<String> w = TextNormaliser.words(place.getDisplayCountry(lang));
                if (w.size() > 1) {
                    out.add(w.get(0));
                }
            }
        }
        return Set.copyOf(out);
    }

    public static Terms of(String title, String body) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> titleTerms = new ArrayList<>();
        analyse(title, counts, titleTerms);
        analyse(body, counts, null);
        Set<String> capitalised = new HashSet<>();
        if (title != null) {
            Matcher m = CAPITALISED.matcher(title);
            while (m.find()) {
                capitalised.addAll(TextNormaliser.words(m.group()));
            }
        }
        Set<String> keys = new HashSet<>();
        Set<String> countries = new HashSet<>();
        for (String t : titleTerms) {
            if (t.startsWith("k:")) {
                countries.add(t);
            }
            if (t.startsWith("a:") || t.startsWith("y:") || t.startsWith("k:")) {
                keys.add(t);
            } else if (t.startsWith("p:") && capitalisedPrefix(capitalised, t.substring(2))) {
                keys.add(t);
            }
        }
        int size = counts.values().stream().mapToInt(Integer::intValue).sum();
        return new Terms(counts, keys, countries, size);
    }

    private static boolean capitalisedPrefix(Set<String> capitalised, String prefix) {
        for (String w : capitalised) {
            if (w.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static void analyse(String text, Map<String, Integer> counts, List<String> seen) {
        if (text == null || text.isBlank()) {
            return;
        }
        Matcher m = ACRONYM.matcher(text);
        while (m.find()) {
            String a = TextNormaliser.fold(m.group()).replace(" ", "");
            String country = SHORT_NAMES.get(a);
            if (country != null) {
                add("k:" + country, counts, seen);
            } else if (a.length() >= 2) {
                add("a:" + Glossary.acronym(a), counts, seen);
            }
        }
        List<String> words = TextNormaliser.words(text);
        int i = 0;
        while (i < words.size()) {
            int used = country(words, i, counts, seen);
            if (used == 0) {
                used = concept(words, i, counts, seen);
            }
            if (used > 0) {
                i += used;
                continue;
            }
            String w = words.get(i++);
            if (StopWords.contains(w) || w.length() < 3) {
                continue;
            }
            if (Character.isDigit(w.charAt(0))) {
                if (w.chars().allMatch(Character::isDigit)) {
                    add("y:" + w, counts, seen);
                }
            } else if (w.length() > 3) {
                add("p:" + (w.length() > PREFIX ? w.substring(0, PREFIX) : w), counts, seen);
            }
        }
    }

    /** A country's name in any of the three languages, one to three words long: its ISO code; the words used. */
    private static int country(List<String> words, int i, Map<String, Integer> counts, List<String> seen) {
        // only a word that begins some country's name in some language starts a look-up of several words
        int most = COUNTRY_FIRST_WORDS.contains(words.get(i)) ? Math.min(3, words.size() - i) : 1;
        for (int n = most; n >= 1; n--) {
            String name = n == 1 ? words.get(i) : String.join(" ", words.subList(i, i + n));
            // two- and three-letter words are ISO codes in the vocabulary ("can", "per", "and"): never a name here
            if (name.length() < 4) {
                continue;
            }
            // the words are folded already (TextNormaliser.words); a word outside ASCII is folded as the vocabulary was
            String code = Text.isAscii(name) ? Vocabularies.countryOfFolded(name) : Vocabularies.country(name).orElse(null);
            if (code != null) {
                add("k:" + code, counts, seen);
                return n;
            }
        }
        return 0;
    }

    private static int concept(List<String> words, int i, Map<String, Integer> counts, List<String> seen) {
        for (int n = Math.min(Glossary.longestFrom(words.get(i)), words.size() - i); n >= 1; n--) {
            String c = Glossary.concept(words, i, n);
            if (c != null) {
                add("c:" + c, counts, seen);
                return n;
            }
        }
        return 0;
    }

    private static void add(String term, Map<String, Integer> counts, List<String> seen) {
        counts.merge(term, 1, Integer::sum);
        if (seen != null) {
            seen.add(term);
        }
    }
}
