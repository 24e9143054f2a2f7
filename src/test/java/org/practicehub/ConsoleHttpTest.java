package org.practicehub;

import java.time.Duration;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
import org.practicehub.publish.digest.Digests;
import org.practicehub.store.Db;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.PushOutbox;
import org.practicehub.store.Subscriptions;
import org.practicehub.web.Console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.practicehub.ConsoleFixture.form;

/**
 * The facilitator console over real HTTP against the real Main: the login and its cookie, the security headers, every
 * refusal (no session, a wrong or missing CSRF token, after logout) leaving everything as it was, then every page with
 * real data and every action with a proper token. The tests run in order: the refusals before the actions they guard.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false"})
class ConsoleHttpTest {

    static final List<String> PAGES = List.of("/console", "/console/sources", "/console/sources/untitled/rejected", "/console/review",
            "/console/digests", "/console/partners");

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
    PushOutbox outbox;
    @BeanInject
    Subscriptions subscriptions;
    @BeanInject
    Digests digests;
    @BeanInject
    Db db;
    @BeanInject
    Console console;
    @BeanInject
    org.practicehub.source.Sources sources;

    @BeforeAll
    static void setUp() throws Exception {
        hub = new ConsoleFixture(dir, props);
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
            subscriptions.request(ConsoleFixture.MEMBER, "", "weekly", "en");
            subscriptions.confirm(subscriptions.byEmail(ConsoleFixture.MEMBER).orElseThrow().id(), 0);
            ready = true;
        }
    }

    private long openPairs() {
        return store.dedup().pairs("review").size();
    }

    private long pairId() {
        return store.dedup().pairs("review").get(0).pairId();
    }

    @Test
    @Order(1)
    void theDataIsThere() {
        assertThat(openPairs()).isEqualTo(1);
        assertThat(outbox.dead(ConsoleFixture.PARTNER)).isNotEmpty();
        assertThat(store.rejected("untitled")).hasSize(1);
        assertThat(hub.brokenPolls()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aWrongTokenIsRefused() throws Exception {
        for (Map<String, String> f : List.of(form("token", "wrong"), form("token", ""), form("token", ConsoleFixture.TOKEN + "x"), form())) {
            HttpResponse<String> r = hub.post("/console/login", null, f);
            assertThat(r.statusCode()).as(f.toString()).isEqualTo(403);
            assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(r.body()).contains("That is not the admin token.");
        }
        assertThat(hub.get("/console/login", null).body()).contains("<label for=\"token\">Admin token</label>");
    }

    @Test
    @Order(3)
    void theSessionCookieAndTheSecurityHeaders() throws Exception {
        HttpResponse<String> r = hub.post("/console/login", null, form("token", ConsoleFixture.TOKEN));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/console");
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        List<String> attributes = List.of(setCookie.split(";\\s*"));
        assertThat(attributes.get(0)).matches("hub_console=[A-Za-z0-9_-]{43}");
        assertThat(attributes).contains("HttpOnly", "SameSite=Strict", "Path=/console", "Max-Age=28800").doesNotContain("Secure");

        // only a hash of the session id is stored
        String id = attributes.get(0).substring("hub_console=".length());
        assertThat(db.count("SELECT COUNT(*) FROM console_session WHERE id_hash = '" + id + "'")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM console_session WHERE id_hash = '" + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8))) + "'")).isEqualTo(1);

        // logged in, the login page sends to the dashboard
        String cookie = attributes.get(0);
        assertThat(hub.get("/console/login", cookie).headers().firstValue("Location")).hasValue("/console");
        for (String page : PAGES) {
            HttpResponse<String> p = hub.get(page, cookie);
            assertThat(p.statusCode()).as(page).isEqualTo(200);
            assertThat(p.headers().firstValue("Cache-Control")).as(page).hasValue("no-store");
            assertThat(p.headers().firstValue("X-Frame-Options")).as(page).hasValue("DENY");
            assertThat(p.headers().firstValue("Content-Security-Policy")).as(page).get().asString().contains("frame-ancestors 'none'")
                    .contains("default-src 'none'");
            assertThat(p.headers().firstValue("Referrer-Policy")).as(page).hasValue("no-referrer");
            assertThat(p.headers().firstValue("Content-Type")).as(page).get().asString().startsWith("text/html");
        }
    }

    @Test
    @Order(4)
    void withoutASessionGetsGoToTheLoginPage() throws Exception {
        for (String cookie : new String[] {null, "hub_console=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "hub_console=", "other=1"}) {
            for (String page : PAGES) {
                HttpResponse<String> r = hub.get(page, cookie);
                assertThat(r.statusCode()).as(page + " with " + cookie).isEqualTo(303);
                assertThat(r.headers().firstValue("Location")).hasValue("/console/login");
                assertThat(r.body()).doesNotContain("csrf");
            }
        }
    }

    @Test
    @Order(5)
    void withoutASessionPostsAreRefusedAndNothingChanges() throws Exception {
        String csrf = hub.csrf(hub.login());
        long pair = pairId();
        int polls = hub.brokenPolls();
        int dead = outbox.dead(ConsoleFixture.PARTNER).size();
        for (String cookie : new String[] {null, "hub_console=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
            assertRefused(hub.post("/console/review/" + pair, cookie, form("csrf", csrf, "decision", "merge")), "session has ended");
            assertRefused(hub.post("/console/sources/" + ConsoleFixture.FAILING_SOURCE + "/poll", cookie, form("csrf", csrf)), "session has ended");
            assertRefused(hub.post("/console/partners/" + ConsoleFixture.PARTNER + "/replay", cookie, form("csrf", csrf)), "session has ended");
            assertRefused(hub.post("/console/digests/community-updates/run", cookie, form("csrf", csrf)), "session has ended");
            assertRefused(hub.post("/console/logout", cookie, form("csrf", csrf)), "session has ended");
        }
        assertThat(openPairs()).isEqualTo(1);
        assertThat(pairId()).isEqualTo(pair);
        assertThat(hub.brokenPolls()).isEqualTo(polls);
        assertThat(outbox.dead(ConsoleFixture.PARTNER)).hasSize(dead);
        assertThat(digests.deliveries("community-updates", 10)).isEmpty();
    }

    @Test
    @Order(6)
    void aWrongOrMissingCsrfTokenIsRefusedAndNothingChanges() throws Exception {
        String cookie = hub.login();
        String otherSessionsToken = hub.csrf(hub.login());
        long pair = pairId();
        int polls = hub.brokenPolls();
        int dead = outbox.dead(ConsoleFixture.PARTNER).size();
        for (Map<String, String> f : List.of(form(), form("csrf", ""), form("csrf", "wrong"), form("csrf", otherSessionsToken))) {
            Map<String, String> decision = new java.util.LinkedHashMap<>(f);
            decision.put("decision", "merge");
            assertRefused(hub.post("/console/review/" + pair, cookie, decision), "security token");
            assertRefused(hub.post("/console/sources/" + ConsoleFixture.FAILING_SOURCE + "/poll", cookie, f), "security token");
            assertRefused(hub.post("/console/partners/" + ConsoleFixture.PARTNER + "/replay", cookie, f), "security token");
            assertRefused(hub.post("/console/digests/community-updates/run", cookie, f), "security token");
            assertRefused(hub.post("/console/logout", cookie, f), "security token");
        }
        assertThat(openPairs()).isEqualTo(1);
        assertThat(hub.brokenPolls()).isEqualTo(polls);
        assertThat(outbox.dead(ConsoleFixture.PARTNER)).hasSize(dead);
        assertThat(digests.deliveries("community-updates", 10)).isEmpty();
        // the session survived the refused logouts
        assertThat(hub.get("/console", cookie).statusCode()).isEqualTo(200);
    }

    private static void assertRefused(HttpResponse<String> r, String says) {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.body()).contains(says).containsIgnoringCase("nothing was changed");
    }

    @Test
    @Order(7)
    void logoutEndsTheSession() throws Exception {
        String cookie = hub.login();
        String csrf = hub.csrf(cookie);
        HttpResponse<String> out = hub.post("/console/logout", cookie, form("csrf", csrf));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/console/login?out");
        assertThat(out.headers().firstValue("Set-Cookie")).get().asString().startsWith("hub_console=;").contains("Max-Age=0", "Path=/console");
        // the old cookie is worth nothing now, on this instance or any other (the row is gone)
        assertThat(hub.get("/console", cookie).statusCode()).isEqualTo(303);
        assertRefused(hub.post("/console/review/" + pairId(), cookie, form("csrf", csrf, "decision", "merge")), "session has ended");
        assertThat(openPairs()).isEqualTo(1);
    }

    @Test
    @Order(8)
    void everyPageShowsRealData() throws Exception {
        String cookie = hub.login();
        String dashboard = hub.get("/console", cookie).body();
        int dead = outbox.dead(ConsoleFixture.PARTNER).size();
        assertThat(dashboard).containsPattern("<span class=\"count-value\">1</span> <span>Sources failing</span>")
                .containsPattern("<span class=\"count-value\">1</span> <span>Duplicate pairs waiting for review</span>")
                .containsPattern("<span class=\"count-value\">" + dead + "</span> <span>Partner dead letters</span>");
        // the networks' growth drawn on the dashboard, each network a line with its numbers in the table
        assertThat(dashboard).contains("<h2 id=\"h-over-time\">Practices per network over time</h2>", "role=\"img\"", "AP-MagNet",
                "Migration Network Hub", "href=\"/stats\"");

        String sources = hub.get("/console/sources", cookie).body();
        assertThat(sources).contains("<caption id=\"sources-caption\">", "<th scope=\"col\">Polls</th>", "<span class=\"sub\">next</span>", "apmagnet", "mnh-repository",
                "p2p-learning", "untitled");
        String failingRow = row(sources, "source-" + ConsoleFixture.FAILING_SOURCE);
        assertThat(failingRow).contains("class=\"failing\"", ">Failing</strong>", "HTTP 500", hub.server.url("/broken"));
        assertThat(row(sources, "source-apmagnet")).doesNotContain("Failing").contains(">ok<");

        String rejected = hub.get("/console/sources/untitled/rejected", cookie).body();
        assertThat(rejected).contains("<dd class=\"reason\">no title</dd>", "<pre class=\"payload\"")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more").doesNotContain("<script>");
        assertThat(hub.get("/console/sources/nope/rejected", cookie).statusCode()).isEqualTo(404);

        String review = hub.get("/console/review", cookie).body();
        assertThat(review).contains("apmagnet/apmagnet-gp-0031", "mnh-repository/RP-2021-0088", "<th scope=\"row\">Title</th>",
                "<th scope=\"row\">Organisations</th>", "<th scope=\"row\">Countries</th>", "<th scope=\"row\">Summary</th>",
                "<th scope=\"row\">URL</th>", "Laguna", "Merge</button>", "Keep apart</button>")
                .containsPattern("<li class=\"agree\">[A-Z][a-z ]+ agree[^<]*\\.</li>");

        String digestsPage = hub.get("/console/digests", cookie).body();
        assertThat(digestsPage).contains("<span class=\"schedule-words\">Every Monday at 08:00 (UTC)</span>", "<code>0 0 8 ? * MON</code>", "Next fire time", "never run", "Nothing delivered yet.");
        String preview = hub.get("/console/digests?digest=community-updates&email=" + ConsoleFixture.MEMBER, cookie).body();
        assertThat(preview).contains("Preview of <span>community-updates</span> for <span>" + ConsoleFixture.MEMBER + "</span>",
                "<iframe class=\"preview-html\" sandbox=\"\"", "srcdoc=\"&lt;", "Nothing was sent");
        assertThat(hub.get("/console/digests?digest=community-updates&email=nobody@example.org", cookie).body())
                .contains("Nobody with this address is subscribed.");
        assertThat(hub.get("/console/digests?digest=community-updates&email=not-an-address", cookie).body())
                .contains("That is not a valid email address.");
        assertThat(digests.deliveries("community-updates", 10)).isEmpty();

        String partners = hub.get("/console/partners", cookie).body();
        assertThat(partners).contains("Dead letters of <span>" + ConsoleFixture.PARTNER + "</span>", "HTTP 500", "Replay</button>");
    }

    private static String row(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertThat(at).as(id).isPositive();
        return html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at));
    }

    @Test
    @Order(9)
    void everyActionWorksWithItsToken() throws Exception {
        String cookie = hub.login();
        String csrf = hub.csrf(cookie);

        int polls = hub.brokenPolls();
        HttpResponse<String> poll = hub.post("/console/sources/" + ConsoleFixture.FAILING_SOURCE + "/poll", cookie, form("csrf", csrf));
        assertThat(poll.statusCode()).as(poll.body()).isEqualTo(303);
        assertThat(poll.headers().firstValue("Location")).hasValue("/console/sources?polled=http-500#source-http-500");
        // the poll goes on in the background: the page says so, and looks again, until it ended
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(hub.get("/console/sources?polled=http-500", cookie).body())
                .contains("Polled http-500 now: it failed (HTTP 500").doesNotContain("http-equiv=\"refresh\""));
        assertThat(hub.brokenPolls()).isEqualTo(polls + 1);
        assertThat(hub.post("/console/sources/nope/poll", cookie, form("csrf", csrf)).statusCode()).isEqualTo(404);

        int practices = store.count();
        long pair = pairId();
        assertThat(hub.post("/console/review/" + pair, cookie, form("csrf", csrf, "decision", "maybe")).statusCode()).isEqualTo(400);
        assertThat(hub.post("/console/review/999999", cookie, form("csrf", csrf, "decision", "merge")).statusCode()).isEqualTo(404);
        HttpResponse<String> merge = hub.post("/console/review/" + pair, cookie, form("csrf", csrf, "decision", "merge"));
        assertThat(merge.statusCode()).as(merge.body()).isEqualTo(303);
        assertThat(merge.headers().firstValue("Location")).hasValue("/console/review?merged=" + pair);
        assertThat(openPairs()).isZero();
        assertThat(store.count()).isEqualTo(practices - 1);
        assertThat(store.dedup().pairs("merged")).anySatisfy(p -> assertThat(p.decidedBy()).isEqualTo("facilitator"));
        assertThat(hub.get("/console/review?merged=" + pair, cookie).body()).contains("merged", "No pair is waiting for a decision.");

        HttpResponse<String> run = hub.post("/console/digests/community-updates/run", cookie, form("csrf", csrf));
        assertThat(run.statusCode()).as(run.body()).isEqualTo(303);
        assertThat(run.headers().firstValue("Location")).hasValue("/console/digests?sent=community-updates#digest-community-updates");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(hub.get("/console/digests?sent=community-updates", cookie).body())
                .contains("Ran community-updates now: messages written to the outbox").doesNotContain("http-equiv=\"refresh\""));
        assertThat(digests.deliveries("community-updates", 10)).isNotEmpty();
        String log = hub.get("/console/digests", cookie).body();
        assertThat(log).contains(ConsoleFixture.MEMBER, "members@practicehub.local").doesNotContain("Nothing delivered yet.");
        assertThat(hub.post("/console/digests/nope/run", cookie, form("csrf", csrf)).statusCode()).isEqualTo(404);

        int dead = outbox.dead(ConsoleFixture.PARTNER).size();
        hub.partnerFails.set(false);
        HttpResponse<String> replay = hub.post("/console/partners/" + ConsoleFixture.PARTNER + "/replay", cookie, form("csrf", csrf));
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(303);
        assertThat(replay.headers().firstValue("Location")).hasValue("/console/partners?replayed=" + ConsoleFixture.PARTNER + "&n=" + dead
                + "#partner-" + ConsoleFixture.PARTNER);
        assertThat(outbox.dead(ConsoleFixture.PARTNER)).isEmpty();
        assertThat(hub.post("/console/partners/nope/replay", cookie, form("csrf", csrf)).statusCode()).isEqualTo(404);
    }

    /** The admin API's poll ends with the failing source's result (it once answered 500: the failure ended the request's routing). */
    @Test
    @Order(11)
    void theApiPollOfAFailingSourceAnswersItsError() throws Exception {
        int polls = hub.brokenPolls();
        HttpResponse<String> r = ConsoleFixture.HTTP.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(hub.base + "/api/sources/" + ConsoleFixture.FAILING_SOURCE + "/poll"))
                .header("Authorization", "Bearer " + ConsoleFixture.TOKEN).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        com.fasterxml.jackson.databind.JsonNode json = TestSupport.job(ConsoleFixture.HTTP, hub.base, ConsoleFixture.TOKEN, r).get("result");
        assertThat(json.get("id").asText()).isEqualTo(ConsoleFixture.FAILING_SOURCE);
        assertThat(json.get("error").asText()).contains("HTTP 500");
        assertThat(hub.brokenPolls()).isEqualTo(polls + 1);
    }

    /** Guessing is slow: past hub.console.login-attempts from one address, even the right token waits (429, Retry-After). */
    @Test
    @Order(10)
    void loginAttemptsAreLimitedPerClientAddress() {
        String guesser = "203.0.113.7:40000";
        for (int i = 0; i < 10; i++) {
            assertThat(console.login(Map.of("token", "guess-" + i), guesser).status()).isEqualTo(403);
        }
        Console.Reply limited = console.login(Map.of("token", ConsoleFixture.TOKEN), guesser);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.cookie()).isNull();
        assertThat(limited.retryAfter()).isPositive();
        assertThat(limited.body()).contains("Too many login attempts");
        // another address is not held back
        assertThat(console.login(Map.of("token", ConsoleFixture.TOKEN), "198.51.100.2:40000").status()).isEqualTo(303);
    }
}
