package org.practicehub.matching;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalUrlTest {

    @Test
    void schemeHostCaseWwwTrailingSlashFragmentAndTrackingGoAway() {
        String canonical = "migrationnetwork.un.org/practice/laguna";
        assertThat(CanonicalUrl.of("https://migrationnetwork.un.org/practice/laguna")).hasValue(canonical);
        assertThat(CanonicalUrl.of("http://WWW.MigrationNetwork.UN.org/practice/laguna/")).hasValue(canonical);
        assertThat(CanonicalUrl.of("https://www.migrationnetwork.un.org:443/practice/laguna#partners")).hasValue(canonical);
        assertThat(CanonicalUrl.of("https://migrationnetwork.un.org/practice/laguna?utm_source=newsletter&utm_medium=email&fbclid=x1"))
                .hasValue(canonical);
    }

    @Test
    void otherQueryParametersStaySortedAndThePathKeepsItsCase() {
        assertThat(CanonicalUrl.of("http://example.org/Practice?id=7&lang=en&utm_campaign=x")).hasValue("example.org/Practice?id=7&lang=en");
        assertThat(CanonicalUrl.of("http://example.org/Practice?lang=en&id=7")).hasValue("example.org/Practice?id=7&lang=en");
        assertThat(CanonicalUrl.of("http://example.org:8080/a")).hasValue("example.org:8080/a");
    }

    @Test
    void notAnHttpUrl() {
        assertThat(CanonicalUrl.of("mailto:someone@example.org")).isEmpty();
        assertThat(CanonicalUrl.of("urn:uuid:0a8e4f6c")).isEmpty();
        assertThat(CanonicalUrl.of("not a url")).isEmpty();
        assertThat(CanonicalUrl.of(null)).isEmpty();
    }

    @Test
    void aSitesHomePageNamesNoPage() {
        assertThat(CanonicalUrl.namesAPage(CanonicalUrl.of("https://www.ilo.org/").orElseThrow())).isFalse();
        assertThat(CanonicalUrl.namesAPage(CanonicalUrl.of("https://www.ilo.org/practice/1").orElseThrow())).isTrue();
    }
}
