package org.practicehub;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.source.Sources;
import org.practicehub.store.EditionNotes;
import org.practicehub.store.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Targeted growth and the facilitator's edition note over HTTP, against the real Main, GreenMail and H2, with the
 * approval of recommended addresses switched on: a recommendation of a known address answers the same and sends nothing;
 * the approval queue survives a restart; a declined address gets nothing, whatever it does; an address that confirmed
 * first becomes active on approval, and receives nothing before it; a member's recommendations are limited; a note
 * holding markup is escaped in the mail, the edition page and its JSON, and is consumed by its edition; the console's
 * member actions refuse a missing CSRF token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrowthHttpTest {

    static final String DIGEST = "community-updates";

    @TempDir
    static Path dir;
    static GreenMail mail;
    static ConsoleFixture fx;
    static TestSupport.Props props = new TestSupport.Props();
    HubInstance hub;

    @BeforeAll
    void start() throws Exception {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        fx = new ConsoleFixture(dir, props);
        props.set("hub.smtp.host", "127.0.0.1").set("hub.smtp.port", String.valueOf(mail.getSmtp().getPort()))
                .set("hub.subscriptions.approval", "recommended").set("hub.subscriptions.recommend-limit", "3")
                .set("hub.schedule.enabled", "false").set("hub.subscriptions.rate-limit-per-client", "1000").set("hub.mail.senders", "1").set("camel.management.enabled", "false");
        hub = HubInstance.start(Map.of());
        ConsoleFixture.ingest(hub.context().createProducerTemplate(), hub.bean("sources", Sources.class));
    }

    @AfterAll
    void stop() {
        if (hub != null) {
            hub.close();
        }
        fx.close();
        props.close();
        mail.stop();
    }

    private Subscriptions subscriptions() {
        return hub.bean("subscriptions", Subscriptions.class);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return ConsoleFixture.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> form(String pathAndQuery, String... kv) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery : fx.base + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/x-www-form-urlencoded"));
    }

    private List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
                out.add(m);
            }
        }
        return out;
    }

    /** An active member, and its manage link (from the "already subscribed" mail a new subscribe request brings). */
    private String member(String email) throws Exception {
        subscriptions().request(email, "", "weekly", "en");
        subscriptions().confirm(subscriptions().byEmail(email).orElseThrow().id(), 0);
        int before = mailsTo(email).size();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(fx.base + "/api/subscriptions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + email + "\", \"frequency\": \"weekly\"}"))
                .header("Content-Type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> mailsTo(email).size() > before);
        return TestSupport.mailLink(TestSupport.mailText(mailsTo(email).get(before)), "/api/subscriptions/manage");
    }

    private static String recommendUrl(String manageUrl) {
        return manageUrl.replace("/api/subscriptions/manage?", "/api/subscriptions/recommend?");
    }

    /** A recommendation; answers the page and whether a mail was queued by it. */
    private record Answer(HttpResponse<String> page, boolean mailed) {}

    private Answer recommend(String manageUrl, String email) throws Exception {
        int before = mailsTo(email).size();
        HttpResponse<String> r = form(recommendUrl(manageUrl), "email", email);
        barrier();
        return new Answer(r, mailsTo(email).size() > before);
    }

    private int barriers;

    /**
     * Every mail queued so far has reached GreenMail: one mail sender (hub.mail.senders=1) takes the queue in order, so
     * once a confirmation asked for now has arrived, every mail queued before it has too, and one never queued never will.
     */
    private void barrier() throws Exception {
        String address = "barrier-" + (++barriers) + "@example.org";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(fx.base + "/api/subscriptions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + address + "\"}")).header("Content-Type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> mailsTo(address).size() == 1);
    }

    private JsonNode runDigest() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(fx.base + "/api/digests/" + DIGEST + "/run"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + ConsoleFixture.TOKEN));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        // the run goes on in the background: its job says what it did once it ended
        return TestSupport.job(ConsoleFixture.HTTP, fx.base, ConsoleFixture.TOKEN, r).path("result");
    }

    /** A console POST with the session's CSRF token. */
    private HttpResponse<String> console(String path, String... kv) throws Exception {
        String cookie = fx.login();
        Map<String, String> f = new java.util.LinkedHashMap<>(ConsoleFixture.form(kv));
        f.put("csrf", fx.csrf(cookie));
        return fx.post(path, cookie, f);
    }

    private static String page(HttpResponse<String> r) {
        // the page without what differs by request: nothing does, the same token and the same words
        return r.body();
    }

    @Test
    @Order(1)
    void aRecommendationOfAKnownAddressAnswersTheSameAndSendsNothing() throws Exception {
        String manage = member("rosa@example.org");
        subscriptions().request("known@example.org", "", "weekly", "en");
        subscriptions().confirm(subscriptions().byEmail("known@example.org").orElseThrow().id(), 0);
        int knownMails = mailsTo("known@example.org").size();

        Answer fresh = recommend(manage, "fresh@example.org");
        Answer known = recommend(manage, "known@example.org");
        Answer again = recommend(manage, "fresh@example.org");

        assertThat(fresh.page().statusCode()).isEqualTo(200);
        assertThat(known.page().statusCode()).isEqualTo(200);
        assertThat(again.page().statusCode()).isEqualTo(200);
        assertThat(page(known.page())).as("the page says nothing of the address's state").isEqualTo(page(fresh.page())).isEqualTo(page(again.page()));
        assertThat(fresh.mailed()).isTrue();
        assertThat(known.mailed()).as("a member is not invited").isFalse();
        assertThat(again.mailed()).as("an invited address is not invited twice").isFalse();
        await().atMost(Duration.ofSeconds(15)).until(() -> mailsTo("fresh@example.org").size() == 1);
        String invitation = TestSupport.mailText(mailsTo("fresh@example.org").get(0));
        assertThat(invitation).contains("/api/subscriptions/confirm?token=", "approves new members").doesNotContain("rosa@example.org");
        assertThat(mailsTo("known@example.org")).hasSize(knownMails);
        // one subscription per address, the member's unchanged
        assertThat(subscriptions().list("fresh@example.org", "", 10)).singleElement()
                .satisfies(m -> assertThat(m.recommendedBy()).isEqualTo("rosa@example.org"));
        assertThat(subscriptions().byEmail("known@example.org").orElseThrow().status()).isEqualTo("active");
        assertThat(subscriptions().byEmail("fresh@example.org").orElseThrow().approval()).isEqualTo("waiting");
        // an invalid address is said so, and nothing is queued
        Answer invalid = recommend(manage, "not an address");
        assertThat(invalid.page().statusCode()).isEqualTo(400);
        assertThat(invalid.mailed()).isFalse();
    }

    @Test
    @Order(2)
    void theApprovalQueueIsKeptAcrossARestart_thenApprovedThenConfirmed() throws Exception {
        String cookie = fx.login();
        assertThat(fx.get("/console/members", cookie).body()).contains("data-email=\"fresh@example.org\"", "not confirmed yet, waiting for approval");
        // a digest before approval: nothing goes to the address
        runDigest();
        assertThat(mailsTo("fresh@example.org")).hasSize(1);

        hub.close();
        hub = HubInstance.start(Map.of());
        cookie = fx.login();
        String members = fx.get("/console/members", cookie).body();
        assertThat(members).contains("Waiting for your approval (<span class=\"waiting-count\">1</span>)", "data-email=\"fresh@example.org\"");
        assertThat(fx.get("/console", cookie).body()).containsPattern("<span class=\"count-value\">1</span> <span>Members waiting for your approval</span>");

        HttpResponse<String> approved = console("/console/members/approve", "email", "fresh@example.org");
        assertThat(approved.statusCode()).isEqualTo(303);
        assertThat(approved.headers().firstValue("Location").orElseThrow()).contains("approved=fresh%40example.org", "now=confirm");
        Subscriptions.Subscription s = subscriptions().byEmail("fresh@example.org").orElseThrow();
        assertThat(s.status()).isEqualTo("pending");
        assertThat(s.approval()).isEqualTo("approved");

        // the invitation's link, followed after the restart and the approval: a member now
        String confirm = TestSupport.mailLink(TestSupport.mailText(mailsTo("fresh@example.org").get(0)), "/api/subscriptions/confirm");
        HttpResponse<String> confirmed = send(HttpRequest.newBuilder(URI.create(confirm)));
        assertThat(confirmed.body()).contains("Subscription confirmed");
        assertThat(subscriptions().byEmail("fresh@example.org").orElseThrow().status()).isEqualTo("active");
    }

    @Test
    @Order(3)
    void aDeclinedAddressGetsNothingWhateverItDoes() throws Exception {
        String manage = member("lena@example.org");
        assertThat(recommend(manage, "nope@example.org").mailed()).isTrue();
        await().atMost(Duration.ofSeconds(15)).until(() -> mailsTo("nope@example.org").size() == 1);
        HttpResponse<String> declined = console("/console/members/decline", "email", "nope@example.org");
        assertThat(declined.headers().firstValue("Location").orElseThrow()).contains("declined=nope%40example.org");
        assertThat(subscriptions().byEmail("nope@example.org").orElseThrow().status()).isEqualTo("declined");

        // the invitation's link no longer works
        String confirm = TestSupport.mailLink(TestSupport.mailText(mailsTo("nope@example.org").get(0)), "/api/subscriptions/confirm");
        HttpResponse<String> link = send(HttpRequest.newBuilder(URI.create(confirm)));
        assertThat(link.statusCode()).isEqualTo(400);
        assertThat(subscriptions().byEmail("nope@example.org").orElseThrow().status()).isEqualTo("declined");
        // subscribing itself, or being recommended again: the same answers as anyone gets, and nothing queued
        HttpResponse<String> subscribe = send(HttpRequest.newBuilder(URI.create(fx.base + "/api/subscriptions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"nope@example.org\"}")).header("Content-Type", "application/json"));
        assertThat(subscribe.statusCode()).isEqualTo(202);
        barrier();
        assertThat(mailsTo("nope@example.org")).hasSize(1);
        assertThat(recommend(member("otto@example.org"), "nope@example.org").mailed()).isFalse();
        // the digest: sent to members, not to the declined address
        JsonNode run = runDigest();
        assertThat(run.path("status").asText()).isIn("sent", "nothing-new");
        assertThat(mailsTo("nope@example.org")).hasSize(1);
        assertThat(subscriptions().byEmail("nope@example.org").orElseThrow().status()).isEqualTo("declined");
    }

    @Test
    @Order(4)
    void confirmedFirstReceivesNothingUntilApproved_thenIsAMemberAtOnce() throws Exception {
        String manage = member("ines@example.org");
        assertThat(recommend(manage, "early@example.org").mailed()).isTrue();
        await().atMost(Duration.ofSeconds(15)).until(() -> mailsTo("early@example.org").size() == 1);
        String confirm = TestSupport.mailLink(TestSupport.mailText(mailsTo("early@example.org").get(0)), "/api/subscriptions/confirm");
        HttpResponse<String> confirmed = send(HttpRequest.newBuilder(URI.create(confirm)));
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("waiting for approval").doesNotContain("/api/subscriptions/manage");
        assertThat(subscriptions().byEmail("early@example.org").orElseThrow().status()).isEqualTo("approval");

        // a note makes the digest go to every member: still nothing to the address waiting
        EditionNotes notes = new EditionNotes(hub.bean("db", org.practicehub.store.Db.class), java.time.Clock.systemUTC());
        notes.save(DIGEST, new EditionNotes.Note("A word before approval.", List.of()));
        assertThat(runDigest().path("messages").asInt()).isPositive();
        assertThat(mailsTo("early@example.org")).hasSize(1);
        assertThat(mailsTo("ines@example.org").get(mailsTo("ines@example.org").size() - 1).getSubject()).startsWith("Community Updates");

        HttpResponse<String> approved = console("/console/members/approve", "email", "early@example.org");
        assertThat(approved.headers().firstValue("Location").orElseThrow()).contains("now=active");
        assertThat(subscriptions().byEmail("early@example.org").orElseThrow().status()).isEqualTo("active");
        notes.save(DIGEST, new EditionNotes.Note("Welcome to our new members.", List.of()));
        runDigest();
        assertThat(mailsTo("early@example.org")).hasSize(2);
        assertThat(TestSupport.mailText(mailsTo("early@example.org").get(1))).contains("Welcome to our new members.");
    }

    @Test
    @Order(5)
    void aMembersRecommendationsAreLimited() throws Exception {
        String manage = member("zed@example.org");
        for (int i = 1; i <= 3; i++) {
            assertThat(recommend(manage, "limit" + i + "@example.org").mailed()).isTrue();
        }
        Answer past = recommend(manage, "limit4@example.org");
        assertThat(past.page().statusCode()).isEqualTo(429);
        assertThat(past.page().body()).contains("as many people as you can");
        assertThat(past.mailed()).isFalse();
        assertThat(subscriptions().byEmail("limit4@example.org")).isEmpty();
        // an expired or forged manage link recommends nobody
        Answer forged = recommend(TestSupport.tamper(manage), "limit5@example.org");
        assertThat(forged.page().statusCode()).isEqualTo(400);
        assertThat(forged.mailed()).isFalse();
    }

    @Test
    @Order(6)
    void aNoteWithMarkupIsEscapedEverywhereAndConsumedByItsEdition() throws Exception {
        String cookie = fx.login();
        String csrf = fx.csrf(cookie);
        // a link that is not a web address is refused, and nothing is saved
        HttpResponse<String> refused = fx.post("/console/digests/" + DIGEST + "/note", cookie, ConsoleFixture.form("csrf", csrf,
                "intro", "hello", "title1", "Bad link", "link1", "javascript:alert(1)"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("must be a web address");
        String intro = "<script>alert('intro')</script> Dear members & friends,\n\nsee <b>this</b>.";
        HttpResponse<String> saved = fx.post("/console/digests/" + DIGEST + "/note", cookie, ConsoleFixture.form("csrf", csrf,
                "intro", intro, "title1", "<img src=x onerror=alert(1)> Regional meeting", "text1", "In Bangkok, <i>June</i>.",
                "link1", "https://apmagnet.example.org/meeting?a=1&b=2"));
        assertThat(saved.statusCode()).isEqualTo(303);
        String page = fx.get("/console/digests", cookie).body();
        assertThat(page).contains("&lt;script&gt;alert(&#39;intro&#39;)&lt;/script&gt;").doesNotContain("<script>alert('intro')");

        int before = mailsTo("rosa@example.org").size();
        JsonNode run = runDigest();
        assertThat(run.path("messages").asInt()).isPositive();
        MimeMessage m = mailsTo("rosa@example.org").get(before);
        MimeMultipart parts = (MimeMultipart) m.getContent();
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(text).contains("A WORD FROM THE FACILITATOR", "<script>alert('intro')</script> Dear members & friends,", "see <b>this</b>.",
                "* <img src=x onerror=alert(1)> Regional meeting", "https://apmagnet.example.org/meeting?a=1&b=2");
        assertThat(html).contains("&lt;script&gt;alert(&apos;intro&apos;)&lt;/script&gt; Dear members &amp; friends,", "see &lt;b&gt;this&lt;/b&gt;.",
                "&lt;img src=x onerror=alert(1)&gt; Regional meeting", "In Bangkok, &lt;i&gt;June&lt;/i&gt;.",
                "href=\"https://apmagnet.example.org/meeting?a=1&amp;b=2\"")
                .doesNotContain("<script>", "<img", "<b>this", "<i>June");

        // the edition's page and JSON carry it too, escaped the same way
        JsonNode updates = TestSupport.JSON.readTree(send(HttpRequest.newBuilder(URI.create(fx.base + "/api/updates"))).body());
        JsonNode latest = updates.isArray() ? updates.get(0) : updates.path("updates").get(0);
        String date = latest.path("date").asText();
        Path editionDir = dir.resolve("data/depository/updates").resolve(DIGEST);
        String editionHtml = Files.readString(editionDir.resolve(date + ".html"), StandardCharsets.UTF_8);
        assertThat(editionHtml).contains("&lt;script&gt;alert(&apos;intro&apos;)&lt;/script&gt;").doesNotContain("<script>");
        JsonNode editionJson = TestSupport.JSON.readTree(editionDir.resolve(date + ".json").toFile());
        assertThat(editionJson.path("note").path("intro").asText()).isEqualTo(intro.replace("\r\n", "\n").strip());
        assertThat(editionJson.path("note").path("news").get(0).path("link").asText()).isEqualTo("https://apmagnet.example.org/meeting?a=1&b=2");

        // consumed: the form is empty again, and the next edition starts without it
        EditionNotes notes = new EditionNotes(hub.bean("db", org.practicehub.store.Db.class), java.time.Clock.systemUTC());
        assertThat(notes.draft(DIGEST)).isEmpty();
        assertThat(fx.get("/console/digests", cookie).body()).contains("No note is saved: the next edition goes out without one.");
        assertThat(runDigest().path("status").asText()).as("no note and nothing new: no edition").isEqualTo("nothing-new");
    }

    @Test
    @Order(7)
    void theMemberActionsRefuseAMissingOrForgedCsrfToken() throws Exception {
        String cookie = fx.login();
        for (String action : new String[] {"remove", "approve", "decline"}) {
            HttpResponse<String> none = fx.post("/console/members/" + action, cookie, ConsoleFixture.form("email", "rosa@example.org"));
            assertThat(none.statusCode()).isEqualTo(403);
            HttpResponse<String> forged = fx.post("/console/members/" + action, cookie, ConsoleFixture.form("email", "rosa@example.org", "csrf", "forged"));
            assertThat(forged.statusCode()).isEqualTo(403);
        }
        HttpResponse<String> note = fx.post("/console/digests/" + DIGEST + "/note", cookie, ConsoleFixture.form("intro", "forged"));
        assertThat(note.statusCode()).isEqualTo(403);
        assertThat(subscriptions().byEmail("rosa@example.org").orElseThrow().status()).isEqualTo("active");
        assertThat(new EditionNotes(hub.bean("db", org.practicehub.store.Db.class), java.time.Clock.systemUTC()).draft(DIGEST)).isEmpty();
        // the CSV without a session: to the login page, no data
        HttpResponse<String> csv = fx.get("/console/members.csv", null);
        assertThat(csv.statusCode()).isEqualTo(303);
        assertThat(csv.body()).doesNotContain("rosa@example.org");
    }
}
