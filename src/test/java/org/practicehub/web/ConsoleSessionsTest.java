package org.practicehub.web;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.TestSupport;
import org.practicehub.store.Db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's sessions on a real H2 store: two instances on one database (two session stores on one Db) know the
 * same sessions, a session ends at its lifetime and at logout everywhere, CSRF tokens belong to one session; the cookie
 * is Secure when the hub's public URL is https.
 */
class ConsoleSessionsTest {

    @TempDir
    Path dir;
    Db db;
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));
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
    void sessionsAreSharedEndAtTheirLifetimeAndAtLogout() {
        ConsoleSessions one = new ConsoleSessions(db, clock, Duration.ofHours(8));
        ConsoleSessions other = new ConsoleSessions(db, clock, Duration.ofHours(8));
        ConsoleSessions.Session s = one.open("127.0.0.1");
        assertThat(s.expiresAt()).isEqualTo(now.get().plus(Duration.ofHours(8)));
        assertThat(other.find(s.id())).isPresent();
        assertThat(other.find(s.id() + "x")).isEmpty();
        assertThat(other.find(null)).isEmpty();

        now.set(now.get().plus(Duration.ofHours(8)).plusSeconds(1));
        assertThat(one.find(s.id())).isEmpty();
        // an expired session's row goes with the next login
        ConsoleSessions.Session t = one.open("127.0.0.1");
        assertThat(db.count("SELECT COUNT(*) FROM console_session")).isEqualTo(1);

        other.close(t.id());
        assertThat(one.find(t.id())).isEmpty();
        assertThatThrownBy(() -> new ConsoleSessions(db, clock, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCsrfTokenBelongsToItsSession() {
        ConsoleSessions sessions = new ConsoleSessions(db, clock, Duration.ofHours(1));
        ConsoleSessions.Session a = sessions.open("a");
        ConsoleSessions.Session b = sessions.open("b");
        String tokenA = ConsoleSessions.csrf(a.id());
        assertThat(tokenA).isEqualTo(ConsoleSessions.csrf(a.id())).isNotEqualTo(ConsoleSessions.csrf(b.id())).isNotEqualTo(a.id());
        assertThat(ConsoleSessions.csrfMatches(a.id(), tokenA)).isTrue();
        assertThat(ConsoleSessions.csrfMatches(b.id(), tokenA)).isFalse();
        assertThat(ConsoleSessions.csrfMatches(a.id(), null)).isFalse();
        assertThat(ConsoleSessions.csrfMatches(a.id(), "")).isFalse();
    }

    @Test
    void theCookieIsReadFromAmongOthers() {
        String id = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        assertThat(ConsoleSessions.fromCookieHeader("a=1; hub_console=" + id + "; b=2")).isEqualTo(id);
        assertThat(ConsoleSessions.fromCookieHeader("hub_console=short")).isNull();
        assertThat(ConsoleSessions.fromCookieHeader("hub_console=<script>alert(1)</script>xxxxxxxxxxxx")).isNull();
        assertThat(ConsoleSessions.fromCookieHeader(null)).isNull();
    }

    @Test
    void theCookieIsSecureBehindHttps() {
        ConsoleSessions sessions = new ConsoleSessions(db, clock, Duration.ofHours(8));
        RateLimit logins = new RateLimit(10, Duration.ofMinutes(15), clock);
        Console https = new Console(sessions, "the-token", logins, null, "Hub", true);
        Console.Reply r = https.login(Map.of("token", List.of("the-token")), "192.0.2.1:5000");
        assertThat(r.status()).isEqualTo(303);
        assertThat(List.of(r.cookie().split("; "))).contains("Secure", "HttpOnly", "SameSite=Strict", "Path=/console", "Max-Age=28800");
        Console http = new Console(sessions, "the-token", logins, null, "Hub", false);
        assertThat(http.login(Map.of("token", "the-token"), "192.0.2.1:5000").cookie()).doesNotContain("Secure");
    }
}
