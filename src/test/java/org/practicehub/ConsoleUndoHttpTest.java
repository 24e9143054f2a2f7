package org.practicehub;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;
import org.practicehub.matching.RecordKey;
import org.practicehub.model.Practice;
import org.practicehub.source.Sources;
import org.practicehub.store.JudgedPair;
import org.practicehub.store.PracticeStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.practicehub.ConsoleFixture.TWIN_A_RECORD;
import static org.practicehub.ConsoleFixture.TWIN_B_RECORD;
import static org.practicehub.ConsoleFixture.form;

/**
 * Undoing a merge from the console over real HTTP against the real Main: the dashboard's recent automatic merges with
 * their reasons in words, a practice's page with its records, "separate this record" refused without a session or the
 * session's CSRF token and refused for what cannot be separated, then done, holding on a re-poll; and the facilitator's
 * decisions (a pair merged by hand, a pair kept apart, a record separated) holding on a re-run of deduplication over the
 * whole store ({@code POST /api/dedup}). The samples with the console's thresholds (the Laguna records a pair for
 * review) and two twin records of two more networks, which the matcher merges by itself. In order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false"})
class ConsoleUndoHttpTest {

    static final List<String> LAGUNA = List.of("apmagnet/apmagnet-gp-0031", "mnh-repository/RP-2021-0088");

    @TempDir
    static Path dir;
    static ConsoleFixture hub;
    static TestSupport.Props props = new TestSupport.Props();
    static boolean ready;

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PracticeStore store;
    @BeanInject
    Sources sources;

    @BeforeAll
    static void setUp() throws Exception {
        hub = new ConsoleFixture(dir, props).twins();
    }

    @AfterAll
    static void tearDown() {
        hub.close();
        props.close();
    }

    @BeforeEach
    void data() {
        if (!ready) {
            ConsoleFixture.ingest(template, sources);
            ready = true;
        }
    }

    static String ownId(String record) {
        RecordKey k = RecordKey.parse(record);
        return PracticeStore.practiceId(k.sourceId(), k.recordId());
    }

    /** The practice the twins are in: the first twin's own id (the second joined it as it arrived). */
    static final String TWINS = ownId(TWIN_A_RECORD);

    private List<String> recordsOf(String practiceId) {
        return store.get(practiceId).orElseThrow().sources().stream().map(s -> s.sourceId() + "/" + s.recordId()).toList();
    }

    /** POST /api/dedup with the admin token: deduplication over the whole store again. */
    private HttpResponse<String> rerun() throws Exception {
        return ConsoleFixture.HTTP.send(HttpRequest.newBuilder(URI.create(hub.base + "/api/dedup")).POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + ConsoleFixture.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> decide(long pair, String decision) throws Exception {
        return ConsoleFixture.HTTP.send(HttpRequest.newBuilder(URI.create(hub.base + "/api/review/" + pair))
                .POST(HttpRequest.BodyPublishers.ofString("{\"decision\": \"" + decision + "\"}")).header("Authorization", "Bearer " + ConsoleFixture.TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void theMatcherMergedTheTwins_andLeftLagunaForReview() {
        assertThat(recordsOf(TWINS)).containsExactly(TWIN_A_RECORD, TWIN_B_RECORD);
        assertThat(store.dedup().recentMerges(20)).singleElement().satisfies(p -> assertThat(p.decidedBy()).isEqualTo("matcher"));
        assertThat(store.dedup().pairs("review")).singleElement().satisfies(p -> assertThat(List.of(p.a().sourceId() + "/" + p.a().recordId(),
                p.b().sourceId() + "/" + p.b().recordId())).containsExactlyInAnyOrderElementsOf(LAGUNA));
    }

    @Test
    @Order(2)
    void theDashboardListsTheRecentAutomaticMergesInWords() throws Exception {
        String dashboard = hub.get("/console", hub.login()).body();
        assertThat(dashboard).contains("<h2 id=\"recent-merges\">Recent automatic merges</h2>");
        String merges = dashboard.substring(dashboard.indexOf("<ol class=\"merges\">"), dashboard.indexOf("</ol>", dashboard.indexOf("<ol class=\"merges\">")));
        JudgedPair pair = store.dedup().recentMerges(1).get(0);
        assertThat(merges).contains("data-pair=\"" + pair.pairId() + "\"", "Pre-departure orientation desk for Nepali workers bound for Malaysia",
                "Northern Corridor Network", "Southern Corridor Network", String.format(java.util.Locale.ROOT, "score <span>%.2f</span>", pair.score()),
                "<a class=\"undo\" href=\"/console/practices/" + TWINS + "\">Open practice <span>" + TWINS + "</span> to undo</a>");
        // every stored reason, as a sentence in words
        assertThat(merges).containsPattern("<li class=\"agree\">[A-Z][a-z ]+ agree[^<]*\\.</li>");
        assertThat(pair.agreed().size() + pair.similar().size() + pair.differed().size()).isPositive();
        assertThat(merges.split("<li class=\"(agree|similar|differ)\">", -1)).hasSize(1 + pair.agreed().size() + pair.similar().size()
                + pair.differed().size());
        // the dashboard is a page of pages: no JSON, no script
        assertThat(dashboard).doesNotContain("/api/", "<script");

        // the review page says its reasons in words too, and links each record's practice page
        String review = hub.get("/console/review", hub.login()).body();
        assertThat(review).containsPattern("<li class=\"agree\">[A-Z][a-z ]+ agree[^<]*\\.</li>")
                .contains("href=\"/console/practices/" + ownId(LAGUNA.get(0)) + "\"", "href=\"/console/practices/" + ownId(LAGUNA.get(1)) + "\"");
    }

    @Test
    @Order(3)
    void thePracticePageShowsItsRecords() throws Exception {
        assertThat(hub.get("/console/practices/" + TWINS, null).headers().firstValue("Location")).hasValue("/console/login");
        String cookie = hub.login();
        HttpResponse<String> r = hub.get("/console/practices/" + TWINS, cookie);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'none'");
        String page = r.body();
        Practice p = store.get(TWINS).orElseThrow();
        assertThat(page).contains("<caption id=\"records-caption\">The records of this practice</caption>", "<th scope=\"col\">Network</th>",
                "<th scope=\"col\">Source</th>", "<th scope=\"col\">Record id</th>", "<th scope=\"col\">Link</th>", "<th scope=\"col\">First seen</th>");
        for (Practice.Provenance s : p.sources()) {
            String row = row(page, s.sourceId() + "/" + s.recordId());
            assertThat(row).contains("<th scope=\"row\">Pre-departure orientation desk for Nepali workers bound for Malaysia</th>",
                    "<td>" + s.network() + "</td>", "<td>" + s.sourceId() + "</td>", ">" + s.recordId() + "</td>",
                    "href=\"" + s.url() + "\"", "<td>" + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                            .withZone(java.time.ZoneOffset.UTC).format(s.firstSeen()) + "</td>",
                    "name=\"csrf\" value=\"" + hub.csrf(cookie) + "\"", "name=\"record\" value=\"" + s.sourceId() + "/" + s.recordId() + "\"",
                    "aria-label=\"Separate this record: " + s.sourceId() + "/" + s.recordId() + "\">Separate this record</button>");
        }
        assertThat(page).contains("<h2 id=\"why-together\">Why these records are one practice</h2>", "Merged by <span>the matcher</span>")
                .containsPattern("<li class=\"agree\">[A-Z][a-z ]+ agree[^<]*\\.</li>").doesNotContain("<script");

        assertThat(hub.get("/console/practices/ph-0000000000000000", cookie).statusCode()).isEqualTo(404);
        // the dashboard's form, by id
        assertThat(hub.get("/console/practices?id=+" + TWINS + "+", cookie).headers().firstValue("Location")).hasValue("/console/practices/" + TWINS);
        assertThat(hub.get("/console/practices?id=", cookie).headers().firstValue("Location")).hasValue("/console");
        // a practice of one record: nothing to separate
        String single = hub.get("/console/practices/" + ownId("p2p-learning/" + firstRecordOf("p2p-learning")), cookie).body();
        assertThat(single).contains("This practice is made of one record: there is nothing to separate.").doesNotContain("Separate this record</button>");
    }

    private String firstRecordOf(String source) {
        return store.all().stream().flatMap(p -> p.sources().stream()).filter(s -> s.sourceId().equals(source)).findFirst().orElseThrow().recordId();
    }

    private static String row(String html, String record) {
        int at = html.indexOf("data-record=\"" + record + "\"");
        assertThat(at).as(record).isPositive();
        return html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at));
    }

    @Test
    @Order(4)
    void separatingWithoutTheSessionOrItsTokenIsRefusedAndNothingChanges() throws Exception {
        String cookie = hub.login();
        String csrf = hub.csrf(cookie);
        String otherSessionsToken = hub.csrf(hub.login());
        String path = "/console/practices/" + TWINS + "/separate";
        for (String none : new String[] {null, "hub_console=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
            assertRefused(hub.post(path, none, form("csrf", csrf, "record", TWIN_B_RECORD)), "session has ended");
        }
        for (Map<String, String> f : List.of(form("record", TWIN_B_RECORD), form("csrf", "", "record", TWIN_B_RECORD),
                form("csrf", "wrong", "record", TWIN_B_RECORD), form("csrf", otherSessionsToken, "record", TWIN_B_RECORD))) {
            assertRefused(hub.post(path, cookie, f), "security token");
        }
        assertThat(recordsOf(TWINS)).containsExactly(TWIN_A_RECORD, TWIN_B_RECORD);
        assertThat(store.dedup().pairs("apart")).isEmpty();
    }

    private static void assertRefused(HttpResponse<String> r, String says) {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(403);
        assertThat(r.body()).contains(says).containsIgnoringCase("nothing was changed");
    }

    @Test
    @Order(5)
    void separatingARecord_itStaysApart() throws Exception {
        String cookie = hub.login();
        String csrf = hub.csrf(cookie);
        String path = "/console/practices/" + TWINS + "/separate";
        // what cannot be separated: answered as a page saying why, and nothing changes
        HttpResponse<String> noRecord = hub.post(path, cookie, form("csrf", csrf));
        assertThat(noRecord.statusCode()).isEqualTo(400);
        assertThat(noRecord.body()).contains("sourceId/recordId");
        assertThat(hub.post(path, cookie, form("csrf", csrf, "record", LAGUNA.get(0))).statusCode()).isEqualTo(400);
        assertThat(hub.post("/console/practices/ph-0000000000000000/separate", cookie, form("csrf", csrf, "record", TWIN_B_RECORD)).statusCode())
                .isEqualTo(404);
        assertThat(recordsOf(TWINS)).containsExactly(TWIN_A_RECORD, TWIN_B_RECORD);

        HttpResponse<String> done = hub.post(path, cookie, form("csrf", csrf, "record", TWIN_A_RECORD));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        // the record that stays keeps its own id: the practice the facilitator was on (the first twin's id) went with the first twin
        String stays = ownId(TWIN_B_RECORD);
        String location = done.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/console/practices/" + stays + "?separated=" + TWIN_A_RECORD.replace("/", "%2F") + "&to=" + TWINS);
        assertThat(recordsOf(stays)).containsExactly(TWIN_B_RECORD);
        assertThat(recordsOf(TWINS)).containsExactly(TWIN_A_RECORD);
        assertThat(store.dedup().pairs("apart")).singleElement().satisfies(p -> assertThat(p.decidedBy()).isEqualTo("split"));
        // the public API answers both, each with its one record (the depository was brought up to date)
        for (String id : List.of(stays, TWINS)) {
            HttpResponse<String> pub = ConsoleFixture.HTTP.send(HttpRequest.newBuilder(URI.create(hub.base + "/api/practices/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pub.statusCode()).isEqualTo(200);
            assertThat(TestSupport.JSON.readTree(pub.body()).get("sources")).hasSize(1);
        }

        String page = hub.get(location, cookie).body();
        assertThat(page).contains("Record <strong>" + TWIN_A_RECORD + "</strong> was separated",
                "<a href=\"/console/practices/" + TWINS + "\">practice <span>" + TWINS + "</span></a> of its own now",
                "This practice is made of one record: there is nothing to separate.").doesNotContain("Separate this record</button>");
        // a notice names only what the store holds
        assertThat(hub.get("/console/practices/" + stays + "?separated=x%2Fy&to=" + TWINS, cookie).body()).doesNotContain("was separated");
        // nothing left to separate
        HttpResponse<String> again = hub.post("/console/practices/" + stays + "/separate", cookie, form("csrf", csrf, "record", TWIN_B_RECORD));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("holds one record");
        // the merge is undone: no longer among the recent automatic merges
        assertThat(hub.get("/console", cookie).body()).contains("The matcher has merged no records yet.");

        // the partners send the same records again: they stay apart
        ConsoleFixture.ingest(template, sources);
        assertThat(recordsOf(stays)).containsExactly(TWIN_B_RECORD);
        assertThat(recordsOf(TWINS)).containsExactly(TWIN_A_RECORD);
    }

    @Test
    @Order(6)
    void theFacilitatorsDecisionsSurviveARerunOverTheWholeStore() throws Exception {
        String cookie = hub.login();
        String csrf = hub.csrf(cookie);
        long laguna = store.dedup().pairs("review").get(0).pairId();
        HttpResponse<String> merged = hub.post("/console/review/" + laguna, cookie, form("csrf", csrf, "decision", "merge"));
        assertThat(merged.statusCode()).isEqualTo(303);
        String lagunaPractice = ownId(LAGUNA.get(0));
        assertThat(recordsOf(lagunaPractice)).containsExactlyInAnyOrderElementsOf(LAGUNA);
        // the other Laguna id was merged away: its console page is the practice's
        assertThat(hub.get("/console/practices/" + ownId(LAGUNA.get(1)), cookie).headers().firstValue("Location"))
                .hasValue("/console/practices/" + lagunaPractice);
        int practices = store.count();

        // a re-run with thresholds under which the matcher alone would leave Laguna for review and merge the twins
        HttpResponse<String> rerun = rerun();
        assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(200);
        JsonNode summary = TestSupport.JSON.readTree(rerun.body());
        assertThat(summary.get("practicesChanged").asInt()).isZero();
        assertThat(store.count()).isEqualTo(practices);
        assertThat(recordsOf(lagunaPractice)).containsExactlyInAnyOrderElementsOf(LAGUNA);
        assertThat(recordsOf(ownId(TWIN_A_RECORD))).containsExactly(TWIN_A_RECORD);
        assertThat(recordsOf(ownId(TWIN_B_RECORD))).containsExactly(TWIN_B_RECORD);
        assertThat(store.dedup().pairs("review")).isEmpty();
        assertThat(store.dedup().pairs("merged")).anySatisfy(p -> {
            assertThat(p.pairId()).isEqualTo(laguna);
            assertThat(p.decidedBy()).isEqualTo("facilitator");
        });

        // the facilitator changes their mind: Laguna kept apart, and a re-run keeps it so
        HttpResponse<String> apart = decide(laguna, "keep-apart");
        assertThat(apart.statusCode()).as(apart.body()).isEqualTo(200);
        assertThat(store.count()).isEqualTo(practices + 1);
        assertThat(rerun().statusCode()).isEqualTo(200);
        assertThat(store.count()).isEqualTo(practices + 1);
        for (String r : LAGUNA) {
            assertThat(recordsOf(ownId(r))).containsExactly(r);
        }
        assertThat(store.dedup().pairs("review")).isEmpty();
        assertThat(store.dedup().pairs("apart")).extracting(JudgedPair::decidedBy).containsExactlyInAnyOrder("facilitator", "split");
        assertThat(recordsOf(ownId(TWIN_A_RECORD))).containsExactly(TWIN_A_RECORD);
    }
}
