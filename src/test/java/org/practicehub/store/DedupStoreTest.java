package org.practicehub.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.TestSupport;
import org.practicehub.mapping.Mapped;
import org.practicehub.matching.RecordKey;
import org.practicehub.matching.Thresholds;
import org.practicehub.model.Practice;
import org.practicehub.source.Kind;
import org.practicehub.source.SourceDef;
import org.practicehub.source.SourceOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deduplication in the store on a real H2 database: merge on ingest, the facilitator's review decisions,
 * redirects, split; and that all of it holds across a restart, a re-ingest of the same records, and a
 * re-run over the whole store.
 */
class DedupStoreTest {

    static final SourceDef APMAGNET = source("apmagnet", "AP-MagNet");
    static final SourceDef MNH = source("mnh", "Migration Network Hub");
    static final List<String> PRIORITY = List.of("Migration Network Hub", "AP-MagNet");

    @TempDir
    Path dir;
    Db db;
    PracticeStore store;
    Instant clock = Instant.parse("2026-11-01T00:00:00Z");

    static SourceDef source(String id, String network) {
        return new SourceDef(id, network, Kind.JSON, "x", null, "$[*]", "en", true, Map.of(), Map.of(), Map.of(), SourceOptions.NONE,
                Path.of("mappings/" + id + ".yaml"));
    }

    /** The database: H2 files in the test's folder (PostgresDedupStoreTest: a PostgreSQL database). */
    String url() {
        return "jdbc:h2:file:" + dir.resolve("hub");
    }

    String user() {
        return "sa";
    }

    String password() {
        return "";
    }

    /** A store on the same database files, as after a restart; each save a second later than the last. */
    PracticeStore open(Thresholds thresholds) {
        if (db != null) {
            db.close();
        }
        db = new Db(url(), user(), password());
        Clock ticking = org.practicehub.TestSupport.clock(() -> clock = clock.plusSeconds(1));
        store = new PracticeStore(db, ticking, thresholds, PRIORITY);
        return store;
    }

    @AfterEach
    void close() {
        // none when the test was skipped before it opened one (PostgresDedupStoreTest without a server)
        if (db != null) {
            db.close();
        }
    }

    static Mapped rec(String id, String title, String summary, List<String> partners, String country, String url) {
        Practice p = new Practice(Practice.SCHEMA_VERSION, null, title, summary, null, List.of(),
                new Practice.GeographicScope("national", List.of(country), List.of()),
                partners.stream().map(n -> new Practice.Organisation(n, null, null)).toList(), List.of(), null, List.of(), List.of(),
                List.of(), List.of(), null, null, null, null, null, url == null ? List.of() : List.of(new Practice.Link(url, "website")),
                "en", List.of(), null, null, null);
        return new Mapped(id, url, null, null, p);
    }

    static final Mapped LAGUNA_AP = rec("gp-31", "One-stop migration resource centre for overseas Filipino workers in Laguna",
            "The Province of Laguna opened a one-stop centre where OFWs and their families find information and support.",
            List.of("Overseas Workers Welfare Administration"), "PH", "http://apmagnet.example/laguna");
    static final Mapped LAGUNA_MNH = rec("RP-88", "Laguna Province Establishes a One Stop Migration Resource Center",
            "Laguna Province establishes a One Stop Migration Resource Center, the hub for information and support to Overseas"
                    + " Filipino Workers (OFWs) and their families.",
            List.of("Provincial Government of Laguna", "Overseas Workers Welfare Administration"), "PH", "https://mnh.example/laguna");
    /** The same title in another country: doubtful, for the facilitator. */
    static final Mapped HELPLINE_PH = rec("gp-40", "Helpline for domestic workers in the Gulf", "A telephone line for domestic workers, open day and night.", List.of(), "PH", null);
    static final Mapped HELPLINE_ID = rec("RP-41", "Helpline for domestic workers in the Gulf", "A telephone line for domestic workers, open day and night.", List.of(), "ID", null);

    JudgedPair reviewPair() {
        List<JudgedPair> pairs = store.dedup().pairs("review");
        assertThat(pairs).hasSize(1);
        return pairs.get(0);
    }

    @Test
    void aBatchIsStoredInOneTransaction_matchedInOrder_andABadRecordFailsAlone() {
        open(Thresholds.DEFAULT);
        assertThat(store.save(APMAGNET, LAGUNA_AP)).isEqualTo(Outcome.NEW);
        Mapped helplineAgain = rec("RP-41", "Helpline for domestic workers in the Gulf", "Now also by text message.", List.of(), "ID", null);
        // the same record twice in one batch is new, then updated; a record of the batch joins a practice stored before
        assertThat(store.saveAll(MNH, List.of(HELPLINE_ID, LAGUNA_MNH, helplineAgain)))
                .containsExactly(Outcome.NEW, Outcome.NEW, Outcome.UPDATED);
        assertThat(store.count()).isEqualTo(2);

        // a record the database refuses (no title: the validator never lets one through) fails alone; the rest is stored
        Mapped untitled = rec("RP-99", null, "No title.", List.of(), "PH", null);
        Mapped other = rec("RP-42", "Pre-departure orientation for seafarers", "Two days before boarding.", List.of(), "PH", null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.saveAll(MNH, List.of(other, untitled)))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.count()).isEqualTo(3);
        assertThat(store.save(MNH, other)).isEqualTo(Outcome.UNCHANGED);
    }

    /**
     * Two instances poll one source at once, and the one that read the partner first commits last: its older copy
     * leaves the newer one in place (the partner's validators, now the newer poll's, would keep it from being read
     * again), and so does a deletion it read. A later poll still changes the record as usual.
     */
    @Test
    void aCopyReadEarlierNeverReplacesOneReadLater() {
        open(Thresholds.DEFAULT);
        Mapped first = rec("gp-50", "Seasonal workers' welfare desk", "A desk at the airport for seasonal workers.", List.of(), "PH", null);
        Mapped second = rec("gp-50", "Seasonal workers' welfare desk", "A desk at the airport, now also at the port.", List.of(), "PH", null);
        Mapped third = rec("gp-50", "Seasonal workers' welfare desk", "A desk at the airport and the port, open at night.", List.of(), "PH", null);
        assertThat(store.save(APMAGNET, first)).isEqualTo(Outcome.NEW);
        String id = store.all().get(0).id();

        Pending older = store.pending();   // instance A read the partner: still the first text
        Pending newer = store.pending();   // instance B read it a second later: the second text, and stored it first
        store.pend(newer, second);
        assertThat(store.savePending(APMAGNET, newer)).containsExactly(Outcome.UPDATED);
        store.pend(older, first);
        assertThat(store.savePending(APMAGNET, older)).containsExactly(Outcome.UNCHANGED);
        assertThat(store.get(id).orElseThrow().summary()).isEqualTo(second.practice().summary());
        // a deletion in A's older harvest does not withdraw what B read later
        assertThat(store.withdraw(APMAGNET, new org.practicehub.source.Deleted("gp-50", "{}"), older)).isFalse();
        assertThat(store.isWithdrawn(id)).isFalse();

        // the next poll, read after both, changes it
        Pending next = store.pending();
        store.pend(next, third);
        assertThat(store.savePending(APMAGNET, next)).containsExactly(Outcome.UPDATED);
        assertThat(store.get(id).orElseThrow().summary()).isEqualTo(third.practice().summary());
        assertThat(store.withdraw(APMAGNET, new org.practicehub.source.Deleted("gp-50", "{}"), store.pending())).isTrue();
        assertThat(store.isWithdrawn(id)).isTrue();
    }

    @Test
    void aMatchingRecordOfAnotherNetworkJoinsThePractice_whySurvivesARestart() {
        open(Thresholds.DEFAULT);
        assertThat(store.save(APMAGNET, LAGUNA_AP)).isEqualTo(Outcome.NEW);
        assertThat(store.save(MNH, LAGUNA_MNH)).isEqualTo(Outcome.NEW);
        assertThat(store.count()).isEqualTo(1);
        Practice p = store.all().get(0);
        assertThat(p.id()).isEqualTo(PracticeStore.practiceId("apmagnet", "gp-31"));
        assertThat(p.networks()).containsExactly("AP-MagNet", "Migration Network Hub");
        assertThat(p.title()).isEqualTo(LAGUNA_MNH.practice().title());
        assertThat(p.partners()).hasSize(2);

        open(Thresholds.DEFAULT);
        assertThat(store.dedup().pairs("merged")).singleElement().satisfies(pair -> {
            assertThat(pair.decidedBy()).isEqualTo("matcher");
            assertThat(pair.agreed()).isNotEmpty();
        });
        // the same records again: nothing changes
        assertThat(store.save(APMAGNET, LAGUNA_AP)).isEqualTo(Outcome.UNCHANGED);
        assertThat(store.save(MNH, LAGUNA_MNH)).isEqualTo(Outcome.UNCHANGED);
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void reviewMergeRedirectsTheYoungerIdThenSplitBringsItBackForGood() throws Exception {
        open(Thresholds.DEFAULT);
        store.save(APMAGNET, HELPLINE_PH);
        store.save(MNH, HELPLINE_ID);
        String older = PracticeStore.practiceId("apmagnet", "gp-40");
        String younger = PracticeStore.practiceId("mnh", "RP-41");
        assertThat(store.count()).isEqualTo(2);
        JudgedPair pair = reviewPair();
        assertThat(pair.differed()).extracting("field").containsExactly("countries");
        assertThat(pair.agreed()).extracting("field").contains("title");

        store.dedup().decide(pair.pairId(), "merge");
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.dedup().redirectOf(younger)).hasValue(older);
        assertThat(store.get(older).orElseThrow().geographicScope().countries()).containsExactly("ID", "PH");
        JsonNode redirect = TestSupport.JSON.readTree(store.depositoryDocs(List.of(younger)).get(younger));
        assertThat(redirect.get("id").asText()).isEqualTo(younger);
        assertThat(redirect.get("redirect").asText()).isEqualTo(older);
        assertThat(store.dedup().pairs("review")).isEmpty();

        // restart, re-ingest the same records, re-run over the whole store: the facilitator's merge holds
        open(new Thresholds(0.95, 0.9, false));
        store.save(APMAGNET, HELPLINE_PH);
        store.save(MNH, HELPLINE_ID);
        store.dedup().dedupAll();
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.dedup().redirectOf(younger)).hasValue(older);

        Split split = store.dedup().split(younger, List.of());
        assertThat(split.split()).isEqualTo(older);
        assertThat(store.count()).isEqualTo(2);
        assertThat(store.dedup().redirectOf(younger)).isEmpty();
        assertThat(store.get(younger).orElseThrow().networks()).containsExactly("Migration Network Hub");
        assertThat(TestSupport.JSON.readTree(store.depositoryDocs(List.of(younger)).get(younger)).get("title").asText())
                .isEqualTo(HELPLINE_ID.practice().title());
        assertThat(store.dedup().pairs("apart")).singleElement().satisfies(p -> assertThat(p.decidedBy()).isEqualTo("split"));

        // a split never re-merges: not on restart with the lowest thresholds, not on re-ingest, not on a re-run
        open(new Thresholds(0.5, 0.4, true));
        store.save(MNH, rec("RP-41", HELPLINE_PH.practice().title(), HELPLINE_PH.practice().summary(), List.of(), "PH", null));
        store.save(APMAGNET, HELPLINE_PH);
        store.dedup().dedupAll();
        assertThat(store.count()).isEqualTo(2);
        assertThat(store.dedup().pairs("review")).isEmpty();
    }

    @Test
    void keepApartHoldsOnEveryLaterRun_andUndoesAMatcherMerge() {
        open(Thresholds.DEFAULT);
        store.save(APMAGNET, HELPLINE_PH);
        store.save(MNH, HELPLINE_ID);
        store.dedup().decide(reviewPair().pairId(), "keep-apart");
        assertThat(store.dedup().pairs("review")).isEmpty();
        open(new Thresholds(0.5, 0.4, false));
        store.dedup().dedupAll();
        assertThat(store.count()).isEqualTo(2);

        store.save(APMAGNET, LAGUNA_AP);
        store.save(MNH, LAGUNA_MNH);
        assertThat(store.count()).isEqualTo(3);
        JudgedPair merged = store.dedup().pairs("merged").get(0);
        Decided out = store.dedup().decide(merged.pairId(), "keep-apart");
        assertThat(out.practices()).hasSize(2);
        assertThat(store.count()).isEqualTo(4);
        assertThat(store.dedup().redirectOf(PracticeStore.practiceId("mnh", "RP-88"))).isEmpty();
        store.dedup().dedupAll();
        assertThat(store.count()).isEqualTo(4);
    }

    @Test
    void aRerunAfterTheThresholdsChangeMergesWhatIsNowConfident() {
        open(new Thresholds(0.95, 0.9, false));
        store.save(APMAGNET, LAGUNA_AP);
        store.save(MNH, LAGUNA_MNH);
        assertThat(store.count()).isEqualTo(2);
        open(Thresholds.DEFAULT);
        Rerun result = store.dedup().dedupAll();
        assertThat(result.practicesBefore()).isEqualTo(2);
        assertThat(result.practicesAfter()).isEqualTo(1);
        assertThat(result.mergedPairs()).isEqualTo(1);
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.dedup().redirectOf(PracticeStore.practiceId("mnh", "RP-88"))).hasValue(PracticeStore.practiceId("apmagnet", "gp-31"));
        // a new record of a third network is matched against the regrouped store
        store.save(source("p2p", "Peer-to-Peer"), rec("x", LAGUNA_MNH.practice().title(), LAGUNA_MNH.practice().summary(),
                List.of("Provincial Government of Laguna"), "PH", null));
        assertThat(store.count()).isEqualTo(1);
        assertThat(store.all().get(0).networks()).containsExactly("AP-MagNet", "Migration Network Hub", "Peer-to-Peer");
    }

    /** The console's undo: the matcher's own merges, newest first, and the merged pairs that hold a practice together. */
    @Test
    void recentMergesAreTheMatchersOwn_andAPracticeKnowsWhyItsRecordsAreTogether() {
        open(Thresholds.DEFAULT);
        store.save(APMAGNET, LAGUNA_AP);
        store.save(MNH, LAGUNA_MNH);
        store.save(APMAGNET, HELPLINE_PH);
        store.save(MNH, HELPLINE_ID);
        String laguna = PracticeStore.practiceId("apmagnet", "gp-31");
        String helpline = PracticeStore.practiceId("apmagnet", "gp-40");
        assertThat(store.dedup().recentMerges(20)).singleElement().satisfies(p -> {
            assertThat(p.decidedBy()).isEqualTo("matcher");
            assertThat(p.a().practiceId()).isEqualTo(laguna);
            assertThat(p.b().practiceId()).isEqualTo(laguna);
            assertThat(p.agreed()).isNotEmpty();
        });
        assertThat(store.dedup().recentMerges(0)).isEmpty();
        assertThat(store.dedup().mergedIn(laguna)).singleElement().satisfies(p -> assertThat(p.decidedBy()).isEqualTo("matcher"));
        assertThat(store.dedup().mergedIn(helpline)).isEmpty();

        // a merge by the facilitator explains its practice, but is not the matcher's to list
        store.dedup().decide(reviewPair().pairId(), "merge");
        assertThat(store.dedup().mergedIn(helpline)).singleElement().satisfies(p -> assertThat(p.decidedBy()).isEqualTo("facilitator"));
        assertThat(store.dedup().recentMerges(20)).extracting(JudgedPair::decidedBy).containsExactly("matcher");

        // undone: nothing left to list or explain
        store.dedup().split(laguna, List.of(new RecordKey("mnh", "RP-88")));
        assertThat(store.dedup().recentMerges(20)).isEmpty();
        assertThat(store.dedup().mergedIn(laguna)).isEmpty();
        assertThat(store.dedup().mergedIn(PracticeStore.practiceId("mnh", "RP-88"))).isEmpty();
    }

    @Test
    void refusedRequests() {
        open(Thresholds.DEFAULT);
        store.save(APMAGNET, HELPLINE_PH);
        store.save(MNH, HELPLINE_ID);
        String one = PracticeStore.practiceId("apmagnet", "gp-40");
        assertThatThrownBy(() -> store.dedup().split(one, List.of())).isInstanceOf(Dedup.Conflict.class).hasMessageContaining("one record");
        assertThatThrownBy(() -> store.dedup().split("ph-0000000000000000", List.of())).isInstanceOf(java.util.NoSuchElementException.class);
        assertThatThrownBy(() -> store.dedup().decide(999, "merge")).isInstanceOf(java.util.NoSuchElementException.class);
        assertThatThrownBy(() -> store.dedup().decide(1, "maybe")).isInstanceOf(IllegalArgumentException.class);
        store.dedup().decide(reviewPair().pairId(), "merge");
        assertThatThrownBy(() -> store.dedup().split(one, List.of(new RecordKey("apmagnet", "gp-40"), new RecordKey("mnh", "RP-41"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not all");
    }
}
