package org.practicehub;

import java.nio.file.Path;

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
import org.practicehub.store.PracticeStore;
import org.practicehub.store.PushOutbox;
import org.practicehub.store.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A facilitator in a real browser (Debian's chromium, headless, through Debian's chromedriver; skipped with the reason
 * where they are missing): logs in, sees the failing source and polls it now, reads its rejected record, merges the
 * review pair, reads the values a source's records give that the hub could not use, previews a member's digest, replays a partner's dead letters, logs out; a form whose CSRF token was
 * tampered with is refused. Each console page is saved under target/screenshots/ and passes axe-core (no serious or
 * critical violation), at 1280 px and, for the tables, at 360 px.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false"})
class ConsoleBrowserTest {

    @TempDir
    static Path dir;
    static ConsoleFixture hub;
    static TestSupport.Props props = new TestSupport.Props();
    WebDriver browser;

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PracticeStore store;
    @BeanInject
    Sources sources;
    @BeanInject
    PushOutbox outbox;
    @BeanInject
    Subscriptions subscriptions;

    @BeforeAll
    static void setUp() throws Exception {
        hub = new ConsoleFixture(dir, props);
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        hub.close();
        props.close();
    }

    private WebDriver browser() {
        if (browser == null) {
            browser = Browser.start();
        }
        return browser;
    }

    /** Each page shown is saved and checked with axe-core (serious and critical violations), all reported at the end. */
    private void screenshot(String name) throws Exception {
        Browser.screenshot(browser, name);
        for (Axe.Violation v : Axe.check(browser)) {
            violations.add(name + " " + v);
        }
    }

    private final java.util.List<String> violations = new java.util.ArrayList<>();

    private String h1() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    private String notice() {
        return browser.findElement(By.cssSelector("[role=status]")).getText();
    }

    /** What sticks out at the right edge, to say why a page is wider than the screen. */
    static final String WIDE = "var w = document.documentElement.clientWidth, out = [];"
            + " document.querySelectorAll('body *').forEach(function (e) { var r = e.getBoundingClientRect();"
            + " if (r.right > w + 1 && out.length < 8) out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right)); }); return out.join(', ');";

    /** Presses a button (or follows a link) and waits until the next page has replaced this one. */
    private void submit(WebElement control) {
        Browser.toNextPage(browser, control::click);
    }

    private void nav(String link) {
        submit(browser.findElement(By.cssSelector("nav[aria-label=Console]")).findElement(By.linkText(link)));
    }

    @Test
    void aFacilitatorWorksThroughTheConsole() throws Exception {
        WebDriver b = browser();
        ConsoleFixture.ingest(template, sources);
        subscriptions.request(ConsoleFixture.MEMBER, "", "weekly", "en");
        subscriptions.confirm(subscriptions.byEmail(ConsoleFixture.MEMBER).orElseThrow().id(), 0);

        // no session: the console sends to the login page; a wrong token is refused
        b.get(hub.base + "/console/review");
        assertThat(b.getCurrentUrl()).isEqualTo(hub.base + "/console/login");
        b.findElement(By.id("token")).sendKeys("not the token");
        submit(b.findElement(By.cssSelector("form.login button")));
        assertThat(b.findElement(By.id("login-error")).getText()).isEqualTo("That is not the admin token.");
        screenshot("console-login");
        b.findElement(By.id("token")).sendKeys(ConsoleFixture.TOKEN);
        submit(b.findElement(By.cssSelector("form.login button")));
        assertThat(b.getCurrentUrl()).isEqualTo(hub.base + "/console");
        assertThat(b.findElement(By.cssSelector(".counts li.alarm")).getText()).contains("1", "Sources failing", "needs attention");
        screenshot("console-dashboard");

        // the failing source, marked in words; poll it now
        nav("Sources");
        WebElement failing = b.findElement(By.id("source-" + ConsoleFixture.FAILING_SOURCE));
        assertThat(failing.findElement(By.cssSelector("td.health")).getText()).contains("Failing");
        assertThat(failing.findElement(By.cssSelector("td.error")).getText()).contains("HTTP 500");
        screenshot("console-sources");
        int polls = hub.brokenPolls();
        submit(failing.findElement(By.cssSelector("button")));
        // the poll runs in the background: the page says so and reloads itself until the poll ended
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertThat(notice()).startsWith("Polled " + ConsoleFixture.FAILING_SOURCE + " now: it failed (HTTP 500"));
        assertThat(hub.brokenPolls()).isEqualTo(polls + 1);
        assertThat(b.findElement(By.id("source-" + ConsoleFixture.FAILING_SOURCE)).findElement(By.cssSelector("td.failures")).getText())
                .as("failures in a row: poll now cleared the backoff, then the poll failed again").isEqualTo("1");

        // its rejected records (here: the source with one), the payload shown as text
        Browser.toNextPage(b, () -> b.findElement(By.id("source-untitled")).findElement(By.partialLinkText("Rejected records"))
                .sendKeys(org.openqa.selenium.Keys.ENTER));
        assertThat(h1()).isEqualTo("Rejected records of untitled");
        assertThat(b.findElement(By.cssSelector(".reason")).getText()).isEqualTo("no title");
        assertThat(b.findElement(By.cssSelector("pre.payload")).getText()).contains("<script>alert('x')</script> & more");
        assertThat(b.findElements(By.cssSelector("main script"))).isEmpty();
        screenshot("console-rejected");

        // the source's page: the values its records give that the hub could not use, by value with their counts
        nav("Sources");
        Browser.toNextPage(b, () -> b.findElement(By.id("source-untitled")).findElement(By.partialLinkText("Details"))
                .sendKeys(org.openqa.selenium.Keys.ENTER));
        assertThat(h1()).isEqualTo("Source untitled");
        WebElement themes = b.findElement(By.cssSelector("table.unmapped[data-field=themes]"));
        assertThat(themes.findElement(By.tagName("caption")).getText()).isEqualTo("themes");
        assertThat(themes.findElements(By.cssSelector("tbody tr"))).singleElement().satisfies(row -> {
            assertThat(row.findElement(By.cssSelector(".value")).getText()).isEqualTo("Movilidad climática");
            assertThat(row.findElement(By.cssSelector(".records")).getText()).isEqualTo("3");
        });
        // Reintegración is a theme the hub knows in Spanish: not listed
        assertThat(b.findElement(By.tagName("main")).getText()).doesNotContain("Reintegración");
        screenshot("console-source");

        // the review pair, side by side: merge it, and it is gone
        nav("Review");
        WebElement pair = b.findElement(By.cssSelector("section.pair"));
        assertThat(pair.findElement(By.tagName("table")).getText()).contains("Title", "Organisations", "Countries", "Summary", "URL",
                "apmagnet/apmagnet-gp-0031", "mnh-repository/RP-2021-0088");
        screenshot("console-review");
        int practices = store.count();
        submit(pair.findElement(By.cssSelector("button.merge")));
        assertThat(notice()).contains("merged");
        assertThat(b.findElements(By.cssSelector("section.pair"))).isEmpty();
        assertThat(b.findElement(By.cssSelector("p.empty")).getText()).isEqualTo("No pair is waiting for a decision.");
        assertThat(store.count()).isEqualTo(practices - 1);

        // a member's next digest, previewed: the hub's rendering in a sandboxed frame, and the text part
        nav("Digests");
        screenshot("console-digests");
        b.findElement(By.id("email-community-updates")).sendKeys(ConsoleFixture.MEMBER);
        submit(b.findElement(By.cssSelector("form.preview-form button")));
        assertThat(b.findElement(By.id("preview-heading")).getText()).contains("community-updates", ConsoleFixture.MEMBER);
        int count = Integer.parseInt(b.findElement(By.cssSelector(".preview-count")).getText());
        assertThat(count).isEqualTo(store.count());
        assertThat(b.findElement(By.cssSelector("pre.preview-text")).getText()).contains("Laguna");
        WebElement frame = b.findElement(By.cssSelector("iframe.preview-html"));
        assertThat(frame.getAttribute("sandbox")).isEmpty();
        b.switchTo().frame(frame);
        assertThat(b.findElement(By.tagName("body")).getText()).contains("Laguna");
        b.switchTo().defaultContent();
        screenshot("console-digests-preview");
        assertThat(b.findElement(By.cssSelector("table.deliveries")).getText()).contains("Nothing delivered yet.");

        // partner pushes: the dead letters with their reason; the partner is back, replay
        nav("Partner pushes");
        WebElement partner = b.findElement(By.id("partner-" + ConsoleFixture.PARTNER));
        int dead = outbox.dead(ConsoleFixture.PARTNER).size();
        assertThat(dead).isPositive();
        assertThat(partner.findElement(By.cssSelector(".dead-count")).getText()).startsWith(dead + " ");
        assertThat(partner.findElements(By.cssSelector("table.dead-letters tbody tr"))).hasSize(dead);
        assertThat(partner.findElement(By.cssSelector("table.dead-letters td.error")).getText()).contains("HTTP 500");
        screenshot("console-partners");
        hub.partnerFails.set(false);
        submit(partner.findElement(By.cssSelector("form button")));
        assertThat(notice()).isEqualTo("Replayed " + dead + " dead letters of " + ConsoleFixture.PARTNER + "; they were sent again just now.");
        assertThat(b.findElement(By.cssSelector("#partner-" + ConsoleFixture.PARTNER + " .dead-count")).getText()).isEqualTo("0");
        assertThat(outbox.dead(ConsoleFixture.PARTNER)).isEmpty();
        screenshot("console-partners-replayed");

        // a tampered CSRF token: refused, nothing polled
        nav("Sources");
        polls = hub.brokenPolls();
        JavascriptExecutor js = (JavascriptExecutor) b;
        WebElement form = b.findElement(By.id("source-" + ConsoleFixture.FAILING_SOURCE)).findElement(By.tagName("form"));
        js.executeScript("arguments[0].querySelector('input[name=csrf]').value = 'forged'", form);
        submit(form.findElement(By.tagName("button")));
        assertThat(h1()).isEqualTo("This form cannot be accepted");
        screenshot("console-refused");
        assertThat(hub.brokenPolls()).isEqualTo(polls);

        // a phone's width: the page does not overflow, the tables scroll in their own region
        b.manage().window().setSize(new Dimension(360, 800));
        try {
            b.get(hub.base + "/console/sources");
            Number overflow = (Number) js.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).as(String.valueOf(js.executeScript(WIDE))).isLessThanOrEqualTo(0);
            screenshot("console-sources-phone");
            b.get(hub.base + "/console/review");
            overflow = (Number) js.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).isLessThanOrEqualTo(0);
            screenshot("console-review-phone");
        } finally {
            b.manage().window().setSize(new Dimension(1280, 1000));
        }

        // log out: the session is over
        b.get(hub.base + "/console");
        submit(b.findElement(By.cssSelector("form.logout button")));
        assertThat(b.getCurrentUrl()).isEqualTo(hub.base + "/console/login?out");
        b.get(hub.base + "/console/digests");
        assertThat(b.getCurrentUrl()).isEqualTo(hub.base + "/console/login");
        screenshot("console-logged-out");

        assertThat(violations).as("axe-core: serious or critical violations on the console pages").isEmpty();
    }
}
