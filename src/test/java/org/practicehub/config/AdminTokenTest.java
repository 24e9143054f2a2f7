package org.practicehub.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.store.Db;
import org.practicehub.store.HubSettings;
import org.practicehub.web.AdminAuth;
import org.practicehub.web.HttpProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminTokenTest {

    @TempDir
    Path dir;
    Path data;
    Db db;
    HubSettings settings;

    @BeforeEach
    void open() {
        data = dir.resolve("data");
        db = new Db("jdbc:h2:file:" + dir.resolve("db"), "sa", "");
        settings = new HubSettings(db, Clock.systemUTC(), "a");
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void generatedOnceIntoTheStoreWithAnOwnerOnlyCopyAndReused() throws Exception {
        String token = AdminToken.resolve("", data, settings);
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(Files.readString(data.resolve("admin-token")).trim()).isEqualTo(token);
        assertThat(Files.getPosixFilePermissions(data.resolve("admin-token"))).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(AdminToken.resolve(null, data, settings)).isEqualTo(token);
        assertThat(settings.get("admin-token")).hasValue(token);
    }

    @Test
    void anotherInstanceOnTheSameStoreUsesTheFirstOnesAndGetsItsOwnCopy() throws Exception {
        String first = AdminToken.resolve("", data, settings);
        String secret = AdminToken.resolve("", data, "subscription-secret", "hub.subscriptions.secret", "subscription secret", settings);
        Path other = dir.resolve("other-data");
        HubSettings b = new HubSettings(db, Clock.systemUTC(), "b");
        assertThat(AdminToken.resolve("", other, b)).isEqualTo(first);
        assertThat(AdminToken.resolve("", other, "subscription-secret", "hub.subscriptions.secret", "subscription secret", b)).isEqualTo(secret);
        assertThat(Files.readString(other.resolve("admin-token")).trim()).isEqualTo(first);
        assertThat(secret).isNotEqualTo(first);
    }

    @Test
    void aFileFromBeforeSecretsWereSharedBecomesTheHubsAndALaterInstancesOwnIsSetAside() throws Exception {
        Files.createDirectories(data);
        Files.writeString(data.resolve("subscription-secret"), "made-by-instance-a-0123456789\n");
        assertThat(AdminToken.resolve("", data, "subscription-secret", "k", "subscription secret", settings)).isEqualTo("made-by-instance-a-0123456789");
        Path other = Files.createDirectories(dir.resolve("other-data"));
        Files.writeString(other.resolve("subscription-secret"), "made-by-instance-b-0123456789\n");
        HubSettings b = new HubSettings(db, Clock.systemUTC(), "b");
        assertThat(AdminToken.resolve("", other, "subscription-secret", "k", "subscription secret", b)).isEqualTo("made-by-instance-a-0123456789");
        assertThat(Files.readString(other.resolve("subscription-secret")).trim()).isEqualTo("made-by-instance-a-0123456789");
        assertThat(Files.readString(other.resolve("subscription-secret.replaced")).trim()).isEqualTo("made-by-instance-b-0123456789");
    }

    @Test
    void configuredTokenWinsAndMustNotBeShort() {
        assertThat(AdminToken.resolve("a-configured-token-123", data, settings)).isEqualTo("a-configured-token-123");
        assertThat(Files.exists(data.resolve("admin-token"))).isFalse();
        assertThat(settings.get("admin-token")).isEmpty();
        assertThatThrownBy(() -> AdminToken.resolve("short", data, settings)).hasMessageContaining("at least 16");
    }

    @Test
    void onlyTheBearerTokenPasses() {
        AdminAuth auth = new AdminAuth("a-configured-token-123", new org.practicehub.web.RateLimit(10, java.time.Duration.ofMinutes(15),
                java.time.Clock.systemUTC()));
        auth.check("Bearer a-configured-token-123", "10.0.0.1:5000");
        auth.check("bearer a-configured-token-123", "10.0.0.1:5000");
        for (String bad : new String[] {null, "", "Bearer", "Bearer a-configured-token-12", "Basic a-configured-token-123"}) {
            assertThatThrownBy(() -> auth.check(bad, "10.0.0.1:5000")).isInstanceOf(HttpProblem.class)
                    .satisfies(e -> assertThat(((HttpProblem) e).getStatus()).isEqualTo(401));
        }
    }

    @Test
    void wrongTokensAreThrottledPerClientAndThenEvenTheRightOneWaits() {
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
                java.time.Instant.parse("2026-12-01T00:00:00Z"));
        AdminAuth auth = new AdminAuth("a-configured-token-123", new org.practicehub.web.RateLimit(3, java.time.Duration.ofMinutes(15),
                org.practicehub.TestSupport.clock(now::get)));
        // the right token costs nothing
        for (int i = 0; i < 20; i++) {
            auth.check("Bearer a-configured-token-123", "10.0.0.1:5000");
        }
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> auth.check("Bearer guess", "10.0.0.2:5000")).satisfies(e -> assertThat(((HttpProblem) e).getStatus()).isEqualTo(401));
        }
        assertThatThrownBy(() -> auth.check("Bearer guess", "10.0.0.2:5001")).satisfies(e -> {
            assertThat(((HttpProblem) e).getStatus()).isEqualTo(429);
            assertThat(((HttpProblem) e).getRetryAfter()).isPositive();
        });
        // throttled: the right token waits too, so the answers tell a guesser nothing; another client is not concerned
        assertThatThrownBy(() -> auth.check("Bearer a-configured-token-123", "10.0.0.2:5002"))
                .satisfies(e -> assertThat(((HttpProblem) e).getStatus()).isEqualTo(429));
        auth.check("Bearer a-configured-token-123", "10.0.0.1:5000");
        now.set(now.get().plus(java.time.Duration.ofMinutes(6)));
        auth.check("Bearer a-configured-token-123", "10.0.0.2:5002");
    }
}
