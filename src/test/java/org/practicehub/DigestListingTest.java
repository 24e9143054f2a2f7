package org.practicehub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;
import org.practicehub.model.Practice;
import org.practicehub.run.DigestResult;
import org.practicehub.run.RunReport;
import org.practicehub.source.Deleted;
import org.practicehub.source.Sources;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A digest whose edition holds more practices than a message lists in full ({@code hub.digest.max-listed}): the run
 * holds only the listed practices, yet every message lists the right first ones and counts the rest, and the
 * edition's JSON in the depository still names every practice. A practice withdrawn while its edition is open is
 * left out of the messages still owed, and the next one takes its place in the listing.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false",
                "hub.smtp.retries=0", "hub.digest.retry-base=1ms", "hub.digest.max-listed=3", "hub.digest.recipients=list@example.org"})
class DigestListingTest {

    @TempDir
    static Path data;
    static GreenMail mail;
    static SmtpGate gate;
    static TestSupport.Props props = new TestSupport.Props();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    PracticeStore store;
    @BeanInject
    Subscriptions subscriptions;
    @BeanInject
    Sources sources;

    @BeforeAll
    static void start() throws Exception {
        gate = SmtpGate.withGreenMail(false);
        mail = gate.greenMail();
        gate.pointAt(props.set("hub.data-dir", data.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        props.close();
        gate.close();
    }

    /** Per reader, the text part of its one message. */
    private Map<String, String> texts() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            String to = m.getRecipients(Message.RecipientType.TO)[0].toString();
            assertThat(out).as("one message for %s", to).doesNotContainKey(to);
            out.put(to, TestSupport.mailText(m));
        }
        return out;
    }

    private static List<String> links(String text) {
        List<String> ids = new ArrayList<>();
        Matcher x = DigestDeliveryTest.PRACTICE_LINK.matcher(text);
        while (x.find()) {
            ids.add(x.group(1));
        }
        return ids;
    }

    @Test
    void messagesListTheFirstPracticesInFullAndCountTheRestTheEditionNamesThemAll() throws Exception {
        subscriptions.request("all@example.org", "", "weekly", "en");
        subscriptions.confirm(subscriptions.byEmail("all@example.org").orElseThrow().id(), 0);
        subscriptions.request("ph@example.org", "country=PH", "weekly", "en");
        subscriptions.confirm(subscriptions.byEmail("ph@example.org").orElseThrow().id(), 0);

        // the first cycle's digest finds the SMTP server away: its edition stays open, owed to all three readers
        gate.open(false);
        RunReport first = template.requestBody("direct:cycle", null, RunReport.class);
        assertThat(first.getDigests().get(0).status()).isEqualTo("failed");
        List<Practice> all = store.all();
        assertThat(all).hasSizeGreaterThan(6);

        // the edition in the depository names every practice, though the run held only the listed ones
        Path dir = data.resolve("depository").resolve("updates").resolve("community-updates");
        try (var files = Files.list(dir)) {
            Path json = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
            JsonNode edition = TestSupport.JSON.readTree(json.toFile());
            assertThat(edition.get("count").asInt()).isEqualTo(all.size());
            List<String> named = new ArrayList<>();
            edition.get("practices").forEach(p -> {
                named.add(p.get("id").asText());
                Practice stored = store.get(p.get("id").asText()).orElseThrow();
                assertThat(p.get("title").asText()).isEqualTo(stored.title());
                assertThat(p.get("networks")).hasSize(stored.networks().size());
                assertThat(p.get("status").asText()).isEqualTo("new");
            });
            assertThat(named).containsExactlyInAnyOrderElementsOf(all.stream().map(Practice::id).toList());
            String html = Files.readString(json.resolveSibling(json.getFileName().toString().replace(".json", ".html")));
            assertThat(links(html)).hasSize(3).isEqualTo(named.subList(0, 3));
            assertThat(html).contains("and " + (all.size() - 3) + " more in the shared depository");

            // the first listed practice is withdrawn while the edition is open: the messages still owed leave it out
            String gone = named.get(0);
            Practice.Provenance src = store.get(gone).orElseThrow().sources().get(0);
            assertThat(store.withdraw(sources.get(src.sourceId()), new Deleted(src.recordId(), "test"))).isTrue();
            gate.open(true);
            DigestResult resumed = template.send("direct:digest-run", e -> {
                e.setProperty("hubDigestId", "community-updates");
                e.setProperty("hubForce", false);
            }).getMessage().getBody(DigestResult.class);
            assertThat(resumed.status()).as(String.valueOf(resumed.error())).isEqualTo("sent");
            assertThat(mail.waitForIncomingEmail(10_000, 3)).isTrue();
            Map<String, String> texts = texts();
            assertThat(texts.keySet()).containsExactlyInAnyOrder("list@example.org", "all@example.org", "ph@example.org");

            List<String> live = named.subList(1, named.size());
            for (String reader : List.of("list@example.org", "all@example.org")) {
                assertThat(links(texts.get(reader))).as(reader).isEqualTo(live.subList(0, 3));
                assertThat(texts.get(reader)).as(reader).contains("...and " + (live.size() - 3) + " more in the shared depository");
            }
            List<String> ph = live.stream().filter(id -> {
                Practice p = store.get(id).orElseThrow();
                return p.geographicScope() != null && p.geographicScope().countries() != null && p.geographicScope().countries().contains("PH");
            }).toList();
            assertThat(ph).isNotEmpty();
            assertThat(links(texts.get("ph@example.org"))).as("ph").isEqualTo(ph.subList(0, Math.min(3, ph.size())));
            if (ph.size() > 3) {
                assertThat(texts.get("ph@example.org")).contains("...and " + (ph.size() - 3) + " more");
            } else {
                assertThat(texts.get("ph@example.org")).doesNotContain("more in the shared depository");
            }
        }
    }
}
