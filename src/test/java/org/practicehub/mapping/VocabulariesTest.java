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

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Reintegración                     | reintegration
            Réintégration                     | reintegration
            Reintegração                      | reintegration
            Migración laboral                 | labour migration policy
            Politique de migration de main-d'oeuvre | labour migration policy
            Trata de personas                 | human trafficking
            Traite des êtres humains          | human trafficking
            Remesas e inclusión financiera    | remittances and financial inclusion
            Envois de fonds                   | remittances and financial inclusion
            Protección de los trabajadores migrantes | protection of migrant workers
            Servicios consulares              | consular services
            """)
    void themesInSpanishFrenchAndPortuguese(String label, String value) {
        assertThat(Vocabularies.theme(label)).hasValue(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Retour et réintégration   | return and reintegration
            Retorno y reintegración   | return and reintegration
            Antes de la partida       | pre-departure
            Avant le départ           | pre-departure
            Tránsito                  | transit
            En destino                | on-site
            Sur place                 | on-site
            """)
    void phasesInSpanishAndFrench(String label, String value) {
        assertThat(Vocabularies.phase(label)).hasValue(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Proyecto/Programa                     | Project/Programme
            Projet/Programme                      | Project/Programme
            Política pública                      | Policy
            Législation / Réglementation          | Legislation / Regulation
            Herramienta / Orientación             | Tool / Guidance
            Renforcement des capacités            | Training / Capacity building
            Alianza                               | Partnership / Multistakeholder initiative
            """)
    void practiceTypesInSpanishAndFrench(String label, String value) {
        assertThat(Vocabularies.practiceType(label)).hasValue(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Afrique de l'Ouest            | 011 | Western Africa
            Afrique occidentale           | 011 | Western Africa
            África occidental             | 011 | Western Africa
            América Latina y el Caribe    | 419 | Latin America and the Caribbean
            Amérique latine et Caraïbes   | 419 | Latin America and the Caribbean
            Asia sudoriental              | 035 | South-eastern Asia
            Asie du Sud-Est               | 035 | South-eastern Asia
            Europa meridional             | 039 | Southern Europe
            """)
    void m49RegionsByTheirSpanishAndFrenchNames(String label, String code, String name) {
        assertThat(Vocabularies.region(label)).hasValueSatisfying(r -> assertThat(r).containsExactly(code, name));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Facilitar la contratación equitativa y ética y salvaguardar las condiciones que garantizan el trabajo decente | 6
            Favoriser des pratiques de recrutement justes et éthiques et assurer les conditions d'un travail décent | 6
            "Colaborar para facilitar el regreso y la readmisión en condiciones de seguridad y dignidad, así como la reintegración sostenible" | 21
            Objectif 23                    | 23
            Migrantes desaparecidos        | 8
            """)
    void gcmObjectivesInSpanishAndFrench(String label, int number) {
        assertThat(Vocabularies.gcmObjective(label)).hasValue(number);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Enfoque pangubernamental                           | whole-of-government
            Approche mobilisant toute la société               | whole-of-society
            Prise en compte de la problématique femmes-hommes  | gender-responsive
            Derechos humanos                                   | human rights
            """)
    void guidingPrinciplesInSpanishAndFrench(String label, String value) {
        assertThat(Vocabularies.guidingPrinciple(label)).hasValue(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Trabajo decente y crecimiento económico   | 8
            Travail décent et croissance économique   | 8
            Trabalho decente e crescimento econômico  | 8
            Reducción de las desigualdades            | 10
            ODS 10.7                                  | 10.7
            """)
    void sdgsByTheirNames(String label, String value) {
        assertThat(Vocabularies.sdg(label)).hasValue(value);
    }

    /** A label that folds to one text must mean one value in every language of a vocabulary, or one of them would be lost. */
    @org.junit.jupiter.api.Test
    void noLabelMeansTwoValuesOfOneVocabulary() {
        Vocabularies.all().forEach((vocabulary, values) -> {
            java.util.Map<String, String> seen = new java.util.HashMap<>();
            values.forEach((value, byLang) -> byLang.forEach((lang, labels) -> labels.forEach(l -> {
                String other = seen.putIfAbsent(Text.fold(l), value);
                assertThat(other == null || other.equals(value)).as("%s: '%s' (%s) means both %s and %s", vocabulary, l, lang, other, value)
                        .isTrue();
            })));
            assertThat(values.values()).as(vocabulary).allSatisfy(byLang -> assertThat(byLang).containsKeys("en", "es", "fr"));
        });
    }
}
