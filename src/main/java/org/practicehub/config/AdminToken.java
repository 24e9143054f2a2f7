package org.practicehub.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.practicehub.store.HubSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin token, and the same for any server secret (the link secret): from configuration (best from the
 * environment), else the hub's own, made once and kept in its store ({@link HubSettings}), so every instance on a
 * shared database uses the same one. Each instance keeps a copy in its data folder, readable by the owner only, where
 * the operator reads it; its location is logged, never the secret. A file an instance made before the secret was
 * shared becomes the hub's when no instance made one yet.
 */
public final class AdminToken {

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);

    private AdminToken() {}

    public static String resolve(String configured, Path dataDir, HubSettings settings) {
        return resolve(configured, dataDir, "admin-token", "hub.admin-token", "admin token", settings);
    }

    /** A secret: configured, else the hub's (created by the first instance), copied into {@code dataDir/fileName}, mode 0600. */
    public static String resolve(String configured, Path dataDir, String fileName, String key, String what, HubSettings settings) {
        if (configured != null && !configured.isBlank()) {
            if (configured.trim().length() < 16) {
                throw new IllegalArgumentException(key + " must be at least 16 characters");
            }
            return configured.trim();
        }
        Path file = dataDir.resolve(fileName);
        try {
            String local = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
            HubSettings.Value v = settings.once(fileName, () -> local != null && local.length() >= 16 ? local : generate());
            if (v.value().equals(local)) {
                LOG.info(v.created() ? "The {} of {} is now the hub's, kept in its store for every instance" : "The {} is the hub's; a copy in {}",
                        what, file.toAbsolutePath());
                return v.value();
            }
            if (local != null) {
                // this instance made its own before secrets were shared, and another instance's became the hub's
                Path replaced = dataDir.resolve(fileName + ".replaced");
                Files.move(file, replaced, StandardCopyOption.REPLACE_EXISTING);
                LOG.warn("{} held a {} of this instance's own; the hub's (another instance's) replaces it, and the old one is kept in {}."
                        + " What it signed or let in no longer is (for the link secret, see hub.subscriptions.previous-secret)",
                        file.toAbsolutePath(), what, replaced.toAbsolutePath());
            }
            writeOwnerOnly(file, v.value());
            LOG.info(v.created() ? "Generated the {} into the hub's store; a copy in {} (owner read/write only)"
                    : "The {} is the hub's, made by another instance; a copy in {} (owner read/write only)", what, file.toAbsolutePath());
            return v.value();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the " + what + " file " + file, e);
        }
    }

    private static String generate() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static void writeOwnerOnly(Path file, String value) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
