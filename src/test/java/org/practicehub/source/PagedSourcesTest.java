package org.practicehub.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.practicehub.run.SourceResult;
import org.practicehub.store.Db;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paged sources (a JSON API, OAI-PMH) read a page at a time while the poll stores their records, so a partner with
 * many pages never makes the hub hold them all; a page that fails fails the poll from there, keeps what came before
 * it and leaves the watermark where it was; a record that fails its poll stops the paging.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false"})
class PagedSourcesTest {

    static final int PAGES = 12;
    @TempDir
    static Path dir;
    static PartnerServer partner;
    static TestSupport.Props props = new TestSupport.Props();
    /** For each page of the long API, how many of its records the store held when the hub asked for it. */
    static final Map<Integer, Long> STORED_AT_REQUEST = new ConcurrentHashMap<>();
    /** The page of the flaky API that answers 500 (0: none). */
    static final AtomicInteger FAILING_PAGE = new AtomicInteger();
    static Db store;

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    Sources sources;
    @BeanInject
    Db db;

    static String page(String prefix, int page, int records, String untitled) {
        StringBuilder b = new StringBuilder("{\"data\":[");
        for (int i = 1; i <= records; i++) {
            String ref = prefix + "-" + page + "-" + i;
            b.append(i == 1 ? "" : ",").append("{\"ref\":\"").append(ref).append("\"")
                    .append(ref.equals(untitled) ? "" : ",\"name\":\"" + prefix + " practice " + page + " of " + i + "\"").append("}");
        }
        return b.append("]}").toString();
    }

    static int number(PartnerServer.Request r) {
        return Integer.parseInt(r.uri().getQuery().replaceAll(".*\\bpage=(\\d+).*", "$1"));
    }

    @BeforeAll
    static void setUp() throws IOException {
        partner = new PartnerServer();
        partner.on("/long", r -> {
            int n = number(r);
            STORED_AT_REQUEST.put(n, store.count("SELECT COUNT(*) FROM source_record WHERE source_id = 'api-long'"));
            return Answer.ok("application/json", page("Long", n, n <= PAGES ? 2 : 0, null));
        });
        partner.on("/flaky", r -> {
            int n = number(r);
            return n == FAILING_PAGE.get() ? Answer.status(500, Map.of()) : Answer.ok("application/json", page("Flaky", n, n <= 4 ? 3 : 0, null));
        });
        // the first record has no title: a rejected record, which the store cannot keep while its table is away
        partner.on("/rejects", r -> Answer.ok("application/json", page("Rejects", number(r), number(r) <= 4 ? 2 : 0, "Rejects-1-1")));
        partner.on("/oai", r -> {
            String q = r.uri().getQuery();
            if (q.contains("resumptionToken=t1")) {
                return Answer.status(503, Map.of());
            }
            StringBuilder records = new StringBuilder();
            for (int i = 1; i <= 3; i++) {
                records.append("<record><header><identifier>oai:x:").append(i).append("</identifier><datestamp>2026-11-01T00:00:00Z")
                        .append("</datestamp></header><metadata><oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" ")
                        .append("xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Repository practice ").append(i)
                        .append("</dc:title><dc:identifier>https://repo.example.org/").append(i).append("</dc:identifier></oai_dc:dc>")
                        .append("</metadata></record>");
            }
            return Answer.ok("text/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">"
                    + "<responseDate>2026-11-23T00:00:00Z</responseDate><request verb=\"ListRecords\">x</request><ListRecords>" + records
                    + "<resumptionToken>t1</resumptionToken></ListRecords></OAI-PMH>");
        });
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        // a page shorter than paging.size is the last
        String fields = "records: $.data[*]\nfields:\n  recordId: $.ref\n  title: $.name\npaging: { mode: page, param: page, start: 1, size: ";
        SourceKindsTest.write(mappings, "api-long", "kind: json-api\nurl: " + partner.url("/long") + "\n" + fields + "2 }");
        SourceKindsTest.write(mappings, "api-flaky", "kind: json-api\nurl: " + partner.url("/flaky") + "\nsince: updated_since\n" + fields + "3 }");
        SourceKindsTest.write(mappings, "api-rejects", "kind: json-api\nurl: " + partner.url("/rejects") + "\n" + fields + "2 }");
        SourceKindsTest.write(mappings, "oai", "kind: oai-pmh\nurl: " + partner.url("/oai"));
        // two records a batch: the practices are stored as the pages go
        props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.mappings-dir", mappings.toString()).set("hub.store.batch-size", "2");
    }

    @AfterAll
    static void tearDown() {
        partner.close();
        props.close();
    }

    private SourceResult poll(String id) {
        store = db;
        Exchange ex = template.send("direct:poll", e -> e.getIn().setBody(sources.get(id)));
        assertThat(ex.getException()).isNull();
        return ex.getProperty("hubPoll", org.practicehub.run.Poll.class).result();
    }

    private long stored(String sourceId) {
        return db.count("SELECT COUNT(*) FROM source_record WHERE source_id = '" + sourceId + "'");
    }

    private void retryNow(String sourceId) {
        db.tx(c -> Db.update(c, "UPDATE source_state SET next_attempt = NULL WHERE source_id = '" + sourceId + "'"));
    }

    @Test
    void pagesAreAskedForWhileTheRecordsBeforeThemAreStored() {
        SourceResult r = poll("api-long");
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.read()).isEqualTo(PAGES * 2);
        assertThat(r.created()).isEqualTo(PAGES * 2);
        assertThat(r.notes()).contains((PAGES + 1) + " pages");
        assertThat(stored("api-long")).isEqualTo(PAGES * 2L);
        // page n is asked for as the last record of page n - 1 is reached: by then the pages before that are stored
        // (all records were read before any was stored, so the store held none at any request, before pages streamed)
        for (int n = 3; n <= PAGES + 1; n++) {
            assertThat(STORED_AT_REQUEST.get(n)).as("records stored when page %d was asked for", n).isGreaterThanOrEqualTo(2L * (n - 2));
        }
    }

    @Test
    void aPageThatFailsKeepsTheRecordsBeforeItAndTheWatermark() {
        FAILING_PAGE.set(0);
        SourceResult first = poll("api-flaky");
        assertThat(first.status()).isEqualTo("ok");
        assertThat(stored("api-flaky")).isEqualTo(12L);
        int before = partner.requests("/flaky").size();

        FAILING_PAGE.set(3);
        retryNow("api-flaky");
        SourceResult failed = poll("api-flaky");
        assertThat(failed.status()).isEqualTo("error");
        assertThat(failed.error()).contains("500").contains("page=3");
        // pages 1 and 2 were read, and the 2 batches complete before page 3 was asked for are stored (here unchanged)
        assertThat(failed.read()).isEqualTo(6);
        assertThat(failed.unchanged()).isEqualTo(4);
        assertThat(partner.requests("/flaky")).hasSize(before + 3);
        String since = partner.requests("/flaky").get(before).uri().getQuery().replaceAll(".*\\bupdated_since=([^&]*).*", "$1");
        assertThat(since).isNotBlank().doesNotContain("page=");

        FAILING_PAGE.set(0);
        retryNow("api-flaky");
        SourceResult again = poll("api-flaky");
        assertThat(again.status()).isEqualTo("ok");
        // the failed poll moved no watermark: the next one asks for what changed since the last good poll, as before it
        assertThat(partner.requests("/flaky").get(before + 3).uri().getQuery()).contains("updated_since=" + since);
        assertThat(again.read()).isEqualTo(12);
    }

    @Test
    void aRecordThatFailsItsPollStopsThePaging() {
        db.tx(c -> Db.update(c, "ALTER TABLE rejected_record RENAME TO rejected_record_away"));
        SourceResult failed;
        try {
            failed = poll("api-rejects");
        } finally {
            db.tx(c -> Db.update(c, "ALTER TABLE rejected_record_away RENAME TO rejected_record"));
        }
        assertThat(failed.status()).isEqualTo("error");
        assertThat(failed.error()).containsIgnoringCase("rejected_record");
        // page 1's second record was reached, no page after it: the next poll reads them all again
        assertThat(partner.requests("/rejects")).hasSize(1);

        retryNow("api-rejects");
        SourceResult again = poll("api-rejects");
        assertThat(again.status()).isEqualTo("ok");
        assertThat(again.rejected()).isEqualTo(1);
        assertThat(again.created()).isEqualTo(7);
        assertThat(partner.requests("/rejects")).hasSize(1 + 5);
    }

    @Test
    void anOaiPmhResumptionPageThatFailsKeepsTheFirstPageStored() {
        SourceResult failed = poll("oai");
        assertThat(failed.status()).isEqualTo("error");
        assertThat(failed.error()).contains("503");
        assertThat(failed.created()).isEqualTo(2);
        assertThat(stored("oai")).isEqualTo(2L);
        // the page that failed is not asked for again in the same poll
        assertThat(partner.requests("/oai")).hasSize(2);
        // no watermark was kept: the next harvest is a whole one again, without from=
        retryNow("oai");
        poll("oai");
        assertThat(partner.requests("/oai").get(2).uri().getQuery()).contains("metadataPrefix=oai_dc").doesNotContain("from=");
    }
}
