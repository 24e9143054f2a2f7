package org.practicehub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.practicehub.matching.Decision;
import org.practicehub.matching.Preparer;
import org.practicehub.matching.MatchRecord;
import org.practicehub.matching.RecordKey;
import org.practicehub.matching.Thresholds;
import org.practicehub.model.Practice;

/**
 * The store's side of cross-network deduplication, one entry point over its parts: the matching index kept in step
 * with the database ({@link IndexSync}), the pairs judged ({@link JudgedPairs}), regrouping records into practices
 * ({@link Regrouping}), the facilitator's review, decisions and splits ({@link Review}), and deduplicating the whole
 * store again ({@link Rededup}). Saving ({@link RecordWriter}) calls the ingest methods inside its transaction.
 *
 * <p>Every change to which record belongs to which practice happens under the store's lock, as saving
 * does, so the in-memory index and the database agree; after a failed transaction the index is dropped
 * and read again from the database when next needed.
 */
public class Dedup {

    static final String REVIEW = "review";
    static final String MERGED = "merged";
    static final String APART = "apart";
    static final String MATCHER = "matcher";
    static final String FACILITATOR = "facilitator";
    static final String SPLIT = "split";

    private final Db db;
    private final Thresholds thresholds;
    private final JudgedPairs judged;
    private final IndexSync sync;
    private final Composer composer;
    private final Review review;
    private final Rededup rededup;

    Dedup(Db db, Clock clock, Thresholds thresholds, List<String> networkPriority, Object lock, String hubId) {
        this.db = db;
        this.thresholds = thresholds;
        this.judged = new JudgedPairs();
        this.sync = new IndexSync(thresholds, judged);
        this.composer = new Composer(networkPriority, hubId);
        Regrouping regrouping = new Regrouping(composer, sync);
        this.review = new Review(db, clock, lock, sync, judged, regrouping);
        this.rededup = new Rededup(db, clock, lock, thresholds, sync, judged, regrouping);
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /** A record refused for a reason the caller can act on: it conflicts with an earlier decision, or there is nothing to do. */
    public static class Conflict extends RuntimeException {
        public Conflict(String message) {
            super(message);
        }
    }

    // ---- ingest: called by the store's writer inside its transaction, under its lock ----

    /** A new record's matching view and where it belongs. */
    record Match(MatchRecord record, Decision decision) {}

    Match match(Connection c, RecordKey key, String network, Practice draft, String url, Preparer.Analysed text) throws SQLException {
        return sync.match(c, key, network, draft, url, text);
    }

    /** After the record is stored in {@code practiceId}: the pairs it leaves, and the record in the index. */
    void stored(Connection c, Match m, String practiceId, Instant now) throws SQLException {
        Decision d = m.decision();
        if (d.merges()) {
            judged.put(c, d.evidence().record(), d.evidence().other(), d.evidence().score(), d.evidence().stage(), MERGED, MATCHER, now);
        }
        for (Decision.Pair p : d.review()) {
            judged.put(c, p.record(), p.other(), p.score(), p.stage(), REVIEW, null, now);
        }
        sync.add(m.record(), practiceId);
    }

    /** A record changed in place: its new text is what later records are matched against. It stays in its practice. */
    void updated(RecordKey key, String network, Practice draft, String url, String practiceId) {
        sync.updated(key, network, draft, url, practiceId);
    }

    void removed(RecordKey key) {
        sync.removed(key);
    }

    /** The index no longer matches the database (a transaction failed): read it again when next needed. */
    void invalidate() {
        sync.invalidate();
    }

    /**
     * Takes the store's lock row for this transaction (see {@link IndexSync#lockStore}); returns whether this call took
     * it (false: this transaction already held it).
     */
    boolean lockStore(Connection c) throws SQLException {
        return sync.lockStore(c);
    }

    /** The generation this transaction writes under (after {@link #lockStore}): a new record is inserted with it. */
    long generation() {
        return sync.generation();
    }

    /** The record was written in this transaction: instances catching up read it (after {@link #lockStore}). */
    void touched(Connection c, RecordKey key) throws SQLException {
        sync.touched(c, key);
    }

    /** The transaction that took the lock committed: the index reflects the store as of that generation. */
    void committed() {
        sync.committed();
    }

    /** The practice as published: its records' fields by the combine rule, with the provenance of every live record. */
    Practice compose(Connection c, String id, Instant firstSeen, Instant changed) throws SQLException {
        return composer.compose(c, id, firstSeen, changed);
    }

    // ---- redirects ----

    /** The live practice a merged id now lives in. */
    public Optional<String> redirectOf(String id) {
        return db.tx(c -> Regrouping.redirectOf(c, id));
    }

    // ---- the facilitator's review ----

    /** The judged pairs with this status (review, merged, apart), best score first; see {@link Review#pairs}. */
    public List<JudgedPair> pairs(String status) {
        return review.pairs(status);
    }

    /** The pairs the matcher merged by itself, the most recently decided first, at most {@code limit}: what the console can undo. */
    public List<JudgedPair> recentMerges(int limit) {
        return review.recentMerges(limit);
    }

    /** The merged pairs whose two live records are both in this practice: why its records are together. */
    public List<JudgedPair> mergedIn(String practiceId) {
        return review.mergedIn(practiceId);
    }

    /** A record's own mapped fields as its source last sent them (not the merged practice), for the side-by-side review. */
    public Optional<Practice> record(RecordKey k) {
        return review.record(k);
    }

    /** The facilitator's decision on a pair, "merge" or "keep-apart"; see {@link Review#decide}. */
    public Decided decide(long pairId, String decision) {
        return review.decide(pairId, decision);
    }

    /** Undoes a merge: the named records leave the practice together (none named: each stands alone); see {@link Review#split}. */
    public Split split(String practiceId, List<RecordKey> leaving) {
        return review.split(practiceId, leaving);
    }

    /** Deduplicates the whole store again with the current thresholds; the facilitator's decisions hold. */
    public Rerun dedupAll() {
        return rededup.dedupAll();
    }
}
