package org.practicehub.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.matching.Thresholds;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub's identity: made once for a new store, kept as it was for a store from before, hub.id first. */
class HubIdentityTest {

    @TempDir
    Path dir;

    @Test
    void aNewStoreGetsARandomIdentityOnceAndKeepsIt() {
        try (Db db = new Db("jdbc:h2:file:" + dir.resolve("new"), "sa", "")) {
            HubSettings settings = new HubSettings(db, Clock.systemUTC(), "a");
            HubIdentity.Resolved first = HubIdentity.resolve("", settings, db, "http://localhost:8080");
            assertThat(first.id()).matches("urn:uuid:[0-9a-f-]{36}");
            assertThat(first.how()).isEqualTo("made now");
            assertThat(HubIdentity.resolve("", new HubSettings(db, Clock.systemUTC(), "b"), db, "http://localhost:9090"))
                    .isEqualTo(new HubIdentity.Resolved(first.id(), "stored"));
            // hub.id, when set, is the identity, and leaves the stored one as it is
            assertThat(HubIdentity.resolve(" https://hub.example.org ", settings, db, "x").id()).isEqualTo("https://hub.example.org");
            assertThat(settings.get("hub-id")).hasValue(first.id());
        }
    }

    @Test
    void aStoreThatHeldRecordsBeforeIdentitiesWereStoredKeepsTheOneItsPeersKnow() {
        try (Db db = new Db("jdbc:h2:file:" + dir.resolve("old"), "sa", "")) {
            PracticeStore store = new PracticeStore(db, Clock.systemUTC(), Thresholds.DEFAULT, List.of());
            store.save(DedupStoreTest.APMAGNET, DedupStoreTest.LAGUNA_AP);
            HubIdentity.Resolved kept = HubIdentity.resolve("", new HubSettings(db, Clock.systemUTC(), "a"), db, "http://localhost:8080");
            assertThat(kept).isEqualTo(new HubIdentity.Resolved("http://localhost:8080", "kept from before it was stored"));
        }
    }
}
