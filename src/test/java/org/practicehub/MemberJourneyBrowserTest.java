package org.practicehub;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.practicehub.config.HubConfiguration;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member's whole way in the browser (Debian's chromium, headless), JavaScript only used by the test to read the page:
 * the depository in numbers, then filter, search and open a practice; subscribe to what the filters show; the
 * confirmation mail read from GreenMail and its link followed in the browser; the manage page changes how often; the
 * unsubscribe page's one button ends it. Each step checked in the store, each page saved under target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.management.enabled=false", "hub.digest.frequencies=weekly,monthly"})
class MemberJourneyBrowserTest {

    static final String EMAIL = "amihan@example.org";
    @TempDir
    static Path data;
    static int port;
    static GreenMail mail;
    static TestSupport.Props props = new TestSupport.Props();
    WebDriver browser;

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PracticeStore store;
    @BeanInject
    Subscriptions subscriptions;

    @BeforeAll
    static void start() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        port = TestSupport.freePort();
        props.set("hub.data-dir", data.toString()).set("camel.server.port", String.valueOf(port)).set("hub.public-url", "http://127.0.0.1:" + port)
                .set("hub.smtp.host", "127.0.0.1").set("hub.smtp.port", String.valueOf(mail.getSmtp().getPort()));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        props.close();
        mail.stop();
    }

    private void shot(String name) throws Exception {
        Browser.screenshot(browser, "journey-" + name);
    }

    private int total() {
        return Integer.parseInt(browser.findElement(By.cssSelector(".total")).getText());
    }

    @Test
    void aMemberFindsPracticesSubscribesConfirmsChangesAndUnsubscribes() throws Exception {
        browser = Browser.start();
        WebDriver b = browser;
        template.requestBody("direct:cycle", (Object) null);
        int practices = store.count();

        // the depository in numbers, from the navigation: three charts, each with its table
        b.get("http://127.0.0.1:" + port + "/");
        b.findElement(By.linkText("In numbers")).click();
        Browser.awaitHeading(b, "The depository in numbers");
        assertThat(total()).isEqualTo(practices);
        assertThat(b.findElements(By.cssSelector("section.chart-block svg[role=img]"))).hasSize(4);
        shot("01-stats");
        WebElement summary = b.findElement(By.cssSelector("section.chart-block details summary"));
        summary.click();
        WebElement table = b.findElement(By.cssSelector("section.chart-block details table"));
        assertThat(table.isDisplayed()).isTrue();
        JavascriptExecutor js = (JavascriptExecutor) b;
        js.executeScript("arguments[0].scrollIntoView()", table);
        shot("02-stats-table");
        js.executeScript("arguments[0].scrollIntoView()", b.findElement(By.id("h-by-theme")));
        shot("02-stats-themes");
        js.executeScript("arguments[0].scrollIntoView()", b.findElement(By.id("h-by-gcm")));
        shot("02-stats-gcm");
        b.manage().window().setSize(new Dimension(360, 800));
        try {
            b.navigate().refresh();
            Number overflow = (Number) js.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).as("no sideways scrolling at a phone's width").isLessThanOrEqualTo(0);
            shot("03-stats-phone");
        } finally {
            b.manage().window().setSize(new Dimension(1280, 1000));
        }

        // browse: filter by the Philippines, search, open a practice
        b.findElement(By.linkText("Practices")).click();
        Browser.awaitHeading(b, "Practices");
        assertThat(total()).isEqualTo(practices);
        shot("04-practices");
        // a long facet is folded: the member opens it first
        b.findElement(By.cssSelector("details.facet[data-facet=country] summary")).click();
        WebElement philippines = b.findElements(By.cssSelector("details.facet[data-facet=country] li.facet-value")).stream()
                .filter(li -> li.getText().contains("Philippines")).findFirst().orElseThrow();
        int count = Integer.parseInt(philippines.getAttribute("data-count"));
        Browser.toNextPage(b, () -> philippines.findElement(By.tagName("a")).click());
        assertThat(b.getCurrentUrl()).contains("country=PH");
        assertThat(total()).isEqualTo(count).isLessThan(practices);
        shot("05-practices-filtered");
        Browser.toNextPage(b, () -> b.findElement(By.id("q")).sendKeys("laguna", Keys.ENTER));
        assertThat(total()).isEqualTo(1);
        Browser.toNextPage(b, () -> b.findElement(By.cssSelector("li.hit h3 a")).click());
        assertThat(b.findElement(By.tagName("h1")).getText()).containsIgnoringCase("Laguna");
        assertThat(b.findElement(By.cssSelector(".provenance")).getText()).contains("Migration Network Hub", "AP-MagNet");
        shot("06-practice");

        // back to the list, then subscribe to what the filter shows: the form comes prefilled with the filter (not the words)
        b.navigate().back();
        Browser.awaitHeading(b, "Practices");
        b.findElement(By.linkText("Subscribe to updates like these")).click();
        Browser.awaitHeading(b, "Subscribe to community updates");
        assertThat(b.findElement(By.cssSelector("input[name=country][value=PH]")).isSelected()).isTrue();
        b.findElement(By.id("email")).sendKeys(EMAIL);
        b.findElement(By.cssSelector("input[name=frequency][value=weekly]")).click();
        shot("07-subscribe");
        b.findElement(By.cssSelector("form.subscription button[type=submit]")).click();
        Browser.awaitHeading(b, "Check your inbox");
        shot("08-check-your-inbox");
        assertThat(subscriptions.byEmail(EMAIL).orElseThrow().status()).isEqualTo("pending");

        // the confirmation mail, its link followed in the browser
        // sent by a worker after the answer: waited for by its address
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).ignoreExceptions().until(() -> mailTo(EMAIL) != null);
        String confirm = TestSupport.mailLink(mailTo(EMAIL), "/api/subscriptions/confirm");
        b.get(confirm);
        Browser.awaitHeading(b, "Subscription confirmed");
        shot("09-confirmed");
        Subscriptions.Subscription s = subscriptions.byEmail(EMAIL).orElseThrow();
        assertThat(s.status()).isEqualTo("active");
        assertThat(s.frequency()).isEqualTo("weekly");
        assertThat(s.filters()).isEqualTo("country=PH");

        // the manage page, from the confirmed page: monthly instead of weekly
        b.findElement(By.linkText("Change your topics or how often")).click();
        Browser.awaitHeading(b, "Your subscription");
        assertThat(b.findElement(By.cssSelector(".email")).getText()).isEqualTo(EMAIL);
        assertThat(b.findElement(By.cssSelector("input[name=frequency][value=weekly]")).isSelected()).isTrue();
        assertThat(b.findElement(By.cssSelector("input[name=country][value=PH]")).isSelected()).isTrue();
        shot("10-manage");
        b.findElement(By.cssSelector("input[name=frequency][value=monthly]")).click();
        Browser.toNextPage(b, () -> b.findElement(By.cssSelector("form.subscription button[type=submit]")).click());
        assertThat(b.findElement(By.cssSelector(".saved")).getText()).contains("saved");
        assertThat(b.findElement(By.cssSelector("input[name=frequency][value=monthly]")).isSelected()).isTrue();
        shot("11-manage-saved");
        s = subscriptions.byEmail(EMAIL).orElseThrow();
        assertThat(s.frequency()).isEqualTo("monthly");
        assertThat(s.filters()).isEqualTo("country=PH");
        assertThat(s.status()).isEqualTo("active");

        // unsubscribe: the link shows a page with one button (a mail scanner following it changes nothing); the button ends it
        b.findElement(By.linkText("Unsubscribe from community updates")).click();
        Browser.awaitHeading(b, "Unsubscribe");
        List<WebElement> buttons = b.findElements(By.cssSelector("main button"));
        assertThat(buttons).hasSize(1);
        assertThat(subscriptions.byEmail(EMAIL).orElseThrow().status()).isEqualTo("active");
        shot("12-unsubscribe");
        buttons.get(0).click();
        Browser.awaitHeading(b, "Unsubscribed");
        shot("13-unsubscribed");
        assertThat(subscriptions.byEmail(EMAIL).orElseThrow().status()).isEqualTo("unsubscribed");

        // the confirmation link again, once ended: a page saying so, with a way to start again
        b.get(confirm);
        Browser.awaitHeading(b, "Link not valid");
        assertThat(b.findElements(By.cssSelector("main a[href='/subscribe']"))).hasSize(1);
        shot("14-link-not-valid");
    }

    private static String mailTo(String address) throws Exception {
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
                return TestSupport.mailText(m);
            }
        }
        throw new AssertionError("no mail to " + address);
    }

}
