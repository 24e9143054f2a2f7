package org.practicehub;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.practicehub.config.HubConfiguration;
import org.practicehub.source.Sources;
import org.practicehub.store.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The facilitator and the members in a real browser (Debian's chromium, headless), mails read from GreenMail, with the
 * approval of recommended addresses on: the sources table fits 1280 x 800 with its counts and "Poll now" in view; a
 * rejected record shows its mapped id and indented payload; the schedule in words; the facilitator writes a note for the
 * next edition, previews it and sends it, and it reaches a member's mail (text and HTML); a member recommends someone
 * from the manage page, the invitation waits in the console's approval queue, is approved, then confirmed in the
 * browser; the members page is searched, exported as CSV and a member removed. Every page passes axe-core (no serious
 * or critical violation) and is saved under target/screenshots/community-*.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.management.enabled=false", "hub.subscriptions.approval=recommended"})
class CommunityBrowserTest {

    static final String MEMBER = "ana@example.org";
    static final String FRIEND = "amaru@example.org";

    @TempDir
    static Path dir;
    static ConsoleFixture hub;
    static GreenMail mail;
    static TestSupport.Props props = new TestSupport.Props();
    WebDriver browser;
    private final List<String> violations = new ArrayList<>();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    Sources sources;
    @BeanInject
    Subscriptions subscriptions;

    @BeforeAll
    static void setUp() throws Exception {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        hub = new ConsoleFixture(dir, props);
        props.set("hub.smtp.host", "127.0.0.1").set("hub.smtp.port", String.valueOf(mail.getSmtp().getPort()));
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        hub.close();
        props.close();
        mail.stop();
    }

    private void shot(String name) throws Exception {
        Browser.screenshot(browser, "community-" + name);
        for (Axe.Violation v : Axe.check(browser)) {
            violations.add(name + " " + v);
        }
    }

    private void submit(WebElement control) {
        Browser.toNextPage(browser, control::click);
    }

    private String notice() {
        return browser.findElement(By.cssSelector("[role=status]")).getText();
    }

    private static List<MimeMessage> mailsTo(String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
                out.add(m);
            }
        }
        return out;
    }

    private static MimeMessage awaitMail(String address, int n) throws Exception {
        await().atMost(Duration.ofSeconds(15)).until(() -> mailsTo(address).size() >= n);
        return mailsTo(address).get(n - 1);
    }

    private void login() {
        browser.get(hub.base + "/console/login");
        browser.findElement(By.id("token")).sendKeys(ConsoleFixture.TOKEN);
        submit(browser.findElement(By.cssSelector("form.login button")));
    }

    /** The right edge of an element, and the viewport's width. */
    private long right(WebElement e) {
        return ((Number) ((JavascriptExecutor) browser).executeScript("return Math.ceil(arguments[0].getBoundingClientRect().right)", e)).longValue();
    }

    private long viewport() {
        return ((Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.clientWidth")).longValue();
    }

    @Test
    void theFacilitatorsNoteReachesAMember_aRecommendationIsApprovedThenConfirmed_andMembersAreManaged() throws Exception {
        browser = Browser.start();
        WebDriver b = browser;
        ConsoleFixture.ingest(template, sources);
        subscriptions.request(MEMBER, "", "weekly", "en");
        subscriptions.confirm(subscriptions.byEmail(MEMBER).orElseThrow().id(), 0);
        subscriptions.request("bounced@example.org", "", "weekly", "fr");
        subscriptions.confirm(subscriptions.byEmail("bounced@example.org").orElseThrow().id(), 0);

        // the sources table on a 1280 x 800 screen: Updated, Rejected and "Poll now" in view, no sideways scrolling
        b.manage().window().setSize(new Dimension(1280, 800));
        login();
        b.get(hub.base + "/console/sources");
        long width = viewport();
        WebElement failing = b.findElement(By.id("source-" + ConsoleFixture.FAILING_SOURCE));
        for (WebElement cell : List.of(b.findElement(By.xpath("//table[contains(@class,'sources')]//th[.='Updated']")),
                b.findElement(By.xpath("//table[contains(@class,'sources')]//th[.='Rejected']")), failing.findElement(By.cssSelector("td.updated")),
                failing.findElement(By.cssSelector("td.rejected")), failing.findElement(By.cssSelector("button.poll")))) {
            assertThat(right(cell)).as("right edge of %s within %s px", cell.getText(), width).isLessThanOrEqualTo(width);
        }
        Number scroll = (Number) ((JavascriptExecutor) b).executeScript(
                "var w = document.querySelector('.table-wrap'); return w.scrollWidth - w.clientWidth");
        assertThat(scroll.intValue()).as("the table scrolls sideways by").isLessThanOrEqualTo(0);
        shot("sources-1280");

        // a rejected record: the id its mapping read, the payload indented
        b.get(hub.base + "/console/sources/untitled/rejected");
        assertThat(b.findElement(By.cssSelector("ol.rejected h2")).getText()).isEqualTo("Record u-1");
        assertThat(b.findElement(By.cssSelector("pre.payload")).getText()).contains("\"ref\" : \"u-1\"", "<script>alert('x')</script> & more")
                .contains("\n  ");
        shot("rejected");
        b.manage().window().setSize(new Dimension(1280, 1000));

        // the digest's schedule in words; the facilitator's note for the next edition, then the member's preview
        b.get(hub.base + "/console/digests");
        assertThat(b.findElement(By.cssSelector("#digest-community-updates .schedule-words")).getText()).isEqualTo("Every Monday at 08:00 (UTC)");
        assertThat(b.findElement(By.cssSelector("#digest-community-updates .schedule code")).getText()).isEqualTo("0 0 8 ? * MON");
        WebElement note = b.findElement(By.cssSelector("#digest-community-updates form.note-form"));
        note.findElement(By.name("intro")).sendKeys("Dear members,\n\nour regional meeting is in June. <b>Bring</b> your practices!");
        note.findElement(By.name("title1")).sendKeys("Call for good practices on reintegration");
        note.findElement(By.name("text1")).sendKeys("Send yours before 30 May.");
        note.findElement(By.name("link1")).sendKeys("https://apmagnet.example.org/call");
        shot("note-form");
        submit(note.findElement(By.cssSelector("button.save-note")));
        assertThat(notice()).isEqualTo("Note saved for the next edition of community-updates.");
        assertThat(b.findElement(By.cssSelector("#digest-community-updates textarea[name=intro]")).getAttribute("value"))
                .startsWith("Dear members,");
        b.findElement(By.id("email-community-updates")).sendKeys(MEMBER);
        submit(b.findElement(By.cssSelector("form.preview-form button")));
        assertThat(b.findElement(By.cssSelector("pre.preview-text")).getText()).contains("A WORD FROM THE FACILITATOR",
                "our regional meeting is in June. <b>Bring</b> your practices!", "Call for good practices on reintegration");
        WebElement frame = b.findElement(By.cssSelector("iframe.preview-html"));
        b.switchTo().frame(frame);
        assertThat(b.findElement(By.cssSelector(".edition-note")).getText()).contains("A word from the facilitator",
                "our regional meeting is in June. <b>Bring</b> your practices!");
        b.switchTo().defaultContent();
        shot("note-preview");

        // Send now: the member's mail carries the note, in both parts
        submit(b.findElement(By.cssSelector("#digest-community-updates form[action$='/run'] button")));
        // the run goes on in the background; the page refreshes itself until it says what the run did
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> notice().startsWith("Ran community-updates now: messages sent"));
        MimeMessage digest = awaitMail(MEMBER, 1);
        MimeMultipart parts = (MimeMultipart) digest.getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("A WORD FROM THE FACILITATOR", "Dear members,",
                "* Call for good practices on reintegration", "https://apmagnet.example.org/call");
        assertThat((String) parts.getBodyPart(1).getContent()).contains("A word from the facilitator",
                "our regional meeting is in June. &lt;b&gt;Bring&lt;/b&gt; your practices!", "href=\"https://apmagnet.example.org/call\"");
        // consumed by that edition: the form is empty again
        assertThat(b.findElement(By.cssSelector("#digest-community-updates textarea[name=intro]")).getAttribute("value")).isEmpty();
        shot("note-sent");

        // the member recommends a friend from the manage page (its link from the "already subscribed" mail)
        HttpResponse<String> again = ConsoleFixture.HTTP.send(HttpRequest.newBuilder(URI.create(hub.base + "/api/subscriptions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + MEMBER + "\"}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(202);
        String manage = TestSupport.mailLink(TestSupport.mailText(awaitMail(MEMBER, 2)), "/api/subscriptions/manage");
        b.get(manage);
        Browser.awaitHeading(b, "Your subscription");
        submit(b.findElement(By.cssSelector("p.recommend a")));
        assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("Recommend someone");
        assertThat(b.findElement(By.cssSelector(".approval")).getText()).contains("approves new members");
        shot("recommend");
        b.findElement(By.id("recommend-email")).sendKeys(FRIEND);
        submit(b.findElement(By.cssSelector("form.recommend-form button")));
        assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("Thank you");
        shot("recommended");
        String invitation = TestSupport.mailText(awaitMail(FRIEND, 1));
        assertThat(invitation).contains("A member of Practice Hub thinks you would like", "approves new members").doesNotContain(MEMBER);
        assertThat(subscriptions.byEmail(FRIEND).orElseThrow().approval()).isEqualTo("waiting");

        // awaiting approval in the console: the dashboard says so, the queue names the recommender; approve
        b.get(hub.base + "/console");
        assertThat(b.findElements(By.cssSelector(".counts li.alarm")).stream().map(WebElement::getText))
                .anySatisfy(t -> assertThat(t).contains("1", "Members waiting for your approval", "needs attention"));
        b.findElement(By.cssSelector("nav[aria-label=Console]")).findElement(By.linkText("Members")).click();
        Browser.awaitHeading(b, "Members");
        WebElement queued = b.findElement(By.cssSelector("table.queue tr[data-email='" + FRIEND + "']"));
        assertThat(queued.getText()).contains("not confirmed yet, waiting for approval", MEMBER);
        shot("approval-queue");
        submit(queued.findElement(By.cssSelector("button.approve")));
        assertThat(notice()).isEqualTo("Approved " + FRIEND + ": it becomes a member once it confirms through the link it was sent.");
        assertThat(b.findElement(By.cssSelector("p.empty")).getText()).isEqualTo("Nobody is waiting for approval.");
        assertThat(subscriptions.byEmail(FRIEND).orElseThrow().status()).isEqualTo("pending");
        assertThat(mailsTo(FRIEND)).as("nothing but the invitation before the address confirms").hasSize(1);
        shot("approved");

        // the friend confirms in the browser: a member now
        b.get(TestSupport.mailLink(invitation, "/api/subscriptions/confirm"));
        Browser.awaitHeading(b, "Subscription confirmed");
        assertThat(subscriptions.byEmail(FRIEND).orElseThrow().status()).isEqualTo("active");
        shot("friend-confirmed");

        // another recommendation, confirmed before the facilitator decides: told it waits; then declined, it gets nothing
        b.get(manage.replace("/manage?", "/recommend?"));
        b.findElement(By.id("recommend-email")).sendKeys("kusi@example.org");
        submit(b.findElement(By.cssSelector("form.recommend-form button")));
        b.get(TestSupport.mailLink(TestSupport.mailText(awaitMail("kusi@example.org", 1)), "/api/subscriptions/confirm"));
        Browser.awaitHeading(b, "Subscription confirmed: waiting for approval");
        assertThat(b.findElement(By.cssSelector("p.message")).getText()).contains("you will receive nothing until then");
        assertThat(subscriptions.byEmail("kusi@example.org").orElseThrow().status()).isEqualTo("approval");
        shot("confirmed-waiting");
        b.get(hub.base + "/console/members");
        WebElement waiting = b.findElement(By.cssSelector("table.queue tr[data-email='kusi@example.org']"));
        assertThat(waiting.findElement(By.cssSelector(".state")).getText()).isEqualTo("confirmed, waiting for approval");
        submit(waiting.findElement(By.cssSelector("button.decline")));
        assertThat(notice()).isEqualTo("Declined kusi@example.org: nothing will be sent to this address.");
        assertThat(subscriptions.byEmail("kusi@example.org").orElseThrow().status()).isEqualTo("declined");
        assertThat(mailsTo("kusi@example.org")).hasSize(1);

        // the members page: everyone counted, a search, the CSV, a removal
        assertThat(b.findElement(By.cssSelector(".member-total .total")).getText()).isEqualTo("4");
        WebElement row = b.findElement(By.cssSelector("table.members tr[data-email='" + MEMBER + "']"));
        assertThat(row.findElement(By.cssSelector(".status")).getText()).isEqualTo("active");
        assertThat(row.findElement(By.cssSelector(".frequency")).getText()).isEqualTo("weekly");
        assertThat(row.findElement(By.cssSelector(".language")).getText()).isEqualTo("en");
        assertThat(row.findElement(By.cssSelector(".bounces")).getText()).isEqualTo("0");
        assertThat(row.findElement(By.cssSelector(".last-digest")).getText()).endsWith("UTC");
        assertThat(b.findElement(By.cssSelector("table.members tr[data-email='" + FRIEND + "']")).getText()).contains(MEMBER);
        shot("members");
        b.findElement(By.id("member-q")).sendKeys("BOUNCED");
        submit(b.findElement(By.cssSelector("form.member-search button")));
        assertThat(b.findElements(By.cssSelector("table.members tbody tr"))).singleElement()
                .satisfies(r -> assertThat(r.getAttribute("data-email")).isEqualTo("bounced@example.org"));
        assertThat(b.findElement(By.cssSelector(".matching")).getText()).isEqualTo("1");
        shot("members-search");
        // the CSV of the search, with the browser's session
        String csvHref = b.findElement(By.cssSelector("a.csv")).getAttribute("href");
        HttpResponse<String> csv = ConsoleFixture.HTTP.send(HttpRequest.newBuilder(URI.create(csvHref))
                .header("Cookie", "hub_console=" + b.manage().getCookieNamed("hub_console").getValue()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=UTF-8");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("members.csv");
        assertThat(csv.body().lines().toList()).hasSize(2).first().isEqualTo("email,status,frequency,language,bounces,last_digest,since,confirmed,recommended_by");
        assertThat(csv.body().lines().toList().get(1)).startsWith("bounced@example.org,active,weekly,fr,0,");
        // remove: gone from the page and the store
        submit(b.findElement(By.cssSelector("table.members tr[data-email='bounced@example.org'] button.remove")));
        assertThat(notice()).startsWith("Removed bounced@example.org");
        assertThat(b.findElements(By.cssSelector("table.members tr[data-email='bounced@example.org']"))).isEmpty();
        assertThat(subscriptions.byEmail("bounced@example.org")).isEmpty();
        shot("member-removed");

        // a phone's width: the members page does not overflow
        b.manage().window().setSize(new Dimension(360, 800));
        try {
            b.get(hub.base + "/console/members");
            Number overflow = (Number) ((JavascriptExecutor) b).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).as(String.valueOf(((JavascriptExecutor) b).executeScript(ConsoleBrowserTest.WIDE))).isLessThanOrEqualTo(0);
            shot("members-phone");
        } finally {
            b.manage().window().setSize(new Dimension(1280, 1000));
        }

        assertThat(violations).as("axe-core: serious or critical violations").isEmpty();
    }
}
