package org.practicehub.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesIntoFoldersItMakesAndOnlyWhenTheContentChanged() throws IOException {
        Path file = dir.resolve("a/b/ph-1.json");
        assertThat(AtomicFiles.writeIfChanged(file, "{\"v\": 1}")).isTrue();
        assertThat(Files.readString(file)).isEqualTo("{\"v\": 1}");
        assertThat(AtomicFiles.writeIfChanged(file, "{\"v\": 1}")).isFalse();
        assertThat(AtomicFiles.writeIfChanged(file, "{\"v\": 2}")).isTrue();
        assertThat(Files.readString(file)).isEqualTo("{\"v\": 2}");
        assertThat(leftovers(file.getParent())).isEmpty();
    }

    @Test
    void aFailedWriteLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("ph-1.json");
        AtomicFiles.writeIfChanged(file, "old");
        // a folder where the file should be: the move cannot replace it
        Path blocked = dir.resolve("ph-2.json");
        Files.createDirectories(blocked.resolve("inside"));
        assertThatThrownBy(() -> AtomicFiles.write(blocked, "new".getBytes())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> AtomicFiles.writeIfChanged(blocked, "new")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("ph-2.json");
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(leftovers(dir)).isEmpty();
    }

    private static java.util.List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
