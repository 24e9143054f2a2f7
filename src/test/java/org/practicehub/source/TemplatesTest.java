package org.practicehub.source;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
 * Each template of mappings/templates, copied as a facilitator would (only its URL pointed at a loopback server), polled
 * through the real route against a response written in the shape that platform's public API documentation gives:
 * WordPress REST with _embed, Drupal JSON:API with included terms, CKAN/HDX package_search, the ReliefWeb API, a DSpace
 * OAI-PMH repository in oai_dc, a spreadsheet's CSV export, an HTML listing. And docs/mappings.md shows every template
 * as it is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false"})
class TemplatesTest {

    static final List<String> TEMPLATES = List.of("wordpress.yaml", "drupal-jsonapi.yaml", "ckan.yaml", "reliefweb.yaml",
            "oai-pmh-repository.yaml", "csv-spreadsheet.yaml", "html-listing.yaml");
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

    /** A WordPress post as /wp/v2/posts?_embed answers it (developer.wordpress.org/rest-api/reference/posts). */
    static String post(int id, String title, String category, String tag) {
        return """
                {"id": %1$d, "date": "2024-02-0%1$dT09:00:00", "date_gmt": "2024-02-0%1$dT08:00:00",
                 "guid": {"rendered": "https://www.example.org/?p=%1$d"}, "modified": "2024-03-0%1$dT11:00:00", "modified_gmt": "2024-03-0%1$dT10:00:00",
                 "slug": "practice-%1$d", "status": "publish", "type": "post", "link": "https://www.example.org/practice-%1$d/",
                 "title": {"rendered": "%2$s"}, "content": {"rendered": "<p>%2$s in full.</p>\\n", "protected": false},
                 "excerpt": {"rendered": "<p>%2$s in short.</p>\\n", "protected": false}, "author": 3, "featured_media": 0,
                 "categories": [7], "tags": [12],
                 "_links": {"self": [{"href": "https://www.example.org/wp-json/wp/v2/posts/%1$d"}]},
                 "_embedded": {
                   "author": [{"id": 3, "name": "Migrant Resource Centre", "url": "", "slug": "mrc"}],
                   "wp:term": [[{"id": 7, "link": "https://www.example.org/category/x/", "name": "%3$s", "slug": "x", "taxonomy": "category"}],
                               [{"id": 12, "link": "https://www.example.org/tag/y/", "name": "%4$s", "slug": "y", "taxonomy": "post_tag"}]]}}
                """.formatted(id, title, category, tag);
    }

    /** A Drupal JSON:API collection with its included taxonomy terms (drupal.org/docs/core-modules-and-themes/core-modules/jsonapi-module). */
    static final String DRUPAL = """
            {"jsonapi": {"version": "1.0", "meta": {"links": {"self": {"href": "http://jsonapi.org/format/1.0/"}}}},
             "data": [{"type": "node--practice", "id": "a6f1d0b2-8d3e-4c5f-9a1b-2c3d4e5f6a7b",
               "links": {"self": {"href": "https://www.example.org/jsonapi/node/practice/a6f1d0b2-8d3e-4c5f-9a1b-2c3d4e5f6a7b"}},
               "attributes": {"drupal_internal__nid": 42, "langcode": "fr", "status": true, "title": "Guichet unique pour les migrants de retour",
                 "created": "2023-05-10T08:00:00+00:00", "changed": "2024-01-20T12:30:00+00:00",
                 "path": {"alias": "/fr/pratiques/guichet-unique", "pid": 12, "langcode": "fr"},
                 "body": {"value": "<p>Un guichet.</p>", "format": "basic_html", "processed": "<p>Un guichet.</p>", "summary": "Un guichet unique."}},
               "relationships": {
                 "field_theme": {"data": [{"type": "taxonomy_term--theme", "id": "t-reint", "meta": {"drupal_internal__target_id": 5}}],
                                 "links": {"self": {"href": "https://www.example.org/jsonapi/node/practice/a6f1/relationships/field_theme"}}},
                 "field_region": {"data": [{"type": "taxonomy_term--region", "id": "r-wa", "meta": {"drupal_internal__target_id": 9}}]},
                 "field_country": {"data": [{"type": "taxonomy_term--country", "id": "c-sn", "meta": {"drupal_internal__target_id": 21}}]}}}],
             "included": [
               {"type": "taxonomy_term--theme", "id": "t-reint", "attributes": {"name": "Réintégration", "drupal_internal__tid": 5}},
               {"type": "taxonomy_term--region", "id": "r-wa", "attributes": {"name": "Afrique de l'Ouest", "drupal_internal__tid": 9}},
               {"type": "taxonomy_term--country", "id": "c-sn", "attributes": {"name": "Sénégal", "drupal_internal__tid": 21}}],
             "links": {"self": {"href": "https://www.example.org/jsonapi/node/practice"}}}
            """;

    /** CKAN's package_search answer (docs.ckan.org/en/latest/api), as HDX gives it: groups are countries. */
    static final String CKAN = """
            {"help": "https://data.humdata.org/api/3/action/help_show?name=package_search", "success": true,
             "result": {"count": 1, "facets": {}, "search_facets": {}, "sort": "metadata_modified asc",
               "results": [{"id": "0b1c2d3e-0000-4000-8000-000000000001", "name": "nepal-returnee-survey-2023",
                 "title": "Nepal returnee survey 2023", "notes": "Survey of **returning** migrant workers.",
                 "metadata_created": "2023-11-02T10:15:00.123456", "metadata_modified": "2024-02-12T08:00:00.654321",
                 "organization": {"name": "iom", "title": "International Organization for Migration (IOM)"},
                 "groups": [{"name": "npl", "title": "Nepal", "display_name": "Nepal"}],
                 "tags": [{"name": "migration", "display_name": "migration"}, {"name": "returnees", "display_name": "Return and reintegration"}],
                 "resources": [{"id": "r1", "format": "XLSX", "url": "https://data.humdata.org/dataset/x/resource/r1/download/survey.xlsx"}]}]}}
            """;

    /** A ReliefWeb API answer (apidoc.reliefweb.int): a page of reports with profile=full, the next page in links. */
    static String reliefweb(String id, String title, String next) {
        return """
                {"time": 12, "href": "https://api.reliefweb.int/v1/reports?appname=x", "took": 3, "totalCount": 2, "count": 1,
                 "links": {"self": {"href": "https://api.reliefweb.int/v1/reports?appname=x"}%s},
                 "data": [{"id": "%s", "score": 1, "href": "https://api.reliefweb.int/v1/reports/%2$s",
                   "fields": {"id": %2$s, "title": "%s", "status": "published", "body": "Plain body", "body-html": "<p>Body of %3$s</p>",
                     "url": "https://reliefweb.int/node/%2$s", "url_alias": "https://reliefweb.int/report/nepal/%2$s",
                     "date": {"created": "2024-03-01T00:00:00+00:00", "changed": "2024-03-02T00:00:00+00:00", "original": "2024-02-28T00:00:00+00:00"},
                     "country": [{"id": 175, "name": "Nepal", "iso3": "npl", "shortname": "Nepal", "primary": true}],
                     "primary_country": {"id": 175, "name": "Nepal", "iso3": "npl"},
                     "source": [{"id": 1255, "name": "International Organization for Migration", "shortname": "IOM"}],
                     "theme": [{"id": 4592, "name": "Protection and Human Rights"}],
                     "format": [{"id": 9, "name": "Manual and Guideline"}],
                     "language": [{"id": 267, "name": "English", "code": "en"}]}}]}
                """.formatted(next == null ? "" : ", \"next\": {\"href\": \"" + next + "\"}", id, title);
    }

    @BeforeAll
    static void setUp() throws IOException {
        partner = new PartnerServer();
        partner.on("/wp-json/wp/v2/posts", r -> {
            boolean second = r.uri().getQuery().contains("page=2");
            String body = second ? "[" + post(3, "Diaspora bonds", "Diaspora engagement", "Nepal") + "]"
                    : "[" + post(1, "Return desk", "Reintegration", "Philippines") + "," + post(2, "Pre-departure seminar", "Recruitment", "Nepal") + "]";
            Map<String, String> headers = second ? Map.of("Content-Type", "application/json; charset=UTF-8", "X-WP-Total", "3", "X-WP-TotalPages", "2")
                    : Map.of("Content-Type", "application/json; charset=UTF-8", "X-WP-Total", "3", "X-WP-TotalPages", "2",
                            "Link", "<" + partner.url("/wp-json/wp/v2/posts") + "?_embed=1&orderby=modified&order=asc&per_page=100&page=2>; rel=\"next\"");
            return new Answer(200, headers, body.getBytes(StandardCharsets.UTF_8));
        });
        partner.on("/jsonapi/node/practice", r -> Answer.ok("application/vnd.api+json", DRUPAL));
        partner.on("/api/3/action/package_search", r -> Answer.ok("application/json", CKAN));
        partner.on("/v1/reports", r -> Answer.ok("application/json", r.uri().getQuery().contains("offset=1")
                ? reliefweb("4000002", "Safe migration guide for domestic workers", null)
                : reliefweb("4000001", "Labour migration helpdesk opens in Kathmandu",
                        partner.url("/v1/reports") + "?appname=practice-hub.example.org&offset=1&limit=100")));
        partner.on("/server/oai/request", r -> Answer.ok("text/xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                 <responseDate>2024-05-01T00:00:00Z</responseDate>
                 <request verb="ListRecords" metadataPrefix="oai_dc" set="col_123456789_42">https://repository.example.org/server/oai/request</request>
                 <ListRecords>
                  <record><header><identifier>oai:repository.example.org:123456789/77</identifier><datestamp>2024-04-30T10:00:00Z</datestamp>
                    <setSpec>com_123456789_1</setSpec><setSpec>col_123456789_42</setSpec></header>
                   <metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"
                       xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
                     <dc:title>Reintegración económica de personas retornadas</dc:title>
                     <dc:creator>Organización Internacional para las Migraciones (OIM)</dc:creator>
                     <dc:subject>Reintegración</dc:subject>
                     <dc:description>Estudio de caso.</dc:description>
                     <dc:date>2023-06-01</dc:date>
                     <dc:type>Proyecto/Programa</dc:type>
                     <dc:identifier>https://repository.example.org/handle/123456789/77</dc:identifier>
                     <dc:language>es</dc:language>
                     <dc:coverage>Guatemala</dc:coverage>
                   </oai_dc:dc></metadata></record>
                  <record><header status="deleted"><identifier>oai:repository.example.org:123456789/12</identifier>
                    <datestamp>2024-04-29T10:00:00Z</datestamp><setSpec>col_123456789_42</setSpec></header></record>
                  <resumptionToken completeListSize="2" cursor="0"></resumptionToken>
                 </ListRecords>
                </OAI-PMH>
                """));
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
        String csv = "Reference,Practice,Summary,Web page,Countries,Regions,Themes,Phases,Type,Implementing partners,Start,End,Last updated\n"
                + "SP-1,Centro de empleo para retornados,Empleo,https://www.example.org/sp-1,Honduras; Guatemala,América Latina y el Caribe,"
                + "Reintegración; Migración laboral,Retorno y reintegración,Proyecto/Programa,OIM; Ministerio de Trabajo,2021,2024,28.05.23\n"
                + "SP-2,Formation avant le départ,Formation,https://www.example.org/sp-2,Sénégal,Afrique de l'Ouest,Recrutement,Avant le départ,"
                + "Renforcement des capacités,OIT,2022,en cours,juin 2024\n";
        partner.on("/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz/export", r -> {
            byte[] t = csv.getBytes(StandardCharsets.UTF_8);
            byte[] b = new byte[bom.length + t.length];
            System.arraycopy(bom, 0, b, 0, bom.length);
            System.arraycopy(t, 0, b, bom.length, t.length);
            return new Answer(200, Map.of("Content-Type", "text/csv; charset=utf-8"), b);
        });
        partner.on("/en/good-practices", r -> Answer.ok("text/html", "<!DOCTYPE html><html><body><main>"
                + "<article class=\"practice\"><h2><a href=\"/en/good-practices/one-stop-shop\">One-stop shop for returnees</a></h2>"
                + "<p class=\"teaser\">Services in one place.</p><time datetime=\"2024-04-02T00:00:00Z\">2 April 2024</time>"
                + "<ul class=\"tags\"><li><a href=\"/t/1\">Reintegration</a></li></ul></article></main></body></html>"));
        partner.on("/en/good-practices/one-stop-shop", r -> Answer.ok("text/html", "<!DOCTYPE html><html><body>"
                + "<div class=\"practice-body\"><p>All services in one place.</p></div><ul class=\"field-country\"><li>Ethiopia</li></ul>"
                + "<ul class=\"field-partners\"><li>Ministry of Labour and Skills (MoLS)</li></ul></body></html>"));

        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        String base = partner.url("");
        for (String t : TEMPLATES) {
            String yaml = Files.readString(TestSupport.project("mappings/templates").resolve(t), StandardCharsets.UTF_8);
            // only the partner's address changes: scheme and host to the loopback server, path and query as written
            yaml = yaml.replaceFirst("(?m)^url: https://[^/\\s]+", "url: " + base);
            Files.writeString(mappings.resolve(t), yaml, StandardCharsets.UTF_8);
        }
        props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.mappings-dir", mappings.toString());
    }

    @AfterAll
    static void tearDown() {
        partner.close();
        props.close();
    }

    private SourceResult poll(String id) {
        SourceResult r = TestSupport.poll(template, sources, id);
        assertThat(r.error()).as(id).isNull();
        assertThat(r.warnings()).as(id).isEmpty();
        return r;
    }

    private Practice practice(String sourceId, String recordId) {
        return TestSupport.practiceOf(store, sourceId, recordId);
    }

    private static String query(PartnerServer.Request r) {
        return URLDecoder.decode(r.uri().getRawQuery(), StandardCharsets.UTF_8);
    }

    @Test
    void wordpress() {
        SourceResult r = poll("wordpress-practices");
        assertThat(r.created()).isEqualTo(3);
        List<PartnerServer.Request> asked = partner.requests("/wp-json/wp/v2/posts");
        assertThat(asked).hasSize(2);
        assertThat(query(asked.get(0))).contains("_embed=1", "per_page=100").doesNotContain("modified_after");
        Practice p = practice("wordpress-practices", "1");
        assertThat(p.title()).isEqualTo("Return desk");
        assertThat(p.summary()).isEqualTo("Return desk in short.");
        assertThat(p.links().get(0).url()).isEqualTo("https://www.example.org/practice-1/");
        assertThat(p.themes()).containsExactly("reintegration");
        assertThat(p.geographicScope().countries()).containsExactly("PH");
        assertThat(p.partners()).extracting(Practice.Organisation::name).containsExactly("Migrant Resource Centre");
        assertThat(p.sources().get(0).published()).isEqualTo(Instant.parse("2024-02-01T08:00:00Z"));
        assertThat(practice("wordpress-practices", "3").themes()).containsExactly("diaspora engagement");
        poll("wordpress-practices");
        assertThat(query(partner.requests("/wp-json/wp/v2/posts").get(2))).containsPattern("modified_after=20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void drupalJsonApi() {
        SourceResult r = poll("drupal-practices");
        assertThat(r.created()).isEqualTo(1);
        assertThat(query(partner.requests("/jsonapi/node/practice").get(0))).contains("include=field_theme,field_region,field_country");
        Practice p = practice("drupal-practices", "a6f1d0b2-8d3e-4c5f-9a1b-2c3d4e5f6a7b");
        assertThat(p.title()).isEqualTo("Guichet unique pour les migrants de retour");
        assertThat(p.summary()).isEqualTo("Un guichet unique.");
        assertThat(p.links().get(0).url()).isEqualTo("https://www.example.org/fr/pratiques/guichet-unique");
        // the French terms map without a value map
        assertThat(p.themes()).containsExactly("reintegration");
        assertThat(p.geographicScope().regions()).extracting(Practice.Region::code).containsExactly("011");
        assertThat(p.geographicScope().countries()).containsExactly("SN");
        assertThat(p.language()).isEqualTo("fr");
        poll("drupal-practices");
        assertThat(query(partner.requests("/jsonapi/node/practice").get(1))).contains("filter[changed][condition][operator]=>=")
                .containsPattern("filter\\[changed]\\[condition]\\[value]=\\d{10}");
    }

    @Test
    void ckanAndHdx() {
        SourceResult r = poll("hdx-datasets");
        assertThat(r.created()).isEqualTo(1);
        assertThat(query(partner.requests("/api/3/action/package_search").get(0))).contains("q=organization:iom AND tags:migration", "start=0", "rows=100");
        Practice p = practice("hdx-datasets", "nepal-returnee-survey-2023");
        assertThat(p.links()).extracting(Practice.Link::url).containsExactly("https://data.humdata.org/dataset/nepal-returnee-survey-2023",
                "https://data.humdata.org/dataset/x/resource/r1/download/survey.xlsx");
        assertThat(p.geographicScope().countries()).containsExactly("NP");
        assertThat(p.migrationPhases()).containsExactly("return and reintegration");
        assertThat(p.partners()).singleElement().satisfies(o -> assertThat(o.acronym()).isEqualTo("IOM"));
        assertThat(p.sources().get(0).updated()).isEqualTo(Instant.parse("2024-02-12T08:00:00.654321Z"));
        poll("hdx-datasets");
        assertThat(query(partner.requests("/api/3/action/package_search").get(1))).containsPattern("fq=metadata_modified:\\[20\\S+Z TO NOW]");
    }

    @Test
    void reliefweb() {
        SourceResult r = poll("reliefweb-reports");
        assertThat(r.created()).isEqualTo(2);
        List<PartnerServer.Request> asked = partner.requests("/v1/reports");
        assertThat(query(asked.get(0))).contains("appname=practice-hub.example.org", "query[value]=\"labour migration\"", "limit=100");
        assertThat(query(asked.get(1))).contains("offset=1");
        Practice p = practice("reliefweb-reports", "4000001");
        assertThat(p.links().get(0).url()).isEqualTo("https://reliefweb.int/report/nepal/4000001");
        assertThat(p.description().html()).isEqualTo("<p>Body of Labour migration helpdesk opens in Kathmandu</p>");
        assertThat(p.geographicScope().countries()).containsExactly("NP");
        assertThat(p.themes()).containsExactly("protection of migrant workers");
        assertThat(p.practiceTypes()).containsExactly("Tool / Guidance");
        assertThat(p.language()).isEqualTo("en");
        poll("reliefweb-reports");
        assertThat(query(partner.requests("/v1/reports").get(2))).contains("filter[field]=date.changed").containsPattern("filter\\[value]\\[from]=20");
    }

    @Test
    void anOaiPmhRepository() {
        SourceResult r = poll("repository-practices");
        assertThat(r.created()).isEqualTo(1);
        assertThat(r.read()).isEqualTo(2);
        assertThat(query(partner.requests("/server/oai/request").get(0))).contains("metadataPrefix=oai_dc", "set=col_123456789_42");
        Practice p = practice("repository-practices", "oai:repository.example.org:123456789/77");
        assertThat(p.themes()).containsExactly("reintegration");
        assertThat(p.practiceTypes()).containsExactly("Project/Programme");
        assertThat(p.geographicScope().countries()).containsExactly("GT");
        assertThat(p.partners()).singleElement().satisfies(o -> assertThat(o.acronym()).isEqualTo("OIM"));
        assertThat(p.language()).isEqualTo("es");
        assertThat(p.links().get(0).url()).isEqualTo("https://repository.example.org/handle/123456789/77");
    }

    @Test
    void aSpreadsheetExport() {
        SourceResult r = poll("spreadsheet-practices");
        assertThat(r.created()).isEqualTo(2);
        Practice es = practice("spreadsheet-practices", "SP-1");
        assertThat(es.geographicScope().countries()).containsExactly("HN", "GT");
        assertThat(es.geographicScope().regions()).extracting(Practice.Region::code).containsExactly("419");
        assertThat(es.themes()).containsExactly("reintegration", "labour migration policy");
        assertThat(es.migrationPhases()).containsExactly("return and reintegration");
        assertThat(es.practiceTypes()).containsExactly("Project/Programme");
        assertThat(es.implementation().start()).isEqualTo("2021");
        assertThat(es.sources().get(0).updated()).isEqualTo(Instant.parse("2023-05-28T00:00:00Z"));
        Practice fr = practice("spreadsheet-practices", "SP-2");
        assertThat(fr.themes()).containsExactly("recruitment");
        assertThat(fr.migrationPhases()).containsExactly("pre-departure");
        assertThat(fr.practiceTypes()).containsExactly("Training / Capacity building");
        assertThat(fr.geographicScope().regions()).extracting(Practice.Region::code).containsExactly("011");
        assertThat(fr.implementation().end()).isEqualTo("ongoing");
        assertThat(fr.sources().get(0).updated()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
    }

    @Test
    void anHtmlListing() {
        SourceResult r = poll("listing-practices");
        assertThat(r.created()).isEqualTo(1);
        Practice p = practice("listing-practices", partner.url("/en/good-practices/one-stop-shop"));
        assertThat(p.title()).isEqualTo("One-stop shop for returnees");
        assertThat(p.themes()).containsExactly("reintegration");
        assertThat(p.geographicScope().countries()).containsExactly("ET");
        assertThat(p.partners()).singleElement().satisfies(o -> assertThat(o.acronym()).isEqualTo("MoLS"));
        assertThat(p.description().text()).isEqualTo("All services in one place.");
    }

    @Test
    void everyTemplateIsShownInTheDocumentationAsItIs() throws IOException {
        String docs = Files.readString(TestSupport.project("docs/mappings.md"), StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(TestSupport.project("mappings/templates"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                if (!f.getFileName().toString().equals("peer-hub.yaml")) {
                    assertThat(TEMPLATES).contains(f.getFileName().toString());
                    assertThat(docs).as("docs/mappings.md shows %s as it is", f.getFileName()).contains(Files.readString(f, StandardCharsets.UTF_8));
                }
            }
        }
    }
}
