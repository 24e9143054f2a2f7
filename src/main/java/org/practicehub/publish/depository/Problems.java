package org.practicehub.publish.depository;

import java.util.Map;
import java.util.TreeMap;

import org.practicehub.mapping.Chars;

/**
 * What one publish could not write as it was: characters replaced (text no XML or JSON reader takes, see
 * {@link Chars}) and practices left out, each with its reason. A publish goes on past both; the run report, the log
 * and readiness say what it met.
 */
public final class Problems {

    private int replaced;
    private final Map<String, String> skipped = new TreeMap<>();

    /** The text as a writer may write it; what had to be replaced is counted. */
    public synchronized String text(String s) {
        if (Chars.safe(s)) {
            return s;
        }
        replaced += Chars.count(s);
        return Chars.replace(s);
    }

    public synchronized void replaced(int n) {
        replaced += n;
    }

    /** A practice this publish left out, and why. */
    public synchronized void skip(String practiceId, String reason) {
        skipped.putIfAbsent(practiceId, reason);
    }

    public synchronized int replaced() {
        return replaced;
    }

    public synchronized Map<String, String> skipped() {
        return Map.copyOf(skipped);
    }

    public synchronized boolean skipped(String practiceId) {
        return skipped.containsKey(practiceId);
    }

    /** Why a write failed, in one line: the exception's message, else its kind. */
    static String reason(Throwable e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replaceAll("\\s+", " ");
    }
}
