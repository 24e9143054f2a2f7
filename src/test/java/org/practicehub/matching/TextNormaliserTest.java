package org.practicehub.matching;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextNormaliserTest {

    @Test
    void foldsUnicodeCompatibilityFormsCaseAndDiacritics() {
        assertThat(TextNormaliser.fold("ＩＬＯ ﬁnancial Ⅻ")).isEqualTo("ilo financial xii");
        assertThat(TextNormaliser.fold("Jóvenes en Acción, Côte d'Ivoire, Straße, Łódź, Ærø")).isEqualTo("jovenes en accion cote d ivoire strasse lodz aero");
    }

    @Test
    void decodesHtmlEntitiesBeforeFolding() {
        assertThat(TextNormaliser.fold("Bertram Lud&#228;scher")).isEqualTo("bertram ludascher");
        assertThat(TextNormaliser.fold("The VLDB Journal &mdash; Data &amp; Knowledge")).isEqualTo("the vldb journal data knowledge");
    }

    @Test
    void punctuationAndSpacesBecomeOneSpace() {
        assertThat(TextNormaliser.fold("  One-stop   “migration” resource (centre)!  ")).isEqualTo("one stop migration resource centre");
        assertThat(TextNormaliser.words("Publish/Subscribe: the proactive multicast")).containsExactly("publish", "subscribe", "the", "proactive", "multicast");
    }

    @Test
    void termsDropEnglishSpanishAndFrenchStopWords() {
        assertThat(TextNormaliser.terms("The Province of Laguna and its centre", null)).containsExactly("province", "laguna", "center");
        assertThat(TextNormaliser.terms("Estrategia de educación financiera para los mexicanos en el exterior", null))
                .containsExactly("estrategia", "educacion", "financiera", "mexicano", "exterior");
        assertThat(TextNormaliser.terms("Vivre ensemble sans discrimination dans la ville de l'avenir", null))
                .containsExactly("vivre", "ensemble", "discrimination", "ville", "avenir");
    }

    @Test
    void britishAndAmericanSpellingsAndPluralsMeet() {
        assertThat(TextNormaliser.terms("Labour organisations: programmes, centres and workers", null))
                .containsExactly("labor", "organization", "program", "center", "worker");
        assertThat(TextNormaliser.terms("Labor organization: program, center and worker", null))
                .containsExactly("labor", "organization", "program", "center", "worker");
        assertThat(TextNormaliser.terms("families, processes, analysis, status, OFWs", null)).containsExactly("family", "process", "analysis", "status", "ofw");
    }

    @Test
    void numbersOfATitle_romanNumeralsOfPartsAsDigits() {
        assertThat(TextNormaliser.numbers("Database tuning (part II)")).containsExactly("2");
        assertThat(TextNormaliser.numbers("Cluster validity methods: Part I")).containsExactly("1");
        assertThat(TextNormaliser.numbers("Municipal Plan 2023-2026, phase 02")).containsExactly("2023", "2026", "2");
        assertThat(TextNormaliser.numbers("I want a visa: X marks the spot")).isEmpty();
    }

    @Test
    void knownExpansionsBecomeTheirAcronym() {
        Acronyms a = new Acronyms();
        a.learn("Support from the International Labour Organization (ILO) and partners.");
        assertThat(TextNormaliser.terms("International Labour Organisation projects", a)).isEqualTo(List.of("ilo", "project"));
        assertThat(TextNormaliser.terms("ILO projects", a)).isEqualTo(List.of("ilo", "project"));
    }
}
