package org.practicehub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * The hub's database: a pooled DataSource, migrated by Flyway at start, and small JDBC helpers. H2 (embedded,
 * one instance) or PostgreSQL (production, several instances): every statement of the store is written for both;
 * PostgreSQL alone also gets {@code db/postgresql} (Quartz's clustered job store).
 */
public final class Db implements AutoCloseable {

    /** The pool's sizes and waits (hub.db.pool.*). */
    public record Pool(int maxSize, int minIdle, long connectionTimeoutMs) {
        public static final Pool DEFAULT = new Pool(10, 2, 10_000);
    }

    private final HikariDataSource ds;
    private final boolean postgres;
    private final List<HikariDataSource> others = new ArrayList<>();

    public Db(String url, String user, String password) {
        this(url, user, password, Pool.DEFAULT);
    }

    public Db(String url, String user, String password, Pool pool) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(pool.maxSize());
        c.setMinimumIdle(Math.min(pool.minIdle(), pool.maxSize()));
        // a request waits this long for a connection, then fails: while the database is away, work fails fast and is
        // retried by its schedule; Hikari replaces broken connections by itself once the database is back
        c.setConnectionTimeout(pool.connectionTimeoutMs());
        c.setPoolName("hub-db");
        try {
            this.ds = new HikariDataSource(c);
        } catch (RuntimeException e) {
            if (inUse(e)) {
                throw new InUse(e);
            }
            throw e;
        }
        this.postgres = url.startsWith("jdbc:postgresql:");
        List<String> locations = new ArrayList<>(List.of("classpath:db/migration"));
        if (postgres) {
            locations.add("classpath:db/postgresql");
        }
        try {
            migrate(ds, locations.toArray(String[]::new));
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    /**
     * Migrations were numbered per feature branch (V6 subscriptions, V7 instances, V8 hub to hub) and merge in another
     * order: a store that already has a later one must take an earlier one when it arrives. They are additive and
     * independent of each other, which is what makes that safe. Flyway's out-of-order mode is switched on only when
     * such a migration is pending, since Flyway warns that the mode is active on every migrate that has it: once, when
     * that migration arrives, rather than at every start. True when it was on.
     */
    static boolean migrate(DataSource ds, String... locations) {
        Flyway inOrder = Flyway.configure().dataSource(ds).locations(locations).load();
        // IGNORED: resolved, not applied, and older than the newest applied one
        boolean behind = java.util.Arrays.stream(inOrder.info().all())
                .anyMatch(m -> m.getState() == org.flywaydb.core.api.MigrationState.IGNORED);
        (behind ? Flyway.configure().dataSource(ds).locations(locations).outOfOrder(true).load() : inOrder).migrate();
        return behind;
    }

    /** H2's "the file is locked" (90020): another process (a service, another --once) has the database open. */
    private static boolean inUse(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException e && e.getErrorCode() == 90020 && "90020".equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The embedded database is held by another process: the caller names the folder and what to do. */
    public static final class InUse extends RuntimeException {
        InUse(Throwable cause) {
            super("the embedded database is in use by another process", cause);
        }
    }

    /**
     * Transactions committed through this pool so far: readers that cache what the store holds ask the
     * database again only when this moved (or when their own refresh interval says other instances may have written).
     */
    public long commits() {
        return commits.get();
    }

    public DataSource dataSource() {
        return ds;
    }

    /** A second, small pool on the same database, for a user that must never wait behind the store (Quartz); closed with this one. */
    public synchronized DataSource pool(String name, int size) {
        HikariConfig c = new HikariConfig();
        ds.copyStateTo(c);
        c.setPoolName(name);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(1);
        HikariDataSource extra = new HikariDataSource(c);
        others.add(extra);
        return extra;
    }

    /** PostgreSQL (several instances may share it) rather than the embedded H2. */
    public boolean postgres() {
        return postgres;
    }

    /** A cheap round trip: is the database there now? The reason when it is not. */
    public Optional<String> unreachable() {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(5);
            st.execute("SELECT 1");
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** One number from the database (a COUNT), for gauges read when metrics are scraped. */
    public long count(String sql) {
        return tx(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Whether a failure is a unique or primary key violation (the same SQLState on H2 and PostgreSQL). */
    public static boolean duplicate(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** The same for a failed transaction, a batch included (a batch's own exception may carry the violation in its chain). */
    public static boolean duplicate(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (SQLException e = c instanceof SQLException s ? s : null; e != null; e = e.getNextException()) {
                if (duplicate(e)) {
                    return true;
                }
            }
        }
        return false;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();

    /** Runs the work in one transaction: all of it is committed, or none. */
    public <T> T tx(Work<T> work) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                commits.incrementAndGet();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Runs read-only work outside a transaction of its own; it does not count as a commit. */
    public <T> T read(Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            ps.setObject(i + 1, a instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : a);
        }
        return ps;
    }

    /**
     * An INSERT that may meet a row another transaction (another instance) inserted with the same key meanwhile:
     * returns false, instead of failing, when that row is there; the transaction goes on (the INSERT alone is undone,
     * at a savepoint: on PostgreSQL a failed statement would otherwise abort the whole transaction). On PostgreSQL,
     * at READ COMMITTED, the caller's next statement sees the other row, committed by the time the INSERT failed.
     */
    public static boolean insertUnlessPresent(Connection c, String sql, Object... args) throws SQLException {
        java.sql.Savepoint before = c.setSavepoint();
        try {
            update(c, sql, args);
        } catch (SQLException e) {
            if (!duplicate(e)) {
                throw e;
            }
            c.rollback(before);
            return false;
        }
        c.releaseSavepoint(before);
        return true;
    }

    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Object o = rs.getObject(column);
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (o instanceof Timestamp ts) {
            return ts.toInstant();
        }
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    @Override
    public synchronized void close() {
        others.forEach(HikariDataSource::close);
        ds.close();
    }

    /** A database failure: the run cannot go on for this unit of work. */
    public static class StoreException extends RuntimeException {
        public StoreException(SQLException e) {
            super("database error: " + e.getMessage(), e);
        }
    }
}
