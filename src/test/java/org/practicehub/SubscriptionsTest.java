package org.practicehub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.io.WireFeedInput;
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
import org.practicehub.config.HubConfiguration;
import org.practicehub.source.Sources;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.Subscriptions;
import org.xml.sax.InputSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member's whole way over real HTTP and real SMTP (GreenMail): subscribe, the confirmation mail and its link,
 * a digest with exactly the practices matching the member's filters, one-click unsubscribe (RFC 8058 POST), and
 * nothing at the next run; the edition in the depository once. And requests that try to inject a header or
 * give a malformed address are refused with 400 and change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.management.enabled=false", "hub.subscriptions.rate-limit-per-client=1000"})
class SubscriptionsTest {

    static final String TOKEN = "test-admin-token-0123456789";
    static final Pattern PRACTICE_LINK = Pattern.compile("https?://[^/\\s]+/practices/(ph-[0-9a-f]{16})");

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
                .set("hub.smtp.host", "127.0.0.1").set("hub.smtp.port", String.valueOf(mail.getSmtp().getPort()))
                .set("hub.mail.reply-to", "Facilitator <facilitator@practicehub.local>");
    }

    @AfterAll
    static void stop() {
        props.close();
        mail.stop();
    }

    private HttpResponse<String> send(String method, String url, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : "http://127.0.0.1:" + port + url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> subscribe(String json) throws Exception {
        return send("POST", "/api/subscriptions", json, "Content-Type", "application/json");
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

    private static Set<String> practiceIds(MimeMessage m) throws Exception {
        Set<String> ids = new TreeSet<>();
        Matcher x = PRACTICE_LINK.matcher(TestSupport.mailText(m));
        while (x.find()) {
            ids.add(x.group(1));
        }
        return ids;
    }

    private Set<String> expected(String query) throws Exception {
        JsonNode page = TestSupport.JSON.readTree(send("GET", "/api/practices?limit=100&" + query, null).body());
        Set<String> ids = new TreeSet<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    private String confirm(String email) throws Exception {
        List<MimeMessage> got = to(email);
        assertThat(got).isNotEmpty();
        String url = TestSupport.mailLink(TestSupport.mailText(got.get(got.size() - 1)), "/api/subscriptions/confirm");
        HttpResponse<String> confirmed = send("GET", url, null);
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("Subscription confirmed");
        return url;
    }

    @Test
    void subscribeConfirmReceiveUnsubscribeAndNothingMore() throws Exception {
        HttpResponse<String> first = subscribe("{\"email\": \"ana@example.org\", \"filters\": {\"country\": [\"Philippines\"]},"
                + " \"frequency\": \"weekly\", \"language\": \"en\"}");
        assertThat(first.statusCode()).isEqualTo(202);
        // a second member, on themes and phases; and the first address again: the same answer, nothing revealed
        assertThat(subscribe("{\"email\": \"ben@example.org\", \"filters\": {\"theme\": [\"reintegration\"], \"phase\": \"Return\"}}")
                .statusCode()).isEqualTo(202);
        HttpResponse<String> again = subscribe("{\"email\": \"ANA@example.org\", \"filters\": {\"country\": [\"PH\"]}}");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.body()).isEqualTo(first.body());

        // GreenMail stores a message just after its "250 OK": wait for the count expected, no sleeping
        assertThat(mail.waitForIncomingEmail(10_000, 3)).isTrue();
        MimeMessage confirmation = to("ana@example.org").get(0);
        assertThat(confirmation.getSubject()).contains("confirm");
        assertThat(confirmation.getHeader("Reply-To", null)).contains("facilitator@practicehub.local");
        String confirmUrl = confirm("ana@example.org");
        confirm("ben@example.org");
        // a tampered token confirms nothing
        assertThat(send("GET", TestSupport.tamper(confirmUrl), null).statusCode()).isEqualTo(400);
        // once active, a new request for the address mails a note with the manage link, and the answer is still the same
        HttpResponse<String> third = subscribe("{\"email\": \"ana@example.org\"}");
        assertThat(third.body()).isEqualTo(first.body());
        assertThat(mail.waitForIncomingEmail(10_000, 4)).isTrue();
        assertThat(TestSupport.mailText(to("ana@example.org").get(to("ana@example.org").size() - 1))).contains("/api/subscriptions/manage?token=");
        int before = mail.getReceivedMessages().length;

        template.requestBody("direct:cycle", (Object) null);
        assertThat(mail.waitForIncomingEmail(10_000, before + 3)).isTrue();

        MimeMessage digest = to("ana@example.org").stream().filter(m -> subject(m).startsWith("Community Updates")).findFirst().orElseThrow();
        assertThat(practiceIds(digest)).isEqualTo(expected("country=PH")).hasSize(2);
        MimeMessage benDigest = to("ben@example.org").stream().filter(m -> subject(m).startsWith("Community Updates")).findFirst().orElseThrow();
        assertThat(practiceIds(benDigest)).isEqualTo(expected("theme=reintegration&phase=return+and+reintegration")).isNotEmpty();
        // the fixed address gets the network-wide edition; each reader one message
        assertThat(practiceIds(to("members@practicehub.local").get(0))).hasSize(20);
        assertThat(mail.getReceivedMessages()).hasSize(before + 3);

        assertThat(digest.getSubject()).isEqualTo("Community Updates: 2 new practices");
        assertThat(digest.getFrom()[0].toString()).contains("digests@practicehub.local");
        assertThat(digest.getHeader("Reply-To", null)).contains("facilitator@practicehub.local");
        assertThat(digest.getHeader("Message-ID", null)).matches("<community-updates\\.\\d+\\.[0-9a-f]{32}\\.\\d+@practicehub\\.local>");
        assertThat(digest.getSentDate()).isNotNull();
        assertThat(digest.getHeader("List-Id", null)).isEqualTo("Community Updates <community-updates.practice-hub>");
        assertThat(digest.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        String listUnsubscribe = digest.getHeader("List-Unsubscribe", null);
        assertThat(listUnsubscribe).matches("<http://127\\.0\\.0\\.1:\\d+/api/subscriptions/unsubscribe\\?token=[^>]+>, <mailto:digests@practicehub\\.local\\?subject=unsubscribe%20[^>]+>");
        assertThat(digest.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) digest.getContent();
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(1).getContent()).contains("style=\"").doesNotContain("<style");
        assertThat(TestSupport.mailText(digest)).contains("/api/subscriptions/manage?token=", "/api/subscriptions/unsubscribe?token=");
        // as it went on the wire (written by the hub, not jakarta.mail): CRLF lines within 998 characters, the bodies'
        // within 76, and none starting with a full stop (SMTP's dot-stuffing has nothing to do)
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        digest.writeTo(wire);
        String raw = wire.toString(java.nio.charset.StandardCharsets.US_ASCII);
        String bodies = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        assertThat(raw.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        assertThat(raw.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        assertThat(bodies.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(76))
                .noneSatisfy(line -> assertThat(line).startsWith("."));

        // the manage link shows the settings
        HttpResponse<String> manage = send("GET", TestSupport.mailLink(TestSupport.mailText(digest), "/api/subscriptions/manage"), null);
        assertThat(manage.statusCode()).isEqualTo(200);
        assertThat(TestSupport.JSON.readTree(manage.body()).at("/filters/country/0").asText()).isEqualTo("PH");

        // the edition, network-wide, once in the depository's Atom feed and in /api/updates
        Path atom = data.resolve("depository/updates.atom");
        Feed feed = (Feed) new WireFeedInput().build(new InputSource(Files.newInputStream(atom)));
        assertThat(feed.getEntries()).singleElement().satisfies(e -> assertThat(e.getId()).startsWith("tag:practice-hub,2026:update:community-updates:"));
        JsonNode updates = TestSupport.JSON.readTree(send("GET", "/api/updates", null).body());
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).get("practices").asInt()).isEqualTo(20);
        HttpResponse<String> page = send("GET", updates.get(0).get("html").asText(), null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Community Updates");
        assertThat(TestSupport.JSON.readTree(send("GET", updates.get(0).get("json").asText(), null).body()).get("practices")).hasSize(20);
        assertThat(send("GET", "/api/updates/community-updates/..%2F..%2Fadmin-token", null).statusCode()).isEqualTo(404);

        // the GET of the unsubscribe link only shows a page with one button; the RFC 8058 POST unsubscribes
        String unsubscribe = listUnsubscribe.substring(1, listUnsubscribe.indexOf('>'));
        HttpResponse<String> pageGet = send("GET", unsubscribe, null);
        assertThat(pageGet.body()).contains("<form method=\"post\"", "<button");
        assertThat(subscriptions.byEmail("ana@example.org").orElseThrow().status()).isEqualTo("active");
        HttpResponse<String> oneClick = send("POST", unsubscribe, "List-Unsubscribe=One-Click", "Content-Type", "application/x-www-form-urlencoded");
        assertThat(oneClick.statusCode()).isEqualTo(200);
        assertThat(subscriptions.byEmail("ana@example.org").orElseThrow().status()).isEqualTo("unsubscribed");

        // a Philippine practice changes: Ben (reintegration) hears of it as updated, Ana (gone) hears nothing
        String ph = expected("country=PH&theme=reintegration").iterator().next();
        change(ph);
        int beforeSecond = mail.getReceivedMessages().length;
        HttpResponse<String> admin = send("GET", "/api/digests/community-updates/preview?email=ben@example.org", null, "Authorization", "Bearer " + TOKEN);
        assertThat(TestSupport.JSON.readTree(admin.body()).get("practices").toString()).isEqualTo("[\"" + ph + "\"]");
        JsonNode run = TestSupport.job(http, "http://127.0.0.1:" + port, TOKEN,
                send("POST", "/api/digests/community-updates/run", null, "Authorization", "Bearer " + TOKEN));
        assertThat(run.at("/result/messages").asInt()).isEqualTo(2);
        assertThat(mail.waitForIncomingEmail(10_000, beforeSecond + 2)).isTrue();
        assertThat(to("ana@example.org").stream().filter(m -> subject(m).startsWith("Community Updates"))).hasSize(1);
        List<MimeMessage> benAll = to("ben@example.org").stream().filter(m -> subject(m).startsWith("Community Updates")).toList();
        assertThat(benAll).hasSize(2);
        assertThat(practiceIds(benAll.get(1))).containsExactly(ph);
        assertThat(TestSupport.mailText(benAll.get(1))).contains("(updated)");
        assertThat(mail.getReceivedMessages()).hasSize(beforeSecond + 2);
        // the second edition is in the feed as a second entry, the first unchanged
        feed = (Feed) new WireFeedInput().build(new InputSource(Files.newInputStream(atom)));
        assertThat(feed.getEntries()).hasSize(2);

        JsonNode deliveries = TestSupport.JSON.readTree(send("GET", "/api/digests/community-updates/deliveries", null, "Authorization", "Bearer " + TOKEN).body());
        assertThat(deliveries).hasSize(5).allSatisfy(d -> assertThat(d.get("status").asText()).isEqualTo("sent"));
        assertThat(send("GET", "/api/digests", null).statusCode()).isEqualTo(401);
        JsonNode list = TestSupport.JSON.readTree(send("GET", "/api/digests", null, "Authorization", "Bearer " + TOKEN).body());
        assertThat(list.get(0).get("id").asText()).isEqualTo("community-updates");
        assertThat(list.get(0).get("nextFire").asText()).isNotBlank();
        assertThat(send("POST", "/api/digests/nope/run", null, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void change(String id) {
        TestSupport.changeSummary(store, sources, store.get(id).orElseThrow(), " Now in three provinces.");
    }

    @Test
    void headerInjectionAndMalformedAddressesAreRefusedAndChangeNothing() throws Exception {
        Map<String, Integer> counts = subscriptions.counts();
        int mails = mail.getReceivedMessages().length;
        List<String> bad = List.of(
                "{\"email\": \"eve@example.org\\r\\nBcc: victim@example.org\"}",
                "{\"email\": \"eve@example.org\\nSubject: hi\"}",
                "{\"email\": \"Eve <eve@example.org>\"}",
                "{\"email\": \"eve@example.org, victim@example.org\"}",
                "{\"email\": \"eve@@example.org\"}",
                "{\"email\": \"eve@example\"}",
                "{\"email\": \"eve example@example.org\"}",
                "{\"email\": \"" + "a".repeat(65) + "@example.org\"}",
                "{\"email\": \"eve@" + "a".repeat(64) + ".org\"}",
                "{\"email\": \"" + "a".repeat(60) + "@" + ("b".repeat(60) + ".").repeat(4) + "org\"}",
                "{\"email\": \"\\u00e8ve@example.org\"}",
                "{\"email\": \"eve@example.org\", \"language\": \"en\\r\\nBcc: victim@example.org\"}",
                "{\"email\": \"eve@example.org\", \"filters\": {\"theme\": [\"recruitment\\r\\nBcc: x@example.org\"]}}",
                "{\"email\": \"eve@example.org\", \"filters\": {\"theme\": [\"astrology\"]}}",
                "{\"email\": \"eve@example.org\", \"filters\": {\"q\": \"x\"}}",
                "{\"email\": \"eve@example.org\", \"frequency\": \"hourly\"}",
                "{\"email\": \"eve@example.org\", \"bcc\": \"victim@example.org\"}",
                "not json",
                "[]");
        for (String body : bad) {
            HttpResponse<String> r = subscribe(body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(TestSupport.JSON.readTree(r.body()).get("detail").asText()).as(body).isNotBlank().doesNotContain("\n");
        }
        assertThat(subscribe("{\"email\": \"x@example.org\", \"language\": \"" + "a".repeat(9000) + "\"}").statusCode()).isEqualTo(413);
        assertThat(subscriptions.counts()).isEqualTo(counts);
        assertThat(mail.getReceivedMessages()).hasSize(mails);
        // forged and wrong-purpose tokens do nothing
        assertThat(send("POST", "/api/subscriptions/unsubscribe?token=abc.def", null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/subscriptions/manage?token=abc.def", null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/subscriptions/confirm", null).statusCode()).isEqualTo(400);
    }
}
