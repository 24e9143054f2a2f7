package org.practicehub.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.practicehub.store.Db;

/**
 * Readiness beyond Camel's own routes and consumers: the hub is ready when it can reach its database and, if digests
 * go out by SMTP, the SMTP server, and its depository publisher is not failing publish after publish. Bound in the registry, so /observe/health/ready includes them; not liveness checks:
 * a database outage makes an instance unready, never a candidate for a restart.
 */
final class Readiness {

    private Readiness() {}

    /** A round trip to the database (H2 or PostgreSQL). */
    static final class Database extends AbstractHealthCheck {
        private final Db db;

        Database(Db db) {
            super("hub", "database");
            this.db = db;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.detail("database", db.postgres() ? "postgresql" : "h2");
            db.unreachable().ifPresentOrElse(reason -> builder.down().message("database unreachable: " + reason), builder::up);
        }
    }

    /** The depository's publisher: down once its last publishes all failed or left practices out; the left-out ones named. */
    static final class Publisher extends AbstractHealthCheck {
        private final org.practicehub.publish.depository.PublishHealth health;

        Publisher(org.practicehub.publish.depository.PublishHealth health) {
            super("hub", "depository");
            this.health = health;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (!health.skipped().isEmpty()) {
                builder.detail("left out", String.join(", ", new java.util.TreeSet<>(health.skipped().keySet())));
            }
            health.failing().ifPresentOrElse(reason -> builder.down().message("depository publisher failing: " + reason), builder::up);
        }
    }

    /** A TCP connection to the SMTP server (no login: credentials are tried when a digest is sent). Up when digests go to the outbox. */
    static final class Smtp extends AbstractHealthCheck {
        private final String host;
        private final int port;
        private final int timeoutMs;

        Smtp(String host, int port, int timeoutMs) {
            super("hub", "smtp");
            this.host = host;
            this.port = port;
            this.timeoutMs = timeoutMs;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (host.isBlank()) {
                builder.detail("smtp", "none: digests go to the outbox folder").up();
                return;
            }
            builder.detail("smtp", host + ":" + port);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), Math.min(timeoutMs, 5000));
                builder.up();
            } catch (IOException e) {
                builder.down().message("SMTP server " + host + ":" + port + " unreachable: " + e.getMessage());
            }
        }
    }
}
