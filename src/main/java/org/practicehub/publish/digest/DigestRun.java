package org.practicehub.publish.digest;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.practicehub.model.Practice;
import org.practicehub.store.Editions;

/**
 * One run of one digest: the edition it delivers, the messages still owed, and what happened to them.
 * The messages are sent in parallel; after an SMTP outage the rest of the run is skipped (and retried with
 * backoff), so a dead server is not hit once per member. A run holds the digest's claim in the store (its token)
 * from start to finish, so that no other instance runs the digest meanwhile.
 */
public final class DigestRun {

    private final DigestDef digest;
    private final String status;
    private final Editions.Edition edition;
    private final Practice[] practices;
    private final List<Send> tasks;
    /** Per member of the run, what it knew of the member's rows when it planned (Subscriptions.Known). */
    final java.util.Map<String, org.practicehub.store.Subscriptions.Known> known = new java.util.concurrent.ConcurrentHashMap<>();
    /** The members whose delivery failed once in this run: what the plan knew of their rows no longer holds. */
    final java.util.Set<String> attempted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final AtomicInteger delivered = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    /** Messages built so far: the last part of each one's Message-ID. */
    final java.util.concurrent.atomic.AtomicLong messages = new java.util.concurrent.atomic.AtomicLong();
    final int skipped;
    volatile boolean outage;
    /** Each practice's part of a message, rendered once for the run. */
    final java.util.Map<String, String> fragments = new java.util.concurrent.ConcurrentHashMap<>();
    volatile String lastError;
    /**
     * Each practice's blocks as encoded bytes, by practice id, then by {@link Digests#slot}: kind, state and starting
     * column (no string key built per block and message).
     */
    final java.util.Map<String, java.util.concurrent.atomic.AtomicReferenceArray<byte[]>> blocks = new java.util.concurrent.ConcurrentHashMap<>();
    /** The List-Id header's value, the same for every message of the run (Digests.message sets it at the first). */
    volatile String listId;
    /** The largest message so far: the next one's first buffer, so it is rarely grown. */
    volatile int messageBytes = 16 * 1024;
    /** The run's random part: in its MIME boundary and in every Message-ID (with a count), so both are unique. */
    final String nonce = java.util.UUID.randomUUID().toString().replace("-", "");
    /** The MIME boundary of the run's messages; "=_" never occurs in quoted-printable text. */
    final String boundary = "=_ph_" + nonce;
    /** This run's claim on the digest, set by Digests.start before the run is shared; null when it holds none (busy). */
    String token;
    /** When the claim's lease was last moved on. */
    volatile java.time.Instant renewedAt;
    /** The lease ran out and another instance took the digest over: this run sends nothing more. */
    volatile boolean lost;
    /** When busy: the instance whose run holds the digest. */
    final String runningOn;
    /** The facilitator's note the edition went out with; null when none. Set by Digests.plan before the run is shared. */
    org.practicehub.store.EditionNotes.Note note;

    DigestRun(DigestDef digest, String status, Editions.Edition edition, Practice[] practices, List<Send> tasks, int skipped) {
        this(digest, status, edition, practices, tasks, skipped, null);
    }

    private DigestRun(DigestDef digest, String status, Editions.Edition edition, Practice[] practices, List<Send> tasks, int skipped,
            String runningOn) {
        this.runningOn = runningOn;
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

    static DigestRun busy(DigestDef digest, String instance) {
        return new DigestRun(digest, "busy", null, new Practice[0], List.of(), 0, instance);
    }

    public DigestDef digest() {
        return digest;
    }

    /** due, not-due, nothing-new, busy (another run of this digest is under way, here or on another instance) */
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

    /** When busy: the instance whose run holds the digest. */
    public String runningOn() {
        return runningOn;
    }
}
