package org.practicehub.store;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The facilitator's decision on a pair, done (POST /api/review/{pairId}).
 *
 * @param status    merged or apart
 * @param practices the practice both records are in now (merged), or the two practices they are in (apart)
 */
@JsonPropertyOrder(alphabetic = true)
public record Decided(long pairId, String status, List<String> practices) {}
