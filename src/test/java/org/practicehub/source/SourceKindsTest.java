package org.practicehub.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
import org.practicehub.store.PracticeStore;
import org.practicehub.store.SourceState;
import org.practicehub.store.SourceStates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each source kind and each HTTP behaviour against a real HTTP server on loopback, through the real
 * poll route: conditional GET, 301, 410, 429/503 with Retry-After, 500 with backoff, a timeout; JSON API
 * paging in every mode with since and auth; a CSV drop with a bad row and a badly encoded file; OAI-PMH
 * with a resumption token and a deleted record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false"})
class SourceKindsTest {

    @TempDir
    static Path dir;
    static PartnerServer partner;
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static TestSupport.Props props = new TestSupport.Props();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    org.practicehub.source.Sources sources;
    @BeanInject
    SourceStates states;
    @BeanInject
    PracticeStore store;

    static String rss(String... titles) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>http://p.org/</link>"
                + "<description>d</description>");
        for (String t : titles) {
            b.append("<item><title>").append(t).append("</title><link>http://p.org/").append(t.replace(' ', '-'))
                    .append("</link><guid>").append(t).append("</guid></item>");
        }
        return b.append("</channel></rss>").toString();
    }

    static String items(String... titles) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < titles.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"ref\":\"").append(titles[i]).append("\",\"name\":\"").append(titles[i]).append("\"}");
        }
        return b.append("]").toString();
    }

    @BeforeAll
    static void setUp() throws IOException {
        partner = new PartnerServer();
        String feed = rss("Return desk", "Consular outreach");
        partner.on("/etag.rss", r -> "\"v1\"".equals(r.header("If-None-Match")) ? Answer.status(304, Map.of("ETag", "\"v1\""))
                : new Answer(200, Map.of("Content-Type", "application/rss+xml", "ETag", "\"v1\""), feed.getBytes(StandardCharsets.UTF_8)));
        partner.on("/old.rss", r -> Answer.status(301, Map.of("Location", "/new.rss")));
        partner.on("/new.rss", r -> Answer.ok("application/rss+xml", rss("Moved practice")));
        partner.on("/gone.rss", r -> Answer.status(410, Map.of()));
        // the server says the body is the representation of another URI: relative links resolve against that
        partner.on("/negotiated", r -> new Answer(200, Map.of("Content-Type", "application/atom+xml", "Content-Location", "/mirror/feeds/main.atom"),
                ("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>urn:t</id>"
                        + "<updated>2026-01-01T00:00:00Z</updated><entry><title>Relative practice</title><id>urn:rel</id>"
                        + "<updated>2026-01-01T00:00:00Z</updated><link href=\"practices/7\"/></entry></feed>").getBytes(StandardCharsets.UTF_8)));
        partner.on("/busy.rss", r -> Answer.status(503, Map.of("Retry-After", "120")));
        partner.on("/broken.rss", r -> Answer.status(500, Map.of()));
        // for 100 ms from the first request, connections close without an answer (a server whose listen queue is full):
        // the JDK's client sends a GET again at once, once, which meets the same; the hub's later try is answered
        java.util.concurrent.atomic.AtomicLong busyFrom = new java.util.concurrent.atomic.AtomicLong();
        partner.on("/flaky.rss", r -> {
            busyFrom.compareAndSet(0, r.nanos());
            return r.nanos() - busyFrom.get() < TimeUnit.MILLISECONDS.toNanos(100) ? Answer.HANG_UP
                    : Answer.ok("application/rss+xml", rss("Second try practice"));
        });
        partner.on("/hangup.rss", r -> Answer.HANG_UP);
        // answers at once, then sends its body a byte at a time, never finishing (until the tests end)
        partner.onRaw("/drip.rss", ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/rss+xml");
            ex.sendResponseHeaders(200, 0);
            try (java.io.OutputStream out = ex.getResponseBody()) {
                byte[] body = feed.getBytes(StandardCharsets.UTF_8);
                for (int i = 0; !RELEASE.await(100, TimeUnit.MILLISECONDS); i = (i + 1) % body.length) {
                    out.write(body[i]);
                    out.flush();
                }
            } catch (InterruptedException | IOException e) {
                // the hub went away
            }
        });
        partner.on("/slow.rss", r -> {
            RELEASE.await(30, TimeUnit.SECONDS);
            return Answer.ok("application/rss+xml", feed);
        });
        partner.on("/api/page", r -> {
            String q = r.uri().getQuery();
            String page = q.replaceAll(".*\\bpage=(\\d+).*", "$1");
            String body = switch (page) {
                case "1" -> items("P1", "P2");
                case "2" -> items("P3", "P4");
                default -> items("P5");
            };
            return Answer.ok("application/json", "{\"data\":" + body + "}");
        });
        partner.on("/api/offset", r -> {
            String offset = r.uri().getQuery().replaceAll(".*\\boffset=(\\d+).*", "$1");
            String body = switch (offset) {
                case "0" -> items("O1", "O2");
                case "2" -> items("O3", "O4");
                default -> items();
            };
            return Answer.ok("application/json", "{\"results\":" + body + "}");
        });
        partner.on("/api/cursor", r -> {
            boolean second = r.uri().getQuery() != null && r.uri().getQuery().contains("cursor=c2");
            return Answer.ok("application/json", second ? "{\"items\":" + items("C3") + ",\"next\":null}"
                    : "{\"items\":" + items("C1", "C2") + ",\"next\":\"c2\"}");
        });
        partner.on("/api/link", r -> {
            boolean second = r.uri().getQuery() != null && r.uri().getQuery().contains("p=2");
            return second ? Answer.ok("application/json", items("L3"))
                    : new Answer(200, Map.of("Content-Type", "application/json", "Link", "</api/link?p=2>; rel=\"next\""),
                            items("L1", "L2").getBytes(StandardCharsets.UTF_8));
        });
        partner.on("/oai", r -> {
            String q = r.uri().getQuery();
            if (q.contains("resumptionToken=t1")) {
                return Answer.ok("text/xml", oai("<record>" + header("oai:x:3", "") + dc("OAI three") + "</record><resumptionToken/>"));
            }
            if (q.contains("from=")) {
                return Answer.ok("text/xml", oai("<record>" + header("oai:x:1", " status=\"deleted\"") + "</record>"));
            }
            return Answer.ok("text/xml", oai("<record>" + header("oai:x:1", "") + dc("OAI one") + "</record><record>" + header("oai:x:2", "")
                    + dc("OAI two") + "</record><resumptionToken completeListSize=\"3\">t1</resumptionToken>"));
        });

        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Path drop = Files.createDirectories(dir.resolve("drop"));
        Files.writeString(drop.resolve("a-practices.csv"), "ref;name;country\nR1;Reintegration counselling desk;Philippines\n"
                + "R2;Diaspora savings groups;Mexico;extra\nR3;Seasonal workers outreach;Viet Nam\n", StandardCharsets.UTF_8);
        Files.write(drop.resolve("b-latin1.csv"), "ref;name\nR9;Caf\u00e9 des migrants\n".getBytes(StandardCharsets.ISO_8859_1));
        write(mappings, "feed-etag", "kind: rss\nurl: " + partner.url("/etag.rss"));
        write(mappings, "feed-moved", "kind: rss\nurl: " + partner.url("/old.rss"));
        write(mappings, "feed-gone", "kind: rss\nurl: " + partner.url("/gone.rss"));
        write(mappings, "feed-negotiated", "kind: feed\nurl: " + partner.url("/negotiated"));
        write(mappings, "feed-busy", "kind: rss\nurl: " + partner.url("/busy.rss"));
        write(mappings, "feed-broken", "kind: rss\nurl: " + partner.url("/broken.rss"));
        write(mappings, "feed-flaky", "kind: rss\nurl: " + partner.url("/flaky.rss"));
        write(mappings, "feed-hangup", "kind: rss\nurl: " + partner.url("/hangup.rss"));
        write(mappings, "feed-drip", "kind: rss\nurl: " + partner.url("/drip.rss"));
        write(mappings, "feed-slow", "kind: rss\nurl: " + partner.url("/slow.rss"));
        String fields = "fields:\n  recordId: $.ref\n  title: $.name\n";
        write(mappings, "api-page", "kind: json-api\nurl: " + partner.url("/api/page") + "\nrecords: $.data[*]\n"
                + "paging: { mode: page, param: page, size-param: per_page, size: 2 }\nsince: updated_since\n"
                + "auth: { header: Authorization, env: TEST_PARTNER_TOKEN, prefix: \"Bearer \" }\n" + fields);
        write(mappings, "api-offset", "kind: json-api\nurl: " + partner.url("/api/offset") + "\nrecords: $.results[*]\n"
                + "paging: { mode: offset, param: offset, size-param: limit, size: 2 }\n" + fields);
        write(mappings, "api-cursor", "kind: json-api\nurl: " + partner.url("/api/cursor") + "\nrecords: $.items[*]\n"
                + "paging: { mode: cursor, param: cursor, cursor-path: $.next }\n" + fields);
        write(mappings, "api-link", "kind: json-api\nurl: " + partner.url("/api/link") + "\nrecords: $[*]\npaging: { mode: link }\n" + fields);
        write(mappings, "csv-drop", "kind: csv\nurl: " + drop + "\ncsv: { delimiter: \";\", encoding: UTF-8 }\n"
                + "fields:\n  recordId: ref\n  title: name\n  countries: country\n");
        write(mappings, "oai", "kind: oai-pmh\nurl: " + partner.url("/oai"));
        write(mappings, "api-nosecret", "kind: json-api\nurl: " + partner.url("/api/secret") + "\nrecords: $[*]\n"
                + "auth: { env: NO_SUCH_PARTNER_TOKEN }\n" + fields);
        props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.mappings-dir", mappings.toString())
                .set("hub.fetch.read-timeout-ms", "1500").set("TEST_PARTNER_TOKEN", "s3cret-token");
    }

    static String header(String id, String status) {
        return "<header" + status + "><identifier>" + id + "</identifier><datestamp>2026-11-01T00:00:00Z</datestamp></header>";
    }

    static String dc(String title) {
        return "<metadata><oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                + "<dc:title>" + title + "</dc:title><dc:identifier>hdl:1/2</dc:identifier><dc:identifier>https://repo.example.org/"
                + title.replace(' ', '-') + "</dc:identifier><dc:subject>Reintegration</dc:subject><dc:coverage>Nepal</dc:coverage>"
                + "</oai_dc:dc></metadata>";
    }

    static String oai(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">"
                + "<responseDate>2026-11-23T00:00:00Z</responseDate><request verb=\"ListRecords\">x</request><ListRecords>" + body
                + "</ListRecords></OAI-PMH>";
    }

    static void write(Path mappings, String id, String rest) throws IOException {
        Files.writeString(mappings.resolve(id + ".yaml"), "id: " + id + "\nnetwork: Test network\n" + rest + "\n", StandardCharsets.UTF_8);
    }

    @AfterAll
    static void tearDown() {
        RELEASE.countDown();
        partner.close();
        props.close();
    }

    private SourceResult poll(String id) {
        return TestSupport.poll(template, sources, id);
    }

    @Test
    void conditionalGetAnswered304IsNotProcessedAgain() {
        SourceResult first = poll("feed-etag");
        assertThat(first.status()).isEqualTo("ok");
        assertThat(first.created()).isEqualTo(2);
        SourceResult second = poll("feed-etag");
        assertThat(second.status()).isEqualTo("not-modified");
        assertThat(second.read()).isZero();
        assertThat(partner.requests("/etag.rss")).hasSize(2).last().satisfies(r -> assertThat(r.header("If-None-Match")).isEqualTo("\"v1\""));
        // a 304 writes nothing back: the validators kept are still the ones of the last 200
        assertThat(poll("feed-etag").status()).isEqualTo("not-modified");
        assertThat(partner.requests("/etag.rss")).hasSize(3).last().satisfies(r -> assertThat(r.header("If-None-Match")).isEqualTo("\"v1\""));
    }

    @Test
    void aPermanentRedirectUpdatesTheStoredUrlAndIsReported() {
        SourceResult first = poll("feed-moved");
        assertThat(first.status()).isEqualTo("ok");
        assertThat(first.notes()).singleElement().asString().contains("moved permanently to " + partner.url("/new.rss"));
        poll("feed-moved");
        assertThat(partner.requests("/old.rss")).hasSize(1);
        assertThat(partner.requests("/new.rss")).hasSize(2);
    }

    @Test
    void relativeLinksResolveAgainstContentLocation() {
        assertThat(poll("feed-negotiated").created()).isEqualTo(1);
        assertThat(store.all()).filteredOn(p -> "Relative practice".equals(p.title())).singleElement()
                .satisfies(p -> assertThat(p.sources().get(0).url()).isEqualTo(partner.url("/mirror/feeds/practices/7")));
    }

    @Test
    void goneDeactivatesTheSourceVisibly() {
        SourceResult first = poll("feed-gone");
        assertThat(first.status()).isEqualTo("error");
        assertThat(first.error()).contains("410");
        assertThat(states.get("feed-gone")).hasValueSatisfying(s -> assertThat(s.active()).isFalse());
        SourceResult second = poll("feed-gone");
        assertThat(second.status()).isEqualTo("skipped");
        assertThat(second.error()).startsWith("deactivated");
        assertThat(partner.requests("/gone.rss")).hasSize(1);
    }

    @Test
    void retryAfterIsHonoured() {
        Instant before = Instant.now();
        SourceResult first = poll("feed-busy");
        assertThat(first.error()).contains("HTTP 503");
        SourceState s = states.get("feed-busy").orElseThrow();
        assertThat(s.nextAttempt()).isBetween(before.plusSeconds(115), Instant.now().plusSeconds(125));
        assertThat(poll("feed-busy").status()).isEqualTo("skipped");
        assertThat(partner.requests("/busy.rss")).hasSize(1);
    }

    @Test
    void otherFailuresBackOffAndStayListed() {
        Instant before = Instant.now();
        assertThat(poll("feed-broken").error()).isEqualTo("HTTP 500 from " + partner.url("/broken.rss"));
        SourceState s = states.get("feed-broken").orElseThrow();
        assertThat(s.consecutiveFailures()).isEqualTo(1);
        assertThat(s.active()).isTrue();
        assertThat(s.nextAttempt()).isBetween(before.plus(Duration.ofSeconds(55)), Instant.now().plus(Duration.ofSeconds(65)));
        SourceResult skipped = poll("feed-broken");
        assertThat(skipped.status()).isEqualTo("skipped");
        assertThat(skipped.error()).contains("backing off until").contains("HTTP 500");
        assertThat(states.backoff(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(states.backoff(4)).isEqualTo(Duration.ofMinutes(8));
        assertThat(states.backoff(40)).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsTriedOnceMore() {
        SourceResult r = poll("feed-flaky");
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.created()).isEqualTo(1);
        List<PartnerServer.Request> sent = partner.requests("/flaky.rss");
        assertThat(sent.size()).isBetween(2, 3);
        assertThat(sent.get(sent.size() - 1).nanos() - sent.get(0).nanos()).isGreaterThanOrEqualTo(Fetcher.RETRY_PAUSE.toNanos());
        assertThat(states.get("feed-flaky").orElseThrow().consecutiveFailures()).isZero();
    }

    @Test
    void aServerThatNeverAnswersIsASourceErrorAfterTheSecondTry() {
        SourceResult r = poll("feed-hangup");
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.error()).startsWith("cannot fetch " + partner.url("/hangup.rss") + ": failed twice, the second time with java.io.IOException");
        // one try more than the JDK's client makes on its own, after the pause, and no further
        List<PartnerServer.Request> sent = partner.requests("/hangup.rss");
        assertThat(sent.size()).isBetween(2, 4);
        assertThat(sent.get(sent.size() - 1).nanos() - sent.get(0).nanos()).isGreaterThanOrEqualTo(Fetcher.RETRY_PAUSE.toNanos());
        assertThat(states.get("feed-hangup").orElseThrow().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    // a guard, not a measure: without the body's deadline this poll never ends
    @org.junit.jupiter.api.Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aBodyThatNeverEndsTimesOut() {
        // hub.fetch.read-timeout-ms is 1500 here: the whole response, not only its headers
        SourceResult r = poll("feed-drip");
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.error()).isEqualTo("cannot fetch " + partner.url("/drip.rss") + ": the response took longer than the read timeout of 1500 ms");
        assertThat(states.get("feed-drip").orElseThrow().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void aTimeoutIsASourceError() {
        SourceResult r = poll("feed-slow");
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.error()).containsIgnoringCase("timed out");
    }

    @Test
    void aMissingSecretFailsTheSourceWithoutCallingThePartner() {
        SourceResult r = poll("api-nosecret");
        assertThat(r.error()).isEqualTo("auth.env NO_SUCH_PARTNER_TOKEN is not set in the environment");
        assertThat(partner.requests("/api/secret")).isEmpty();
    }

    @Test
    void jsonApiPagesByNumberWithSinceAndAuth() {
        SourceResult first = poll("api-page");
        assertThat(first.created()).isEqualTo(5);
        assertThat(partner.requests("/api/page")).hasSize(3).allSatisfy(r -> {
            assertThat(r.header("Authorization")).isEqualTo("Bearer s3cret-token");
            assertThat(r.uri().getQuery()).contains("per_page=2").doesNotContain("updated_since");
        });
        SourceResult second = poll("api-page");
        assertThat(second.unchanged()).isEqualTo(5);
        assertThat(partner.requests("/api/page").get(3).uri().getQuery()).contains("updated_since=20");
    }

    @Test
    void jsonApiPagesByOffsetCursorAndLink() {
        assertThat(poll("api-offset").created()).isEqualTo(4);
        assertThat(partner.requests("/api/offset")).extracting(r -> r.uri().getQuery().replaceAll(".*offset=(\\d+).*", "$1"))
                .containsExactly("0", "2", "4");
        assertThat(poll("api-cursor").created()).isEqualTo(3);
        assertThat(partner.requests("/api/cursor")).hasSize(2);
        assertThat(poll("api-link").created()).isEqualTo(3);
        assertThat(partner.requests("/api/link")).hasSize(2);
    }

    @Test
    void csvDropStoresGoodRowsRejectsABadRowAndMovesFiles() throws IOException {
        SourceResult r = poll("csv-drop");
        // the badly encoded file fails the poll, once the good file's rows are stored and it is moved to done/
        assertThat(r.status()).isEqualTo("error");
        assertThat(r.error()).startsWith("b-latin1.csv moved to failed/: ");
        assertThat(states.get("csv-drop").orElseThrow().consecutiveFailures()).isEqualTo(1);
        assertThat(r.created()).isEqualTo(2);
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(store.rejected("csv-drop")).singleElement().satisfies(row ->
                assertThat(row.reason()).isEqualTo("a-practices.csv line 3: row has 4 columns, the header has 3"));
        Path drop = dir.resolve("drop");
        assertThat(Files.exists(drop.resolve("done/a-practices.csv"))).isTrue();
        assertThat(Files.exists(drop.resolve("failed/b-latin1.csv"))).isTrue();
        assertThat(Files.readString(drop.resolve("failed/b-latin1.csv.error.txt"))).contains("not text in the declared encoding", "Input length = 1");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("b-latin1.csv moved to failed/"));
        assertThat(store.all()).anySatisfy(p -> {
            assertThat(p.title()).isEqualTo("Seasonal workers outreach");
            assertThat(p.geographicScope().countries()).containsExactly("VN");
        });
        states.reset("csv-drop");
        SourceResult again = poll("csv-drop");
        assertThat(again.read()).isZero();
        assertThat(again.status()).isEqualTo("ok");
    }

    @Test
    void oaiPmhFollowsResumptionTokensAndWithdrawsDeletedRecords() {
        SourceResult first = poll("oai");
        assertThat(first.created()).isEqualTo(3);
        assertThat(partner.requests("/oai")).hasSize(2);
        assertThat(partner.requests("/oai").get(0).uri().getQuery()).contains("verb=ListRecords", "metadataPrefix=oai_dc").doesNotContain("from=");
        assertThat(partner.requests("/oai").get(1).uri().getQuery()).contains("resumptionToken=t1").doesNotContain("metadataPrefix");
        var one = store.all().stream().filter(p -> p.title().equals("OAI one")).findFirst().orElseThrow();
        assertThat(one.links()).first().satisfies(l -> assertThat(l.url()).isEqualTo("https://repo.example.org/OAI-one"));
        assertThat(one.themes()).containsExactly("reintegration");
        assertThat(one.geographicScope().countries()).containsExactly("NP");

        SourceResult second = poll("oai");
        assertThat(partner.requests("/oai").get(2).uri().getQuery()).contains("from=20");
        assertThat(second.withdrawn()).isEqualTo(1);
        assertThat(store.isWithdrawn(one.id())).isTrue();
        assertThat(store.all()).noneSatisfy(p -> assertThat(p.id()).isEqualTo(one.id()));
    }
}
