package org.practicehub.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.practicehub.matching.MatchRecord.Org;

/**
 * Scores a pair of records, 0 to 1, with the reasons. The text decides: title similarity (the better of
 * TF-IDF cosine over terms, which ignores word order, and Dice over character trigrams, which forgives
 * spelling and hyphenation), blended with the summaries' TF-IDF cosine when both have one. Other fields
 * then strengthen or weaken it: shared organisations, countries and start year count for the pair;
 * disjoint organisations, disjoint countries, start years apart, or titles whose numbers disagree
 * ("part I" / "part II") count against it.
 */
public final class Scorer {

    /** The weight of the summary in the text similarity, when both records have one. */
    static final double SUMMARY_WEIGHT = 0.25;
    static final double PARTNERS_AGREE = 0.10;
    static final double PARTNERS_DIFFER = 0.15;
    static final double COUNTRIES_AGREE = 0.05;
    static final double COUNTRIES_DIFFER = 0.30;
    static final double YEAR_AGREE = 0.05;
    /** Start years one apart: the same practice dated differently, or the next edition; the same year ranks first. */
    static final double YEAR_NEAR = 0.05;
    static final double YEARS_DIFFER = 0.20;
    static final double TITLE_NUMBERS_DIFFER = 0.20;
    /**
     * Two long summaries with little in common describe two things, however alike the titles: news-style
     * titles from one template ("37 farmers rulings to watch this week") otherwise merged distinct stories.
     */
    static final double SUMMARIES_DIFFER = 0.10;
    static final int LONG_SUMMARY_TERMS = 12;
    static final double SUMMARY_UNRELATED = 0.35;

    /**
     * Fewer content terms than this and a record's text says too little for its words to be compared: bibliographic
     * records (a title and a venue) are matched on the title and fields alone, and so are short synthetic ones, whose
     * cosines are noise at scale (bench/dedup-scale.sh: precision 0.94 at 100,000 with a floor of 25). Practice
     * descriptions of 50 words or more give 35 to 120.
     */
    static final int MIN_CONTENT = 30;
    /**
     * The content similarity (a TF-IDF cosine of {@link ContentTerms}) at which two records are one practice, and at
     * which the facilitator is asked. Chosen on the development set's plateau (docs/decisions/matching.md): from 0.20 to
     * 0.25 the merges hold F1 above 0.92 there; 0.22 sits inside it, away from its edges.
     */
    static final double CONTENT_MERGE = 0.22;
    static final double CONTENT_REVIEW = 0.10;
    /**
     * What unrelated records of a store of practices score against each other (0.02 to 0.05 on the development set):
     * up to this background the bars above hold. A store whose unrelated records score more shares its words so widely
     * (news written from one vocabulary: 0.21 on the ingest workload) that words prove less there, and both bars rise
     * by {@link #BACKGROUND_SLOPE} times the excess.
     */
    static final double QUIET_BACKGROUND = 0.05;
    static final double BACKGROUND_SLOPE = 6.0;
    static final double REVIEW_SLOPE = 2.0;
    /** However loud the background, a text this alike is one practice's. */
    static final double MAX_BAR = 0.95;
    /** Each title names something the other record never mentions (Qatar / UAE, ECOWAS / AU): two practices. */
    static final double NAMES_DIFFER = 0.10;
    /** Both titles name countries, and none in common: the same model in another country is another practice. */
    static final double TITLE_COUNTRIES_DIFFER = 0.15;
    /** Two pages side by side in one section of one site (news/2024/05/29/a, news/2024/05/30/b) are two of its items. */
    static final double SIBLING_PAGES = 0.20;
    /** How many of the rarest shared terms the reasons name. */
    private static final int SHARED_SHOWN = 6;

    /** How rare each term is: the inverse document frequency the cosines weight terms by. */
    public interface TermWeights {
        double idf(int term);

        /** The weight of a content term, zero for one that every record has. */
        double contentIdf(int term);

        /** A content term as written ("c:remittance"), for the reasons. */
        String label(int term);

        /** The mean content similarity of unrelated records in this store (of different sources, drawn at random). */
        double background();
    }

    private final TermWeights weights;
    private final Thresholds thresholds;

    public Scorer(TermWeights weights, Thresholds thresholds) {
        this.weights = weights;
        this.thresholds = thresholds;
    }

    public Score score(MatchRecord a, MatchRecord b) {
        List<Reason> reasons = new ArrayList<>();
        double v = compute(a, b, reasons);
        boolean sameUrl = !common(a.urls, b.urls).isEmpty();
        if (sameUrl) {
            reasons.add(new Reason("url", Reason.AGREE, 1.0, "the same page once canonical: " + String.join(", ", common(a.urls, b.urls))));
        }
        return new Score(v, List.copyOf(reasons), sameUrl);
    }

    /** The score alone, without the reasons: what ranking the candidates needs, at a fraction of the cost. */
    public double value(MatchRecord a, MatchRecord b) {
        return compute(a, b, null);
    }

    /** Whether two records link to the same canonical page. */
    public static boolean sameUrl(MatchRecord a, MatchRecord b) {
        for (String x : a.urls) {
            for (String y : b.urls) {
                if (x.equals(y)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The score; the reasons go to {@code reasons} unless it is null. */
    private double compute(MatchRecord a, MatchRecord b, List<Reason> reasons) {
        double fields = fields(a, b, reasons);
        double content = content(a, b, reasons);
        if (Double.isNaN(content)) {
            return fields;
        }
        double text = round(onThresholds(content));
        // two whole texts that disagree outweigh a title and a name in common: such a pair is at most for review
        return text >= thresholds.review() ? Math.max(fields, text) : Math.min(Math.max(fields, text), below(thresholds.review()));
    }

    /**
     * A content similarity on the scale the thresholds are set on: {@link #CONTENT_MERGE} is the merge threshold and
     * {@link #CONTENT_REVIEW} the review one, linear between and beyond them, so that one configuration
     * ({@code hub.dedup.*}) moves both scores together.
     */
    private double onThresholds(double c) {
        double m = thresholds.merge();
        double r = thresholds.review();
        double merge = mergeBar();
        double review = reviewBar();
        if (c >= merge) {
            return Math.min(1, m + (1 - m) * (c - merge) / (1 - merge));
        }
        if (c >= review) {
            return r + (m - r) * (c - review) / (merge - review);
        }
        return Math.max(0, r * c / review);
    }

    private static double below(double threshold) {
        return Math.max(0, round(threshold - 0.001));
    }

    /** The content similarity at which two records merge here: {@link #CONTENT_MERGE}, raised by a loud background. */
    double mergeBar() {
        return Math.min(MAX_BAR, CONTENT_MERGE + BACKGROUND_SLOPE * excess());
    }

    /**
     * The content similarity at which the facilitator is asked, raised more gently: a shared canonical page with texts
     * this alike still merges, since review is what the same page asks of the texts (DedupIndex.decide).
     */
    double reviewBar() {
        return Math.min(mergeBar(), CONTENT_REVIEW + REVIEW_SLOPE * excess());
    }

    private double excess() {
        return Math.max(0, weights.background() - QUIET_BACKGROUND);
    }

    /**
     * How alike the two whole texts are in language-neutral terms, weighted by their rarity in this store, less what
     * tells them apart; NaN when either text is too short to say.
     */
    double content(MatchRecord a, MatchRecord b, List<Reason> reasons) {
        if (a.contentSize < MIN_CONTENT || b.contentSize < MIN_CONTENT) {
            return Double.NaN;
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        int i = 0;
        int j = 0;
        List<double[]> shared = reasons == null ? null : new ArrayList<>();
        while (i < a.content.length || j < b.content.length) {
            if (j >= b.content.length || i < a.content.length && a.content[i] < b.content[j]) {
                double w = a.contentTf[i] * weights.contentIdf(a.content[i]);
                na += w * w;
                i++;
            } else if (i >= a.content.length || b.content[j] < a.content[i]) {
                double w = b.contentTf[j] * weights.contentIdf(b.content[j]);
                nb += w * w;
                j++;
            } else {
                double idf = weights.contentIdf(a.content[i]);
                double wa = a.contentTf[i] * idf;
                double wb = b.contentTf[j] * idf;
                dot += wa * wb;
                na += wa * wa;
                nb += wb * wb;
                if (shared != null && idf > 0) {
                    shared.add(new double[] {a.content[i], idf});
                }
                i++;
                j++;
            }
        }
        double cos = na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
        if (reasons != null) {
            shared.sort((x, y) -> Double.compare(y[1], x[1]));
            List<String> words = new ArrayList<>();
            for (double[] t : shared.subList(0, Math.min(SHARED_SHOWN, shared.size()))) {
                words.add(readable(weights.label((int) t[0])));
            }
            double merge = mergeBar();
            String verdict = cos >= merge ? Reason.AGREE : cos >= reviewBar() ? Reason.SIMILAR : Reason.DIFFER;
            String bar = excess() > 0 ? String.format(java.util.Locale.ROOT, " (unrelated records here score %.2f on average: the bar is %.2f)",
                    weights.background(), merge) : "";
            reasons.add(new Reason("text", verdict, round(cos), (words.isEmpty() ? "nothing rare in common"
                    : "rarest in common: " + String.join(", ", words)) + bar));
            if (a.language != null && b.language != null && !a.language.equalsIgnoreCase(b.language)) {
                reasons.add(new Reason("language", Reason.DIFFER, null, a.language + " vs " + b.language
                        + ": compared by the glossary's concepts, acronyms, countries and cognates"));
            }
        }
        List<String> onlyA = unnamed(a, b);
        List<String> onlyB = unnamed(b, a);
        if (!onlyA.isEmpty() && !onlyB.isEmpty()) {
            cos -= NAMES_DIFFER;
            if (reasons != null) {
                reasons.add(new Reason("title names", Reason.DIFFER, null, String.join(", ", onlyA) + " vs " + String.join(", ", onlyB)));
            }
        }
        if (numbers(a, b, null) < 0) {
            // "Phase I" and "Phase II", "2012-2016" and "2017-2021": a separately funded phase is another practice
            cos -= TITLE_NUMBERS_DIFFER;
        }
        if (a.titleCountries.length > 0 && b.titleCountries.length > 0 && disjoint(a.titleCountries, b.titleCountries)) {
            cos -= TITLE_COUNTRIES_DIFFER;
            if (reasons != null) {
                reasons.add(new Reason("title countries", Reason.DIFFER, null, labels(a.titleCountries) + " vs " + labels(b.titleCountries)));
            }
        }
        if (siblings(a.urls, b.urls)) {
            cos -= SIBLING_PAGES;
            if (reasons != null) {
                reasons.add(new Reason("links", Reason.DIFFER, null, "two pages of one section of one site: " + a.urls[0] + " vs " + b.urls[0]));
            }
        }
        return Math.max(0, cos);
    }

    private static boolean disjoint(int[] a, int[] b) {
        for (int x : a) {
            if (Arrays.binarySearch(b, x) >= 0) {
                return false;
            }
        }
        return true;
    }

    private String labels(int[] terms) {
        List<String> out = new ArrayList<>();
        for (int t : terms) {
            out.add(readable(weights.label(t)));
        }
        return String.join(", ", out);
    }

    /** The names {@code a}'s title gives that {@code b}'s whole text never mentions, readable. */
    private List<String> unnamed(MatchRecord a, MatchRecord b) {
        List<String> out = new ArrayList<>();
        for (int k : a.titleKeys) {
            if (Arrays.binarySearch(b.content, k) < 0) {
                out.add(readable(weights.label(k)));
            }
        }
        return out;
    }

    /** A content term as a facilitator reads it: the concept, the acronym in capitals, the country code, the word's stem. */
    static String readable(String label) {
        if (label == null || label.length() < 3) {
            return String.valueOf(label);
        }
        String v = label.substring(2);
        return switch (label.charAt(0)) {
            case 'a' -> v.toUpperCase(java.util.Locale.ROOT);
            case 'p' -> v.length() >= ContentTerms.PREFIX ? v + "…" : v;
            default -> v;
        };
    }

    /**
     * Whether both records link to different pages under one parent path of one site, at least three levels deep: a
     * site's items side by side (a news site's stories), not a practice's site and one of its sections.
     */
    static boolean siblings(String[] a, String[] b) {
        if (a.length == 0 || b.length == 0 || a[0].equals(b[0])) {
            return false;
        }
        int sa = a[0].lastIndexOf('/');
        int sb = b[0].lastIndexOf('/');
        return sa > 0 && sa == sb && a[0].regionMatches(0, b[0], 0, sa) && a[0].chars().filter(ch -> ch == '/').count() >= 3;
    }

    /** The title and the structured fields (the score before content was weighed). */
    private double fields(MatchRecord a, MatchRecord b, List<Reason> reasons) {
        double titleCos = cosine(a.titleTerms, b.titleTerms);
        double titleGrams = dice(a.titleGrams, b.titleGrams);
        double title = Math.max(titleCos, titleGrams);
        if (reasons != null) {
            reasons.add(textReason("title", title, titleCos >= titleGrams ? "terms weighted by rarity" : "character trigrams"));
        }
        double text = title;
        if (a.summaryTerms.length > 0 && b.summaryTerms.length > 0) {
            double summary = cosine(a.summaryTerms, b.summaryTerms);
            if (reasons != null) {
                reasons.add(textReason("summary", summary, "terms weighted by rarity"));
            }
            // a blend, not a bonus: summaries that disagree count against the pair (tried on DBLP-ACM and the samples:
            // a summary that may only help, or helps above a floor, merged more distinct pairs)
            text = (1 - SUMMARY_WEIGHT) * title + SUMMARY_WEIGHT * summary;
            if (summary < SUMMARY_UNRELATED && a.summaryTerms.length >= LONG_SUMMARY_TERMS && b.summaryTerms.length >= LONG_SUMMARY_TERMS) {
                text -= SUMMARIES_DIFFER;
            }
        }
        double score = text + partners(a, b, reasons) + countries(a, b, reasons) + years(a, b, reasons) + numbers(a, b, reasons);
        return Math.max(0, Math.min(1, round(score)));
    }

    private static Reason textReason(String field, double similarity, String how) {
        String verdict = similarity >= 0.8 ? Reason.AGREE : similarity < 0.5 ? Reason.DIFFER : Reason.SIMILAR;
        return new Reason(field, verdict, round(similarity), how);
    }

    private static double partners(MatchRecord a, MatchRecord b, List<Reason> reasons) {
        if (a.orgs.length == 0 || b.orgs.length == 0) {
            return 0;
        }
        Org[] small = a.orgs.length <= b.orgs.length ? a.orgs : b.orgs;
        Org[] large = small == a.orgs ? b.orgs : a.orgs;
        List<String> shared = reasons == null ? null : new ArrayList<>();
        int n = 0;
        for (Org o : small) {
            for (Org p : large) {
                if (o.sameAs(p)) {
                    n++;
                    if (shared != null) {
                        shared.add(o.name());
                    }
                    break;
                }
            }
        }
        double overlap = (double) n / small.length;
        if (n == 0) {
            if (reasons != null) {
                reasons.add(new Reason("partners", Reason.DIFFER, 0.0, "no organisation in common"));
            }
            return -PARTNERS_DIFFER;
        }
        if (reasons != null) {
            reasons.add(new Reason("partners", Reason.AGREE, round(overlap), "in common: " + String.join("; ", shared)));
        }
        return PARTNERS_AGREE * overlap;
    }

    private static double countries(MatchRecord a, MatchRecord b, List<Reason> reasons) {
        if (a.countries.length == 0 || b.countries.length == 0) {
            return 0;
        }
        List<String> shared = common(a.countries, b.countries);
        if (reasons == null) {
            return shared.isEmpty() ? -COUNTRIES_DIFFER : COUNTRIES_AGREE;
        }
        if (shared.isEmpty()) {
            reasons.add(new Reason("countries", Reason.DIFFER, 0.0, String.join(",", a.countries) + " vs " + String.join(",", b.countries)));
            return -COUNTRIES_DIFFER;
        }
        reasons.add(new Reason("countries", Reason.AGREE, null, "in common: " + String.join(",", shared)));
        return COUNTRIES_AGREE;
    }

    private static double years(MatchRecord a, MatchRecord b, List<Reason> reasons) {
        if (a.year == 0 || b.year == 0) {
            return 0;
        }
        int gap = Math.abs(a.year - b.year);
        if (reasons == null) {
            return gap == 0 ? YEAR_AGREE : gap == 1 ? -YEAR_NEAR : -YEARS_DIFFER;
        }
        if (gap == 0) {
            reasons.add(new Reason("year", Reason.AGREE, null, "both start in " + a.year));
            return YEAR_AGREE;
        }
        if (gap == 1) {
            reasons.add(new Reason("year", Reason.SIMILAR, null, a.year + " vs " + b.year));
            return -YEAR_NEAR;
        }
        reasons.add(new Reason("year", Reason.DIFFER, null, a.year + " vs " + b.year));
        return -YEARS_DIFFER;
    }

    private static List<String> common(String[] a, String[] b) {
        List<String> out = new ArrayList<>();
        for (String x : a) {
            for (String y : b) {
                if (x.equals(y) && !out.contains(x)) {
                    out.add(x);
                }
            }
        }
        return out;
    }

    /** Numbers in both titles that disagree ("part I" and "part II", "2019-2022" and "2023-2026"): other parts or editions. */
    private static double numbers(MatchRecord a, MatchRecord b, List<Reason> reasons) {
        if (a.titleNumbers.length == 0 || b.titleNumbers.length == 0) {
            return 0;
        }
        List<String> ab = common(a.titleNumbers, b.titleNumbers);
        if (ab.size() == a.titleNumbers.length || ab.size() == b.titleNumbers.length) {
            return 0;
        }
        if (reasons != null) {
            reasons.add(new Reason("title numbers", Reason.DIFFER, null, String.join(" ", a.titleNumbers) + " vs " + String.join(" ", b.titleNumbers)));
        }
        return -TITLE_NUMBERS_DIFFER;
    }

    /** TF-IDF cosine of two sorted term sets (each term counted once: titles and summaries are short). */
    double cosine(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            return 0;
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (j >= b.length || i < a.length && a[i] < b[j]) {
                double w = weights.idf(a[i++]);
                na += w * w;
            } else if (i >= a.length || b[j] < a[i]) {
                double w = weights.idf(b[j++]);
                nb += w * w;
            } else {
                double w = weights.idf(a[i]);
                dot += w * w;
                na += w * w;
                nb += w * w;
                i++;
                j++;
            }
        }
        return dot / Math.sqrt(na * nb);
    }

    /** Dice coefficient of two sorted sets. */
    static double dice(int[] a, int[] b) {
        if (a.length == 0 || b.length == 0) {
            return 0;
        }
        int common = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] < b[j]) {
                i++;
            } else if (a[i] > b[j]) {
                j++;
            } else {
                common++;
                i++;
                j++;
            }
        }
        return 2.0 * common / (a.length + b.length);
    }

    static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
