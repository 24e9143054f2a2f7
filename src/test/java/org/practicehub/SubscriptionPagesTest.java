package org.practicehub;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;
import org.practicehub.source.Sources;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscription pages as a browser uses them, JavaScript off, over real HTTP and SMTP (GreenMail): the subscribe
 * form, the confirmation mail's link, the manage form, the unsubscribe page's button; refused forms come back with
 * the error next to the field and store nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.management.enabled=false", "hub.subscriptions.rate-limit-per-client=1000",
                "hub.subscriptions.rate-limit-per-email=1000", "hub.digest.frequencies=weekly,monthly"})
class SubscriptionPagesTest {

    static final String TOKEN = "test-admin-token-subscription-pages-0123";
    static final String HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";
    static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    static Path data;
    static int port;
    static GreenMail mail;
    static TestSupport.Props props = new TestSupport.Props();
    final HttpClient http = HttpClient.newHttpClient();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PracticeStore store;
    @BeanInject
    Subscriptions subscriptions;
    @BeanInject
    Sources sources;

    @BeforeAll
    static void start() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        port = TestSupport.freePort();
        props.set("hub.data-dir", data.toString()).set("camel.server.port", String.valueOf(port)).set("hub.admin-token", TOKEN)
                .set("hub.public-url", "http://127.0.0.1:" + port)
                .set("hub.smtp.host", "127.0.0.1").set("hub.smtp.port", String.valueOf(mail.getSmtp().getPort()));
    }

    @AfterAll
    static void stop() {
        props.close();
        mail.stop();
    }

    @BeforeEach
    void ingestOnce() {
        if (store.count() == 0) {
            template.requestBody("direct:cycle", (Object) null);
        }
    }

    private HttpResponse<String> send(String method, String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : "http://127.0.0.1:" + port + url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return send("GET", url, null, "Accept", HTML);
    }

    private HttpResponse<String> post(String url, String... pairs) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            body.append(body.length() == 0 ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return send("POST", url, body.toString(), "Content-Type", FORM, "Accept", HTML);
    }

    private static Document html(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        return Jsoup.parse(r.body());
    }

    private List<MimeMessage> to(String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equalsIgnoreCase(address))) {
                out.add(m);
            }
        }
        return out;
    }

    @Test
    void subscribeConfirmManageAndUnsubscribeWithFormsOnly() throws Exception {
        // every field has a label, every group a legend; the vocabularies are the facets'
        Document form = html(get("/subscribe"));
        assertThat(form.select("label[for=email]")).hasSize(1);
        for (Element input : form.select("form.subscription input:not([type=hidden]), form.subscription select")) {
            assertThat(form.select("label[for=" + input.id() + "]")).as(input.outerHtml()).hasSize(1);
        }
        assertThat(form.select("fieldset > legend").eachText()).contains("Topics", "Theme", "Country", "Migration phase", "GCM objective", "Network",
                "How often");
        assertThat(form.select("input[name=frequency]").eachAttr("value")).containsExactly("weekly", "monthly");

        // the browse page links here with its filters chosen
        Document browse = html(get("/practices?country=PH"));
        String subscribeHref = browse.select("p.subscribe a").attr("href");
        assertThat(subscribeHref).isEqualTo("/subscribe?country=PH");
        Document prefilled = html(get(subscribeHref));
        assertThat(prefilled.select("input[name=country][checked]").eachAttr("value")).containsExactly("PH");

        String theme = form.select("input[name=theme]").first().attr("value");
        // the mails go out after the answer (a worker sends them): counted from here
        int before = mail.getReceivedMessages().length;
        HttpResponse<String> answer = post("/subscribe", "email", "mia@example.org", "country", "PH", "theme", theme, "frequency", "weekly",
                "language", "en");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(html(answer).select("h1").text()).isEqualTo("Check your inbox");
        assertThat(mail.waitForIncomingEmail(10_000, before + 1)).isTrue();
        assertThat(subscriptions.byEmail("mia@example.org").orElseThrow().status()).isEqualTo("pending");

        // the confirmation link, followed as a browser does
        String confirmUrl = TestSupport.mailLink(TestSupport.mailText(to("mia@example.org").get(0)), "/api/subscriptions/confirm");
        HttpResponse<String> confirmed = get(confirmUrl);
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(html(confirmed).select("h1").text()).isEqualTo("Subscription confirmed");
        assertThat(subscriptions.byEmail("mia@example.org").orElseThrow().status()).isEqualTo("active");
        // a tampered link: a page with a way to start again
        Document invalid = html(get(TestSupport.tamper(confirmUrl)));
        assertThat(invalid.select("h1").text()).isEqualTo("Link not valid");
        assertThat(invalid.select("main a[href=/subscribe]")).hasSize(1);

        // the same form for an address already active: the same page, whatever the state; the mail brings the manage link
        HttpResponse<String> again = post("/subscribe", "email", "mia@example.org", "frequency", "weekly", "language", "en");
        assertThat(again.body()).isEqualTo(answer.body());
        assertThat(mail.waitForIncomingEmail(10_000, before + 2)).isTrue();
        String manageUrl = TestSupport.mailLink(TestSupport.mailText(to("mia@example.org").get(1)), "/api/subscriptions/manage");

        Document manage = html(get(manageUrl));
        assertThat(manage.select(".email").text()).isEqualTo("mia@example.org");
        assertThat(manage.select("input[name=country][checked]").eachAttr("value")).containsExactly("PH");
        assertThat(manage.select("input[name=theme][checked]").eachAttr("value")).containsExactly(theme);
        assertThat(manage.select("input[name=frequency][checked]").attr("value")).isEqualTo("weekly");
        String action = manage.select("form.subscription").attr("action");
        assertThat(action).startsWith("/api/subscriptions/manage?token=");
        // API clients keep their JSON on the same link
        HttpResponse<String> json = send("GET", manageUrl, null, "Accept", "application/json");
        assertThat(TestSupport.JSON.readTree(json.body()).get("frequency").asText()).isEqualTo("weekly");

        HttpResponse<String> saved = post(action, "country", "PH", "frequency", "monthly", "language", "fr");
        assertThat(saved.statusCode()).isEqualTo(200);
        Document savedPage = html(saved);
        // the saved page speaks the language just chosen
        assertThat(savedPage.select(".saved").text()).isEqualTo("Vos préférences sont enregistrées.");
        assertThat(savedPage.select("html").attr("lang")).isEqualTo("fr");
        assertThat(saved.headers().firstValue("Content-Language")).hasValue("fr");
        assertThat(savedPage.select("input[name=frequency][checked]").attr("value")).isEqualTo("monthly");
        assertThat(savedPage.select("input[name=theme][checked]")).isEmpty();
        Subscriptions.Subscription s = subscriptions.byEmail("mia@example.org").orElseThrow();
        assertThat(s.frequency()).isEqualTo("monthly");
        assertThat(s.language()).isEqualTo("fr");
        assertThat(s.filters()).isEqualTo("country=PH");
        // a refused change: the form again, the error next to the field, nothing stored
        HttpResponse<String> refused = post(action, "country", "PH", "frequency", "hourly", "language", "en");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(html(refused).select("#error-frequency").text()).contains("hourly");
        assertThat(subscriptions.byEmail("mia@example.org").orElseThrow().frequency()).isEqualTo("monthly");

        // the unsubscribe link as a digest carries it (DigestDeliveryTest and SubscriptionsTest cover the digest itself):
        // a token signed with the hub's secret, so this test does not depend on a digest being due
        org.practicehub.publish.subscription.Tokens tokens = new org.practicehub.publish.subscription.Tokens(
                java.nio.file.Files.readString(data.resolve("subscription-secret")).trim(), java.time.Clock.systemUTC());
        String unsubscribeUrl = "http://127.0.0.1:" + port + "/api/subscriptions/unsubscribe?token="
                + tokens.issue(org.practicehub.publish.subscription.Tokens.Purpose.UNSUBSCRIBE, s.id(), java.time.Duration.ofDays(1));
        Document unsubscribePage = html(get(unsubscribeUrl));
        assertThat(unsubscribePage.select("main button")).hasSize(1);
        assertThat(subscriptions.byEmail("mia@example.org").orElseThrow().status()).isEqualTo("active");
        Element button = unsubscribePage.select("main form").first();
        HttpResponse<String> gone = post(button.attr("action"), "List-Unsubscribe", button.select("input[name=List-Unsubscribe]").attr("value"));
        assertThat(gone.statusCode()).isEqualTo(200);
        // in French: the member chose it on the manage page above
        assertThat(html(gone).select("h1").text()).isEqualTo("Désabonnement confirmé");
        assertThat(subscriptions.byEmail("mia@example.org").orElseThrow().status()).isEqualTo("unsubscribed");
        // the manage link of an ended subscription: a page saying so, with a way to start again
        assertThat(html(get(manageUrl)).select("main a[href=/subscribe]")).hasSize(1);
    }

    @Test
    void malformedAddressesAndHeaderInjectionReRenderTheFormAndStoreNothing() throws Exception {
        Map<String, Integer> counts = subscriptions.counts();
        int mails = mail.getReceivedMessages().length;
        String theme = html(get("/subscribe")).select("input[name=theme]").first().attr("value");

        HttpResponse<String> r = post("/subscribe", "email", "eve@@example.org", "theme", theme, "frequency", "monthly");
        assertThat(r.statusCode()).isEqualTo(400);
        Document page = html(r);
        assertThat(page.select("#error-email").text()).contains("email");
        assertThat(page.select("#email").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.select("#email").attr("aria-describedby")).isEqualTo("error-email");
        // the values are kept
        assertThat(page.select("#email").val()).isEqualTo("eve@@example.org");
        assertThat(page.select("input[name=theme][checked]").eachAttr("value")).containsExactly(theme);
        assertThat(page.select("input[name=frequency][checked]").attr("value")).isEqualTo("monthly");

        Document crlf = html(post("/subscribe", "email", "eve@example.org\r\nBcc: victim@example.org"));
        assertThat(crlf.select("#error-email").text()).contains("line breaks");
        Document lang = html(post("/subscribe", "email", "eve@example.org", "language", "en\r\nBcc: victim@example.org"));
        assertThat(lang.select("#error-language").text()).contains("line breaks");
        HttpResponse<String> bcc = post("/subscribe", "email", "eve@example.org", "bcc", "victim@example.org");
        assertThat(bcc.statusCode()).isEqualTo(400);
        assertThat(html(bcc).select(".problem").text()).contains("unknown field 'bcc'");
        HttpResponse<String> twice = post("/subscribe", "email", "eve@example.org", "email", "victim@example.org");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(html(twice).select("#error-email").text()).contains("more than once");
        HttpResponse<String> astrology = post("/subscribe", "email", "eve@example.org", "theme", "astrology");
        assertThat(astrology.statusCode()).isEqualTo(400);
        assertThat(html(astrology).select(".problem").text()).contains("astrology");

        assertThat(subscriptions.counts()).isEqualTo(counts);
        assertThat(subscriptions.byEmail("eve@example.org")).isEmpty();
        assertThat(mail.getReceivedMessages()).hasSize(mails);
    }

    @Test
    void aPageTakesItsLanguageFromLangThenTheCookieThenAcceptLanguage() throws Exception {
        HttpResponse<String> chosen = get("/practices?lang=fr&theme=reintegration");
        Document fr = html(chosen);
        assertThat(fr.select("html").attr("lang")).isEqualTo("fr");
        assertThat(fr.select("h1").text()).isEqualTo("Pratiques");
        assertThat(chosen.headers().firstValue("Content-Language")).hasValue("fr");
        assertThat(chosen.headers().firstValue("Vary")).hasValue("Accept-Language, Cookie");
        assertThat(chosen.headers().firstValue("Set-Cookie")).hasValue("hub-lang=fr; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly");
        // the language is not a filter: the same practices as without it, and the links do not carry it
        assertThat(fr.select(".total").text()).isEqualTo(html(get("/practices?theme=reintegration")).select(".total").text());
        assertThat(fr.select("details.facet a").eachAttr("href")).noneMatch(h -> h.contains("lang="));
        assertThat(fr.select("nav.languages a").eachAttr("href")).containsExactly("/practices?theme=reintegration&lang=en",
                "/practices?theme=reintegration&lang=es", "/practices?theme=reintegration&lang=fr");
        assertThat(fr.select("link[rel=alternate][type=application/atom+xml]").attr("href")).isEqualTo("/feeds/practices.atom");
        assertThat(fr.select("link[rel=alternate][type=application/feed+json]").attr("href")).isEqualTo("/feeds/practices.json");

        HttpResponse<String> kept = send("GET", "/subscribe", null, "Accept", HTML, "Cookie", "hub-lang=es", "Accept-Language", "fr");
        assertThat(html(kept).select("h1").text()).isEqualTo("Suscribirse a los boletines de la comunidad");
        assertThat(kept.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(html(send("GET", "/practices", null, "Accept", HTML, "Accept-Language", "pt-BR, es-MX;q=0.8, en;q=0.5")).select("h1").text())
                .isEqualTo("Prácticas");
        // an unknown language, a junk cookie, a line break in the parameter: English, and no header made of them
        HttpResponse<String> unknown = send("GET", "/practices?lang=xx", null, "Accept", HTML, "Accept-Language", "de", "Cookie", "hub-lang=zz");
        assertThat(html(unknown).select("html").attr("lang")).isEqualTo("en");
        assertThat(unknown.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> crlf = get("/practices?lang=es%0d%0aSet-Cookie:%20evil=1");
        assertThat(crlf.headers().firstValue("Content-Language")).hasValue("en");
        assertThat(crlf.headers().allValues("Set-Cookie")).isEmpty();
        // the error page too, the API's own detail marked as English
        Document missing = html(get("/practices/ph-0000000000000000?lang=es"));
        assertThat(missing.select("h1").text()).isEqualTo("No encontrado");
        assertThat(missing.select(".problem").text()).isEqualTo("No hay ninguna práctica ph-0000000000000000 en el repositorio.");
        Document bad = html(get("/practices?lang=fr&colour=red"));
        assertThat(bad.select("h1").text()).isEqualTo("Cette recherche n’a pas pu être comprise");
        assertThat(bad.select(".problem").attr("lang")).isEqualTo("en");
    }

    @Test
    void onlyTheHubsLanguagesAreStoredAndOneStoredBeforeFallsBackToEnglishAndSaysSo() throws Exception {
        HttpResponse<String> pt = send("POST", "/api/subscriptions", "{\"email\": \"joao@example.org\", \"language\": \"pt\"}",
                "Content-Type", "application/json");
        assertThat(pt.statusCode()).isEqualTo(400);
        assertThat(pt.body()).contains("en, es, fr");
        assertThat(send("POST", "/api/subscriptions", "{\"email\": \"ana.mx@example.org\", \"language\": \"es-MX\"}",
                "Content-Type", "application/json").statusCode()).isEqualTo(202);
        assertThat(subscriptions.byEmail("ana.mx@example.org").orElseThrow().language()).isEqualTo("es");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> to("ana.mx@example.org").size() == 1);
        assertThat(to("ana.mx@example.org").get(0).getHeader("Content-Language")).containsExactly("es");

        // a member whose language was stored before the form offered only what exists
        subscriptions.request("joao@example.org", "", "weekly", "pt");
        String id = subscriptions.byEmail("joao@example.org").orElseThrow().id();
        subscriptions.confirm(id, store.lastEventSeq());
        String secret = java.nio.file.Files.readString(data.resolve("subscription-secret")).trim();
        String token = new org.practicehub.publish.subscription.Tokens(secret, java.time.Clock.systemUTC())
                .issue(org.practicehub.publish.subscription.Tokens.Purpose.MANAGE, id, java.time.Duration.ofDays(1));
        HttpResponse<String> manage = get("/api/subscriptions/manage?token=" + token + "&lang=fr");
        Document page = html(manage);
        // a token page speaks the member's language (English here), not ?lang= or the browser's, and offers no switcher
        assertThat(manage.headers().firstValue("Content-Language")).hasValue("en");
        assertThat(page.select("nav.languages")).isEmpty();
        assertThat(page.select("#language option[selected]").attr("value")).isEqualTo("en");
        assertThat(page.select("#language option").eachAttr("value")).containsExactly("en", "es", "fr");
        assertThat(page.select("#language-fallback").text()).contains("“pt”", "English");
    }
}
