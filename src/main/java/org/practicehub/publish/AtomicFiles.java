package org.practicehub.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Writes files so that a reader sees the old content or the new one, never half of it. A first publish writes
 * thousands of files, so each takes as few system calls as it can: the old content is read without asking first
 * whether it is there, and the folder is made only when a write finds it missing.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Writes when the content differs from what is there; returns whether it wrote. */
    public static boolean writeIfChanged(Path file, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (Arrays.equals(readIfThere(file), bytes)) {
                return false;
            }
            write(file, bytes);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static byte[] readIfThere(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        // named by process and thread: unique among concurrent writers, and cheaper than createTempFile's random names
        Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." + Thread.currentThread().getId() + ".tmp");
        boolean moved = false;
        try {
            try {
                Files.write(tmp, bytes);
            } catch (NoSuchFileException e) {
                Files.createDirectories(dir);
                Files.write(tmp, bytes);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
