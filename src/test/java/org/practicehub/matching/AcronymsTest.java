package org.practicehub.matching;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcronymsTest {

    @Test
    void learnsAnAcronymAfterItsExpansionSkippingSmallWords() {
        Acronyms a = new Acronyms();
        a.learn("with the support of the International Organization for Migration (IOM) and the Regional Conference on Migration (RCM)");
        assertThat(a.acronymOf(TextNormaliser.words("International Organization for Migration"))).isEqualTo("iom");
        assertThat(a.acronymOf(TextNormaliser.words("Regional Conference on Migration"))).isEqualTo("rcm");
    }

    @Test
    void learnsPluralAcronymsAndExpansionsInBracketsAfterTheAcronym() {
        Acronyms a = new Acronyms();
        a.learn("support to Overseas Filipino Workers (OFWs) and their families");
        a.learn("ILO (International Labour Organization) offices");
        assertThat(a.abbreviate(TextNormaliser.terms("overseas Filipino workers abroad", null))).containsExactly("ofw", "abroad");
        assertThat(a.abbreviate(TextNormaliser.terms("International Labor Organization", null))).containsExactly("ilo");
    }

    @Test
    void learnsNothingWhenTheInitialsDoNotSpellTheAcronym() {
        Acronyms a = new Acronyms();
        a.learn("Financial Education Strategy for Mexicans Abroad (SEFIME)");
        a.learn("Migration for Sustainable Development (M4SD)");
        assertThat(a.size()).isZero();
    }

    @Test
    void takesAnOrganisationsOwnAcronymAsGiven() {
        Acronyms a = new Acronyms();
        a.learn("Sri Lanka Bureau of Foreign Employment", "SLBFE");
        a.learn("Organización Internacional del Trabajo", "OIT");
        assertThat(a.acronymOf(List.of("organizacion", "internacional", "del", "trabajo"))).isEqualTo("oit");
        assertThat(a.abbreviate(TextNormaliser.terms("the Sri Lanka Bureau of Foreign Employment database", null))).containsExactly("slbfe", "database");
    }

    @Test
    void initialsOfAName() {
        assertThat(Acronyms.initials(TextNormaliser.words("Overseas Workers Welfare Administration"))).isEqualTo("owwa");
        assertThat(Acronyms.initials(TextNormaliser.words("International Organization for Migration"))).isEqualTo("iom");
        assertThat(Acronyms.initials(TextNormaliser.words("UNICEF"))).isNull();
    }
}
