package org.practicehub.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
import org.practicehub.run.SourceResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partners whose paging never ends: an OAI-PMH repository that hands out the same resumption token again, and a JSON
 * API that ignores its offset parameter (every URL differs, every page is the first). Each poll stops at the first
 * repeat, keeps what it read, and says why; before, only the page cap (10,000 and 1,000 pages) stopped them. The
 * partners here answer 500 after 20 requests, so that a loop fails the test instead of running to the cap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false"})
class PagingLoopsTest {

    @TempDir
    static Path dir;
    static PartnerServer partner;
    static TestSupport.Props props = new TestSupport.Props();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    Sources sources;

    static String oai(String token) {
        StringBuilder records = new StringBuilder();
        for (int i = 1; i <= 2; i++) {
            records.append("<record><header><identifier>oai:loop:").append(i).append("</identifier><datestamp>2026-11-01T00:00:00Z")
                    .append("</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" ")
                    .append("xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Looping practice ").append(i)
                    .append("</dc:title></oai_dc:dc></metadata></record>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">"
                + "<responseDate>2026-11-23T00:00:00Z</responseDate><request verb=\"ListRecords\">x</request><ListRecords>" + records
                + "<resumptionToken>" + token + "</resumptionToken></ListRecords></OAI-PMH>";
    }

    @BeforeAll
    static void setUp() throws IOException {
        partner = new PartnerServer();
        partner.on("/oai", r -> partner.requests("/oai").size() > 20 ? Answer.status(500, Map.of())
                // the first page's token, then the same token for ever
                : Answer.ok("text/xml", oai("same-token")));
        partner.on("/api", r -> partner.requests("/api").size() > 20 ? Answer.status(500, Map.of())
                : Answer.ok("application/json", "{\"data\": [{\"ref\": \"A1\", \"name\": \"First\"}, {\"ref\": \"A2\", \"name\": \"Second\"}]}"));
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        SourceKindsTest.write(mappings, "oai-loop", "kind: oai-pmh\nurl: " + partner.url("/oai"));
        SourceKindsTest.write(mappings, "api-loop", "kind: json-api\nurl: " + partner.url("/api") + "\nrecords: $.data[*]\nfields:\n  recordId: $.ref\n"
                + "  title: $.name\npaging: { mode: offset, param: offset, size-param: limit, size: 2 }");
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

    @Test
    void aRepeatingResumptionTokenStopsTheHarvestAfterOneRepeat() {
        SourceResult r = poll("oai-loop");
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo("ok");
        assertThat(r.created()).isEqualTo(2);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("resumption token same-token twice"));
        // the first page, then the page of the token: its second sighting ends it
        assertThat(partner.requests("/oai")).hasSize(2);
    }

    @Test
    void anApiThatIgnoresItsOffsetStopsAtTheFirstPageOfRecordsAlreadyRead() {
        SourceResult r = poll("api-loop");
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo("ok");
        assertThat(r.created()).isEqualTo(2);
        assertThat(r.read()).isEqualTo(2);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("page 2 brought only records already read"));
        assertThat(partner.requests("/api")).hasSize(2);
    }
}
