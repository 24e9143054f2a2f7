package org.practicehub.store;

import java.time.Clock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.practicehub.matching.Thresholds;
import org.practicehub.model.Practice;
import org.practicehub.pg.Pg;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every deduplication test of {@link DedupStoreTest} again, on PostgreSQL: the store's SQL runs on both. And two
 * stores on one database, as two instances: each matches against the records the other stored.
 */
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

    @Test
    void twoInstancesOnOneDatabaseMatchEachRecordAgainstTheOthersRecords() {
        PracticeStore a = open(Thresholds.DEFAULT);
        try (Db otherDb = new Db(url, user(), password())) {
            PracticeStore b = new PracticeStore(otherDb, Clock.systemUTC(), Thresholds.DEFAULT, PRIORITY);
            // b reads its matching index now; a then stores a record b has not seen
            assertThat(b.save(MNH, HELPLINE_ID)).isEqualTo(Outcome.NEW);
            assertThat(a.save(APMAGNET, LAGUNA_AP)).isEqualTo(Outcome.NEW);
            // b catches up before matching: the other network's Laguna record joins a's practice
            assertThat(b.save(MNH, LAGUNA_MNH)).isEqualTo(Outcome.NEW);
            assertThat(b.all()).hasSize(2);
            Practice laguna = b.all().stream().filter(p -> p.sources().size() == 2).findFirst().orElseThrow();
            assertThat(laguna.networks()).containsExactlyInAnyOrder("AP-MagNet", "Migration Network Hub");
            // and a sees b's records in turn: the same Laguna record again is unchanged, the helpline one too
            assertThat(a.save(MNH, LAGUNA_MNH)).isEqualTo(Outcome.UNCHANGED);
            assertThat(a.save(MNH, HELPLINE_ID)).isEqualTo(Outcome.UNCHANGED);
            assertThat(a.all()).hasSize(2);
        }
    }
}
