package org.practicehub;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.PartnerServer.Answer;
import org.practicehub.pg.FeedFarm;
import org.practicehub.pg.Pg;
import org.practicehub.run.RunReport;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.SourceStates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub on PostgreSQL, from the real Main: the samples give the same store as on H2; a PostgreSQL restart in the
 * middle of ingest is reported, healed without help, and leaves the store as a run without the outage leaves it.
 * Skipped without a server (Pg); .ci/pg-tests runs them.
 */
class PostgresHubTest {

    @TempDir
    Path dir;

    @BeforeEach
    void server() {
        Pg.assumeServer();
    }

    static Map<String, String> config(Path data, String dbUrl) {
        Map<String, String> p = new HashMap<>();
        p.put("hub.data-dir", data.toString());
        p.put("camel.server.enabled", "false");
        p.put("camel.management.enabled", "false");
        p.put("hub.schedule.enabled", "false");
        // one source at a time: which of two matching records arrives first decides the surviving id, and the
        // two stores are compared byte for byte
        p.put("hub.sources.parallelism", "1");
        if (dbUrl != null) {
            p.put("hub.db.url", dbUrl);
            p.put("hub.db.user", Pg.user());
            p.put("hub.db.password", Pg.password());
        }
        return p;
    }

    @Test
    void samplesGiveTheSameStoreOnPostgresAsOnH2() throws Exception {
        String pg = Pg.newDatabase("samples");
        try (HubInstance h2 = HubInstance.start(config(dir.resolve("h2"), null))) {
            h2.context().createProducerTemplate().requestBody("direct:cycle", null, RunReport.class);
        }
        RunReport again;
        try (HubInstance hub = HubInstance.start(config(dir.resolve("pg"), pg))) {
            RunReport first = hub.context().createProducerTemplate().requestBody("direct:cycle", null, RunReport.class);
            assertThat(first.getTotals()).containsEntry("read", 22).containsEntry("new", 21).containsEntry("rejected", 1);
            again = hub.context().createProducerTemplate().requestBody("direct:cycle", null, RunReport.class);
            assertThat(hub.bean("store", PracticeStore.class).rejected("mnh-repository")).singleElement()
                    .satisfies(r -> assertThat(r.timesSeen()).isEqualTo(2));
        }
        assertThat(again.getTotals()).containsEntry("new", 0).containsEntry("updated", 0).containsEntry("unchanged", 21);
        try (Connection a = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("h2/db/hub"), "sa", "");
             Connection b = Pg.connect(pg)) {
            List<String> onH2 = HubInstance.storeContents(a);
            assertThat(onH2).hasSizeGreaterThan(40);
            assertThat(HubInstance.storeContents(b)).isEqualTo(onH2);
        }
        // the depository folders hold the same files, and the same bytes where no clock reading is in them
        assertThat(TestSupport.snapshot(dir.resolve("pg/depository")).keySet())
                .isEqualTo(TestSupport.snapshot(dir.resolve("h2/depository")).keySet());
    }

    @Test
    void aPostgresRestartDuringIngestIsReportedAndHealsByItselfLeavingTheStoreAsWithoutIt() throws Exception {
        Pg.assumeCtl();
        FeedFarm farm = new FeedFarm(8, 40, 0);
        CountDownLatch release = new CountDownLatch(1);
        try {
            // the second half of the partners answer only once the database is down: their records arrive in the outage
            for (int f = 4; f < 8; f++) {
                int feed = f;
                farm.server.on(FeedFarm.path(f), r -> {
                    release.await(60, TimeUnit.SECONDS);
                    return Answer.ok("application/rss+xml", farm.rss(feed, farm.itemsAt(0)));
                });
            }
            String db = Pg.newDatabase("outage");
            Map<String, String> p = config(dir.resolve("outage"), db);
            p.put("hub.mappings-dir", farm.mappings(dir.resolve("mappings"), "1s").toString());
            p.put("hub.schedule.enabled", "true");
            p.put("hub.cluster.enabled", "false");
            p.put("hub.sources.backoff-base", "1s");
            p.put("hub.sources.backoff-max", "2s");
            p.put("hub.db.pool.connection-timeout-ms", "1000");
            try (HubInstance hub = HubInstance.start(p)) {
                PracticeStore store = hub.bean("store", PracticeStore.class);
                HealthCheck database = hub.bean("databaseReadiness", HealthCheck.class);
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> store.count() == 4 * 40);
                assertThat(database.call().getState()).isEqualTo(HealthCheck.State.UP);

                Pg.ctl("stop");
                try {
                    release.countDown();
                    // the outage is reported: the instance is no longer ready, and says why
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        HealthCheck.Result r = database.call();
                        assertThat(r.getState()).isEqualTo(HealthCheck.State.DOWN);
                        assertThat(r.getMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("database unreachable"));
                    });
                } finally {
                    Pg.ctl("start");
                }
                // nobody intervenes: the schedules go on, the pool reconnects, every record arrives
                SourceStates states = hub.bean("sourceStates", SourceStates.class);
                await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(store.count()).isEqualTo(8 * 40);
                    assertThat(states.list()).hasSize(8).allSatisfy(s -> assertThat(s.get("status")).isEqualTo("ok"));
                });
                assertThat(database.call().getState()).isEqualTo(HealthCheck.State.UP);
            }

            // the same partners without an outage
            String reference = Pg.newDatabase("reference");
            Map<String, String> q = new HashMap<>(p);
            q.put("hub.data-dir", dir.resolve("reference").toString());
            q.put("hub.db.url", reference);
            try (HubInstance hub = HubInstance.start(q)) {
                PracticeStore store = hub.bean("store", PracticeStore.class);
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> store.count() == 8 * 40);
            }
            try (Connection a = Pg.connect(db); Connection b = Pg.connect(reference)) {
                assertThat(HubInstance.storeContents(a)).hasSize(2 * 8 * 40).isEqualTo(HubInstance.storeContents(b));
            }
        } finally {
            release.countDown();
            farm.close();
        }
    }
}
