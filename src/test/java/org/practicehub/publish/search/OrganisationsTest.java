package org.practicehub.publish.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.practicehub.publish.search.Organisations.Mention;
import org.practicehub.publish.search.Organisations.Organisation;

class OrganisationsTest {

    @Test
    void aNameAndItsAcronymAreOneOrganisationInAnyLanguage() {
        List<Organisation> orgs = Organisations.merge(List.of(
                new Mention(0, "partner", "International Organization for Migration", "IOM"),
                new Mention(1, "partner", "IOM", ""),
                new Mention(2, "donor", "", "IOM"),
                new Mention(3, "partner", "Organización Internacional para las Migraciones", "OIM"),
                new Mention(4, "partner", "international organization for migration", ""),
                new Mention(5, "partner", "International Organization for Migration", "IOM")));
        assertThat(orgs).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("International Organization for Migration");
            assertThat(o.acronym()).isEqualTo("IOM");
            assertThat(o.title()).isEqualTo("International Organization for Migration (IOM)");
            assertThat(o.otherNames()).containsExactly("OIM", "Organización Internacional para las Migraciones");
            assertThat(o.roles()).containsExactly("donor", "partner");
            assertThat(o.positions()).containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(o.slug()).isEqualTo("iom-international-organization-for-migration");
        });
    }

    @Test
    void differentNamesAndAcronymsStayApart() {
        List<Organisation> orgs = Organisations.merge(List.of(
                new Mention(0, "partner", "International Labour Organization", "ILO"),
                new Mention(1, "partner", "International Organization for Migration", "IOM"),
                new Mention(2, "partner", "Ministry of Labour", ""),
                new Mention(3, "partner", "Organisation internationale du Travail", "OIT")));
        assertThat(orgs).extracting(Organisation::title).containsExactly("International Labour Organization (ILO)",
                "International Organization for Migration (IOM)", "Ministry of Labour");
        assertThat(orgs.get(0).positions()).containsExactly(0, 3);
    }

    @Test
    void anAcronymAloneIsAnOrganisationAndSlugsAreUnique() {
        List<Organisation> orgs = Organisations.merge(List.of(new Mention(0, "partner", "STPS", ""), new Mention(1, "partner", "Stps", "")));
        // "Stps" is a name (not all capitals), "STPS" an acronym: told apart, and their pages too
        assertThat(orgs).hasSize(2);
        assertThat(orgs).extracting(Organisation::slug).doesNotHaveDuplicates();
        assertThat(Organisations.looksLikeAcronym("I.O.M.")).isTrue();
        assertThat(Organisations.looksLikeAcronym("Ministry")).isFalse();
        assertThat(Organisations.merge(List.of(new Mention(0, "partner", " ", "")))).isEmpty();
    }
}
