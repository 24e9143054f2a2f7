package org.practicehub.store;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.practicehub.matching.Reason;

/**
 * A judged pair as the facilitator sees it (GET /api/review, the console): both records, the practices they are in, the
 * score and the matcher's reasons split by verdict. Properties in alphabetical order, as the API has always written them.
 *
 * @param a the record first in (source, record id) order; null once it is deleted
 * @param b the other record; null once it is deleted
 */
@JsonPropertyOrder(alphabetic = true)
public record JudgedPair(long pairId, String status, String decidedBy, double score, String stage, Side a, Side b, List<Reason> agreed,
        List<Reason> differed, List<Reason> similar, Instant createdAt, Instant decidedAt) {

    /** One record of a pair: where it comes from and the practice it is in now. */
    @JsonPropertyOrder(alphabetic = true)
    public record Side(String sourceId, String recordId, String network, String url, String practiceId, String practiceTitle) {}
}
