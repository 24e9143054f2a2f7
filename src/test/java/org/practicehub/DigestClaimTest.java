package org.practicehub;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.config.HubConfiguration;
import org.practicehub.model.Practice;
import org.practicehub.publish.digest.Digests;
import org.practicehub.run.DigestResult;
import org.practicehub.run.RunReport;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two runs of one digest asked for at once on one instance (a cycle's, and the admin's "run now"): the second finds
 * the digest claimed, sends nothing and says which instance runs it; the first finishes, and every reader has exactly
 * one message. The SMTP server (GreenMail behind {@link SmtpGate}) holds the first run after a few messages, so the
 * second comes while the first is surely under way.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false",
                "hub.instance-id=h2-one", "hub.digest.recipients=list@example.org", "hub.digest.parallelism=2"})
class DigestClaimTest {

    static final List<String> MEMBERS = List.of("m1@example.org", "m2@example.org", "m3@example.org", "m4@example.org", "m5@example.org");

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
    Digests digests;

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

    private DigestResult runNow() {
        return template.send("direct:digest-run", e -> {
            e.setProperty("hubDigestId", "community-updates");
            e.setProperty("hubForce", true);
        }).getMessage().getBody(DigestResult.class);
    }

    /** Per reader, the practice ids of each message. */
    private static Map<String, List<Set<String>>> received() throws Exception {
        Map<String, List<Set<String>>> out = new LinkedHashMap<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            Set<String> ids = new TreeSet<>();
            Matcher x = DigestDeliveryTest.PRACTICE_LINK.matcher((String) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent());
            while (x.find()) {
                ids.add(x.group(1));
            }
            out.computeIfAbsent(m.getRecipients(Message.RecipientType.TO)[0].toString(), k -> new ArrayList<>()).add(ids);
        }
        return out;
    }

    @Test
    void aSecondRunWhileTheFirstIsUnderWayIsSkippedAndSaysWhereTheFirstRuns() throws Exception {
        for (String m : MEMBERS) {
            subscriptions.request(m, "", "weekly", "en");
            subscriptions.confirm(subscriptions.byEmail(m).orElseThrow().id(), store.lastEventSeq());
        }
        // a cycle: the sources, then the digest (due: it never ran), held by the server after two messages
        gate.hold(2);
        CompletableFuture<RunReport> cycle = template.asyncRequestBody("direct:cycle", null, RunReport.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> gate.holding() > 0);
        assertThat(digests.list().get(0)).containsKey("running");

        DigestResult second = runNow();
        assertThat(second.status()).isEqualTo("busy");
        assertThat(second.runningOn()).isEqualTo("running on instance h2-one");
        assertThat(second.messages()).isZero();

        gate.release();
        DigestResult first = cycle.get(60, TimeUnit.SECONDS).getDigests().get(0);
        assertThat(first.status()).isEqualTo("sent");
        assertThat(first.messages()).isEqualTo(MEMBERS.size() + 1);
        assertThat(mail.waitForIncomingEmail(10_000, MEMBERS.size() + 1)).isTrue();
        Set<String> all = new TreeSet<>();
        store.all().stream().map(Practice::id).forEach(all::add);
        Map<String, List<Set<String>>> got = received();
        assertThat(got).hasSize(MEMBERS.size() + 1);
        got.forEach((reader, messages) -> assertThat(messages).as(reader).containsExactly(all));
        // the claim went with the run: the next run is free to start, and finds nothing new
        assertThat(digests.list().get(0)).doesNotContainKey("running");
        assertThat(runNow().status()).isEqualTo("nothing-new");
        assertThat(mail.getReceivedMessages()).hasSize(MEMBERS.size() + 1);
    }
}
