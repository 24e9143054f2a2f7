package org.practicehub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;

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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.practicehub.config.HubConfiguration;
import org.practicehub.source.Sources;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spanish member in the browser (Debian's chromium): the pages chosen in Spanish with ?lang=es, the subscribe form,
 * the confirmation mail read from GreenMail (in Spanish, Content-Language: es) and its link's page in Spanish even
 * with the browser's choice forgotten (the member's language decides), the manage page, then a digest in Spanish whose
 * practice link opens the member page (HTML, not the API's JSON). axe-core on every page on the way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.management.enabled=false", "hub.digest.frequencies=weekly,monthly"})
class LanguageBrowserTest {

    static final String EMAIL = "lucia@example.org";
    @TempDir
    static Path data;
    static int port;
    static GreenMail mail;
    static TestSupport.Props props = new TestSupport.Props();
    WebDriver browser;
    final List<String> violations = new ArrayList<>();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PracticeStore store;
    @BeanInject
    Sources sources;
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

    private void check(String page) throws Exception {
        Browser.screenshot(browser, "lang-" + page);
        Axe.check(browser).forEach(v -> violations.add(page + ": " + v));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).as(page).isEqualTo("es");
    }

    @Test
    void aSpanishMemberReadsPagesAndMailsInSpanishAndADigestLinkOpensThePracticePage() throws Exception {
        browser = Browser.start();
        WebDriver b = browser;
        template.requestBody("direct:cycle", (Object) null);
        String base = "http://127.0.0.1:" + port;

        // the list in Spanish, chosen with ?lang=es; the choice is kept for the next page (a cookie)
        b.get(base + "/practices?lang=es");
        Browser.awaitHeading(b, "Prácticas");
        assertThat(b.findElement(By.cssSelector("details.facet[data-facet=country] h3")).getText()).isEqualTo("País");
        assertThat(b.findElements(By.cssSelector("nav.languages a")).stream().map(a -> a.getAttribute("lang")).toList()).containsExactly("en", "es", "fr");
        check("01-practices");
        b.findElement(By.linkText("Suscribirse")).click();
        Browser.awaitHeading(b, "Suscribirse a los boletines de la comunidad");
        // only the languages the hub writes in, the page's chosen
        assertThat(b.findElements(By.cssSelector("#language option")).stream().map(o -> o.getAttribute("value")).toList()).containsExactly("en", "es", "fr");
        assertThat(b.findElement(By.cssSelector("#language option[value=es]")).isSelected()).isTrue();
        check("02-subscribe");
        b.findElement(By.id("email")).sendKeys(EMAIL);
        b.findElement(By.cssSelector("input[name=frequency][value=weekly]")).click();
        b.findElement(By.cssSelector("form.subscription button[type=submit]")).click();
        Browser.awaitHeading(b, "Revise su bandeja de entrada");
        check("03-inbox");

        // the confirmation mail: Spanish, and labelled so
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).ignoreExceptions().until(() -> mailTo(EMAIL).size() == 1);
        MimeMessage confirmation = mailTo(EMAIL).get(0);
        assertThat(confirmation.getHeader("Content-Language")).containsExactly("es");
        assertThat(confirmation.getSubject()).endsWith(": confirme su suscripción");
        String text = TestSupport.mailText(confirmation);
        assertThat(text).contains("Para confirmar, abra este enlace", "Si no lo pidió, ignore este mensaje");

        // its link, with the browser's own choice forgotten: the page speaks the member's language
        b.manage().deleteAllCookies();
        b.get(TestSupport.mailLink(text, "/api/subscriptions/confirm"));
        Browser.awaitHeading(b, "Suscripción confirmada");
        assertThat(b.findElement(By.cssSelector("p.message")).getText()).contains("Recibirá boletines semanales", EMAIL);
        check("04-confirmed");
        b.findElement(By.linkText("Cambiar sus temas o la frecuencia")).click();
        Browser.awaitHeading(b, "Su suscripción");
        assertThat(b.findElement(By.cssSelector("#language option[value=es]")).isSelected()).isTrue();
        check("05-manage");

        // news after the confirmation, then a digest: in Spanish, labelled so, its practice links the member pages
        var changed = store.all().get(3);
        TestSupport.changeSummary(store, sources, changed, " (actualizado)");
        template.send("direct:digest-run", e -> {
            e.setProperty("hubDigestId", "community-updates");
            e.setProperty("hubForce", true);
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).ignoreExceptions().until(() -> mailTo(EMAIL).size() == 2);
        MimeMessage digest = mailTo(EMAIL).get(1);
        assertThat(digest.getHeader("Content-Language")).containsExactly("es");
        String plain = (String) ((MimeMultipart) digest.getContent()).getBodyPart(0).getContent();
        String html = (String) ((MimeMultipart) digest.getContent()).getBodyPart(1).getContent();
        assertThat(plain).contains("Compartida por", "Darse de baja:", "Practice Hub, para").doesNotContain("Shared by", "Unsubscribe:");
        assertThat(html).startsWith("<!DOCTYPE html><html lang=\"es\"").contains("Cambiar sus temas o la frecuencia");
        assertThat(digest.getSubject()).contains("práctica");
        Matcher link = DigestDeliveryTest.PRACTICE_LINK.matcher(plain);
        assertThat(link.find()).as(plain).isTrue();
        assertThat(link.group()).startsWith(base + "/practices/ph-").doesNotContain("/api/");

        // the digest's link in the browser: the member page, HTML, the practice's title
        b.get(link.group());
        String contentType = (String) ((JavascriptExecutor) b).executeScript("return document.contentType");
        assertThat(contentType).isEqualTo("text/html");
        assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo(store.get(link.group(1)).orElseThrow().title());
        assertThat(b.findElements(By.cssSelector("link[rel=alternate][type='application/atom+xml']"))).hasSize(1);
        Browser.screenshot(b, "lang-06-practice-from-digest");

        // the digest's unsubscribe link: the member's language again
        b.get(TestSupport.mailLink(plain, "/api/subscriptions/unsubscribe"));
        Browser.awaitHeading(b, "Darse de baja");
        check("07-unsubscribe");
        b.findElement(By.cssSelector("main button")).click();
        Browser.awaitHeading(b, "Baja confirmada");
        check("08-unsubscribed");
        assertThat(subscriptions.byEmail(EMAIL).orElseThrow().status()).isEqualTo("unsubscribed");

        // a practice page and an error page chosen in Spanish
        b.get(link.group() + "?lang=es");
        assertThat(b.findElement(By.cssSelector("#details-heading")).getText()).isEqualTo("Detalles");
        check("09-practice");
        b.get(base + "/practices/ph-0000000000000000");
        Browser.awaitHeading(b, "No encontrado");
        check("10-not-found");
        assertThat(violations).as("axe-core: serious or critical violations").isEmpty();
    }

    private static List<MimeMessage> mailTo(String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
                out.add(m);
            }
        }
        return out;
    }
}
