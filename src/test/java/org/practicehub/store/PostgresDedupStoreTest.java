package org.practicehub.store;

import org.junit.jupiter.api.BeforeEach;
import org.practicehub.pg.Pg;

/** Every deduplication test of {@link DedupStoreTest} again, on PostgreSQL: the store's SQL runs on both. */
class PostgresDedupStoreTest extends DedupStoreTest {

    private String url;

    @BeforeEach
    void database() {
        Pg.assumeServer();
        url = Pg.newDatabase("dedup");
    }

    @Override
    String url() {
        return url;
    }

    @Override
    String user() {
        return Pg.user();
    }

    @Override
    String password() {
        return Pg.password();
    }
}
