package org.practicehub.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.practicehub.matching.Reason;
import org.practicehub.store.JudgedPair;

/**
 * A matcher's reason as a sentence a facilitator reads: "Countries differ: PH vs ID.", "Titles are similar (75% alike):
 * terms weighted by rarity.". The field becomes its name in words (a field the console does not know yet is shown as
 * the matcher names it), the verdict a verb, the similarity a percentage, and the matcher's detail follows as it is.
 */
public final class ReasonWords {

    /** One reason in words, with its verdict (agree, similar, differ) for the page's marks. */
    public record Said(String verdict, String text) {}

    /** The matcher's field names, as the subject of a sentence (plural: the two records' values). */
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("title", "Titles"),
            Map.entry("title numbers", "Numbers in the titles"),
            Map.entry("summary", "Summaries"),
            Map.entry("description", "Descriptions"),
            Map.entry("text", "Texts"),
            Map.entry("partners", "Organisations"),
            Map.entry("organisations", "Organisations"),
            Map.entry("acronym", "Acronyms"),
            Map.entry("acronyms", "Acronyms"),
            Map.entry("countries", "Countries"),
            Map.entry("regions", "Regions"),
            Map.entry("year", "Start years"),
            Map.entry("years", "Years"),
            Map.entry("url", "Web pages"),
            Map.entry("source", "Sources"),
            Map.entry("language", "Languages"),
            Map.entry("gcmObjectives", "GCM objectives"),
            Map.entry("sdgs", "SDGs"));

    private ReasonWords() {}

    /** A pair's reasons in words: what agreed first, then what was similar, then what differed. */
    static List<Said> of(JudgedPair p) {
        List<Said> out = new ArrayList<>();
        for (List<Reason> group : List.of(p.agreed(), p.similar(), p.differed())) {
            for (Reason r : group) {
                out.add(new Said(r.verdict(), sentence(r)));
            }
        }
        return out;
    }

    static String sentence(Reason r) {
        String field = r.field() == null ? "" : r.field().trim();
        String subject = FIELDS.getOrDefault(field, field.isEmpty() ? "The records" : capitalised(field));
        String verb = switch (r.verdict() == null ? "" : r.verdict()) {
            case Reason.AGREE -> "agree";
            case Reason.SIMILAR -> "are similar";
            case Reason.DIFFER -> "differ";
            default -> "compared: " + r.verdict();
        };
        StringBuilder out = new StringBuilder(subject).append(' ').append(verb);
        if (r.similarity() != null && !(Reason.DIFFER.equals(r.verdict()) && r.similarity() == 0.0)) {
            out.append(String.format(Locale.ROOT, " (%d%% alike)", Math.round(r.similarity() * 100)));
        }
        if (r.detail() != null && !r.detail().isBlank()) {
            out.append(": ").append(r.detail().trim());
        }
        char last = out.charAt(out.length() - 1);
        return last == '.' || last == '!' || last == '?' ? out.toString() : out.append('.').toString();
    }

    private static String capitalised(String field) {
        String words = field.replace('_', ' ').replace('-', ' ').replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
