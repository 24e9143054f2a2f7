package org.practicehub.pg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the PostgreSQL tests run on: given by HUB_TEST_PG_URL (a JDBC URL of a database the user may
 * create databases from), HUB_TEST_PG_USER, HUB_TEST_PG_PASSWORD, and for the outage test HUB_TEST_PG_CTL (a command
 * taking stop | start). System properties of the same names in lower case with dots (hub.test.pg.url) win.
 * .ci/pg-tests starts a throwaway server and sets them; without them the tests are skipped, saying why.
 */
public final class Pg {

    private Pg() {}

    static String setting(String name) {
        String v = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
        if (v == null || v.isBlank()) {
            v = System.getenv(name);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    public static String url() {
        return setting("HUB_TEST_PG_URL");
    }

    public static String user() {
        String u = setting("HUB_TEST_PG_USER");
        return u == null ? "postgres" : u;
    }

    public static String password() {
        String p = setting("HUB_TEST_PG_PASSWORD");
        return p == null ? "" : p;
    }

    /** Skips the calling test (or class) when no server is given. */
    public static void assumeServer() {
        Assumptions.assumeTrue(url() != null,
                "no PostgreSQL server: set HUB_TEST_PG_URL (run .ci/pg-tests, which starts a throwaway one)");
    }

    /** A new, empty database on the server; its JDBC URL. */
    public static String newDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(url(), user(), password()); Statement st = c.createStatement()) {
            // C collation: text sorts by code point, as on H2, so both stores order alike
            st.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + url() + ": " + e.getMessage(), e);
        }
        String base = url();
        int q = base.indexOf('?');
        String query = q < 0 ? "" : base.substring(q);
        String path = q < 0 ? base : base.substring(0, q);
        return path.substring(0, path.lastIndexOf('/') + 1) + name + query;
    }

    public static Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user(), password());
    }

    /** Skips the calling test when the server cannot be stopped and started from it. */
    public static void assumeCtl() {
        Assumptions.assumeTrue(setting("HUB_TEST_PG_CTL") != null,
                "no HUB_TEST_PG_CTL: the server cannot be stopped and started from the test (.ci/pg-tests gives one)");
    }

    /** Stops or starts the server (HUB_TEST_PG_CTL stop | start); skips the test when no controller is given. */
    public static void ctl(String action) {
        assumeCtl();
        String ctl = setting("HUB_TEST_PG_CTL");
        try {
            // fast: connections are cut at once, as when the server crashes or its host restarts
            Process p = (action.equals("stop") ? new ProcessBuilder(ctl, action, "-m", "fast") : new ProcessBuilder(ctl, action))
                    .redirectErrorStream(true).start();
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("pg_ctl " + action + " failed: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
