package org.practicehub.source;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
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
import org.practicehub.store.SourceStates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing a partner publishes is lost without a word, through the real poll route against a loopback server: a UTF-8 CSV
 * with a byte-order mark is stored whole; a CSV missing a mapped column goes to failed/ with the reason and fails the
 * source; a CSV export over http(s) is fetched with the conditional GET; a poll whose every record is rejected fails
 * (reported, backing off, keeping no validators); a records path or a field path that matches nothing is a warning in
 * the report, the source list and the source's own answer; values and dates the hub could not use are listed by value
 * with their counts in {@code /api/sources/{id}}; a mapping changed since the last good poll reads everything again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.management.enabled=false"})
class NothingSilentTest {

    static final String TOKEN = "nothing-silent-admin-token-0123456789";
    @TempDir
    static Path dir;
    static PartnerServer partner;
    static TestSupport.Props props = new TestSupport.Props();
    static String base;

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    Sources sources;
    @BeanInject
    SourceStates states;
    @BeanInject
    PracticeStore store;

    static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    static byte[] bom(String text) {
        byte[] t = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[BOM.length + t.length];
        System.arraycopy(BOM, 0, out, 0, BOM.length);
        System.arraycopy(t, 0, out, BOM.length, t.length);
        return out;
    }

    /** Fourteen records in Spanish: a theme the hub does not know, a date it cannot read, and labels it knows in Spanish. */
    static String spanishExport() {
        StringBuilder b = new StringBuilder("{\"practicas\": [");
        for (int i = 1; i <= 14; i++) {
            b.append(i == 1 ? "" : ",").append("{\"id\": \"es-").append(i).append("\", \"titulo\": \"Práctica ").append(i)
                    .append("\", \"temas\": [\"Movilidad climática\", \"Reintegración\"], \"fecha\": \"")
                    .append(i <= 10 ? "junio de 2022" : "el próximo verano").append("\"}");
        }
        return b.append("]}").toString();
    }

    @BeforeAll
    static void setUp() throws IOException {
        partner = new PartnerServer();
        for (String sheet : new String[] {"/sheet.csv", "/sheet-remapped.csv"}) {
            partner.on(sheet, r -> "\"s1\"".equals(r.header("If-None-Match")) ? Answer.status(304, Map.of("ETag", "\"s1\""))
                    : new Answer(200, Map.of("Content-Type", "text/csv; charset=utf-8", "ETag", "\"s1\""),
                            bom("Ref,Practice,Country\nS1,Return counselling desk,Nepal\nS2,Skills passport,Viet Nam\n")));
        }
        String untitled = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>http://p.org/</link><description>d</description>"
                + "<item><guid>u1</guid><description>no title</description></item><item><guid>u2</guid><description>none either</description></item>"
                + "</channel></rss>";
        partner.on("/untitled.rss", r -> "\"u1\"".equals(r.header("If-None-Match")) ? Answer.status(304, Map.of("ETag", "\"u1\""))
                : new Answer(200, Map.of("Content-Type", "application/rss+xml", "ETag", "\"u1\""), untitled.getBytes(StandardCharsets.UTF_8)));
        partner.on("/export.json", r -> Answer.ok("application/json", "{\"items\": [{\"ref\": \"a\", \"name\": \"Practice A\"}]}"));
        partner.on("/es.json", r -> new Answer(200, Map.of("Content-Type", "application/json", "ETag", "\"es1\""),
                spanishExport().getBytes(StandardCharsets.UTF_8)));

        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Path bomDrop = Files.createDirectories(dir.resolve("bom-drop"));
        Files.write(bomDrop.resolve("matrix.csv"), bom("Ref;Programme;Countries\nB1;Reintegration desk;Philippines\nB2;Savings groups;Mexico\n"
                + "B3;Seasonal workers outreach;Viet Nam\n"));
        Path missingDrop = Files.createDirectories(dir.resolve("missing-drop"));
        Files.writeString(missingDrop.resolve("a-good.csv"), "Ref;Programme;Countries\nM1;Diaspora bonds;Nepal\n", StandardCharsets.UTF_8);
        Files.writeString(missingDrop.resolve("b-renamed.csv"), "Ref;Title;Countries\nM2;Helpline;Nepal\n", StandardCharsets.UTF_8);
        Path rejectedDrop = Files.createDirectories(dir.resolve("rejected-drop"));
        Files.writeString(rejectedDrop.resolve("empty-titles.csv"), "Ref;Programme;Countries\nR1;;Nepal\nR2;;Chile\n", StandardCharsets.UTF_8);
        String csvFields = "fields:\n  recordId: Ref\n  title: Programme\n  countries: Countries\n";
        SourceKindsTest.write(mappings, "csv-bom", "kind: csv\nurl: " + bomDrop + "\ncsv: { delimiter: \";\" }\n" + csvFields);
        SourceKindsTest.write(mappings, "csv-missing", "kind: csv\nurl: " + missingDrop + "\ncsv: { delimiter: \";\" }\n" + csvFields);
        SourceKindsTest.write(mappings, "csv-rejected", "kind: csv\nurl: " + rejectedDrop + "\ncsv: { delimiter: \";\" }\n" + csvFields);
        SourceKindsTest.write(mappings, "csv-http", "kind: csv\nurl: " + partner.url("/sheet.csv")
                + "\nfields:\n  recordId: Ref\n  title: Practice\n  countries: Country\n");
        SourceKindsTest.write(mappings, "csv-remapped", "kind: csv\nurl: " + partner.url("/sheet-remapped.csv")
                + "\nfields:\n  recordId: Ref\n  title: Practice\n  countries: Country\n");
        SourceKindsTest.write(mappings, "all-rejected", "kind: rss\nurl: " + partner.url("/untitled.rss"));
        SourceKindsTest.write(mappings, "wrong-paths", "kind: json\nurl: " + partner.url("/export.json") + "\nrecords: $.practices[*]\n"
                + "fields:\n  recordId: $.ref\n  title: $.name\n");
        SourceKindsTest.write(mappings, "wrong-field", "kind: json\nurl: " + partner.url("/export.json") + "\nrecords: $.items[*]\n"
                + "fields:\n  recordId: $.ref\n  title: $.name\n  countries: $.pais\n");
        SourceKindsTest.write(mappings, "spanish", "kind: json\nurl: " + partner.url("/es.json") + "\nrecords: $.practicas[*]\nlanguage: es\n"
                + "fields:\n  recordId: $.id\n  title: $.titulo\n  themes: $.temas[*]\n  published: $.fecha\n");
        int port = TestSupport.freePort();
        base = "http://127.0.0.1:" + port;
        props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.mappings-dir", mappings.toString())
                .set("camel.server.port", String.valueOf(port)).set("hub.admin-token", TOKEN);
    }

    @AfterAll
    static void tearDown() {
        partner.close();
        props.close();
    }

    private SourceResult poll(String id) {
        return TestSupport.poll(template, sources, id);
    }

    private static JsonNode admin(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestSupport.JSON.readTree(r.body());
    }

    private Practice practice(String sourceId, String recordId) {
        return TestSupport.practiceOf(store, sourceId, recordId);
    }

    @Test
    void aCsvWithAByteOrderMarkIsStoredWhole() {
        SourceResult r = poll("csv-bom");
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.created()).isEqualTo(3);
        assertThat(r.rejected()).isZero();
        assertThat(practice("csv-bom", "B1").geographicScope().countries()).containsExactly("PH");
        assertThat(dir.resolve("bom-drop/done/matrix.csv")).exists();
    }

    @Test
    void aCsvMissingAMappedColumnGoesToFailedWithItsReasonAndFailsTheSource() throws IOException {
        SourceResult r = poll("csv-missing");
        String reason = "mapped column 'Programme' (fields.title) is not in the header, which has: Ref, Title, Countries";
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.error()).isEqualTo("b-renamed.csv moved to failed/: " + reason);
        // the other file is stored and done with
        assertThat(r.created()).isEqualTo(1);
        assertThat(dir.resolve("missing-drop/done/a-good.csv")).exists();
        assertThat(dir.resolve("missing-drop/failed/b-renamed.csv")).exists();
        assertThat(Files.readString(dir.resolve("missing-drop/failed/b-renamed.csv.error.txt"))).isEqualTo(reason + System.lineSeparator());
        assertThat(states.get("csv-missing").orElseThrow().consecutiveFailures()).isEqualTo(1);
        assertThat(states.get("csv-missing").orElseThrow().nextAttempt()).isNotNull();
    }

    @Test
    void aCsvFileWhoseEveryRowIsRejectedGoesToFailedAndFailsThePoll() throws IOException {
        SourceResult r = poll("csv-rejected");
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.error()).isEqualTo("every record read was rejected (2 of 2; the first: no title)");
        assertThat(r.notes()).contains("empty-titles.csv moved to failed/: every row was rejected (2 rows; the first: no title)");
        assertThat(dir.resolve("rejected-drop/failed/empty-titles.csv")).exists();
        assertThat(dir.resolve("rejected-drop/done")).doesNotExist();
        assertThat(store.rejected("csv-rejected")).hasSize(2);
    }

    @Test
    void aCsvExportOverHttpIsReadWithTheConditionalGet() {
        SourceResult first = poll("csv-http");
        assertThat(first.status()).isEqualTo("ok");
        assertThat(first.created()).isEqualTo(2);
        assertThat(practice("csv-http", "S2").geographicScope().countries()).containsExactly("VN");
        assertThat(partner.requests("/sheet.csv").get(0).header("Accept")).contains("text/csv");
        SourceResult second = poll("csv-http");
        assertThat(second.status()).isEqualTo("not-modified");
        assertThat(partner.requests("/sheet.csv")).last().satisfies(q -> assertThat(q.header("If-None-Match")).isEqualTo("\"s1\""));
    }

    @Test
    void aPollWhoseEveryRecordIsRejectedFailsBacksOffAndKeepsNoValidators() throws Exception {
        SourceResult r = poll("all-rejected");
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.error()).isEqualTo("every record read was rejected (2 of 2; the first: no title)");
        var state = states.get("all-rejected").orElseThrow();
        assertThat(state.consecutiveFailures()).isEqualTo(1);
        assertThat(state.nextAttempt()).isNotNull();
        assertThat(state.etag()).isNull();
        JsonNode listed = admin("/api/sources");
        JsonNode mine = null;
        for (JsonNode s : listed) {
            if (s.path("id").asText().equals("all-rejected")) {
                mine = s;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.path("status").asText()).isEqualTo("error");
        assertThat(mine.path("lastError").asText()).startsWith("every record read was rejected");
        // once the backoff is over, the partner is asked again without validators: the records are read again, not hidden by a 304
        states.reset("all-rejected");
        assertThat(poll("all-rejected").status()).isEqualTo("error");
        assertThat(partner.requests("/untitled.rss")).hasSize(2).allSatisfy(q -> assertThat(q.header("If-None-Match")).isNull());
    }

    @Test
    void aRecordsPathThatMatchesNothingIsAWarningInTheReportAndTheSourceList() throws Exception {
        SourceResult r = poll("wrong-paths");
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.read()).isZero();
        assertThat(r.warnings()).containsExactly("records path $.practices[*] matched nothing in the document");
        JsonNode listed = admin("/api/sources/wrong-paths");
        assertThat(listed.path("warnings")).extracting(JsonNode::asText).containsExactly("records path $.practices[*] matched nothing in the document");
    }

    @Test
    void aFieldPathThatMatchesNothingInAWholePollIsAWarning() throws Exception {
        SourceResult r = poll("wrong-field");
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.created()).isEqualTo(1);
        assertThat(r.warnings()).containsExactly("fields.countries ($.pais) matched nothing in the poll's one record");
        assertThat(admin("/api/sources").findValues("warnings").stream().flatMap(w -> java.util.stream.StreamSupport.stream(w.spliterator(), false))
                .map(JsonNode::asText)).contains("fields.countries ($.pais) matched nothing in the poll's one record");
    }

    @Test
    void valuesAndDatesTheHubCouldNotUseAreListedByValueWithTheirCounts() throws Exception {
        SourceResult r = poll("spanish");
        assertThat(r.created()).isEqualTo(14);
        assertThat(r.unmappedValues()).containsEntry("themes", Map.of("Movilidad climática", 14))
                .containsEntry("published", Map.of("el próximo verano", 4));
        Practice first = practice("spanish", "es-1");
        // Reintegración is the controlled theme, without a value map; the record keeps its language
        assertThat(first.themes()).containsExactly("reintegration");
        assertThat(first.language()).isEqualTo("es");
        assertThat(first.sources().get(0).published()).isEqualTo(java.time.Instant.parse("2022-06-01T00:00:00Z"));

        JsonNode source = admin("/api/sources/spanish");
        assertThat(source.path("unmapped").path("themes")).hasSize(1);
        assertThat(source.path("unmapped").path("themes").get(0).path("value").asText()).isEqualTo("Movilidad climática");
        assertThat(source.path("unmapped").path("themes").get(0).path("records").asInt()).isEqualTo(14);
        assertThat(source.path("unmapped").path("published").get(0).path("value").asText()).isEqualTo("el próximo verano");
        assertThat(source.path("unmapped").path("published").get(0).path("records").asInt()).isEqualTo(4);
    }

    @Test
    void aMappingChangedSinceTheLastGoodPollReadsEverythingAgain() {
        SourceDef s = sources.get("csv-remapped");
        poll("csv-remapped");
        int before = partner.requests("/sheet-remapped.csv").size();
        // the facilitator adds a value map: the records the partner's 304 would hide are read and mapped again
        SourceDef edited = new SourceDef(s.id(), s.network(), s.kind(), s.url(), s.schedule(), s.records(), s.language(), s.enabled(),
                s.fields(), Map.of("countries", Map.of("nepal", "NP")), s.defaults(), s.options(), s.file());
        Exchange ex = template.send("direct:poll", e -> e.getIn().setBody(edited));
        SourceResult r = ex.getProperty("hubPoll", org.practicehub.run.Poll.class).result();
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.read()).isEqualTo(2);
        assertThat(r.notes()).contains("the mapping is not the one of the last good poll: every record is read again");
        assertThat(partner.requests("/sheet-remapped.csv").get(before).header("If-None-Match")).isNull();
        // and with the same mapping, the next poll is conditional again
        Exchange again = template.send("direct:poll", e -> e.getIn().setBody(edited));
        assertThat(again.getProperty("hubPoll", org.practicehub.run.Poll.class).result().status()).isEqualTo("not-modified");
    }

    @Test
    void oneSourceIsForTheAdminAndAnUnknownOneIsNotFound() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/api/sources/spanish")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(base + "/api/sources/no-such-source"))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
