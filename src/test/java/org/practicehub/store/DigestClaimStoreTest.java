package org.practicehub.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.TestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The digest run claim on one store, as two instances see it (two Editions on one H2 database, one clock the test
 * moves): one holds it, the other is told who; after the lease the other takes it over, and the first can neither
 * renew nor release what is no longer its own.
 */
class DigestClaimStoreTest {

    static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    Path dir;
    Db db;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T08:00:00Z"));
    final Clock clock = TestSupport.clock(now::get);

    @BeforeEach
    void open() {
        db = new Db("jdbc:h2:file:" + dir.resolve("hub"), "sa", "");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void oneRunHoldsTheDigestUntilItsLeaseRunsOutThenAnotherTakesItOver() {
        Editions a = new Editions(db, clock);
        Editions b = new Editions(db, clock);
        assertThat(a.claim("weekly", "a", "run-a", LEASE)).isEmpty();
        assertThat(b.claim("weekly", "b", "run-b", LEASE)).get().extracting(Editions.Holder::instance).isEqualTo("a");
        assertThat(b.holder("weekly")).get().extracting(Editions.Holder::until).isEqualTo(now.get().plus(LEASE));

        // renewed as the run goes: still a's after the first lease would have run out
        now.set(now.get().plus(Duration.ofMinutes(4)));
        assertThat(a.renew("weekly", "run-a", LEASE)).isTrue();
        now.set(now.get().plus(Duration.ofMinutes(4)));
        assertThat(b.claim("weekly", "b", "run-b", LEASE)).isPresent();

        // a stops renewing (its instance died): b takes the digest over, and a's late release leaves b's claim alone
        now.set(now.get().plus(LEASE).plusSeconds(1));
        assertThat(b.claim("weekly", "b", "run-b", LEASE)).isEmpty();
        assertThat(a.renew("weekly", "run-a", LEASE)).isFalse();
        a.release("weekly", "run-a");
        assertThat(a.claim("weekly", "a", "run-a2", LEASE)).get().extracting(Editions.Holder::instance).isEqualTo("b");

        // released at the end of b's run: free at once, for any instance
        b.release("weekly", "run-b");
        assertThat(a.holder("weekly")).isEmpty();
        assertThat(a.claim("weekly", "a", "run-a3", LEASE)).isEmpty();
        // a second run on the same instance is refused too: the token, not the name, owns the claim
        assertThat(a.claim("weekly", "a", "run-a4", LEASE)).get().extracting(Editions.Holder::instance).isEqualTo("a");
    }
}
