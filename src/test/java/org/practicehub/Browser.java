package org.practicehub;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's chromium, headless, through Debian's chromedriver, for the browser tests; skipped (saying why) where they are
 * not installed (.ci/run installs them). Selenium Manager is never used: it would try to download a browser.
 */
final class Browser {

    static final File CHROMIUM = new File(System.getProperty("hub.test.chromium", "/usr/bin/chromium"));
    static final File CHROMEDRIVER = new File(System.getProperty("hub.test.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browser() {}

    static WebDriver start() {
        assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        WebDriver b = new ChromeDriver(service, options);
        b.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
        b.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return b;
    }

    /**
     * Waits for the page whose h1 reads {@code heading}: after a click the old page can still answer for a moment, and
     * its elements go stale once the new one loads.
     */
    static void awaitHeading(WebDriver b, String heading) {
        new org.openqa.selenium.support.ui.WebDriverWait(b, Duration.ofSeconds(15))
                .withMessage(() -> "a page headed '" + heading + "' at " + b.getCurrentUrl())
                .until(d -> {
                    try {
                        return heading.equals(d.findElement(org.openqa.selenium.By.tagName("h1")).getText());
                    } catch (org.openqa.selenium.WebDriverException e) {
                        if (midNavigation(e)) {
                            return false;
                        }
                        throw e;
                    }
                });
    }

    /**
     * True for what chromium answers about an element of a document being replaced: stale, or, a moment earlier, a node
     * that "does not belong to the document". Both mean: the old page is going, ask again.
     */
    static boolean midNavigation(org.openqa.selenium.WebDriverException e) {
        return e instanceof org.openqa.selenium.StaleElementReferenceException
                || String.valueOf(e.getMessage()).contains("does not belong to the document");
    }

    /**
     * Does what leads to another page (a click, Enter in a form) and waits until that page has replaced this one: needed
     * where both pages look alike (a filtered list, a saved form), so reading too early would read the old page.
     */
    static void toNextPage(WebDriver b, Runnable action) {
        org.openqa.selenium.WebElement old = b.findElement(org.openqa.selenium.By.tagName("html"));
        action.run();
        // stale once the old document is gone; mid-navigation chromium may instead say its node "does not belong to the
        // document", which means the same
        new org.openqa.selenium.support.ui.WebDriverWait(b, Duration.ofSeconds(30)).withMessage(() -> "a new page after " + b.getCurrentUrl())
                .until(d -> {
                    try {
                        old.isEnabled();
                        return false;
                    } catch (org.openqa.selenium.WebDriverException e) {
                        if (midNavigation(e)) {
                            return true;
                        }
                        throw e;
                    }
                });
    }

    /** The page as the browser shows it now, as target/screenshots/NAME.png. */
    static void screenshot(WebDriver b, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(((TakesScreenshot) b).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
