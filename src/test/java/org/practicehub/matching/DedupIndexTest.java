package org.practicehub.matching;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.practicehub.model.Practice;

import static org.assertj.core.api.Assertions.assertThat;

/** Blocking and the decision for a new record: merge, review, or stand alone. */
class DedupIndexTest {

    private static final String[] WORDS = ("remittance diaspora recruitment welfare return reintegration skills passport "
            + "consular trafficking labour mobility corridor seasonal domestic workers orientation training loans savings "
            + "radio campaign helpline shelter legal aid database registry matching employers unions dialogue").split(" ");

    private DedupIndex index;

    @BeforeEach
    void distractors() {
        index = new DedupIndex(Thresholds.DEFAULT);
        Random rnd = new Random(7);
        for (int i = 0; i < 300; i++) {
            StringBuilder title = new StringBuilder();
            for (int w = 0; w < 5; w++) {
                title.append(WORDS[rnd.nextInt(WORDS.length)]).append(' ');
            }
            add("bulk", "b" + i, Docs.doc(title.toString().trim() + " " + i, null));
        }
    }

    private MatchRecord add(String source, String id, Practice doc) {
        MatchRecord r = index.prepare(new RecordKey(source, id), source, doc, null);
        index.add(r, "p-" + source + "-" + id);
        return r;
    }

    private Decision decide(String source, String id, Practice doc, DedupIndex.Apart apart) {
        return index.decide(index.prepare(new RecordKey(source, id), source, doc, null), apart);
    }

    @Test
    void aRewordedRecordOfAnotherNetworkMerges() {
        add("apmagnet", "31", Docs.doc("One-stop migration resource centre for overseas Filipino workers in Laguna",
                "The Province of Laguna opened a one-stop centre for OFWs and their families.",
                List.of("Overseas Workers Welfare Administration (OWWA)"), List.of("PH"), null, null));
        Decision d = decide("mnh", "88", Docs.doc("Laguna Province Establishes a One Stop Migration Resource Center",
                "Laguna Province establishes a One Stop Migration Resource Center, a hub for Overseas Filipino Workers (OFWs) and their families.",
                List.of("Provincial Government of Laguna", "Overseas Workers Welfare Administration (OWWA)"), List.of("PH"), "2019", null),
                DedupIndex.Apart.NONE);
        assertThat(d.merges()).isTrue();
        assertThat(d.merge()).isEqualTo("p-apmagnet-31");
        assertThat(d.evidence().stage()).isEqualTo("fuzzy");
        assertThat(d.evidence().score().agreed()).extracting(Reason::field).contains("partners", "countries");
    }

    @Test
    void aDoubtfulPairGoesToReviewAndAnUnrelatedRecordStandsAlone() {
        add("a", "1", Docs.doc("Helpline for domestic workers in the Gulf", null, List.of(), List.of("PH"), "2015", null));
        Decision doubtful = decide("b", "2", Docs.doc("Helpline for domestic workers in the Gulf", null, List.of(), List.of("ID"), "2015", null),
                DedupIndex.Apart.NONE);
        assertThat(doubtful.merges()).isFalse();
        assertThat(doubtful.review()).singleElement().satisfies(p -> {
            assertThat(p.other()).isEqualTo(new RecordKey("a", "1"));
            assertThat(p.score().value()).isBetween(Thresholds.DEFAULT.review(), Thresholds.DEFAULT.merge());
            assertThat(p.score().differed()).extracting(Reason::field).containsExactly("countries");
        });
        Decision alone = decide("b", "3", Docs.doc("Community radio in Tagalog and Bahasa", null), DedupIndex.Apart.NONE);
        assertThat(alone.merges()).isFalse();
        assertThat(alone.review()).isEmpty();
    }

    @Test
    void twoRecordsOfOneSourceGoToReviewUnlessConfiguredOtherwise() {
        Practice doc = Docs.doc("Pre-departure orientation seminar for seafarers", "A one-day seminar before deployment.");
        add("apmagnet", "1", doc);
        Decision d = decide("apmagnet", "2", doc, DedupIndex.Apart.NONE);
        assertThat(d.merges()).isFalse();
        assertThat(d.review()).singleElement().satisfies(p -> assertThat(p.score().differed()).extracting(Reason::field).contains("source"));

        index = new DedupIndex(new Thresholds(0.8, 0.6, true));
        add("apmagnet", "1", doc);
        assertThat(decide("apmagnet", "2", doc, DedupIndex.Apart.NONE).merges()).isTrue();
    }

    @Test
    void aPairKeptApartNeverMerges() {
        Practice doc = Docs.doc("Pre-departure orientation seminar for seafarers", "A one-day seminar before deployment.");
        add("a", "1", doc);
        Decision d = decide("b", "1", doc, (x, y) -> true);
        assertThat(d.merges()).isFalse();
        assertThat(d.review()).isEmpty();
    }

    @Test
    void theSameCanonicalUrlSettlesADoubtfulPair_unlessOneSourceUsesItForSeveralRecords() {
        index.add(index.prepare(new RecordKey("a", "1"), "A", Docs.doc("Reintegration loans in Armenia", "Loans and business coaching for returnees."),
                "https://www.example.org/practices/armenia-loans/"), "p-a-1");
        Practice reworded = Docs.doc("Loans for returning migrants in Armenia", "Loans and business coaching for returnees.");
        Decision byText = index.decide(index.prepare(new RecordKey("b", "1"), "B", reworded, null), DedupIndex.Apart.NONE);
        assertThat(byText.merges()).isFalse();
        assertThat(byText.review()).hasSize(1);
        Decision byUrl = index.decide(index.prepare(new RecordKey("b", "1"), "B", reworded,
                "http://example.org/practices/armenia-loans?utm_source=feed"), DedupIndex.Apart.NONE);
        assertThat(byUrl.merges()).isTrue();
        assertThat(byUrl.evidence().stage()).isEqualTo("url");
        assertThat(byUrl.evidence().score().agreed()).extracting(Reason::field).contains("url");

        index.add(index.prepare(new RecordKey("c", "1"), "C", Docs.doc("Seasonal berry pickers", null), "https://example.org/list"), "p-c-1");
        index.add(index.prepare(new RecordKey("c", "2"), "C", Docs.doc("Unions in the Middle East", null), "https://example.org/list"), "p-c-2");
        Decision listing = index.decide(index.prepare(new RecordKey("c", "3"), "C", Docs.doc("Crisis return planning", null),
                "https://example.org/list"), DedupIndex.Apart.NONE);
        assertThat(listing.merges()).isFalse();
    }

    @Test
    void recordsMoveBetweenPracticesAndLeave() {
        MatchRecord r = add("a", "1", Docs.doc("Diaspora bonds for housing", null));
        index.assign(r.key(), "p-other");
        assertThat(index.practiceOf(r.key())).isEqualTo("p-other");
        assertThat(index.members("p-other")).containsExactly(r.key());
        index.remove(r.key());
        assertThat(index.practiceOf(r.key())).isNull();
        assertThat(decide("b", "1", Docs.doc("Diaspora bonds for housing", null), DedupIndex.Apart.NONE).merges()).isFalse();
    }
}
