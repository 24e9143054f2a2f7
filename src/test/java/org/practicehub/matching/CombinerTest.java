package org.practicehub.matching;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.practicehub.model.Practice;

import static org.assertj.core.api.Assertions.assertThat;

/** The combine rule of a merged practice. */
class CombinerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Practice doc(String title, String summary, String description, List<String> countries, List<String> phases,
            List<Integer> gcm, List<Integer> gcm2, String start, String benefits, String website, List<Practice.Organisation> partners) {
        return new Practice(Practice.SCHEMA_VERSION, null, title, summary, description == null ? null : new Practice.Description(description, "<p>" + description + "</p>"),
                List.of("Project/Programme"), new Practice.GeographicScope("national", countries, List.of()), partners, List.of(),
                new Practice.GcmObjectives(gcm, gcm2), List.of(), List.of("10.7"), phases, List.of("reintegration"),
                start == null ? null : new Practice.Implementation(start, "ongoing"), benefits, null, null, null,
                List.of(new Practice.Link(website, "website")), "en", List.of(), Map.of("keywords", List.of(title.substring(0, 4))), null, null);
    }

    private final Practice apmagnet = doc("One-stop centre in Laguna", "AP-MagNet's summary", "A longer description from AP-MagNet, with the services listed.",
            List.of("PH"), List.of("pre-departure", "return and reintegration"), List.of(21), List.of(), null, null,
            "http://apmagnet.example/laguna", List.of(new Practice.Organisation("Overseas Workers Welfare Administration", "OWWA", null)));
    private final Practice mnh = doc("Laguna One Stop Migration Resource Center", "MNH's summary", "Short.",
            List.of("PH", "SA"), List.of("on-site", "pre-departure"), List.of(3, 14), List.of(21), "2019", "OFWs reach help at one office.",
            "https://mnh.example/laguna", List.of(new Practice.Organisation("Provincial Government of Laguna", null, null),
                    new Practice.Organisation("overseas workers welfare administration", null, "owwa@example.org")));

    private List<Combiner.Part> parts() {
        return List.of(new Combiner.Part(new RecordKey("apmagnet", "31"), "AP-MagNet", apmagnet, T0),
                new Combiner.Part(new RecordKey("mnh", "88"), "Migration Network Hub", mnh, T0.plusSeconds(60)));
    }

    @Test
    void listsAreUnitedLongTextsTakeTheFullerOneSingleValuesFollowThePriority() {
        Practice p = new Combiner(List.of("Migration Network Hub", "AP-MagNet")).combine(parts());
        assertThat(p.title()).isEqualTo("Laguna One Stop Migration Resource Center");
        assertThat(p.summary()).isEqualTo("MNH's summary");
        assertThat(p.implementation().start()).isEqualTo("2019");
        assertThat(p.description().text()).startsWith("A longer description from AP-MagNet");
        assertThat(p.keyBenefits()).isEqualTo("OFWs reach help at one office.");
        assertThat(p.geographicScope().countries()).containsExactly("PH", "SA");
        assertThat(p.migrationPhases()).containsExactly("pre-departure", "on-site", "return and reintegration");
        assertThat(p.gcmObjectives().primary()).containsExactly(3, 14, 21);
        assertThat(p.gcmObjectives().secondary()).isEmpty();
        assertThat(p.themes()).containsExactly("reintegration");
        assertThat(p.partners()).extracting(Practice.Organisation::name)
                .containsExactly("Provincial Government of Laguna", "overseas workers welfare administration");
        assertThat(p.partners().get(1).acronym()).isEqualTo("OWWA");
        assertThat(p.links()).containsExactly(new Practice.Link("https://mnh.example/laguna", "website"),
                new Practice.Link("http://apmagnet.example/laguna", "related"));
        assertThat(p.unmapped().get("keywords")).containsExactly("Lagu", "One-");
    }

    @Test
    void withoutAPriorityTheOldestRecordWins() {
        Practice p = new Combiner(List.of()).combine(parts());
        assertThat(p.title()).isEqualTo("One-stop centre in Laguna");
        assertThat(p.implementation().start()).isEqualTo("2019");
        assertThat(p.links().get(0)).isEqualTo(new Practice.Link("http://apmagnet.example/laguna", "website"));
    }

    @Test
    void oneRecordIsItsOwnPractice() {
        assertThat(new Combiner(List.of()).combine(List.of(parts().get(1)))).isSameAs(mnh);
    }
}
