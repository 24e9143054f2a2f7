package org.practicehub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.practicehub.config.HubConfiguration;
import org.practicehub.store.PracticeStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every member page passes axe-core in the real browser (Debian's chromium, headless) with no serious or critical
 * violation: the practices with and without filters, a practice, the stats with their tables open, the subscription
 * pages from the form to the unsubscribed page (the mail read from GreenMail), and the error pages. All pages are
 * checked before the assertion, so one run names every failing page. At desktop and at a phone's width.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.management.enabled=false", "hub.subscriptions.rate-limit-per-client=1000",
                "hub.subscriptions.rate-limit-per-email=1000", "hub.digest.frequencies=weekly,monthly"})
class AccessibilityTest {

    @TempDir
    static Path data;
    static int port;
    static GreenMail mail;
    static TestSupport.Props props = new TestSupport.Props();
    WebDriver browser;
    final List<String> minor = new ArrayList<>();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PracticeStore store;

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

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Test
    void everyMemberPageHasNoSeriousOrCriticalViolation() throws Exception {
        browser = Browser.start();
        if (store.count() == 0) {
            template.requestBody("direct:cycle", (Object) null);
        }
        Map<String, List<Axe.Violation>> found = new LinkedHashMap<>();
        for (Dimension size : List.of(new Dimension(1280, 1000), new Dimension(360, 800))) {
            browser.manage().window().setSize(size);
            found.putAll(walk(size.getWidth() + "px "));
        }
        found.values().removeIf(List::isEmpty);
        java.nio.file.Files.createDirectories(Path.of("target"));
        java.nio.file.Files.writeString(Path.of("target", "accessibility.txt"), minor.isEmpty() ? "no minor or moderate findings\n" : String.join("\n", minor) + "\n");
        assertThat(found).as("serious or critical accessibility violations:\n%s", describe(found)).isEmpty();
    }

    /** The member pages in the order a member meets them; each checked once loaded. */
    private Map<String, List<Axe.Violation>> walk(String prefix) throws Exception {
        WebDriver b = browser;
        Map<String, List<Axe.Violation>> found = new LinkedHashMap<>() {
            @Override
            public List<Axe.Violation> put(String page, List<Axe.Violation> all) {
                // minor and moderate findings are written down for a person to read, only serious and critical ones fail
                all.stream().filter(v -> !Axe.FAILING.contains(v.impact())).forEach(v -> minor.add(page + ": " + v));
                return super.put(page, all.stream().filter(v -> Axe.FAILING.contains(v.impact())).toList());
            }
        };
        b.get(url("/practices"));
        found.put(prefix + "practices", Axe.all(b));
        String theme = b.findElement(By.cssSelector("details.facet[data-facet=theme] li.facet-value a")).getAttribute("href");
        b.get(theme);
        Browser.toNextPage(b, () -> b.findElement(By.cssSelector("details.facet[data-facet=network] li.facet-value a")).click());
        assertThat(b.getCurrentUrl()).contains("theme=").contains("network=");
        found.put(prefix + "practices with filters", Axe.all(b));
        b.get(url("/practices?q=nothing-matches-this"));
        found.put(prefix + "practices, no match", Axe.all(b));
        b.get(url("/practices"));
        Browser.toNextPage(b, () -> b.findElement(By.cssSelector("li.hit h3 a")).click());
        found.put(prefix + "practice", Axe.all(b));
        b.get(url("/stats"));
        ((JavascriptExecutor) b).executeScript("document.querySelectorAll('details').forEach(d => d.open = true)");
        found.put(prefix + "stats, tables open", Axe.all(b));
        b.get(url("/practices?q=reintegration"));
        found.put(prefix + "practices, ranked search", Axe.all(b));
        ((JavascriptExecutor) b).executeScript("document.querySelectorAll('details').forEach(d => d.open = true)");
        found.put(prefix + "practices, every facet open", Axe.all(b));
        b.get(url("/matrix"));
        found.put(prefix + "matrix", Axe.all(b));
        b.get(url("/matrix?rows=country&theme=reintegration"));
        found.put(prefix + "matrix by country, filtered", Axe.all(b));
        b.get(url("/organisations"));
        found.put(prefix + "organisations", Axe.all(b));
        Browser.toNextPage(b, () -> b.findElement(By.cssSelector("li.organisation h2 a")).click());
        found.put(prefix + "organisation", Axe.all(b));

        b.get(url("/subscribe"));
        found.put(prefix + "subscribe", Axe.all(b));
        String email = prefix.trim() + "-axe@example.org";
        b.findElement(By.id("email")).sendKeys("not an address");
        Browser.toNextPage(b, () -> b.findElement(By.cssSelector("form.subscription button[type=submit]")).click());
        assertThat(b.findElement(By.id("error-email")).getText()).isNotBlank();
        found.put(prefix + "subscribe, refused", Axe.all(b));
        WebElement field = b.findElement(By.id("email"));
        field.clear();
        field.sendKeys(email);
        b.findElement(By.cssSelector("form.subscription button[type=submit]")).click();
        Browser.awaitHeading(b, "Check your inbox");
        found.put(prefix + "check your inbox", Axe.all(b));

        b.get(confirmLink(email));
        Browser.awaitHeading(b, "Subscription confirmed");
        found.put(prefix + "confirmed", Axe.all(b));
        b.findElement(By.cssSelector("main p.next a")).click();
        Browser.awaitHeading(b, "Your subscription");
        found.put(prefix + "manage", Axe.all(b));
        b.findElement(By.cssSelector("input[name=frequency][value=monthly]")).click();
        Browser.toNextPage(b, () -> b.findElement(By.cssSelector("form.subscription button[type=submit]")).click());
        assertThat(b.findElement(By.cssSelector(".saved")).getText()).contains("saved");
        found.put(prefix + "manage, saved", Axe.all(b));
        b.findElement(By.cssSelector("main p.unsubscribe a")).click();
        Browser.awaitHeading(b, "Unsubscribe");
        found.put(prefix + "unsubscribe", Axe.all(b));
        b.findElement(By.cssSelector("main form button")).click();
        Browser.awaitHeading(b, "Unsubscribed");
        found.put(prefix + "unsubscribed", Axe.all(b));

        b.get(url("/api/subscriptions/confirm?token=tampered"));
        found.put(prefix + "link not valid", Axe.all(b));
        b.get(url("/practices/no-such-practice"));
        Browser.awaitHeading(b, "Not found");
        found.put(prefix + "404", Axe.all(b));
        b.get(url("/practices?limit=many"));
        found.put(prefix + "400", Axe.all(b));
        return found;
    }

    /** The check itself catches what it must: a page made to break the rules fails it, naming the rules and the elements. */
    @Test
    void theCheckFindsViolations() throws Exception {
        if (browser == null) {
            browser = Browser.start();
        }
        browser.get("data:text/html,<html><body><img src='x.png'><button></button><p style='color:%23ccc'>faint</p></body></html>");
        List<Axe.Violation> v = Axe.check(browser);
        assertThat(v).extracting(Axe.Violation::rule).contains("image-alt", "button-name", "html-has-lang", "color-contrast");
        assertThat(v).allSatisfy(x -> assertThat(x.impact()).isIn("serious", "critical"));
        assertThat(v.stream().filter(x -> x.rule().equals("image-alt")).findFirst().orElseThrow().toString()).contains("[critical]", "x.png");
    }

    private String confirmLink(String email) throws Exception {
        for (int tries = 0; tries < 100; tries++) {
            for (MimeMessage m : mail.getReceivedMessages()) {
                if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equalsIgnoreCase(email))) {
                    return TestSupport.mailLink(TestSupport.mailText(m), "/api/subscriptions/confirm");
                }
            }
            mail.waitForIncomingEmail(100, mail.getReceivedMessages().length + 1);
        }
        throw new AssertionError("no confirmation mail to " + email);
    }

    private static String describe(Map<String, List<Axe.Violation>> found) {
        List<String> lines = new ArrayList<>();
        found.forEach((page, vs) -> vs.forEach(v -> lines.add(page + ": " + v)));
        return String.join("\n", lines);
    }
}
