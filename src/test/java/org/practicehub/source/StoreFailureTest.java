package org.practicehub.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.BeanInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.PartnerServer;
import org.practicehub.PartnerServer.Answer;
import org.practicehub.TestSupport;
import org.practicehub.config.HubConfiguration;
import org.practicehub.run.SourceResult;
import org.practicehub.store.Db;
import org.practicehub.store.SourceStates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store failing while one record of a poll is handled: the poll fails as a whole and keeps no validators, so the
 * next poll reads the same records again (an answer of 304 then would lose the record for good).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@CamelMainTest(configurationClasses = HubConfiguration.class, propertyPlaceholderLocations = "classpath:application.properties",
        properties = {"hub.schedule.enabled=false", "camel.server.enabled=false", "camel.management.enabled=false"})
class StoreFailureTest {

    @TempDir
    static Path dir;
    static PartnerServer partner;
    static TestSupport.Props props = new TestSupport.Props();

    @BeanInject
    ProducerTemplate template;
    @BeanInject
    Sources sources;
    @BeanInject
    SourceStates states;
    @BeanInject
    Db db;

    @BeforeAll
    static void setUp() throws IOException {
        partner = new PartnerServer();
        // two practices and one item without a title, which the store keeps among the rejected records
        String feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>http://p.org/</link><description>d</description>"
                + "<item><title>Return desk</title><link>http://p.org/1</link><guid>1</guid></item>"
                + "<item><guid>untitled</guid><description>no title here</description></item>"
                + "<item><title>Consular outreach</title><link>http://p.org/2</link><guid>2</guid></item></channel></rss>";
        partner.on("/feed.rss", r -> "\"v1\"".equals(r.header("If-None-Match")) ? Answer.status(304, Map.of("ETag", "\"v1\""))
                : new Answer(200, Map.of("Content-Type", "application/rss+xml", "ETag", "\"v1\""), feed.getBytes(StandardCharsets.UTF_8)));
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappings.resolve("partner.yaml"), "id: partner\nnetwork: Partner network\nkind: feed\nurl: "
                + partner.url("/feed.rss") + "\n", StandardCharsets.UTF_8);
        // one record a batch: the practices are stored as the records go, before and after the failing one
        props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.mappings-dir", mappings.toString()).set("hub.store.batch-size", "1");
    }

    @AfterAll
    static void tearDown() {
        partner.close();
        props.close();
    }

    private SourceResult poll() {
        Exchange ex = template.send("direct:poll", e -> e.getIn().setBody(sources.get("partner")));
        assertThat(ex.getException()).isNull();
        return ex.getProperty("hubPoll", org.practicehub.run.Poll.class).result();
    }

    @Test
    void aRecordTheStoreFailsOnFailsItsPollAndIsReadAgain() {
        sql("ALTER TABLE rejected_record RENAME TO rejected_record_away");
        SourceResult failed;
        try {
            failed = poll();
        } finally {
            sql("ALTER TABLE rejected_record_away RENAME TO rejected_record");
        }
        assertThat(failed.status()).isEqualTo("error");
        assertThat(failed.error()).containsIgnoringCase("rejected_record");
        // the record before it was stored; the one after it waits for the next poll
        assertThat(failed.created()).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM source_record WHERE source_id = 'partner'")).isEqualTo(1);
        // no validators kept: the partner's 304 would hide the record
        assertThat(states.get("partner")).hasValueSatisfying(s -> assertThat(s.etag()).isNull());

        sql("UPDATE source_state SET next_attempt = NULL WHERE source_id = 'partner'");
        SourceResult again = poll();
        assertThat(again.status()).isEqualTo("ok");
        assertThat(again.rejected()).isEqualTo(1);
        assertThat(again.created()).isEqualTo(1);
        assertThat(again.unchanged()).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM rejected_record WHERE source_id = 'partner'")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM source_record WHERE source_id = 'partner'")).isEqualTo(2);
        assertThat(states.get("partner")).hasValueSatisfying(s -> assertThat(s.etag()).isEqualTo("\"v1\""));
        assertThat(poll().status()).isEqualTo("not-modified");
    }

    private void sql(String statement) {
        db.tx(c -> Db.update(c, statement));
    }
}
