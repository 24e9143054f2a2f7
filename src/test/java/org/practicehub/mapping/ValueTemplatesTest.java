package org.practicehub.mapping;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Value templates: fields built from others. */
class ValueTemplatesTest {

    static final Map<String, List<String>> RECORD = Map.of(
            "$.name", List.of("reintegration survey 2023"),
            "$.type", List.of("node"),
            "$.id", List.of("42"),
            "$.files[*]", List.of("a.pdf", "b ü.xlsx"),
            "$.path", List.of("/fr/pratiques/guichet"),
            "$.query", List.of("a?b#c"));

    static List<String> fill(String template) {
        return Templates.fill(template, p -> RECORD.getOrDefault(p, List.of()));
    }

    @Test
    void aTemplateBuildsAValueFromOthers() {
        assertThat(fill("{$.type}/{$.id}")).containsExactly("node/42");
    }

    @Test
    void insideAUrlWhatAPlaceholderBringsIsEncodedWhereAUrlWouldNotAllowIt() {
        assertThat(fill("https://data.example.org/dataset/{$.name}")).containsExactly("https://data.example.org/dataset/reintegration%20survey%202023");
        assertThat(fill("https://x.org/q/{$.query}")).containsExactly("https://x.org/q/a%3Fb%23c");
        // a path keeps its slashes
        assertThat(fill("https://www.example.org{$.path}")).containsExactly("https://www.example.org/fr/pratiques/guichet");
        // outside a URL, as it is
        assertThat(fill("Dataset {$.name}")).containsExactly("Dataset reintegration survey 2023");
    }

    @Test
    void onePlaceholderGivesOneValuePerValue() {
        assertThat(fill("https://repo.org/files/{$.files[*]}")).containsExactly("https://repo.org/files/a.pdf", "https://repo.org/files/b%20%C3%BC.xlsx");
    }

    @Test
    void aPlaceholderThatFindsNothingLeavesTheFieldWithoutAValue() {
        assertThat(fill("https://x.org/{$.type}/{$.missing}")).isEmpty();
    }

    @Test
    void anExistingEscapeIsKept() {
        assertThat(Templates.encode("a%20b c")).isEqualTo("a%20b%20c");
        assertThat(Templates.encode("100%")).isEqualTo("100%25");
    }
}
