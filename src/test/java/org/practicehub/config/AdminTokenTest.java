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
        AdminAuth auth = new AdminAuth("a-configured-token-123");
        auth.check("Bearer a-configured-token-123");
        auth.check("bearer a-configured-token-123");
        for (String bad : new String[] {null, "", "Bearer", "Bearer a-configured-token-12", "Basic a-configured-token-123"}) {
            assertThatThrownBy(() -> auth.check(bad)).isInstanceOf(HttpProblem.class);
        }
    }
}
