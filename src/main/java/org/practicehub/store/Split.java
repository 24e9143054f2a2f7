package org.practicehub.store;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A practice split (POST /api/practices/{id}/split): the practice split, and the practices its records are in now.
 *
 * @param split the id of the practice that was split (a merged id given is followed to it)
 */
@JsonPropertyOrder(alphabetic = true)
public record Split(String split, List<Part> practices) {

    /** One practice after the split, with its records ("sourceId/recordId"). */
    @JsonPropertyOrder(alphabetic = true)
    public record Part(String id, List<String> records) {}
}
