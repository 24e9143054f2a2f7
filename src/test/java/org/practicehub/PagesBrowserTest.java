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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.practicehub.config.HubConfiguration;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.Subscriptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member in a real browser: Debian's chromium, headless, driven through Debian's chromedriver. Skipped (with the reason)
 * where they are not installed; .ci/run installs them. Selenium Manager is never used: it would try to download a browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false"})
class PagesBrowserTest {

    @TempDir
    static Path data;
    static int port;
    static TestSupport.Props props = new TestSupport.Props();
    WebDriver browser;

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PracticeStore store;
    @BeanInject
    Subscriptions subscriptions;

    @BeforeAll
    static void setUp() {
        port = TestSupport.freePort();
        props.set("hub.data-dir", data.toString()).set("camel.server.port", String.valueOf(port))
                .set("hub.public-url", "http://127.0.0.1:" + port);
    }

    @AfterAll
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        props.close();
    }

    private WebDriver browser() {
        if (browser == null) {
            browser = Browser.start();
        }
        return browser;
    }

    private void screenshot(String name) throws Exception {
        Browser.screenshot(browser, name);
    }

    private int total() {
        return Integer.parseInt(browser.findElement(By.cssSelector(".total")).getText());
    }

    @Test
    void aMemberSearchesFiltersAndOpensAPractice() throws Exception {
        WebDriver b = browser();
        if (store.count() == 0) {
            template.requestBody("direct:cycle", (Object) null);
        }
        b.get("http://127.0.0.1:" + port + "/");
        assertThat(b.getCurrentUrl()).endsWith("/practices");
        assertThat(total()).isEqualTo(store.count());
        screenshot("practices");

        // a facet is a plain link: follow AP-MagNet, the list narrows to what its count said
        WebElement value = b.findElements(By.cssSelector("details.facet[data-facet=network] li.facet-value")).stream()
                .filter(li -> li.getText().contains("AP-MagNet")).findFirst().orElseThrow();
        int count = Integer.parseInt(value.getAttribute("data-count"));
        Browser.toNextPage(b, () -> value.findElement(By.tagName("a")).click());
        assertThat(b.getCurrentUrl()).contains("network=AP-MagNet");
        assertThat(total()).isEqualTo(count).isLessThan(store.count());
        assertThat(b.findElements(By.cssSelector("li.hit"))).hasSize(count);

        // search within the filter, through the form
        WebElement q = b.findElement(By.id("q"));
        Browser.toNextPage(b, () -> q.sendKeys("laguna", Keys.ENTER));
        assertThat(total()).isEqualTo(1);
        screenshot("practices-filtered");
        Browser.toNextPage(b, () -> b.findElement(By.cssSelector("li.hit h3 a")).click());
        assertThat(b.findElement(By.tagName("h1")).getText()).containsIgnoringCase("Laguna");
        String provenance = b.findElement(By.cssSelector(".provenance")).getText();
        assertThat(provenance).contains("Migration Network Hub", "AP-MagNet", "first seen here");
        screenshot("practice");
    }

    @Test
    void theKeyboardReachesTheSearchBoxThroughTheSkipLink() throws Exception {
        WebDriver b = browser();
        b.get("http://127.0.0.1:" + port + "/practices");
        WebElement body = b.findElement(By.tagName("body"));
        body.sendKeys(Keys.TAB);
        WebElement skip = b.switchTo().activeElement();
        assertThat(skip.getText()).isEqualTo("Skip to main content");
        skip.sendKeys(Keys.ENTER);
        b.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(b.switchTo().activeElement().getAttribute("id")).isEqualTo("q");
    }

    /**
     * The keyboard alone: Tab walks the form, every control it reaches has a label, Space ticks a topic, Enter on the
     * button submits; the answer is the same "check your inbox" page for any address.
     */
    @Test
    void aMemberSubscribesWithTheKeyboardOnly() throws Exception {
        WebDriver b = browser();
        if (store.count() == 0) {
            template.requestBody("direct:cycle", (Object) null);
        }
        b.get("http://127.0.0.1:" + port + "/subscribe");
        b.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        b.switchTo().activeElement().sendKeys(Keys.ENTER);
        JavascriptExecutor js = (JavascriptExecutor) b;
        boolean typed = false;
        String ticked = null;
        boolean submitted = false;
        for (int i = 0; i < 400 && !submitted; i++) {
            b.switchTo().activeElement().sendKeys(Keys.TAB);
            WebElement at = b.switchTo().activeElement();
            String tag = at.getTagName();
            if (tag.equals("input") || tag.equals("select")) {
                Number labels = (Number) js.executeScript("return arguments[0].labels ? arguments[0].labels.length : 0", at);
                assertThat(labels.intValue()).as("a label for %s", at.getAttribute("outerHTML")).isPositive();
            }
            if ("email".equals(at.getAttribute("id"))) {
                at.sendKeys("kim@example.org");
                typed = true;
            } else if (ticked == null && "theme".equals(at.getAttribute("name"))) {
                at.sendKeys(Keys.SPACE);
                ticked = at.getAttribute("value");
                assertThat(at.isSelected()).isTrue();
            } else if (tag.equals("button") && at.getText().equals("Subscribe")) {
                screenshot("subscribe");
                at.sendKeys(Keys.ENTER);
                submitted = true;
            }
        }
        assertThat(typed).as("the email field was reached").isTrue();
        assertThat(ticked).as("a theme was reached").isNotNull();
        assertThat(submitted).as("the button was reached").isTrue();
        assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("Check your inbox");
        screenshot("subscribe-inbox");
        Subscriptions.Subscription s = subscriptions.byEmail("kim@example.org").orElseThrow();
        assertThat(s.status()).isEqualTo("pending");
        assertThat(s.filters()).contains("theme=");

        // a phone's width: nothing wider than the screen
        b.manage().window().setSize(new Dimension(360, 800));
        try {
            b.get("http://127.0.0.1:" + port + "/subscribe");
            Number overflow = (Number) js.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).isLessThanOrEqualTo(0);
            screenshot("subscribe-phone");
        } finally {
            b.manage().window().setSize(new Dimension(1280, 1000));
        }
    }
}
