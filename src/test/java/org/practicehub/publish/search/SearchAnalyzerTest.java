package org.practicehub.publish.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SearchAnalyzerTest {

    private static final SearchAnalyzer STEMMED = new SearchAnalyzer(true);

    private static List<String> terms(String text) {
        return View.tokens(STEMMED, text);
    }

    @Test
    void theSpanishEnglishAndFrenchFormsOfAWordMeet() {
        List<String> en = terms("reintegration");
        assertThat(en).hasSize(1);
        for (String form : List.of("reintegración", "Reintegración", "réintégration", "reintegrations", "reintegraciones", "réintégrations",
                "REINTEGRATION", "reintegração")) {
            assertThat(terms(form)).as(form).isEqualTo(en);
        }
        assertThat(terms("migrantes")).isEqualTo(terms("migrants")).isEqualTo(terms("migrant"));
        assertThat(terms("migración")).isEqualTo(terms("migration")).isEqualTo(terms("migrations"));
        assertThat(terms("racismo")).isEqualTo(terms("racisme")).isEqualTo(terms("racism"));
    }

    @Test
    void elisionsPossessivesAndStopWordsGo() {
        assertThat(terms("l'intégration")).isEqualTo(terms("integration"));
        assertThat(terms("l’intégration")).isEqualTo(terms("integration"));
        assertThat(terms("the migrant's return")).isEqualTo(terms("migrant return"));
        assertThat(terms("de la el les the of")).isEmpty();
        // words that are stop words elsewhere but places here stay
        assertThat(terms("Estados Unidos")).hasSize(2);
    }

    @Test
    void differentWordsStayApart() {
        assertThat(terms("integration")).isNotEqualTo(terms("migration"));
        assertThat(terms("nation")).isNotEqualTo(terms("notion"));
        // a short word is never rewritten as a Latin ending
        assertThat(terms("cion")).containsExactly("cion");
    }

    @Test
    void whatAMemberTypesIsWordsNeverSyntax() {
        for (String typed : List.of("\"(return AND", "title:foo*", "a OR", "[1 TO 5}", "\\", "~~~", "+-!", "reintegration^10")) {
            // no exception whatever the characters; the words in it are kept
            View.query(typed);
        }
        // "title:x" is two words, not a field
        assertThat(((org.apache.lucene.search.BooleanQuery) View.query("title:reintegration*")).clauses()).hasSize(2);
        assertThat(View.query("title:reintegration*").toString()).contains("body:reintegr").doesNotContain("title:reintegr*");
        assertThat(View.query("!!! --- ***")).isNull();
        assertThat(View.query("the of de la")).isNull();
        assertThat(View.query("")).isNull();
    }
}
