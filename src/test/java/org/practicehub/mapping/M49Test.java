package org.practicehub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

class M49Test {

    @Test
    void countriesLieInTheirIntermediateRegionSubRegionAndRegion() {
        assertThat(M49.regions(List.of("MX"), List.of())).containsExactlyInAnyOrder("019", "419", "013");
        assertThat(M49.regions(List.of("US"), List.of())).containsExactlyInAnyOrder("019", "021");
        assertThat(M49.regions(List.of("PH"), List.of())).containsExactlyInAnyOrder("142", "035");
        assertThat(M49.regions(List.of("ng"), List.of())).containsExactlyInAnyOrder("002", "202", "011");
        // the regions given stay, the derived ones join them once
        assertThat(M49.regions(List.of("MX", "GT"), List.of("013", "001"))).containsExactly("013", "001", "019", "419");
    }

    @Test
    void aPracticeWithNoPlaceM49KnowsIsInTheUnknownRegionNotDropped() {
        assertThat(M49.regions(List.of("XK"), List.of())).containsExactly(M49.UNKNOWN);
        assertThat(M49.regions(List.of(), List.of())).containsExactly(M49.UNKNOWN);
        assertThat(M49.regions(null, null)).containsExactly(M49.UNKNOWN);
        assertThat(M49.label(M49.UNKNOWN)).isEqualTo("Unknown region");
        assertThat(M49.subRegions(List.of("XK"), List.of())).containsExactly(M49.UNKNOWN);
    }

    @Test
    void subRegionsAreTheMatrixRows() {
        assertThat(M49.subRegions(List.of("MX", "US"), List.of())).containsExactly("419", "021");
        assertThat(M49.subRegions(List.of(), List.of("013"))).containsExactly("419");
        // a region given only at a wider level is a row of its own
        assertThat(M49.subRegions(List.of(), List.of("142"))).containsExactly("142");
        assertThat(M49.label("021")).isEqualTo("Northern America");
        assertThat(M49.label("419")).isEqualTo("Latin America and the Caribbean");
    }

    @Test
    void everyCountryTheJdkKnowsBarAntarcticaIsPlacedAndEveryCodeHasANameInThreeLanguages() {
        for (String c : Locale.getISOCountries()) {
            if (!c.equals("AQ")) {
                assertThat(M49.of(c)).as(c).isPresent();
            }
            M49.of(c).ifPresent(p -> {
                for (String code : new String[] {p.region(), p.subRegion(), p.intermediate()}) {
                    if (code != null) {
                        assertThat(Vocabularies.all().get("regions").get(code)).as(c + " " + code).containsKeys("en", "es", "fr");
                    }
                }
            });
        }
    }
}
