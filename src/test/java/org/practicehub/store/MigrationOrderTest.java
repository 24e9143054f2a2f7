package org.practicehub.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store made before V7 arrived but after V8 (hub to hub) was merged: opening it with every migration applies V7
 * out of order, and keeps what was there.
 */
class MigrationOrderTest {

    @TempDir
    Path dir;

    @Test
    void aStoreThatHasV8TakesV7WhenItArrives() throws IOException, Exception {
        Path older = Files.createDirectories(dir.resolve("older"));
        for (String m : new String[] {"V1__practice_store.sql", "V2__source_http_state.sql", "V3__publisher_state.sql", "V4__partner_push.sql",
                "V5__dedup.sql", "V8__hub_origin.sql"}) {
            try (InputStream in = getClass().getResourceAsStream("/db/migration/" + m)) {
                Files.copy(in, older.resolve(m));
            }
        }
        String url = "jdbc:h2:file:" + dir.resolve("hub");
        Flyway.configure().dataSource(url, "sa", "").locations("filesystem:" + older).load().migrate();

        com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername("sa");
        try (ds) {
            // out of order once, for the migrations that arrived late; then never again (Flyway warns at every migrate in that mode)
            assertThat(Db.migrate(ds, "classpath:db/migration")).isTrue();
            assertThat(Db.migrate(ds, "classpath:db/migration")).isFalse();
        }
        try (Db db = new Db(url, "sa", "")) {
            assertThat(db.count("SELECT generation FROM hub_lock WHERE name = 'store'")).isZero();
            try (Connection c = db.dataSource().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT origin_hub, store_gen FROM source_record")) {
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void aNewStoreAndEveryStartAfterItMigrateInOrder() {
        com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource();
        ds.setJdbcUrl("jdbc:h2:file:" + dir.resolve("fresh"));
        ds.setUsername("sa");
        try (ds) {
            assertThat(Db.migrate(ds, "classpath:db/migration")).isFalse();
            assertThat(Db.migrate(ds, "classpath:db/migration")).isFalse();
        }
    }
}
