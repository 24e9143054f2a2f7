package org.practicehub.publish.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.practicehub.mapping.M49;
import org.practicehub.mapping.Vocabularies;
import org.practicehub.model.Practice;

/**
 * What of a practice each search field holds. Controlled values are indexed by every label their vocabulary gives in
 * English, Spanish, French and Portuguese, and countries and regions by their names in those languages, so a member
 * finds "retorno" or "Asie du Sud-Est" in a practice written in English; organisations by name, acronym and the acronym's
 * forms in the other languages (IOM, OIM).
 */
record Fields(String title, String body, String tags, String places, String orgs, List<String[]> mentions) {

    private static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, new Locale("es"), Locale.FRENCH, new Locale("pt"));

    static Fields of(Practice p) {
        StringBuilder body = new StringBuilder();
        append(body, p.summary());
        if (p.description() != null) {
            append(body, p.description().text());
        }
        append(body, p.keyBenefits());
        append(body, p.lessonsLearned());
        append(body, p.recommendations());
        append(body, p.innovation());
        StringBuilder tags = new StringBuilder();
        labels(tags, "themes", p.themes());
        labels(tags, "migrationPhases", p.migrationPhases());
        labels(tags, "practiceTypes", p.practiceTypes());
        StringBuilder places = new StringBuilder();
        List<String> countries = p.geographicScope() == null || p.geographicScope().countries() == null ? List.of() : p.geographicScope().countries();
        List<String> given = p.geographicScope() == null || p.geographicScope().regions() == null ? List.of()
                : p.geographicScope().regions().stream().map(Practice.Region::code).toList();
        for (String c : countries) {
            if (c == null) {
                continue;
            }
            append(places, c);
            Set<String> names = new LinkedHashSet<>();
            for (Locale l : LANGUAGES) {
                names.add(new Locale("", c).getDisplayCountry(l));
            }
            names.forEach(n -> append(places, n));
        }
        for (String r : M49.regions(countries, given)) {
            if (!M49.UNKNOWN.equals(r)) {
                M49.names(r).forEach(n -> append(places, n));
            }
        }
        StringBuilder orgs = new StringBuilder();
        List<String[]> mentions = new ArrayList<>();
        mention(orgs, mentions, "partner", p.partners());
        mention(orgs, mentions, "donor", p.donors());
        return new Fields(p.title() == null ? "" : p.title(), body.toString(), tags.toString(), places.toString(), orgs.toString(), mentions);
    }

    /** The fields as MoreLikeThis reads a document given as text. */
    Map<String, java.util.Collection<Object>> asMap() {
        return Map.of(SearchIndex.TITLE, List.of(title), SearchIndex.BODY, List.of(body), SearchIndex.TAGS, List.of(tags), SearchIndex.PLACES,
                List.of(places), SearchIndex.ORGS, List.of(orgs));
    }

    private static void mention(StringBuilder orgs, List<String[]> mentions, String role, List<Practice.Organisation> list) {
        if (list == null) {
            return;
        }
        for (Practice.Organisation o : list) {
            if (o == null || (blank(o.name()) && blank(o.acronym()))) {
                continue;
            }
            append(orgs, o.name());
            append(orgs, o.acronym());
            for (String a : AcronymTable.variants(o.acronym())) {
                append(orgs, a);
            }
            mentions.add(new String[] {role, blank(o.name()) ? "" : o.name().strip(), blank(o.acronym()) ? "" : o.acronym().strip()});
        }
    }

    private static void labels(StringBuilder out, String vocabulary, List<String> values) {
        if (values == null) {
            return;
        }
        Map<String, Map<String, List<String>>> vocab = Vocabularies.all().get(vocabulary);
        for (String v : values) {
            if (v == null) {
                continue;
            }
            append(out, v);
            Map<String, List<String>> byLang = vocab == null ? null : vocab.get(v);
            if (byLang != null) {
                byLang.values().forEach(ls -> ls.forEach(l -> append(out, l)));
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void append(StringBuilder b, String s) {
        if (!blank(s)) {
            // a sentence break between values, so that a phrase never spans two of them
            b.append(b.length() == 0 ? "" : " . ").append(s);
        }
    }
}
