package org.practicehub.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.camel.BeanInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.PartnerServer;
import org.practicehub.PartnerServer.Answer;
import org.practicehub.TestSupport;
import org.practicehub.config.HubConfiguration;
import org.practicehub.run.RunReport;
import org.practicehub.run.SourceResult;
import org.practicehub.store.Db;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large documents polled at once, through the real cycle: with a size limit of 64,000 bytes every feed here (about
 * 20 KB) counts as large, so the polls take turns with the heap's room, and each gives it back however its poll ended
 * (stored, or failed on a broken document). A room not given back would leave the next large poll waiting for ever.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false"})
class LargeDocumentsTest {

    @TempDir
    static Path dir;
    static PartnerServer partner;
    static TestSupport.Props props = new TestSupport.Props();
    /** The four documents leave the partner together, so that the polls meet at the room. */
    static final CountDownLatch TOGETHER = new CountDownLatch(4);

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    Room room;

    static String feed(String name, int items) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>" + name
                + "</title><link>http://p.org/</link><description>d</description>");
        for (int i = 0; i < items; i++) {
            b.append("<item><title>").append(name).append(" practice number ").append(i).append(" on ").append(Integer.toString(i * 7919, 36))
                    .append("</title><link>http://p.org/").append(name).append('/').append(i).append("</link><guid>").append(name).append('-').append(i)
                    .append("</guid><description>A description long enough to make the document large: ")
                    .append("x".repeat(300)).append("</description></item>");
        }
        return b.append("</channel></rss>").toString();
    }

    @BeforeAll
    static void setUp() throws IOException {
        partner = new PartnerServer();
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        for (String name : new String[] {"large-1", "large-2", "large-3", "large-broken"}) {
            String body = name.equals("large-broken") ? feed(name, 40).replace("</channel>", "<item><title>unclosed</channel>") : feed(name, 40);
            partner.on("/" + name + ".rss", r -> {
                TOGETHER.countDown();
                TOGETHER.await(10, TimeUnit.SECONDS);
                return Answer.ok("application/rss+xml", body);
            });
            Files.writeString(mappings.resolve(name + ".yaml"), "id: " + name + "\nnetwork: Network " + name + "\nkind: feed\nurl: "
                    + partner.url("/" + name + ".rss") + "\n", StandardCharsets.UTF_8);
        }
        // a CSV drop of three files, each small, together large: the poll keeps all their rows until it stores them
        Path drop = Files.createDirectories(dir.resolve("drop"));
        for (int f = 0; f < 3; f++) {
            StringBuilder csv = new StringBuilder("ref;name\n");
            for (int i = 0; i < 20; i++) {
                csv.append("csv-").append(f).append('-').append(i).append(";Drop practice ").append(f).append(' ').append(i).append(' ')
                        .append(Integer.toString((f * 20 + i) * 7919, 36)).append(' ').append("y".repeat(120)).append('\n');
            }
            Files.writeString(drop.resolve("part-" + f + ".csv"), csv, StandardCharsets.UTF_8);
        }
        Files.writeString(mappings.resolve("large-drop.yaml"), "id: large-drop\nnetwork: Network drop\nkind: csv\nurl: " + drop
                + "\ncsv: { delimiter: \";\", encoding: UTF-8 }\nfields:\n  recordId: ref\n  title: name\n", StandardCharsets.UTF_8);
        props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.mappings-dir", mappings.toString())
                .set("hub.fetch.max-bytes", "64000").set("hub.sources.parallelism", "4");
    }

    @AfterAll
    static void tearDown() {
        partner.close();
        props.close();
    }

    @BeanInject
    Db db;
    @BeanInject
    Sources sources;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void largeDocumentsTakeTurnsAndEveryPollGivesTheRoomBack() {
        assertThat(feed("large-1", 40).length()).isBetween(8000, 64000);
        RunReport first = template.requestBody("direct:cycle", null, RunReport.class);
        Map<String, SourceResult> by = first.getSources().stream().collect(Collectors.toMap(SourceResult::sourceId, s -> s));
        for (String id : new String[] {"large-1", "large-2", "large-3"}) {
            assertThat(by.get(id).status()).isEqualTo("ok");
            assertThat(by.get(id).created()).isEqualTo(40);
        }
        assertThat(by.get("large-broken").status()).isEqualTo("error");
        assertThat(by.get("large-broken").error()).startsWith("not a readable RSS/Atom feed");
        assertThat(by.get("large-drop").status()).isEqualTo("ok");
        assertThat(by.get("large-drop").created()).isEqualTo(60);
        // the four feeds arrived together: the polls after the first waited for the room, and each gave it back; the
        // drop's files, together, took it too
        assertThat(room.waits()).isGreaterThanOrEqualTo(1);
        assertThat(room.taken()).isEqualTo(5);
        assertThat(room.free()).isTrue();

        // and again: were the room still held, this cycle would wait for ever
        RunReport second = template.requestBody("direct:cycle", null, RunReport.class);
        assertThat(second.getSources()).filteredOn(s -> s.sourceId().matches("large-[0-9]"))
                .allSatisfy(s -> assertThat(s.unchanged()).isEqualTo(40));
        assertThat(room.free()).isTrue();

        // a poll that fails after its document was read (the store is away when its records are stored) gives it back too
        sql("ALTER TABLE source_record RENAME TO source_record_away");
        try {
            org.apache.camel.Exchange ex = template.send("direct:poll", e -> e.getIn().setBody(sources.get("large-1")));
            SourceResult failed = ex.getProperty("hubPoll", org.practicehub.run.Poll.class).result();
            assertThat(failed.status()).isEqualTo("error");
            assertThat(failed.error()).containsIgnoringCase("source_record");
        } finally {
            sql("ALTER TABLE source_record_away RENAME TO source_record");
        }
        assertThat(room.free()).isTrue();
        // (the failed source now backs off)
        assertThat(template.requestBody("direct:cycle", null, RunReport.class).getSources())
                .filteredOn(s -> s.sourceId().matches("large-[23]")).allSatisfy(s -> assertThat(s.status()).isEqualTo("ok"));
    }

    private void sql(String statement) {
        db.tx(c -> Db.update(c, statement));
    }
}
