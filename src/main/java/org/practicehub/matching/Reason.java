package org.practicehub.matching;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One piece of evidence behind a score, for the facilitator: which field, whether the two records
 * agree or differ on it, how similar they are (0 to 1, where that applies) and what was compared.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reason(String field, String verdict, Double similarity, String detail) {

    public static final String AGREE = "agree";
    public static final String DIFFER = "differ";
    public static final String SIMILAR = "similar";

    public boolean agrees() {
        return AGREE.equals(verdict);
    }
}
