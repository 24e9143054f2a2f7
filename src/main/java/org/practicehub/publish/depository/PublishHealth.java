package org.practicehub.publish.depository;

import java.util.Map;

/**
 * How the depository's last publishes went, for readiness: publishes that failed, or left practices out, one after
 * the other (reset by one that did neither), the last reason, and the practices still left out. A publisher that
 * keeps failing is reported, never only logged.
 */
public final class PublishHealth {

    /** From this many troubled publishes in a row the publisher is reported as failing. */
    public static final int FAILING_AFTER = 3;

    private int troubledInARow;
    private String lastProblem;
    private Map<String, String> skipped = Map.of();

    synchronized void publishDone(Map<String, String> leftOut) {
        skipped = Map.copyOf(leftOut);
        if (leftOut.isEmpty()) {
            troubledInARow = 0;
            lastProblem = null;
        } else {
            troubledInARow++;
            lastProblem = leftOut.size() + " practices left out (" + String.join(", ", new java.util.TreeSet<>(leftOut.keySet())) + ")";
        }
    }

    synchronized void publishFailed(String reason) {
        troubledInARow++;
        lastProblem = "publish failed: " + reason;
    }

    /** The practices the last publish left out, with the reason: the next publish tries them again. */
    public synchronized Map<String, String> skipped() {
        return skipped;
    }

    /** Why the publisher is failing, when its last {@link #FAILING_AFTER} publishes or more were all troubled. */
    public synchronized java.util.Optional<String> failing() {
        return troubledInARow >= FAILING_AFTER
                ? java.util.Optional.of(troubledInARow + " publishes in a row in trouble; last: " + lastProblem)
                : java.util.Optional.empty();
    }
}
