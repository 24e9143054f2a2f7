package org.practicehub.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.practicehub.matching.MatchRecord.Org;
import org.practicehub.model.Practice;

/**
 * A record's matching view ({@link MatchRecord}) from its practice: its terms by id in the index's vocabulary, its
 * organisations with their acronyms, countries, year, canonical URLs and content terms. The text is analysed first on
 * any thread ({@link #analyse}); what depends on the index (acronyms learnt, term ids) is done here, on the store's
 * serialised path.
 */
public final class Preparer {

    private final Acronyms acronyms;
    private final Vocabulary vocabulary;

    Preparer(Acronyms acronyms, Vocabulary vocabulary) {
        this.acronyms = acronyms;
        this.vocabulary = vocabulary;
    }

    /**
     * What matching reads of a record's text that depends on nothing the index holds (the terms before acronyms are
     * applied, the title's numbers): made by {@link #analyse} on any thread, before the record takes the store's
     * serialised path.
     */
    public record Analysed(List<String> titleTerms, List<String> summaryTerms, String[] numbers, List<Acronyms.Definition> definitions,
            ContentTerms.Terms content) {}

    public static Analysed analyse(Practice doc) {
        // the acronyms the record defines, in the order learn(doc) learns them
        List<Acronyms.Definition> defs = new ArrayList<>(Acronyms.definitions(doc.title()));
        defs.addAll(Acronyms.definitions(doc.summary()));
        if (doc.description() != null) {
            defs.addAll(Acronyms.definitions(doc.description().text()));
        }
        for (List<Practice.Organisation> orgs : Arrays.asList(doc.partners(), doc.donors())) {
            if (orgs != null) {
                for (Practice.Organisation o : orgs) {
                    Acronyms.Definition d = Acronyms.given(o.name(), o.acronym());
                    if (d != null) {
                        defs.add(d);
                    }
                }
            }
        }
        String body = doc.description() != null && doc.description().text() != null ? doc.description().text() : doc.summary();
        return new Analysed(TextNormaliser.terms(doc.title(), null), TextNormaliser.terms(doc.summary(), null),
                TextNormaliser.numbers(doc.title()), defs, ContentTerms.of(doc.title(), body));
    }

    /** The record's matching view, from its text analysed beforehand ({@link #analyse} of the same {@code doc}); learns its acronyms first. */
    MatchRecord prepare(RecordKey key, String network, Practice doc, String url, Analysed text) {
        acronyms.learn(text.definitions());
        // the acronyms known now, this record's own included: as TextNormaliser.terms(text, acronyms) would give
        List<String> titleTerms = acronyms.abbreviate(text.titleTerms());
        int[] title = vocabulary.ids(titleTerms);
        int[] summary = vocabulary.ids(acronyms.abbreviate(text.summaryTerms()));
        List<Org> orgs = new ArrayList<>();
        for (List<Practice.Organisation> list : Arrays.asList(doc.partners(), doc.donors())) {
            if (list != null) {
                for (Practice.Organisation o : list) {
                    Org org = org(o.name(), o.acronym());
                    if (org != null) {
                        orgs.add(org);
                    }
                }
            }
        }
        String[] countries = doc.geographicScope() == null || doc.geographicScope().countries() == null ? new String[0]
                : doc.geographicScope().countries().toArray(String[]::new);
        List<String> urls = new ArrayList<>();
        addUrl(urls, url);
        if (doc.links() != null) {
            doc.links().stream().filter(l -> "website".equals(l.rel())).forEach(l -> addUrl(urls, l.url()));
        }
        Org[] orgArray = orgs.toArray(Org[]::new);
        // the index keeps every record for as long as the hub runs: the few source ids and networks once, not a copy a record
        RecordKey shared = new RecordKey(key.sourceId().intern(), key.recordId());
        ContentTerms.Terms terms = text.content();
        int[] content = new int[terms.counts().size()];
        float[] tf = new float[content.length];
        int n = 0;
        for (Map.Entry<String, Integer> e : terms.counts().entrySet()) {
            content[n] = vocabulary.id(e.getKey());
            tf[n++] = (float) (1 + Math.log(e.getValue()));
        }
        sortTogether(content, tf);
        int[] keys = terms.titleKeys().stream().mapToInt(vocabulary::id).toArray();
        int[] titleCountries = terms.titleCountries().stream().mapToInt(vocabulary::id).toArray();
        return new MatchRecord(shared, network == null ? null : network.intern(), doc.title(), title, summary, grams(titleTerms), orgArray, countries,
                year(doc), urls.toArray(String[]::new), orgKeys(orgArray), text.numbers(), content, tf, terms.size(), Vocabulary.sortedUnique(keys), Vocabulary.sortedUnique(titleCountries),
                doc.language());
    }

    /** Sorts the ids ascending and their counts with them (the ids are distinct): id and position packed in one long. */
    private static void sortTogether(int[] ids, float[] tf) {
        long[] packed = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            packed[i] = (long) ids[i] << 32 | i;
        }
        Arrays.sort(packed);
        float[] counts = tf.clone();
        for (int i = 0; i < packed.length; i++) {
            ids[i] = (int) (packed[i] >>> 32);
            tf[i] = counts[(int) packed[i]];
        }
    }

    private static void addUrl(List<String> urls, String raw) {
        CanonicalUrl.of(raw).filter(CanonicalUrl::namesAPage).filter(u -> !urls.contains(u)).ifPresent(urls::add);
    }

    private Org org(String name, String givenAcronym) {
        List<String> words = TextNormaliser.words(name);
        if (words.isEmpty()) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        for (String w : words) {
            if (w.length() == 1) {
                kept.add(w);                      // a person's initial
            } else if (!StopWords.contains(w)) {
                kept.add(TextNormaliser.spelling(TextNormaliser.singular(w)));
            }
        }
        String acronym = givenAcronym == null ? null : TextNormaliser.fold(givenAcronym).replace(" ", "");
        if (acronym == null && words.size() == 1 && name.trim().length() <= 10 && name.trim().chars().filter(Character::isUpperCase).count() >= 2) {
            acronym = words.get(0);               // the name is itself an acronym: "ILO"
        }
        if (acronym == null) {
            acronym = acronyms.acronymOf(words);
        }
        if (acronym != null) {
            acronym = TextNormaliser.singular(acronym);
        }
        String initials = words.size() >= 2 ? Acronyms.initials(words) : null;
        int[] ids = new int[kept.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.id(kept.get(i));
        }
        char initial = kept.isEmpty() ? 0 : kept.get(0).charAt(0);
        // the last word must be more than an initial to stand for a surname
        if (kept.size() >= 2 && kept.get(kept.size() - 1).length() == 1) {
            initial = 0;
        }
        return new Org(name.trim(), ids, Vocabulary.sortedUnique(ids.clone()), initial, acronym, initials);
    }

    private static int year(Practice doc) {
        if (doc.implementation() == null || doc.implementation().start() == null) {
            return 0;
        }
        String s = doc.implementation().start();
        return s.length() >= 4 && s.substring(0, 4).chars().allMatch(Character::isDigit) ? Integer.parseInt(s.substring(0, 4)) : 0;
    }

    /** Character trigrams of the title's terms run together, so "multi-dimensional" meets "multidimensional". */
    private static int[] grams(List<String> terms) {
        String s = String.join("", terms);
        if (s.length() < 3) {
            return new int[0];
        }
        int[] out = new int[s.length() - 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (s.charAt(i) * 31 + s.charAt(i + 1)) * 31 + s.charAt(i + 2);
        }
        return Vocabulary.sortedUnique(out);
    }

    /** An organisation is found by its last word (a person's surname) and its acronym, in a namespace of their own. */
    private int[] orgKeys(Org[] orgs) {
        List<String> keys = new ArrayList<>();
        for (Org o : orgs) {
            if (o.words().length > 0) {
                keys.add("\u0000org " + o.words()[o.words().length - 1]);
            }
            if (o.acronym() != null) {
                keys.add("\u0000org " + o.acronym());
            }
        }
        return vocabulary.ids(keys);
    }

}
