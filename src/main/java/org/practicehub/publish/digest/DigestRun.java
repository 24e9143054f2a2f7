package org.practicehub.publish.digest;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.practicehub.model.Practice;
import org.practicehub.store.Editions;

/**
 * One run of one digest: the edition it delivers, the messages still owed, and what happened to them.
 * The messages are sent in parallel; after an SMTP outage the rest of the run is skipped (and retried with
 * backoff), so a dead server is not hit once per member.
 */
public final class DigestRun {

    private final DigestDef digest;
    private final String status;
    private final Editions.Edition edition;
    private final Practice[] practices;
    private final List<Send> tasks;
    final AtomicInteger delivered = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final int skipped;
    volatile boolean outage;
    /** Each practice's part of a message, rendered once for the run. */
    final java.util.Map<String, String> fragments = new java.util.concurrent.ConcurrentHashMap<>();
    volatile String lastError;

    DigestRun(DigestDef digest, String status, Editions.Edition edition, Practice[] practices, List<Send> tasks, int skipped) {
        this.digest = digest;
        this.status = status;
        this.edition = edition;
        this.practices = practices;
        this.tasks = tasks;
        this.skipped = skipped;
    }

    static DigestRun nothing(DigestDef digest, String status) {
        return new DigestRun(digest, status, null, new Practice[0], List.of(), 0);
    }

    public DigestDef digest() {
        return digest;
    }

    /** due, not-due, nothing-new, busy (another run of this digest is under way) */
    public String status() {
        return status;
    }

    public Editions.Edition edition() {
        return edition;
    }

    Practice[] practices() {
        return practices;
    }

    public List<Send> tasks() {
        return tasks;
    }

    /** False once the SMTP server was found unreachable: the remaining messages wait for the retry. */
    public boolean goOn() {
        return !outage;
    }
}
