package org.practicehub.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.practicehub.store.Db;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Several instances on one PostgreSQL database: Quartz in clustered JDBC job-store mode, so that each trigger (a
 * source's poll, the digest) fires on exactly one instance, and a trigger held by an instance that died is taken
 * over by another after the check-in interval. The tables come from the migration db/postgresql/V7_1.
 */
final class QuartzCluster {

    static final String DATA_SOURCE = "hub";

    private QuartzCluster() {}

    static void configure(CamelContext context, Db db, String instanceId, long checkinIntervalMs, int threads) {
        // Quartz's own small pool: its check-ins and trigger locks never wait behind ingest for a connection
        DataSource pool = db.pool("hub-quartz", threads + 3);
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return pool.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool closes with Db
            }

            @Override
            public void initialize() {
                // built above
            }
        });
        Properties q = new Properties();
        // every instance must use the same scheduler name: it is the cluster's key in the QRTZ_ tables
        q.setProperty("org.quartz.scheduler.instanceName", "practice-hub");
        q.setProperty("org.quartz.scheduler.instanceId", instanceId);
        q.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        q.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        q.setProperty("org.quartz.threadPool.threadCount", String.valueOf(threads));
        q.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        q.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        q.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        q.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        q.setProperty("org.quartz.jobStore.isClustered", "true");
        q.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinIntervalMs));
        q.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        q.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        quartz.setProperties(new java.util.HashMap<>(q));
        // the scheduler's name is the cluster's: no per-context prefix
        quartz.setPrefixInstanceName(false);
    }
}
