package org.practicehub.web;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.practicehub.pg.Pg;
import org.practicehub.store.Db;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's sessions on PostgreSQL (skipped without a server, saying why): the migration runs there too, and two
 * instances (two pools on one database) share the sessions: a login on one is known to the other, a logout on the
 * other ends it on the first.
 */
class PostgresConsoleSessionsTest {

    @Test
    void twoInstancesShareTheSessions() {
        Pg.assumeServer();
        String url = Pg.newDatabase("console");
        try (Db a = new Db(url, Pg.user(), Pg.password()); Db b = new Db(url, Pg.user(), Pg.password())) {
            ConsoleSessions onA = new ConsoleSessions(a, Clock.systemUTC(), Duration.ofHours(8));
            ConsoleSessions onB = new ConsoleSessions(b, Clock.systemUTC(), Duration.ofHours(8));
            ConsoleSessions.Session s = onA.open("192.0.2.10");
            assertThat(onB.find(s.id())).isPresent();
            assertThat(ConsoleSessions.csrfMatches(s.id(), ConsoleSessions.csrf(s.id()))).isTrue();
            onB.close(s.id());
            assertThat(onA.find(s.id())).isEmpty();
            assertThat(a.count("SELECT COUNT(*) FROM console_session")).isZero();
        }
    }
}
