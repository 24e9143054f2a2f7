package org.practicehub.matching;

import java.util.List;

/** How alike two records are (0 to 1) and why. {@code sameUrl}: both link to the same canonical page. */
public record Score(double value, List<Reason> reasons, boolean sameUrl) {

    public List<Reason> agreed() {
        return reasons.stream().filter(Reason::agrees).toList();
    }

    public List<Reason> differed() {
        return reasons.stream().filter(r -> Reason.DIFFER.equals(r.verdict())).toList();
    }
}
