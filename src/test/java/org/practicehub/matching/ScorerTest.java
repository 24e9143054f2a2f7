package org.practicehub.matching;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.practicehub.model.Practice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The scorer on its own: each field's contribution and the reasons it gives. */
class ScorerTest {

    private final DedupIndex index = new DedupIndex(Thresholds.DEFAULT);

    private MatchRecord rec(String id, Practice doc) {
        return index.prepare(new RecordKey("s" + id, id), "Network " + id, doc, null);
    }

    private Score score(Practice a, Practice b) {
        return index.score(rec("a", a), rec("b", b));
    }

    private static Reason reason(Score s, String field) {
        return s.reasons().stream().filter(r -> r.field().equals(field)).findFirst().orElseThrow(() -> new AssertionError("no reason for " + field));
    }

    @Test
    void theSameTextScoresOne() {
        Practice p = Docs.doc("Global Migration Media Academy", "A learning hub for journalists covering migration.");
        Score s = score(p, p);
        assertThat(s.value()).isEqualTo(1.0);
        assertThat(s.agreed()).extracting(Reason::field).containsExactly("title", "summary");
        assertThat(s.differed()).isEmpty();
    }

    @Test
    void reorderedAndReworded_titlesStaySimilar_unrelatedOnesDoNot() {
        Score reordered = score(Docs.doc("Migration resource centre in Laguna province", null),
                Docs.doc("Laguna province: a resource center for migration", null));
        assertThat(reordered.value()).isGreaterThan(0.9);
        Score unrelated = score(Docs.doc("Migration resource centre in Laguna province", null),
                Docs.doc("Diaspora savings and investment mobilisation", null));
        assertThat(unrelated.value()).isLessThan(0.2);
        assertThat(reason(unrelated, "title").verdict()).isEqualTo(Reason.DIFFER);
    }

    @Test
    void longSummariesWithLittleInCommonWeighAgainstATemplateTitle() {
        String title = "Ten municipal programmes to watch this year";
        String summaryA = "Officials in the coastal province opened one-stop centres where returning seafarers register skills,"
                + " claim unpaid wages, receive counselling and apply for small business grants with their families.";
        String summaryB = "A university consortium trains border health workers to detect tuberculosis early among seasonal"
                + " farm labourers crossing the northern frontier, with mobile clinics and shared patient records.";
        Score apart = score(Docs.doc(title, summaryA), Docs.doc(title.replace("municipal", "regional"), summaryB));
        Score blendOnly = score(Docs.doc(title, "Returning seafarers."), Docs.doc(title.replace("municipal", "regional"), "Border health."));
        assertThat(reason(apart, "summary").verdict()).isEqualTo(Reason.DIFFER);
        assertThat(apart.value()).isLessThan(Thresholds.DEFAULT.merge());
        // short summaries only blend in: the extra weight needs two texts long enough to say something
        assertThat(blendOnly.value() - apart.value()).isGreaterThan(Scorer.SUMMARIES_DIFFER - 0.05);
    }

    @Test
    void characterTrigramsForgiveHyphensAndTypos() {
        Score s = score(Docs.doc("Multi-dimensional indexing with wavelet-based clustering", null),
                Docs.doc("Multidimensional indexing with wavelet based clustring", null));
        assertThat(reason(s, "title").detail()).isEqualTo("character trigrams");
        assertThat(s.value()).isGreaterThan(0.8);
    }

    @Test
    void sharedPartnersStrengthen_disjointPartnersWeaken_acronymsAndExpansionsAgree() {
        Practice a = Docs.doc("Skills passport for returning workers", null, List.of("International Labour Organization"), List.of(), null, null);
        Practice b = Docs.doc("Skills passport for returning workers", null, List.of("ILO"), List.of(), null, null);
        Practice c = Docs.doc("Skills passport for returning workers", null, List.of("Ministry of Health"), List.of(), null, null);
        Score same = score(a, b);
        assertThat(reason(same, "partners").verdict()).isEqualTo(Reason.AGREE);
        assertThat(same.value()).isEqualTo(1.0);
        Score other = score(a, c);
        assertThat(reason(other, "partners").verdict()).isEqualTo(Reason.DIFFER);
        assertThat(other.value()).isCloseTo(1 - Scorer.PARTNERS_DIFFER, within(1e-9));
    }

    @Test
    void aPersonsInitialMatchesTheFullFirstName() {
        Practice a = Docs.doc("Query optimization in parallel databases", null, List.of("Michael Stonebraker", "Joseph M. Hellerstein"), List.of(), null, null);
        Practice b = Docs.doc("Query optimization in parallel databases", null, List.of("J. Hellerstein", "M. Stonebraker"), List.of(), null, null);
        assertThat(reason(score(a, b), "partners").similarity()).isEqualTo(1.0);
    }

    @Test
    void countriesAndYearsStrengthenOrWeaken() {
        Practice ph2019 = Docs.doc("One-stop migration resource centre", null, List.of(), List.of("PH"), "2019", null);
        Practice ph2020 = Docs.doc("One-stop migration resource centre", null, List.of(), List.of("PH", "ID"), "2020", null);
        Practice mx2010 = Docs.doc("One-stop migration resource centre", null, List.of(), List.of("MX"), "2010", null);
        Score near = score(ph2019, ph2020);
        assertThat(reason(near, "countries").verdict()).isEqualTo(Reason.AGREE);
        assertThat(reason(near, "year").verdict()).isEqualTo(Reason.SIMILAR);
        assertThat(near.value()).isEqualTo(1.0);
        Score far = score(ph2019, mx2010);
        assertThat(far.differed()).extracting(Reason::field).containsExactly("countries", "year");
        assertThat(far.value()).isLessThan(Thresholds.DEFAULT.review());
    }

    @Test
    void titlesWhoseNumbersDisagreeAreOtherPartsOrEditions() {
        Score parts = score(Docs.doc("Database tuning: principles and techniques (part II)", null),
                Docs.doc("Database tuning: principles and techniques (part I)", null));
        assertThat(reason(parts, "title numbers").verdict()).isEqualTo(Reason.DIFFER);
        assertThat(parts.value()).isLessThan(Thresholds.DEFAULT.merge());
        Score same = score(Docs.doc("Municipal plan 2023-2026", null), Docs.doc("Municipal plan for 2023 to 2026", null));
        assertThat(same.differed()).isEmpty();
    }

    @Test
    void theSummaryCountsAQuarterWhenBothHaveOne() {
        Score s = score(Docs.doc("Community radio for migrants", "Weekly programmes in three languages."),
                Docs.doc("Community radio for migrants", "A loan scheme for small businesses."));
        assertThat(reason(s, "summary").verdict()).isEqualTo(Reason.DIFFER);
        assertThat(s.value()).isCloseTo(1 - Scorer.SUMMARY_WEIGHT, within(1e-9));
    }

    @Test
    void theSameCanonicalPageIsAReason() {
        Practice a = Docs.doc("Laguna centre", null, List.of(), List.of(), null, "https://www.example.org/practice/laguna/");
        Practice b = Docs.doc("One stop centre", null, List.of(), List.of(), null, "http://example.org/practice/laguna?utm_source=x");
        Score s = score(a, b);
        assertThat(s.sameUrl()).isTrue();
        assertThat(reason(s, "url").detail()).contains("example.org/practice/laguna");
    }
}
