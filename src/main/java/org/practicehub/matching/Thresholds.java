package org.practicehub.matching;

/**
 * What a score means: at or above {@code merge} two records are one practice; from {@code review} up
 * to {@code merge} the pair waits for the facilitator; below {@code review} they stay apart.
 * {@code mergeWithinSource}: whether two records of one source may merge without the facilitator
 * (a network seldom lists one practice twice, so by default such a pair goes to review instead).
 */
public record Thresholds(double merge, double review, boolean mergeWithinSource) {

    public static final Thresholds DEFAULT = new Thresholds(0.80, 0.60, false);

    public Thresholds {
        if (!(review > 0 && review <= merge && merge <= 1)) {
            throw new IllegalArgumentException("thresholds need 0 < review <= merge <= 1, not review " + review + ", merge " + merge);
        }
    }

    public enum Verdict { MERGE, REVIEW, APART }

    public Verdict of(double score) {
        return score >= merge ? Verdict.MERGE : score >= review ? Verdict.REVIEW : Verdict.APART;
    }
}
