package org.practicehub.web;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.practicehub.matching.Reason;
import org.practicehub.store.JudgedPair;

import static org.assertj.core.api.Assertions.assertThat;

/** A matcher's reasons as the sentences the console shows. */
class ReasonWordsTest {

    @Test
    void eachVerdictIsAVerb_theSimilarityAPercentage_theDetailAsTheMatcherSaidIt() {
        assertThat(ReasonWords.sentence(new Reason("partners", Reason.AGREE, 1.0, "in common: Overseas Workers Welfare Administration")))
                .isEqualTo("Organisations agree (100% alike): in common: Overseas Workers Welfare Administration.");
        assertThat(ReasonWords.sentence(new Reason("title", Reason.SIMILAR, 0.747, "terms weighted by rarity")))
                .isEqualTo("Titles are similar (75% alike): terms weighted by rarity.");
        // nothing alike is said by the verb alone
        assertThat(ReasonWords.sentence(new Reason("countries", Reason.DIFFER, 0.0, "PH vs ID"))).isEqualTo("Countries differ: PH vs ID.");
        assertThat(ReasonWords.sentence(new Reason("year", Reason.AGREE, null, "both start in 2019."))).isEqualTo("Start years agree: both start in 2019.");
        assertThat(ReasonWords.sentence(new Reason("url", Reason.AGREE, 1.0, null))).isEqualTo("Web pages agree (100% alike).");
    }

    @Test
    void aFieldOrVerdictTheConsoleDoesNotKnowIsShownAsTheMatcherNamesIt() {
        assertThat(ReasonWords.sentence(new Reason("programmeName", Reason.AGREE, null, "ADD"))).isEqualTo("Programme name agree: ADD.");
        assertThat(ReasonWords.sentence(new Reason("cross_language", "uncertain", 0.5, null))).isEqualTo("Cross language compared: uncertain (50% alike).");
        assertThat(ReasonWords.sentence(new Reason(null, Reason.DIFFER, null, " "))).isEqualTo("The records differ.");
    }

    @Test
    void aPairsReasonsInOrder_agreedThenSimilarThenDiffered() {
        JudgedPair p = new JudgedPair(1, "review", null, 0.7, "fuzzy", null, null,
                List.of(new Reason("countries", Reason.AGREE, null, "in common: PH")), List.of(new Reason("year", Reason.DIFFER, null, "2019 vs 2021")),
                List.of(new Reason("title", Reason.SIMILAR, 0.6, null)), Instant.EPOCH, null);
        assertThat(ReasonWords.of(p)).extracting(ReasonWords.Said::verdict).containsExactly("agree", "similar", "differ");
        assertThat(ReasonWords.of(p)).extracting(ReasonWords.Said::text)
                .containsExactly("Countries agree: in common: PH.", "Titles are similar (60% alike).", "Start years differ: 2019 vs 2021.");
    }
}
