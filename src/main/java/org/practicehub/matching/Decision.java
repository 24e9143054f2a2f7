package org.practicehub.matching;

import java.util.List;

/**
 * What to do with a new record: join an existing practice ({@code merge} names it and the pair that
 * decided it), or stand alone; either way, the doubtful pairs it leaves for the facilitator.
 */
public record Decision(String merge, Pair evidence, List<Pair> review) {

    /** The new record against one record already indexed, with the stage that found it: url, fuzzy. */
    public record Pair(RecordKey record, RecordKey other, String practiceId, Score score, String stage) {}

    public static Decision separate(List<Pair> review) {
        return new Decision(null, null, List.copyOf(review));
    }

    public static Decision merge(Pair evidence) {
        return new Decision(evidence.practiceId(), evidence, List.of());
    }

    public boolean merges() {
        return merge != null;
    }
}
