package org.practicehub.publish.depository;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.practicehub.mapping.Text;

class PracticeIndexTest {

    @Test
    void theDistinctWordsAnswerEveryWordQueryAsTheWholeTextDoes() {
        String folded = Text.fold("Return and Reintegration: returning migrants, their return journeys and reintegration grants");
        String words = PracticeIndex.words(folded);
        assertThat(words).isEqualTo(" and grants journeys migrants reintegration return returning their ");
        Random r = new Random(7);
        List<String> vocabulary = List.of("re", "ret", "return", "returns", "rein", "and", "an", "grant", "grants", "x", "their", "the",
                "journey", "journeys", "migr", "ing", "urn");
        for (int i = 0; i < 200; i++) {
            String w = vocabulary.get(r.nextInt(vocabulary.size()));
            assertThat(words.contains(" " + w)).as(w).isEqualTo((" " + folded + " ").contains(" " + w));
        }
    }

    @Test
    void anEmptyTextMatchesNoWord() {
        assertThat(PracticeIndex.words("")).isEqualTo(" ");
        assertThat(PracticeIndex.words("").contains(" a")).isFalse();
    }
}
