package org.practicehub.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.PartnerServer;
import org.practicehub.PartnerServer.Answer;
import org.practicehub.TestSupport;
import org.practicehub.config.HubConfiguration;
import org.practicehub.model.Practice;
import org.practicehub.run.SourceResult;
import org.practicehub.store.PracticeStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a mapping file can say, through the real poll route against a loopback server: a field built from others by a
 * template, a {@code since} of several query parameters, paging by a next URL in the body, labels behind JSON:API
 * {@code included} ids, an OAI-PMH format other than oai_dc read by XPath, and Spanish and French labels of every
 * controlled vocabulary mapped without a value map.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false"})
class MappingLanguageTest {

    @TempDir
    static Path dir;
    static PartnerServer partner;
    static TestSupport.Props props = new TestSupport.Props();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    Sources sources;
    @BeanInject
    PracticeStore store;

    /** A JSON:API document in Drupal's shape: nodes whose taxonomy terms are relationships, described in "included". */
    static final String JSON_API = """
            {"jsonapi": {"version": "1.0"},
             "data": [
              {"type": "node--practice", "id": "6f1c0c2e-1",
               "attributes": {"title": "Centro de retorno", "drupal_internal__nid": 101, "path": {"alias": "/practicas/centro-de-retorno"},
                              "changed": "2024-03-01T10:00:00+00:00", "langcode": "es"},
               "relationships": {"field_theme": {"data": [{"type": "taxonomy_term--themes", "id": "t-1"},
                                                          {"type": "taxonomy_term--themes", "id": "t-9"}]},
                                 "field_region": {"data": {"type": "taxonomy_term--regions", "id": "r-1"}}}}],
             "included": [
              {"type": "taxonomy_term--themes", "id": "t-1", "attributes": {"name": "Reintegración"}},
              {"type": "taxonomy_term--regions", "id": "r-1", "attributes": {"name": "América Latina y el Caribe"}}],
             "links": {"next": {"href": "/jsonapi/node/practice?page%5Boffset%5D=1"}}}
            """;

    static final String JSON_API_2 = """
            {"data": [{"type": "node--practice", "id": "6f1c0c2e-2",
               "attributes": {"title": "Retour et réintégration à Dakar", "drupal_internal__nid": 102, "path": {"alias": "/fr/dakar"},
                              "changed": "2024-03-02T10:00:00+00:00", "langcode": "fr"},
               "relationships": {"field_theme": {"data": [{"type": "taxonomy_term--themes", "id": "t-2"}]},
                                 "field_region": {"data": {"type": "taxonomy_term--regions", "id": "r-2"}}}}],
             "included": [
              {"type": "taxonomy_term--themes", "id": "t-2", "attributes": {"name": "Traite des êtres humains"}},
              {"type": "taxonomy_term--regions", "id": "r-2", "attributes": {"name": "Afrique de l'Ouest"}}],
             "links": {"self": {"href": "/jsonapi/node/practice?page%5Boffset%5D=1"}}}
            """;

    static String dim(String id, String title, String subject, String type, String date, String phase, String region) {
        return "<record><header><identifier>" + id + "</identifier><datestamp>2024-05-01T00:00:00Z</datestamp></header><metadata>"
                + "<dim:dim xmlns:dim=\"http://www.dspace.org/xmlns/dspace/dim\">"
                + "<dim:field mdschema=\"dc\" element=\"title\" lang=\"es\">" + title + "</dim:field>"
                + "<dim:field mdschema=\"dc\" element=\"identifier\" qualifier=\"uri\">https://repositorio.example.org/handle/" + id.replaceAll("\\D", "")
                + "</dim:field><dim:field mdschema=\"dc\" element=\"subject\">" + subject + "</dim:field>"
                + "<dim:field mdschema=\"dc\" element=\"type\">" + type + "</dim:field>"
                + "<dim:field mdschema=\"dc\" element=\"date\" qualifier=\"issued\">" + date + "</dim:field>"
                + "<dim:field mdschema=\"dc\" element=\"relation\" qualifier=\"phase\">" + phase + "</dim:field>"
                + "<dim:field mdschema=\"dc\" element=\"coverage\" qualifier=\"spatial\">" + region + "</dim:field>"
                + "</dim:dim></metadata></record>";
    }

    @BeforeAll
    static void setUp() throws IOException {
        partner = new PartnerServer();
        partner.on("/jsonapi/node/practice", r -> Answer.ok("application/vnd.api+json",
                r.uri().getRawQuery() != null && r.uri().getRawQuery().contains("page%5Boffset%5D=1") ? JSON_API_2 : JSON_API));
        partner.on("/api/3/action/package_search", r -> Answer.ok("application/json", """
                {"success": true, "result": {"count": 1, "results": [
                  {"name": "reintegration-survey-2023", "title": "Reintegration survey 2023", "notes": "A survey",
                   "metadata_modified": "2024-01-05T10:00:00.000000", "groups": [{"title": "Return and reintegration"}]}]}}
                """));
        partner.on("/oai", r -> Answer.ok("text/xml", SourceKindsTest.oai(
                dim("oai:repo:1", "Programa de retorno", "Reintegración", "Proyecto/Programa", "28.05.19", "Retour et réintégration",
                        "Afrique de l'Ouest")
                        + dim("oai:repo:2", "Guía de contratación", "Contratación equitativa", "Herramienta / Orientación", "junio de 2022",
                        "Antes de la partida", "América Latina y el Caribe"))));
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        SourceKindsTest.write(mappings, "drupal", """
                kind: json-api
                url: %s
                records: $.data[*]
                paging: { mode: next, next-path: $.links.next.href }
                since: "filter[changed][condition][path]=changed&filter[changed][condition][operator]=>=&filter[changed][condition][value]={since:epoch}"
                fields:
                  recordId: $.id
                  title: $.attributes.title
                  link: "https://practicas.example.org{$.attributes.path.alias}"
                  themes: { path: "$.relationships.field_theme.data[*]", included: $.attributes.name }
                  regions: { path: $.relationships.field_region.data, included: $.attributes.name }
                  language: $.attributes.langcode
                  updated: $.attributes.changed
                """.formatted(partner.url("/jsonapi/node/practice")));
        SourceKindsTest.write(mappings, "ckan", """
                kind: json-api
                url: %s
                records: $.result.results[*]
                paging: { mode: offset, param: start, size-param: rows, size: 100 }
                since: "fq=metadata_modified:[{since:seconds} TO NOW]&sort=metadata_modified asc"
                fields:
                  recordId: $.name
                  title: $.title
                  summary: $.notes
                  link: "https://data.example.org/dataset/{$.name}"
                  keywords: $.groups[*].title
                  updated: $.metadata_modified
                """.formatted(partner.url("/api/3/action/package_search")));
        SourceKindsTest.write(mappings, "dspace", """
                kind: oai-pmh
                url: %s
                oai: { metadata-prefix: dim }
                language: es
                fields:
                  title: "dim:field[@element='title']"
                  link: "dim:field[@element='identifier'][@qualifier='uri']"
                  themes: "dim:field[@element='subject']"
                  practiceTypes: "dim:field[@element='type']"
                  published: "dim:field[@element='date'][@qualifier='issued']"
                  migrationPhases: "dim:field[@element='relation'][@qualifier='phase']"
                  regions: "dim:field[@element='coverage'][@qualifier='spatial']"
                """.formatted(partner.url("/oai")));
        props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.mappings-dir", mappings.toString());
    }

    @AfterAll
    static void tearDown() {
        partner.close();
        props.close();
    }

    private SourceResult poll(String id) {
        return TestSupport.poll(template, sources, id);
    }

    private Practice practice(String sourceId, String recordId) {
        return TestSupport.practiceOf(store, sourceId, recordId);
    }

    @Test
    void jsonApiIncludedLabelsTemplatesANextLinkInTheBodyAndASinceOfSeveralParameters() {
        SourceResult first = poll("drupal");
        assertThat(first.status()).isEqualTo("ok");
        assertThat(first.created()).isEqualTo(2);
        // the second page was the body's links.next, resolved against the first page's URL
        List<PartnerServer.Request> asked = partner.requests("/jsonapi/node/practice");
        assertThat(asked).hasSize(2);
        assertThat(asked.get(1).uri().getRawQuery()).isEqualTo("page%5Boffset%5D=1");
        assertThat(asked.get(0).uri().getRawQuery()).isNull();

        Practice es = practice("drupal", "6f1c0c2e-1");
        assertThat(es.links().get(0).url()).isEqualTo("https://practicas.example.org/practicas/centro-de-retorno");
        assertThat(es.themes()).containsExactly("reintegration");
        assertThat(es.geographicScope().regions()).extracting(Practice.Region::code).containsExactly("419");
        assertThat(es.language()).isEqualTo("es");
        // an id the document does not describe stays visible, among the values that matched nothing
        assertThat(es.unmapped()).containsEntry("themes", List.of("taxonomy_term--themes/t-9"));
        Practice fr = practice("drupal", "6f1c0c2e-2");
        assertThat(fr.themes()).containsExactly("human trafficking");
        assertThat(fr.geographicScope().regions()).extracting(Practice.Region::name).containsExactly("Western Africa");
        assertThat(fr.language()).isEqualTo("fr");

        Instant before = Instant.now();
        poll("drupal");
        String since = partner.requests("/jsonapi/node/practice").get(2).uri().getQuery();
        assertThat(since).contains("filter[changed][condition][path]=changed", "filter[changed][condition][operator]=>=");
        long epoch = Long.parseLong(since.replaceAll(".*filter\\[changed]\\[condition]\\[value]=(\\d+).*", "$1"));
        assertThat(epoch).isBetween(before.getEpochSecond() - 60, before.getEpochSecond());
    }

    @Test
    void aCkanLinkIsBuiltFromTheDatasetNameAndSinceIsASolrFilterOnTheSecondPoll() {
        SourceResult first = poll("ckan");
        assertThat(first.created()).isEqualTo(1);
        assertThat(partner.requests("/api/3/action/package_search").get(0).uri().getQuery()).doesNotContain("fq=");
        Practice p = practice("ckan", "reintegration-survey-2023");
        assertThat(p.links().get(0).url()).isEqualTo("https://data.example.org/dataset/reintegration-survey-2023");
        assertThat(p.migrationPhases()).containsExactly("return and reintegration");
        poll("ckan");
        // as a form encodes it, which is how CKAN (and every server the hub has met) reads a query: '+' is a space
        String q = java.net.URLDecoder.decode(partner.requests("/api/3/action/package_search").get(1).uri().getRawQuery(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(q).containsPattern("fq=metadata_modified:\\[20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ TO NOW]").contains("sort=metadata_modified asc",
                "rows=100", "start=0");
    }

    @Test
    void anOaiPmhFormatOtherThanDublinCoreIsReadByPath() {
        SourceResult r = poll("dspace");
        assertThat(r.created()).isEqualTo(2);
        assertThat(partner.requests("/oai").get(0).uri().getQuery()).contains("metadataPrefix=dim");
        Practice one = practice("dspace", "oai:repo:1");
        assertThat(one.title()).isEqualTo("Programa de retorno");
        assertThat(one.links().get(0).url()).isEqualTo("https://repositorio.example.org/handle/1");
        assertThat(one.themes()).containsExactly("reintegration");
        assertThat(one.practiceTypes()).containsExactly("Project/Programme");
        assertThat(one.sources().get(0).published()).isEqualTo(Instant.parse("2019-05-28T00:00:00Z"));
        assertThat(one.migrationPhases()).containsExactly("return and reintegration");
        assertThat(one.geographicScope().regions()).extracting(Practice.Region::code).containsExactly("011");
        Practice two = practice("dspace", "oai:repo:2");
        assertThat(two.themes()).containsExactly("recruitment");
        assertThat(two.practiceTypes()).containsExactly("Tool / Guidance");
        assertThat(two.sources().get(0).published()).isEqualTo(Instant.parse("2022-06-01T00:00:00Z"));
        assertThat(two.migrationPhases()).containsExactly("pre-departure");
        assertThat(two.geographicScope().regions()).extracting(Practice.Region::code).containsExactly("419");
        assertThat(two.language()).isEqualTo("es");
        assertThat(r.unmapped()).isEmpty();
    }
}
