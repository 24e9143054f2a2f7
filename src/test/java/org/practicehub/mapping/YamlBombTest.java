package org.practicehub.mapping;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A mapping file whose anchors and aliases would expand a billion times is refused, named, and quickly. */
class YamlBombTest {

    @TempDir
    Path dir;

    /** Nine levels of ten aliases each: 10^9 strings once expanded, a few hundred bytes as written. */
    static String billionLaughs() {
        StringBuilder y = new StringBuilder("id: laughs\nnetwork: Laughs\nkind: rss\nurl: x.rss\ndefaults:\n  a0: &a0 [\"lol\"]\n");
        for (int i = 1; i <= 9; i++) {
            String p = "*a" + (i - 1);
            y.append("  a").append(i).append(": &a").append(i).append(" [").append(String.join(", ", java.util.Collections.nCopies(10, p))).append("]\n");
        }
        return y.toString();
    }

    @Test
    @Timeout(20)
    void aBillionLaughsIsRefusedNamingTheFile() throws Exception {
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappings.resolve("laughs.yaml"), billionLaughs());
        assertThat(Files.size(mappings.resolve("laughs.yaml"))).isLessThan(1000);
        assertThatThrownBy(() -> MappingFiles.load(mappings)).isInstanceOf(MappingException.class)
                .hasMessageContaining("laughs.yaml:7:").hasMessageContaining("YAML alias *a0 refused");
    }

    @Test
    void anAliasUnderAFieldIsRefusedRatherThanReadAsItsName() throws Exception {
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappings.resolve("partner.yaml"), "id: partner\nnetwork: &net Partner\nkind: rss\nurl: x.rss\ndefaults:\n  partners: *net\n");
        assertThatThrownBy(() -> MappingFiles.load(mappings)).isInstanceOf(MappingException.class)
                .hasMessageStartingWith(mappings.resolve("partner.yaml") + ":6: YAML alias *net refused");
    }

    @Test
    @Timeout(60)
    void theHubRefusesToStartNamingTheFile() throws Exception {
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappings.resolve("laughs.yaml"), billionLaughs());
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code;
        try (org.practicehub.TestSupport.Props props = new org.practicehub.TestSupport.Props()) {
            props.set("hub.data-dir", dir.resolve("data").toString()).set("hub.mappings-dir", mappings.toString());
            code = org.practicehub.HubAccess.runOnce(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8).trim()).hasLineCount(1).contains("laughs.yaml:7")
                .contains("YAML alias *a0 refused");
    }
}
