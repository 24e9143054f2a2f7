package org.practicehub.store;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What deduplicating the whole store again did (POST /api/dedup, --dedup-all), and how long it took. */
@JsonPropertyOrder(alphabetic = true)
public record Rerun(int records, int practicesBefore, int practicesAfter, int practicesChanged, int mergedPairs, int reviewPairs,
        double mergeThreshold, double reviewThreshold, long ms) {

    Rerun took(long millis) {
        return new Rerun(records, practicesBefore, practicesAfter, practicesChanged, mergedPairs, reviewPairs, mergeThreshold, reviewThreshold,
                millis);
    }

    /** The run with what the depository then wrote (--dedup-all's summary). */
    public record Published(Rerun run, Map<String, Integer> depository) {}
}
