package org.practicehub.store;

import org.practicehub.pg.Pg;

/**
 * {@link DeliveryRecordTest} on PostgreSQL, where a statement failing on a key aborts its whole transaction: the
 * delivery is recorded by a second transaction that assumes nothing. Skipped without a server (Pg).
 */
class PostgresDeliveryRecordTest extends DeliveryRecordTest {

    @Override
    Db database() {
        Pg.assumeServer();
        return new Db(Pg.newDatabase("delivery"), Pg.user(), Pg.password());
    }
}
