package org.practicehub.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin token: from configuration ({@code hub.admin-token}, best from the environment), or
 * generated once into {@code data/admin-token}, readable by the owner only. Its location is logged,
 * never the token.
 */
public final class AdminToken {

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);

    private AdminToken() {}

    public static String resolve(String configured, Path dataDir) {
        return resolve(configured, dataDir, "admin-token", "hub.admin-token", "admin token");
    }

    /** The same for any server secret: configured (from the environment), or generated once into {@code dataDir/fileName}, mode 0600. */
    public static String resolve(String configured, Path dataDir, String fileName, String key, String what) {
        if (configured != null && !configured.isBlank()) {
            if (configured.trim().length() < 16) {
                throw new IllegalArgumentException(key + " must be at least 16 characters");
            }
            return configured.trim();
        }
        Path file = dataDir.resolve(fileName);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] raw = new byte[32];
                new SecureRandom().nextBytes(raw);
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file);
                } catch (FileAlreadyExistsException e) {
                    return Files.readString(file, StandardCharsets.UTF_8).trim();
                }
                Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
                LOG.info("Generated the {} into {} (owner read/write only)", what, file.toAbsolutePath());
                return token;
            }
            LOG.info("The {} read from {}", what, file.toAbsolutePath());
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin token file " + file, e);
        }
    }
}
