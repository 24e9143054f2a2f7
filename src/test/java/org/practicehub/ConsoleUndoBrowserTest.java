package org.practicehub;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.practicehub.ConsoleFixture.TWIN_A_RECORD;
import static org.practicehub.ConsoleFixture.TWIN_B_RECORD;

/**
 * Undo from the console in a real browser (Debian's chromium, headless; skipped with the reason where it is missing): the
 * facilitator finds the matcher's merge of two twin records among the dashboard's recent automatic merges, reads why,
 * opens the practice, presses "Separate this record" on one of them, and the practice then holds one record while the
 * other is a practice of its own (as the public API and the store say). Every page passes axe-core (no serious or
 * critical violation), and the practice page fits a 360 px screen; screenshots in target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false"})
class ConsoleUndoBrowserTest {

    @TempDir
    static Path dir;
    static ConsoleFixture hub;
    static TestSupport.Props props = new TestSupport.Props();
    WebDriver browser;
    final List<String> violations = new ArrayList<>();

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
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        hub.close();
        props.close();
    }

    private void screenshot(String name) throws Exception {
        Browser.screenshot(browser, name);
        for (Axe.Violation v : Axe.check(browser)) {
            violations.add(name + " " + v);
        }
    }

    private void submit(WebElement control) {
        Browser.toNextPage(browser, control::click);
    }

    private List<String> recordsOf(String practiceId) {
        return store.get(practiceId).orElseThrow().sources().stream().map(s -> s.sourceId() + "/" + s.recordId()).toList();
    }

    private int publicSources(String practiceId) throws Exception {
        HttpResponse<String> r = ConsoleFixture.HTTP.send(HttpRequest.newBuilder(URI.create(hub.base + "/api/practices/" + practiceId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(practiceId).isEqualTo(200);
        return TestSupport.JSON.readTree(r.body()).get("sources").size();
    }

    @Test
    void aFacilitatorUndoesAnAutomaticMergeFromTheDashboard() throws Exception {
        browser = Browser.start();
        WebDriver b = browser;
        ConsoleFixture.ingest(template, sources);
        String twins = ConsoleUndoHttpTest.ownId(TWIN_A_RECORD);
        String other = ConsoleUndoHttpTest.ownId(TWIN_B_RECORD);
        assertThat(recordsOf(twins)).containsExactly(TWIN_A_RECORD, TWIN_B_RECORD);

        b.get(hub.base + "/console/login");
        b.findElement(By.id("token")).sendKeys(ConsoleFixture.TOKEN);
        submit(b.findElement(By.cssSelector("form.login button")));
        assertThat(b.getCurrentUrl()).isEqualTo(hub.base + "/console");

        // the dashboard's recent automatic merges: the twins, both titles and networks, the score, why in words
        WebElement merge = b.findElement(By.cssSelector("ol.merges > li"));
        assertThat(b.findElements(By.cssSelector("ol.merges > li"))).hasSize(1);
        assertThat(merge.getText()).contains("Pre-departure orientation desk for Nepali workers bound for Malaysia", "Northern Corridor Network",
                "Southern Corridor Network", "score");
        assertThat(merge.findElements(By.cssSelector("ul.reasons li"))).isNotEmpty().allSatisfy(li -> assertThat(li.getText()).matches("[A-Z].+\\."));
        screenshot("console-dashboard-merges");

        // open the practice from it
        submit(merge.findElement(By.cssSelector("a.undo")));
        assertThat(b.getCurrentUrl()).isEqualTo(hub.base + "/console/practices/" + twins);
        assertThat(b.findElement(By.tagName("h1")).getText()).contains("Pre-departure orientation desk");
        List<WebElement> rows = b.findElements(By.cssSelector("table.records tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).getText()).contains("Southern Corridor Network", "twins-south", "NP-2024-07", "https://twins-south.example.org/");
        assertThat(b.findElement(By.id("why-together")).getText()).isEqualTo("Why these records are one practice");
        screenshot("console-practice");

        // separate the second twin
        submit(b.findElement(By.cssSelector("tr[data-record='" + TWIN_B_RECORD + "'] button.separate")));
        assertThat(b.getCurrentUrl()).startsWith(hub.base + "/console/practices/" + twins + "?separated=");
        assertThat(b.findElement(By.cssSelector("[role=status]")).getText()).contains(TWIN_B_RECORD + " was separated", other);
        assertThat(b.findElements(By.cssSelector("table.records tbody tr"))).hasSize(1);
        assertThat(b.findElements(By.cssSelector("button.separate"))).isEmpty();
        screenshot("console-practice-separated");

        // the practice has one record now, the other record is a practice of its own: in the store and the public API
        assertThat(recordsOf(twins)).containsExactly(TWIN_A_RECORD);
        assertThat(recordsOf(other)).containsExactly(TWIN_B_RECORD);
        assertThat(publicSources(twins)).isEqualTo(1);
        assertThat(publicSources(other)).isEqualTo(1);

        // the notice's link: the separated record's own practice
        submit(b.findElement(By.cssSelector("[role=status] a")));
        assertThat(b.getCurrentUrl()).isEqualTo(hub.base + "/console/practices/" + other);
        assertThat(b.findElements(By.cssSelector("table.records tbody tr"))).singleElement()
                .satisfies(r -> assertThat(r.getAttribute("data-record")).isEqualTo(TWIN_B_RECORD));
        screenshot("console-practice-own");

        // back on the dashboard the merge is no longer listed: it is undone
        b.get(hub.base + "/console");
        assertThat(b.findElements(By.cssSelector("ol.merges > li"))).isEmpty();
        assertThat(b.findElement(By.cssSelector("#recent-merges + p + p.empty")).getText()).isEqualTo("The matcher has merged no records yet.");

        // a phone's width: the practice page does not overflow
        b.manage().window().setSize(new Dimension(360, 800));
        try {
            b.get(hub.base + "/console/practices/" + twins);
            JavascriptExecutor js = (JavascriptExecutor) b;
            Number overflow = (Number) js.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).as(String.valueOf(js.executeScript(ConsoleBrowserTest.WIDE))).isLessThanOrEqualTo(0);
            screenshot("console-practice-phone");
        } finally {
            b.manage().window().setSize(new Dimension(1280, 1000));
        }

        assertThat(violations).as("axe-core: serious or critical violations on the console's undo pages").isEmpty();
    }
}
