package org.practicehub.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.TestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The digest's last successful run, which the hub_digest_last_success_* meters show: an outage does not move it. */
class DigestLastSuccessTest {

    @TempDir
    Path dir;
    Instant now = Instant.parse("2026-03-02T08:00:00Z");

    @Test
    void aRunThatEndsWellMovesItAndAnOutageLeavesIt() {
        try (Db db = new Db("jdbc:h2:file:" + dir.resolve("hub"), "sa", "")) {
            Editions editions = new Editions(db, TestSupport.clock(() -> now));
            assertThat(editions.lastSuccesses()).isEmpty();
            editions.ran("weekly", "sent", false, Duration.ofMinutes(5), Duration.ofHours(6));
            assertThat(editions.lastSuccesses()).containsEntry("weekly", now);
            Instant success = now;
            now = now.plus(Duration.ofDays(7));
            editions.ran("weekly", "failed", true, Duration.ofMinutes(5), Duration.ofHours(6));
            assertThat(editions.lastSuccesses()).containsEntry("weekly", success);
            now = now.plus(Duration.ofHours(1));
            editions.ran("weekly", "nothing-new", false, Duration.ofMinutes(5), Duration.ofHours(6));
            assertThat(editions.lastSuccesses()).containsEntry("weekly", now);
        }
    }
}
