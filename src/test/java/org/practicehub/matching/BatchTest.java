package org.practicehub.matching;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.practicehub.model.Practice;

import static org.assertj.core.api.Assertions.assertThat;

/** Deduplicating a whole set of records from scratch, with the facilitator's decisions. */
class BatchTest {

    private static final Practice CENTRE = Docs.doc("One stop migration resource centre in Laguna", "A hub for overseas Filipino workers.");
    private static final Practice RADIO = Docs.doc("Community radio in Tagalog", "Weekly programmes for migrant workers.");

    private static Batch.Input in(String source, String id, Practice doc) {
        return new Batch.Input(new RecordKey(source, id), source, doc, null, "own-" + source + "-" + id);
    }

    private final List<Batch.Input> inputs = List.of(in("a", "1", CENTRE), in("b", "1", RADIO), in("b", "2", CENTRE), in("c", "1", CENTRE));

    @Test
    void oldestFirstEachRecordJoinsThePracticeItMatches() {
        Batch.Result r = Batch.run(inputs, Thresholds.DEFAULT, DedupIndex.Apart.NONE, Set.of());
        assertThat(r.groups()).containsOnlyKeys("own-a-1", "own-b-1");
        assertThat(r.groups().get("own-a-1")).containsExactly(new RecordKey("a", "1"), new RecordKey("b", "2"), new RecordKey("c", "1"));
        assertThat(r.merged()).hasSize(2);
        assertThat(r.review()).isEmpty();
    }

    @Test
    void pairsKeptApartStayApartAndPairsTheFacilitatorMergedStayMerged() {
        RecordKey a1 = new RecordKey("a", "1");
        RecordKey b2 = new RecordKey("b", "2");
        RecordKey b1 = new RecordKey("b", "1");
        Batch.Result r = Batch.run(inputs, Thresholds.DEFAULT, (x, y) -> Set.of(x, y).equals(Set.of(a1, b2)), Set.of(Set.of(b1, new RecordKey("c", "1"))));
        assertThat(r.practiceOf().get(b2)).isNotEqualTo(r.practiceOf().get(a1));
        assertThat(r.practiceOf().get(new RecordKey("c", "1"))).isEqualTo(r.practiceOf().get(b1)).isEqualTo("own-b-1");
    }
}
