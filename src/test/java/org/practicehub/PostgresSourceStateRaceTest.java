package org.practicehub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.practicehub.pg.Pg;
import org.practicehub.run.SourceResult;
import org.practicehub.source.Kind;
import org.practicehub.source.SourceDef;
import org.practicehub.source.SourceOptions;
import org.practicehub.store.Db;
import org.practicehub.store.PracticeStore;
import org.practicehub.store.SourceStates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances polling one source at once, on PostgreSQL, for its first time: both find no row for the source (its
 * state, a rejected record) and both insert it. The other instance's insert is held open here, on a connection of the
 * test's own; this instance's write waits for it on the key, and the other commits. The write must go on against the
 * other's row: before, it failed on the unique key, which failed the poll after its records were stored and backed the
 * source off for every instance (PostgresDigestClusterTest then stored 16 of 18 practices: the next cycle skipped the
 * source on both). Skipped without a server (Pg).
 */
class PostgresSourceStateRaceTest {

    static final SourceDef SOURCE = new SourceDef("partner-0", "Partner network 0", Kind.RSS, "http://127.0.0.1:1/feed.rss", null, null, "en",
            true, Map.of(), Map.of(), Map.of(), SourceOptions.NONE, null);

    String url;
    Db db;
    SourceStates states;
    Connection other;

    @BeforeEach
    void setUp() throws Exception {
        Pg.assumeServer();
        url = Pg.newDatabase("staterace");
        db = new Db(url, Pg.user(), Pg.password());
        states = new SourceStates(db, TestSupport.clock(Instant::now), Duration.ofMinutes(1), Duration.ofHours(6));
        other = Pg.connect(url);
        other.setAutoCommit(false);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (other != null) {
            other.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** The other instance's insert, left open; then {@code write} on this instance, which waits on the key; the other commits. */
    void whileTheOtherInserts(String insert, Object[] args, Runnable write) throws Exception {
        try (PreparedStatement ps = Db.prepare(other, insert, args)) {
            ps.executeUpdate();
        }
        CompletableFuture<Void> mine = CompletableFuture.runAsync(write);
        await().atMost(Duration.ofSeconds(30)).until(() -> mine.isDone() || waitingOnALock() > 0);
        other.commit();
        mine.get(30, TimeUnit.SECONDS);
    }

    long waitingOnALock() throws Exception {
        return PostgresClusterTest.count(url, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    }

    static final String STATE_ROW = "INSERT INTO source_state (source_id, network, status) VALUES (?, ?, 'new')";

    Map<String, String> state() throws Exception {
        try (Connection c = Pg.connect(url); PreparedStatement ps = Db.prepare(c, "SELECT status, etag, consecutive_failures, next_attempt, last_error"
                + " FROM source_state WHERE source_id = ?", SOURCE.id()); ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            Map<String, String> out = new java.util.TreeMap<>();
            for (int i = 1; i <= 5; i++) {
                out.put(rs.getMetaData().getColumnName(i), String.valueOf(rs.getString(i)));
            }
            return out;
        }
    }

    @Test
    void aPollsValidatorsAreKeptWhenTheOtherInstanceCreatedTheSourcesRowMeanwhile() throws Exception {
        whileTheOtherInserts(STATE_ROW, new Object[] {SOURCE.id(), SOURCE.network()},
                () -> states.succeeded(SOURCE.id(), SOURCE.network(), "\"v1\"", null, SOURCE.url(), null, null, SOURCE.mappingHash()));
        assertThat(state()).containsEntry("etag", "\"v1\"");
    }

    @Test
    void aGoodPollIsRecordedAsGoodWhenTheOtherInstanceCreatedTheSourcesRowMeanwhile() throws Exception {
        SourceResult ok = new SourceResult(SOURCE.id(), SOURCE.network());
        ok.read(4);
        whileTheOtherInserts(STATE_ROW, new Object[] {SOURCE.id(), SOURCE.network()}, () -> states.record(ok));
        assertThat(state()).containsEntry("status", "ok").containsEntry("consecutive_failures", "0").containsEntry("next_attempt", "null");
    }

    @Test
    void aFailedPollIsRecordedWhenTheOtherInstanceCreatedTheSourcesRowMeanwhile() throws Exception {
        SourceResult failed = new SourceResult(SOURCE.id(), SOURCE.network());
        failed.failed("HTTP 503", null, false);
        whileTheOtherInserts(STATE_ROW, new Object[] {SOURCE.id(), SOURCE.network()}, () -> states.record(failed));
        assertThat(state()).containsEntry("last_error", "HTTP 503").containsEntry("consecutive_failures", "1");
    }

    @Test
    void aRecordRejectedOnBothInstancesAtOnceIsCountedTwiceAndStoredOnce() throws Exception {
        PracticeStore store = new PracticeStore(db, TestSupport.clock(Instant::now));
        String payload = "<item><title></title></item>";
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.UTF_8)));
        Object now = java.time.OffsetDateTime.now();
        whileTheOtherInserts("INSERT INTO rejected_record (source_id, record_id, reason, payload, payload_hash, first_seen, last_seen, times_seen)"
                + " VALUES (?, 'gp-1', 'no title', ?, ?, ?, ?, 1)", new Object[] {SOURCE.id(), payload, hash, now, now},
                () -> store.reject(SOURCE, "gp-1", "no title", payload));
        assertThat(store.rejected(SOURCE.id())).singleElement().satisfies(r -> assertThat(r.timesSeen()).isEqualTo(2));
    }

    /**
     * Two digests (or a preview) refreshing the digest index on two instances at once: the other's rows meet this
     * refresh's batch on the key. The refresh does its chunk again against them instead of failing the digest's run.
     */
    @Test
    void aDigestIndexRefreshGoesOnWhenTheOtherInstanceRefreshedTheSamePracticesMeanwhile() throws Exception {
        PracticeStore store = new PracticeStore(db, TestSupport.clock(Instant::now));
        org.practicehub.model.Practice laguna = new org.practicehub.model.Practice(org.practicehub.model.Practice.SCHEMA_VERSION, null,
                "One-stop migration resource centre in Laguna", "A one-stop centre for overseas workers and their families.", null,
                java.util.List.of(), null, java.util.List.of(), java.util.List.of(), null, java.util.List.of(), java.util.List.of(),
                java.util.List.of(), java.util.List.of(), null, null, null, null, null, java.util.List.of(), "en", java.util.List.of(), null, null,
                null);
        store.save(SOURCE, new org.practicehub.mapping.Mapped("gp-31", "http://apmagnet.example/laguna", null, null, laguna));
        String id = store.all().get(0).id();
        long seq = store.lastEventSeq();
        org.practicehub.store.DigestIndex index = new org.practicehub.store.DigestIndex(db, store);
        long[] head = new long[1];
        whileTheOtherInserts("INSERT INTO practice_digest (practice_id, content_hash, created_seq, changed_seq) VALUES (?, 'other', ?, ?)",
                new Object[] {id, seq, seq}, () -> head[0] = index.refresh(p -> "mine"));
        assertThat(head[0]).isEqualTo(seq);
        // done again against the other's row: this refresh's view of the practice is the one kept
        assertThat(PostgresClusterTest.count(url, "SELECT COUNT(*) FROM practice_digest")).isEqualTo(1);
        try (Connection c = Pg.connect(url); PreparedStatement ps = Db.prepare(c, "SELECT content_hash FROM practice_digest WHERE practice_id = ?", id);
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("mine");
        }
        assertThat(index.changedIn(0, seq)).extracting(org.practicehub.store.DigestIndex.Item::practiceId).containsExactly(id);
    }
}
