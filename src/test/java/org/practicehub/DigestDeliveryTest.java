package org.practicehub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.practicehub.mapping.Mapped;
import org.practicehub.model.Practice;
import org.practicehub.run.DigestResult;
import org.practicehub.run.RunReport;
import org.practicehub.source.Sources;
import org.practicehub.store.Editions;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.Subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery when the SMTP server misbehaves, with real SMTP: GreenMail behind {@link SmtpGate}, a relay that can
 * refuse sessions with 421 (a server going away) or recipients with 550. A run stopped after k of n messages,
 * then run again; a run with the server unreachable, then run again: every reader ends with exactly one message
 * holding exactly its practices. A permanently refused address marks its subscription failing.
 */
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false",
                "hub.smtp.retries=1", "hub.smtp.retry-delay-ms=10", "hub.digest.retry-base=1ms", "hub.subscriptions.max-bounces=2",
                "hub.digest.recipients=list@example.org", "hub.digest.parallelism=3"})
class DigestDeliveryTest {

    static final Pattern PRACTICE_LINK = Pattern.compile("https?://[^/\\s]+/practices/(ph-[0-9a-f]{16})");

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
    @BeanInject
    org.practicehub.store.Db db;
    @BeanInject
    org.practicehub.publish.digest.Digests digests;

    /** Each member's filters, and the same filters written out independently of the hub's code. */
    static final Map<String, String> FILTERS = new LinkedHashMap<>();
    static final Map<String, Predicate<Practice>> EXPECT = new HashMap<>();

    static {
        member("ph@example.org", "country=PH", p -> countries(p).contains("PH"));
        member("diaspora@example.org", "theme=diaspora+engagement", p -> list(p.themes()).contains("diaspora engagement"));
        member("onsite-mx@example.org", "phase=on-site&country=MX", p -> list(p.migrationPhases()).contains("on-site") && countries(p).contains("MX"));
        member("apmagnet@example.org", "network=AP-MagNet", p -> p.networks().contains("AP-MagNet"));
        member("recruit@example.org", "theme=recruitment,human+trafficking",
                p -> list(p.themes()).contains("recruitment") || list(p.themes()).contains("human trafficking"));
        member("all@example.org", "", p -> true);
        member("nothing@example.org", "country=JP", p -> countries(p).contains("JP"));
    }

    static void member(String email, String filters, Predicate<Practice> expect) {
        FILTERS.put(email, filters);
        EXPECT.put(email, expect);
    }

    static List<String> list(List<String> l) {
        return l == null ? List.of() : l;
    }

    static List<String> countries(Practice p) {
        return p.geographicScope() == null ? List.of() : list(p.geographicScope().countries());
    }

    @BeforeAll
    static void start(org.junit.jupiter.api.TestInfo test) throws Exception {
        // PipelinedDigestDeliveryTest: the same story with a server that offers PIPELINING
        gate = SmtpGate.withGreenMail(test.getTestClass().orElseThrow() != DigestDeliveryTest.class);
        mail = gate.greenMail();
        gate.pointAt(props.set("hub.data-dir", data.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        props.close();
        gate.close();
    }

    private void subscribe(String email, String filters) {
        subscriptions.request(email, filters, "weekly", "en");
        subscriptions.confirm(subscriptions.byEmail(email).orElseThrow().id(), store.lastEventSeq());
    }

    /** Message-IDs already looked at: each phase checks only what came after. */
    final Set<String> seen = new java.util.HashSet<>();

    /** Per reader, the practice ids of each message not seen yet. */
    private Map<String, List<Set<String>>> received() throws Exception {
        Map<String, List<Set<String>>> out = new LinkedHashMap<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (seen.contains(m.getMessageID())) {
                continue;
            }
            String to = m.getRecipients(Message.RecipientType.TO)[0].toString();
            Set<String> ids = new TreeSet<>();
            Matcher x = PRACTICE_LINK.matcher((String) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent());
            while (x.find()) {
                ids.add(x.group(1));
            }
            out.computeIfAbsent(to, k -> new ArrayList<>()).add(ids);
        }
        return out;
    }

    /** GreenMail stores a message just after its "250 OK", so the test waits for the count it expects (no sleeping). */
    private void await(int total) {
        assertThat(mail.waitForIncomingEmail(10_000, total)).as("%d messages arrived", total).isTrue();
    }

    private void markSeen() throws Exception {
        for (MimeMessage m : mail.getReceivedMessages()) {
            seen.add(m.getMessageID());
        }
    }

    private Set<String> expected(String email, List<Practice> practices) {
        Set<String> ids = new TreeSet<>();
        practices.stream().filter(EXPECT.get(email)).forEach(p -> ids.add(p.id()));
        return ids;
    }

    private DigestResult cycle() {
        RunReport r = template.requestBody("direct:cycle", null, RunReport.class);
        // a digest that is not due is not run at all
        return r.getDigests().isEmpty() ? new DigestResult("community-updates", "not-due", 0, 0, null) : r.getDigests().get(0);
    }

    /**
     * The digest step of a run without polling the sources again (they would undo the test's changes): what the
     * service's retry timer does.
     */
    private DigestResult digestsOnly() {
        return template.send("direct:digest-run", e -> {
            e.setProperty("hubDigestId", "community-updates");
            e.setProperty("hubForce", false);
        }).getMessage().getBody(DigestResult.class);
    }

    /** What the schedule (or POST /api/digests/{id}/run) does: a new edition now. */
    private DigestResult runNow() {
        return template.send("direct:digest-run", e -> {
            e.setProperty("hubDigestId", "community-updates");
            e.setProperty("hubForce", true);
        }).getMessage().getBody(DigestResult.class);
    }

    private void change(String id, String words) {
        Practice p = store.get(id).orElseThrow();
        Practice.Provenance src = p.sources().get(0);
        Practice changed = new Practice(p.schemaVersion(), null, p.title(), p.summary() + " " + words, p.description(), p.practiceTypes(),
                p.geographicScope(), p.partners(), p.donors(), p.gcmObjectives(), p.gcmGuidingPrinciples(), p.sdgs(), p.migrationPhases(),
                p.themes(), p.implementation(), p.keyBenefits(), p.lessonsLearned(), p.recommendations(), p.innovation(), p.links(),
                p.language(), List.of(), p.unmapped(), null, null);
        store.save(sources.get(src.sourceId()), new Mapped(src.recordId(), src.url(), src.published(), src.updated(), changed));
    }

    /** Every reader has exactly one new message, holding exactly its practices; readers with none get nothing. */
    private void assertEachExactlyOnce(List<Practice> news) throws Exception {
        int readers = 1;
        for (String email : FILTERS.keySet()) {
            if (subscriptions.byEmail(email).orElseThrow().status().equals("active") && !expected(email, news).isEmpty()) {
                readers++;
            }
        }
        await(seen.size() + readers);
        Map<String, List<Set<String>>> got = received();
        for (String email : FILTERS.keySet()) {
            Set<String> want = expected(email, news);
            if (subscriptions.byEmail(email).orElseThrow().status().equals("active") && !want.isEmpty()) {
                assertThat(got.get(email)).as(email).containsExactly(want);
            } else {
                assertThat(got).as(email).doesNotContainKey(email);
            }
        }
        Set<String> all = new TreeSet<>();
        news.forEach(p -> all.add(p.id()));
        assertThat(got.get("list@example.org")).as("the fixed address").containsExactly(all);
        assertThat(got).hasSize(readers);
        assertThat(mail.getReceivedMessages()).hasSize(seen.size() + readers);
        markSeen();
    }

    @Test
    void stoppedAfterKOfNThenUnreachableThenRefusedEveryReaderGetsExactlyOneMessage() throws Exception {
        FILTERS.forEach(this::subscribe);

        // the server takes 3 sessions, then answers 421: the run stops there
        gate.budget(3);
        DigestResult stopped = cycle();
        assertThat(stopped.status()).isEqualTo("failed");
        assertThat(stopped.error()).contains("retried with backoff");
        await(3);
        assertThat(mail.getReceivedMessages()).hasSize(3);
        assertThat(stopped.messages()).isEqualTo(3);

        // started again with the server back: the open edition is finished, nobody gets a second copy
        gate.budget(-1);
        DigestResult resumed = cycle();
        assertThat(resumed.status()).isEqualTo("sent");
        List<Practice> everything = store.all();
        assertEachExactlyOnce(everything);
        assertThat(cycle().status()).isIn("nothing-new", "not-due");
        assertThat(received()).isEmpty();

        // new changes, and the server unreachable for a whole run: nothing is sent, nothing is marked
        // practices one network carries, so that the changed summary is the practice's own
        List<String> changed = List.of(everything.stream().filter(p -> countries(p).contains("PH") && p.sources().size() == 1).findFirst().orElseThrow().id(),
                everything.stream().filter(p -> countries(p).contains("MX") && p.sources().size() == 1).findFirst().orElseThrow().id());
        changed.forEach(id -> change(id, "Extended in 2026."));
        gate.open(false);
        DigestResult down = runNow();
        assertThat(down.status()).isEqualTo("failed");
        assertThat(down.messages()).isZero();
        assertThat(received()).isEmpty();
        gate.open(true);
        // the next --once run finds the open edition's retry due (hub.digest.retry-base is 1 ms: a run within that
        // millisecond would find it not due yet)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> digests.retriesDue().contains("community-updates"));
        DigestResult back = digestsOnly();
        assertThat(back.status()).isEqualTo("sent");
        assertEachExactlyOnce(store.byIds(changed));

        // a permanent refusal (550) counts against that member only; at hub.subscriptions.max-bounces it is failing
        gate.refuse("all@example.org");
        change(changed.get(0), "Evaluated.");
        DigestResult refused = runNow();
        assertThat(refused.status()).isEqualTo("sent");
        assertThat(refused.error()).contains("1 refused");
        assertThat(subscriptions.byEmail("all@example.org").orElseThrow().status()).isEqualTo("active");
        digestsOnly();
        assertThat(subscriptions.byEmail("all@example.org").orElseThrow().status()).isEqualTo("failing");
        assertEachExactlyOnce(store.byIds(List.of(changed.get(0))));
        Editions editions = new Editions(db, java.time.Clock.systemUTC());
        assertThat(editions.open("community-updates")).isEmpty();
        assertThat(editions.deliveries("community-updates", 100)).filteredOn(d -> d.get("recipient").equals("all@example.org"))
                .extracting(d -> d.get("status")).contains("refused");
        // the transactions went the way the server offered: pipelined when it announced PIPELINING, else one by one
        if (getClass() == DigestDeliveryTest.class) {
            assertThat(gate.pipelined()).isZero();
        } else {
            assertThat(gate.pipelined()).isGreaterThan(10);
        }
    }
}
