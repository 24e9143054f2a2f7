package org.practicehub;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.run.SourceResult;
import org.practicehub.store.Db;
import org.practicehub.store.SourceState;
import org.practicehub.store.SourceStates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one database poll a source at overlapping times: one fails (a dropped connection), the other
 * succeeds after the failing poll began. The success is the newer answer, so the failure must not back the source
 * off for both (its next cycle would skip the source). A failure of a poll that began after the success counts.
 */
class SourceStatesTest {

    @TempDir
    Path dir;
    Db db;
    SourceStates states;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));

    @BeforeEach
    void setUp() {
        db = new Db("jdbc:h2:file:" + dir.resolve("hub"), "sa", "");
        states = new SourceStates(db, TestSupport.clock(now::get), Duration.ofMinutes(1), Duration.ofHours(6));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private SourceResult poll(Instant started) {
        return new SourceResult("partner", "Partner network").startedAt(started);
    }

    private void at(String time) {
        now.set(Instant.parse("2026-11-23T" + time + "Z"));
    }

    @Test
    void aFailureOfAPollThatBeganBeforeAnotherInstancesSuccessDoesNotBackTheSourceOff() {
        Instant early = Instant.parse("2026-11-23T10:00:00Z");
        at("10:00:05");
        states.record(poll(Instant.parse("2026-11-23T10:00:01Z")));
        at("10:00:06");
        SourceResult failed = poll(early);
        failed.failed("cannot fetch: connection reset", null, false);
        states.record(failed);
        SourceState s = states.get("partner").orElseThrow();
        assertThat(s.consecutiveFailures()).isZero();
        assertThat(s.nextAttempt()).isNull();
        assertThat(s.status()).isEqualTo("ok");

        // a poll that began after that success and failed: counted, backed off
        at("10:05:00");
        SourceResult later = poll(Instant.parse("2026-11-23T10:04:59Z"));
        later.failed("HTTP 503", null, false);
        states.record(later);
        s = states.get("partner").orElseThrow();
        assertThat(s.consecutiveFailures()).isEqualTo(1);
        assertThat(s.nextAttempt()).isEqualTo(Instant.parse("2026-11-23T10:06:00Z"));
        assertThat(s.lastError()).isEqualTo("HTTP 503");
    }
}
