package org.practicehub.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.practicehub.matching.RecordKey;
import org.practicehub.store.Dedup;
import org.practicehub.store.Json;
import org.practicehub.store.Rerun;

/**
 * The JSON bodies of the deduplication endpoints (routes/review.camel.yaml): the review list, the
 * facilitator's decision on a pair, splitting a practice, and deduplicating the whole store again.
 */
public class ReviewApi {

    private static final Set<String> STATUSES = Set.of("review", "merged", "apart");

    private final Dedup dedup;

    public ReviewApi(Dedup dedup) {
        this.dedup = dedup;
    }

    /** GET /api/review[?status=review|merged|apart]: the pairs, best score first, with the reasons. */
    public String pairs(String status) {
        String s = status == null || status.isBlank() ? "review" : status.trim();
        if (!STATUSES.contains(s)) {
            throw new HttpProblem(400, "Bad Request", "status must be one of review, merged, apart");
        }
        return Json.pretty(dedup.pairs(s));
    }

    /** POST /api/review/{pairId} with {"decision": "merge"} or {"decision": "keep-apart"}. */
    public String decide(String pairId, String body) {
        long id;
        try {
            id = Long.parseLong(pairId);
        } catch (NumberFormatException e) {
            throw HttpProblem.notFound("pair " + pairId);
        }
        String decision = json(body).path("decision").asText("");
        return answer(() -> dedup.decide(id, decision));
    }

    /** POST /api/practices/{id}/split, optionally with {"records": ["sourceId/recordId", ...]}: those leave together. */
    public String split(String practiceId, String body) {
        List<RecordKey> leaving = new ArrayList<>();
        JsonNode records = json(body).path("records");
        if (!records.isMissingNode() && !records.isArray()) {
            throw new HttpProblem(400, "Bad Request", "records must be a list of 'sourceId/recordId'");
        }
        for (JsonNode r : records) {
            try {
                leaving.add(RecordKey.parse(r.asText()));
            } catch (IllegalArgumentException e) {
                throw new HttpProblem(400, "Bad Request", e.getMessage());
            }
        }
        return answer(() -> dedup.split(practiceId, leaving));
    }

    /** POST /api/dedup: deduplicates the whole store again with the current thresholds. */
    public String dedupAll() {
        return Json.pretty(dedup.dedupAll());
    }

    /** The result of a whole-store run with what the depository then wrote, for {@code --dedup-all}'s summary. */
    public Rerun.Published withDepository(Rerun result, Map<String, Integer> depository) {
        return new Rerun.Published(result, depository);
    }

    private static String answer(Supplier<?> action) {
        return Json.pretty(decided(action));
    }

    /** A review action's failures as HTTP problems: the API and the console answer them alike. */
    static <T> T decided(Supplier<T> action) {
        try {
            return action.get();
        } catch (NoSuchElementException e) {
            throw HttpProblem.notFound(e.getMessage());
        } catch (Dedup.Conflict e) {
            throw new HttpProblem(409, "Conflict", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(400, "Bad Request", e.getMessage());
        }
    }

    private static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (!n.isObject()) {
                throw new HttpProblem(400, "Bad Request", "the body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new HttpProblem(400, "Bad Request", "the body is not JSON: " + e.getOriginalMessage());
        }
    }
}
