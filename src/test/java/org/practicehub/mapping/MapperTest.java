package org.practicehub.mapping;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.practicehub.model.Practice;
import org.practicehub.source.FeedEntry;
import org.practicehub.source.FieldSpec;
import org.practicehub.source.JsonRecord;
import org.practicehub.source.Kind;
import org.practicehub.source.SourceDef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MapperTest {

    final Mapper mapper = new Mapper();

    private static SourceDef source(Kind kind, Map<String, FieldSpec> fields, Map<String, Map<String, String>> values) {
        return new SourceDef("s", "Network", kind, "x", null, kind == Kind.JSON ? "$[*]" : null, "en", true, fields, values, Map.of(),
                org.practicehub.source.SourceOptions.NONE, Path.of("mappings/s.yaml"));
    }

    @Test
    void aFeedEntryWithTheDefaultMappingClassifiesItsCategories() {
        FeedEntry e = new FeedEntry("guid-1", "HTTP://Example.ORG/p/1#top", List.of(), "  Crisis <b>return</b> desk ",
                "Summary <i>text</i>", "<p>Long</p><script>alert(1)</script><p onclick=\"x()\">text</p>",
                List.of(new FeedEntry.Category("Pre-Departure", null), new FeedEntry.Category("Objective 14", null),
                        new FeedEntry.Category("Viet Nam", null), new FeedEntry.Category("SDG 10.7", null),
                        new FeedEntry.Category("8", null), new FeedEntry.Category("Whatever else", null)),
                "2024-02-15T00:00:00Z", null, List.of("Ministry of Labour (MOLISA)"), Map.of());
        Mapped m = mapper.map(e, source(Kind.FEED, Map.of(), Map.of()));
        Practice p = m.practice();
        assertThat(m.recordId()).isEqualTo("guid-1");
        assertThat(m.url()).isEqualTo("http://example.org/p/1");
        assertThat(p.title()).isEqualTo("Crisis return desk");
        assertThat(p.summary()).isEqualTo("Summary text");
        assertThat(p.description().html()).isEqualTo("<p>Long</p><p>text</p>");
        assertThat(p.migrationPhases()).containsExactly("pre-departure");
        assertThat(p.gcmObjectives().primary()).containsExactly(14);
        assertThat(p.geographicScope().countries()).containsExactly("VN");
        assertThat(p.sdgs()).containsExactly("10.7");
        assertThat(p.partners()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("Ministry of Labour");
            assertThat(o.acronym()).isEqualTo("MOLISA");
        });
        // a bare number is too ambiguous to place; it is kept, with the unknown label
        assertThat(p.unmapped()).containsEntry("keywords", List.of("8", "Whatever else"));
        assertThat(m.published()).isEqualTo("2024-02-15T00:00:00Z");
    }

    @Test
    void jsonFieldsByPathWithSplitsAndTheSourcesOwnLabels() throws Exception {
        var node = new ObjectMapper().readTree("""
                {"ref": "R-1", "name": "Laguna one stop centre",
                 "countries": "Philippines; Türkiye ; Côte d'Ivoire;Republic of Korea; Atlantis",
                 "phase": ["Pre-Departure Orientation", "On-site Phase", "Somewhere"],
                 "gcm": ["Counter smuggling", "Objective 6: Facilitate fair and ethical recruitment", "Objectivo 99"],
                 "dates": "2019 - 2023"}""");
        Map<String, FieldSpec> fields = Map.of("recordId", FieldSpec.of("$.ref"), "title", FieldSpec.of("$.name"),
                "countries", new FieldSpec("$.countries", ";"), "migrationPhases", FieldSpec.of("$.phase[*]"),
                "gcmObjectives", FieldSpec.of("$.gcm[*]"), "implementationStart", FieldSpec.of("$.dates"));
        Mapped m = mapper.map(new JsonRecord(node), source(Kind.JSON, fields,
                Map.of("migrationPhases", Map.of(Text.fold("Somewhere"), "transit"))));
        Practice p = m.practice();
        assertThat(p.geographicScope().countries()).containsExactly("PH", "TR", "CI", "KR");
        assertThat(p.geographicScope().level()).isEqualTo("regional");
        assertThat(p.migrationPhases()).containsExactly("pre-departure", "transit", "on-site");
        assertThat(p.gcmObjectives().primary()).containsExactly(6, 9);
        assertThat(p.implementation()).isEqualTo(new Practice.Implementation("2019", "2023"));
        assertThat(p.unmapped()).containsEntry("countries", List.of("Atlantis")).containsEntry("gcmObjectives", List.of("Objectivo 99"));
        assertThat(p.language()).isEqualTo("en");
    }

    @Test
    void theValidatorRejectsWhatCannotBeStored() {
        Validator v = new Validator();
        Practice noTitle = mapper.map(new FeedEntry("g", null, List.of(), " ", null, null, List.of(), null, null, List.of(), Map.of()),
                source(Kind.FEED, Map.of(), Map.of())).practice();
        assertThatThrownBy(() -> v.check(new Mapped("g", null, null, null, noTitle))).hasMessage("no title");
        Mapped noId = mapper.map(new FeedEntry(null, null, List.of(), "T", null, null, List.of(), null, null, List.of(), Map.of()),
                source(Kind.FEED, Map.of(), Map.of()));
        assertThatThrownBy(() -> v.check(noId)).hasMessage("no record id and no link");
    }
}
