package org.practicehub.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.practicehub.mapping.Mapped;
import org.practicehub.matching.Thresholds;
import org.practicehub.model.Practice;
import org.practicehub.source.SourceDef;

/**
 * Practices and their provenance: the one entry point the routes and publishers call, over its parts by job. The
 * writer ({@link RecordWriter}: records in, matched across networks by {@link Dedup}, practices and change events out),
 * the reads ({@link PracticeReads}: what the publishers and the read API read), and the records that could not be
 * mapped ({@link RejectedRecords}).
 */
public class PracticeStore {

    /** The identity of a hub that was given none (tests, tools). */
    public static final String LOCAL_HUB = "urn:practice-hub:local";

    private final Dedup dedup;
    private final String hubId;
    private final RecordWriter writer;
    private final PracticeReads reads;
    private final RejectedRecords rejected;

    public PracticeStore(Db db, Clock clock) {
        this(db, clock, Thresholds.DEFAULT, List.of());
    }

    /** @param networkPriority network names, most trusted first, for the single values of a merged practice */
    public PracticeStore(Db db, Clock clock, Thresholds thresholds, List<String> networkPriority) {
        this(db, clock, thresholds, networkPriority, LOCAL_HUB);
    }

    /**
     * @param networkPriority network names, most trusted first, for the single values of a merged practice
     * @param hubId           this hub's identity in provenance (hub.id): how other hubs know a practice started here
     */
    public PracticeStore(Db db, Clock clock, Thresholds thresholds, List<String> networkPriority, String hubId) {
        this.hubId = hubId;
        // one monitor for every change to the grouping: saving, withdrawing, and deduplication's regroupings
        Object lock = new Object();
        this.dedup = new Dedup(db, clock, thresholds, networkPriority, lock, hubId);
        this.writer = new RecordWriter(db, clock, dedup, hubId, lock);
        this.reads = new PracticeReads(db);
        this.rejected = new RejectedRecords(db, clock);
    }

    public String hubId() {
        return hubId;
    }

    /** Deduplication over this store: review, decisions, splits, re-runs. */
    public Dedup dedup() {
        return dedup;
    }

    /** The hub id of a new practice: stable for its first record, so a rebuilt store gives the same ids. */
    public static String practiceId(String sourceId, String recordId) {
        byte[] h = sha256(sourceId + "\n" + recordId);
        return "ph-" + HexFormat.of().formatHex(h, 0, 8);
    }

    static void event(Connection c, String id, String kind, int version, Instant at) throws SQLException {
        Db.update(c, "INSERT INTO change_event (practice_id, kind, version, at) VALUES (?, ?, ?, ?)", id, kind, version, at);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the writer ----

    /**
     * Stores one mapped record. Sources are polled in parallel; saving is serialised so that matching a
     * record against the store always sees every record stored before it.
     */
    public Outcome save(SourceDef source, Mapped m) {
        return writer.save(source, m);
    }

    /**
     * Stores a batch of one source's mapped records in one transaction, in their order; should the batch fail as a whole,
     * its records are stored one by one, so that the one at fault fails alone.
     */
    public List<Outcome> saveAll(SourceDef source, List<Mapped> batch) {
        return writer.saveAll(source, batch);
    }

    /** An empty buffer for one poll's mapped records. */
    public Pending pending() {
        return writer.pending();
    }

    /** Stores what a poll's buffer holds, in one transaction, and empties it. */
    public List<Outcome> savePending(SourceDef source, Pending pending) {
        return writer.savePending(source, pending);
    }

    /** Adds a mapped record to a poll's buffer (the route stores the buffer in batches). */
    public void pend(Pending pending, Mapped m) {
        writer.pend(pending, m);
    }

    /**
     * The partner deleted this record: it no longer counts for its practice, and a practice with no
     * record left is withdrawn (kept, marked, announced as a change), never erased.
     * Returns whether anything changed.
     */
    public boolean withdraw(SourceDef source, org.practicehub.source.Deleted d) {
        return writer.withdraw(source, d);
    }

    /** The same, for a deletion a poll read into {@code pending}'s harvest: a copy fetched later than it stays. */
    public boolean withdraw(SourceDef source, org.practicehub.source.Deleted d, Pending pending) {
        return writer.withdraw(source, d, pending);
    }

    // ---- rejected records ----

    /** Quarantines a record that could not be mapped, with the partner's payload as it came. */
    public void reject(SourceDef source, org.practicehub.source.RawRecord record, String reason) {
        rejected.reject(source, record, reason);
    }

    /** Quarantines a record with its reason and raw payload; the same payload is counted, not stored twice. */
    public void reject(SourceDef source, String recordId, String reason, String payload) {
        rejected.reject(source, recordId, reason, payload);
    }

    public List<RejectedRecord> rejected(String sourceId) {
        return rejected.of(sourceId);
    }

    // ---- the reads ----

    /** Practices no longer live (withdrawn, or merged into another) and since when, for the depository's tombstones and redirects. */
    public Map<String, Instant> withdrawn() {
        return reads.withdrawn();
    }

    public boolean isWithdrawn(String id) {
        return reads.isWithdrawn(id);
    }

    /**
     * The depository documents of these practices, as pretty JSON by id, read in chunks: the stored
     * document itself, a tombstone for a withdrawn practice, or a redirect for one merged into another.
     */
    public Map<String, String> depositoryDocs(List<String> ids) {
        return reads.depositoryDocs(ids);
    }

    /** These practices, in the order of the ids given; unknown or withdrawn ids are left out. */
    public List<Practice> byIds(List<String> ids) {
        return reads.byIds(ids);
    }

    /** The stored documents (schema v1 JSON, as the depository holds them) of these practices, in the order given. */
    public List<String> docs(List<String> ids) {
        return reads.docs(ids);
    }

    /** The stored version of a practice, for its ETag. */
    public Optional<Integer> version(String id) {
        return reads.version(id);
    }

    public Optional<Practice> get(String id) {
        return reads.get(id);
    }

    /** Every practice, oldest first. */
    public List<Practice> all() {
        return reads.all();
    }

    /** The practices that no edition of this digest has carried yet, oldest first. */
    public List<Practice> notYetIn(String digestId) {
        return reads.notYetIn(digestId);
    }

    /** A change event: what changed, to which version. */
    public record Event(long seq, String practiceId, String kind, int version) {}

    /** The change events after {@code seq}, oldest first, at most {@code limit}. */
    public List<Event> events(long seq, int limit) {
        return reads.events(seq, limit);
    }

    /** The practices with a change event after {@code seq}, in event order. */
    public List<String> changedSince(long seq) {
        return reads.changedSince(seq);
    }

    /** One line per live practice for the depository index, without reading the documents. */
    public record Summary(String id, String title, List<String> networks, Instant firstSeen, Instant lastChanged) {}

    public List<Summary> summaries() {
        return reads.summaries();
    }

    /** The most recently changed live practices, newest first: what the feeds carry. */
    public List<Practice> newest(int limit) {
        return reads.newest(limit);
    }

    /** As {@link #newest(int)}, a practice whose stored document cannot be read left out and handed to {@code unreadable}. */
    public List<Practice> newest(int limit, java.util.function.BiConsumer<String, String> unreadable) {
        return reads.newest(limit, unreadable);
    }

    public long publishedUpTo(String publisher) {
        return reads.publishedUpTo(publisher);
    }

    public void published(String publisher, long seq) {
        reads.published(publisher, seq);
    }

    public int count() {
        return reads.count();
    }

    /** Transactions this instance has committed: moves whenever this instance changed anything. */
    public long localCommits() {
        return reads.localCommits();
    }

    public long lastEventSeq() {
        return reads.lastEventSeq();
    }
}
