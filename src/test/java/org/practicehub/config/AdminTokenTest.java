package org.practicehub.config;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.web.AdminAuth;
import org.practicehub.web.HttpProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminTokenTest {

    @TempDir
    Path data;

    @Test
    void generatedOnceIntoAnOwnerOnlyFileAndReused() throws Exception {
        String token = AdminToken.resolve("", data);
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(Files.getPosixFilePermissions(data.resolve("admin-token"))).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(AdminToken.resolve(null, data)).isEqualTo(token);
    }

    @Test
    void configuredTokenWinsAndMustNotBeShort() {
        assertThat(AdminToken.resolve("a-configured-token-123", data)).isEqualTo("a-configured-token-123");
        assertThat(Files.exists(data.resolve("admin-token"))).isFalse();
        assertThatThrownBy(() -> AdminToken.resolve("short", data)).hasMessageContaining("at least 16");
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
