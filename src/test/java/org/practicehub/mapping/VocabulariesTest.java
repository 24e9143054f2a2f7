package org.practicehub.mapping;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class VocabulariesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            6                                                     | 6
            Objective 6                                           | 6
            GCM Objective 21                                      | 21
            Objetivo 10                                           | 10
            Counter smuggling                                     | 9
            Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work | 6
            Remittances and financial inclusion                   | 20
            International cooperation and partnerships            | 23
            """)
    void gcmObjectivesByNumberLabelOrTitle(String label, int number) {
        assertThat(Vocabularies.gcmObjective(label)).hasValue(number);
    }

    @ParameterizedTest
    @CsvSource({"24", "Objective 0", "2020", "smuggler's paradise"})
    void notGcmObjectives(String label) {
        assertThat(Vocabularies.gcmObjective(label)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Viet Nam                   | VN
            Vietnam                    | VN
            Türkiye                    | TR
            Turkey                     | TR
            Côte d'Ivoire              | CI
            Cote d'Ivoire              | CI
            Republic of Korea          | KR
            The Dominican Republic     | DO
            United States of America   | US
            México                     | MX
            Perú                       | PE
            Allemagne                  | DE
            Alemania                   | DE
            ph                         | PH
            PHL                        | PH
            """)
    void countriesByCodeAndEnglishSpanishFrenchNames(String label, String code) {
        assertThat(Vocabularies.country(label)).hasValue(code);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SDG 8      | 8
            8.8        | 8.8
            Goal 10.7  | 10.7
            16.b       | 16.b
            """)
    void sdgs(String label, String value) {
        assertThat(Vocabularies.sdg(label)).hasValue(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Pre-Departure            | pre-departure
            pre departure            | pre-departure
            On-site Phase            | on-site
            Return & Reintegration   | return and reintegration
            """)
    void phases(String label, String value) {
        assertThat(Vocabularies.phase(label)).hasValue(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Labour migration policies                 | labour migration policy
            Recruitment policy and practices          | recruitment
            Protection of migrant workers             | protection of migrant workers
            Reintegration of migrant workers          | reintegration
            Cooperation among multiple stakeholders   | multi-stakeholder cooperation
            """)
    void theApMagNetThemes(String label, String value) {
        assertThat(Vocabularies.theme(label)).hasValue(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            South-eastern Asia  | 035
            Southeast Asia      | 035
            419                 | 419
            """)
    void m49Regions(String label, String code) {
        assertThat(Vocabularies.region(label)).hasValueSatisfying(r -> assertThat(r[0]).isEqualTo(code));
    }
}
