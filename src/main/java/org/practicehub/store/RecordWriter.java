package org.practicehub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.practicehub.mapping.Mapped;
import org.practicehub.matching.RecordKey;
import org.practicehub.model.Practice;
import org.practicehub.model.Practice.Provenance;
import org.practicehub.source.SourceDef;

import static org.practicehub.store.PracticeStore.event;
import static org.practicehub.store.PracticeStore.practiceId;

/**
 * The store's writer: partner records in, practices and change events out. A record is matched to its practice by
 * (source, record id), so a re-poll updates in place; a new record is matched across networks ({@link Dedup}) and either
 * joins the practice it matches or starts its own; a deleted record withdraws what no other record holds up. The
 * practice row and its change event are written in one transaction. Writing is serialised on the store's monitor,
 * which deduplication's regroupings share.
 */
final class RecordWriter {

    private final Db db;
    private final Clock clock;
    private final Dedup dedup;
    private final String hubId;
    private final Object lock;

    RecordWriter(Db db, Clock clock, Dedup dedup, String hubId, Object lock) {
        this.db = db;
        this.clock = clock;
        this.dedup = dedup;
        this.hubId = hubId;
        this.lock = lock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Stores one mapped record. Sources are polled in parallel; saving is serialised so that matching a
     * record against the store always sees every record stored before it.
     */
    Outcome save(SourceDef source, Mapped m) {
        return save(source, m, null);
    }

    private Outcome save(SourceDef source, Mapped m, Instant fetched) {
        synchronized (lock) {
            try {
                Outcome o;
                if (!m.origins().isEmpty()) {
                    o = saveFromHub(source, m, fetched);
                } else {
                    Instant now = now();
                    Record in = ownRecord(source, m, Draft.of(m.practice()), fetched == null ? now : fetched);
                    o = db.tx(c -> store(c, in, null, now).outcome());
                }
                dedup.committed();
                return o;
            } catch (RuntimeException e) {
                dedup.invalidate();
                throw e;
            }
        }
    }

    /** One network record as the store keeps it; {@code originHub} and {@code via} are set for one read from another hub. */
    private record Record(RecordKey key, String network, String url, Instant published, Instant updated, Practice draft,
            String originHub, String via, Draft drafted, Instant fetched) {}

    private record Stored(Outcome outcome, String practiceId) {}

    /**
     * A practice another hub publishes: one record here per network record behind it, each with its origin,
     * all in one practice. The records that started at this hub are this hub's own already: skipped, and a
     * practice made only of them is an echo, so practices never loop between hubs.
     */
    private Outcome saveFromHub(SourceDef source, Mapped m, Instant fetched) {
        Instant now = now();
        Draft d = Draft.of(m.practice());
        return db.tx(c -> saveFromHub(c, source, m, d, now, fetched == null ? now : fetched));
    }

    private Outcome saveFromHub(Connection c, SourceDef source, Mapped m, Draft d, Instant now, Instant fetched) throws SQLException {
        List<Mapped.Origin> foreign = m.origins().stream().filter(o -> !hubId.equals(o.hub())).toList();
        if (foreign.isEmpty()) {
            return Outcome.ECHO;
        }
        // a record of this practice already here names the practice the others join
        String join = null;
        for (Mapped.Origin o : foreign) {
            join = join != null ? join : livePracticeOf(c, new RecordKey(source.id(), o.key()));
        }
        Outcome result = Outcome.UNCHANGED;
        for (Mapped.Origin o : foreign) {
            Record in = new Record(new RecordKey(source.id(), o.key()), o.network(), o.url(), o.published(), o.updated(),
                    m.practice(), o.hub(), source.network(), d, fetched);
            Stored s = store(c, in, join, now);
            join = join == null ? s.practiceId() : join;
            result = s.outcome() == Outcome.NEW || result == Outcome.NEW ? Outcome.NEW
                    : s.outcome() == Outcome.UPDATED || result == Outcome.UPDATED ? Outcome.UPDATED : result;
        }
        return result;
    }

    /**
     * Stores a batch of one source's mapped records in one transaction, in their order: what a poll stores, at
     * the cost of one transaction per batch instead of one per record. Every record is still matched against
     * every record stored before it, those of the same batch included. Should the batch fail as a whole, its
     * records are stored one by one, so that the one at fault fails alone.
     */
    List<Outcome> saveAll(SourceDef source, List<Mapped> batch) {
        return saveDrafted(source, batch.stream().map(Pending.Item::of).toList(), null);
    }

    /** {@code fetched}: when the records were read from the partner (null: now). */
    private List<Outcome> saveDrafted(SourceDef source, List<Pending.Item> batch, Instant fetched) {
        synchronized (lock) {
            if (batch.isEmpty()) {
                return List.of();
            }
            try {
                Instant now = now();
                Instant at = fetched == null ? now : fetched;
                List<Outcome> out = db.tx(c -> {
                    List<Outcome> o = new ArrayList<>(batch.size());
                    for (Pending.Item i : batch) {
                        Mapped m = i.mapped();
                        o.add(m.origins().isEmpty() ? store(c, ownRecord(source, m, i.draft(), at), null, now).outcome()
                                : saveFromHub(c, source, m, i.draft(), now, at));
                    }
                    return o;
                });
                dedup.committed();
                return out;
            } catch (RuntimeException e) {
                dedup.invalidate();
                List<Outcome> out = new ArrayList<>(batch.size());
                for (Pending.Item i : batch) {
                    out.add(save(source, i.mapped(), fetched));
                }
                return out;
            }
        }
    }

    /** An empty buffer for one poll's mapped records. */
    Pending pending() {
        return new Pending(now());
    }

    /** Stores what a poll's buffer holds, in one transaction, and empties it. */
    List<Outcome> savePending(SourceDef source, Pending pending) {
        return saveDrafted(source, pending.drain(), pending.fetched());
    }

    /** Adds a mapped record to a poll's buffer (the route stores the buffer in batches). */
    void pend(Pending pending, Mapped m) {
        pending.add(m);
    }

    private static Record ownRecord(SourceDef source, Mapped m, Draft d, Instant fetched) {
        return new Record(new RecordKey(source.id(), m.recordId()), source.network(), m.url(), m.published(), m.updated(), m.practice(), null, null, d,
                fetched);
    }

    private static String livePracticeOf(Connection c, RecordKey k) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT practice_id FROM source_record WHERE source_id = ? AND record_id = ?"
                + " AND deleted_at IS NULL", k.sourceId(), k.recordId()); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Stores one record; {@code join}, when given, is the practice a new record belongs to without matching. */
    private Stored store(Connection c, Record in, String join, Instant now) throws SQLException {
        Practice draft = in.draft();
        String draftJson = in.drafted().json();
        String hash = in.drafted().hash();
        RecordKey key = in.key();
        Row row = stored(c, key.sourceId(), key.recordId());
        if (row != null && row.holds(hash, in.fetched())) {
            return new Stored(Outcome.UNCHANGED, row.practiceId());
        }
        // a change: under the store's lock, and read again when the lock was only just taken, since another
        // instance may have stored the record meanwhile (a batch holding the lock already has seen every write)
        if (dedup.lockStore(c)) {
            row = stored(c, key.sourceId(), key.recordId());
            if (row != null && row.holds(hash, in.fetched())) {
                return new Stored(Outcome.UNCHANGED, row.practiceId());
            }
        }
        String existing = row == null ? null : row.practiceId();
        if (existing == null) {
            if (join != null) {
                insertRecord(c, in, join, hash, draftJson, now);
                recompose(c, join, now);
                dedup.updated(key, in.network(), draft, in.url(), join);
                return new Stored(Outcome.NEW, join);
            }
            Dedup.Match match = dedup.match(c, key, in.network(), draft, in.url(), in.drafted().text());
            if (match.decision().merges()) {
                String target = match.decision().merge();
                insertRecord(c, in, target, hash, draftJson, now);
                recompose(c, target, now);
                dedup.stored(c, match, target, now);
                return new Stored(Outcome.NEW, target);
            }
            String id = practiceId(key.sourceId(), key.recordId());
            // a new practice has exactly this record as its provenance: no need to read it back
            Practice p = draft.withHubFields(id, List.of(new Provenance(in.network(), key.sourceId(), key.recordId(), in.url(),
                    in.published(), in.updated(), now, now, hash, in.originHub() == null ? hubId : in.originHub(), in.via())), now, now);
            Db.update(c, "INSERT INTO practice (id, version, title, doc, first_seen, last_changed) VALUES (?, 1, ?, ?, ?, ?)",
                    id, draft.title(), Json.pretty(p), now, now);
            insertRecord(c, in, id, hash, draftJson, now);
            event(c, id, "created", 1, now);
            dedup.stored(c, match, id, now);
            return new Stored(Outcome.NEW, id);
        }
        Db.update(c, "UPDATE source_record SET network = ?, url = ?, content_hash = ?, record_doc = ?, published = ?, updated = ?,"
                + " last_changed = ?, deleted_at = NULL, origin_hub = ?, via = ?, fetched_at = ? WHERE source_id = ? AND record_id = ?",
                in.network(), in.url(), hash, draftJson, in.published(), in.updated(), now, in.originHub(), in.via(), in.fetched(),
                key.sourceId(), key.recordId());
        dedup.touched(c, key);
        recompose(c, existing, now);
        dedup.updated(key, in.network(), draft, in.url(), existing);
        return new Stored(Outcome.UPDATED, existing);
    }

    private void insertRecord(Connection c, Record in, String practiceId, String hash, String draftJson, Instant now) throws SQLException {
        // written with the lock's generation, so that other instances catching up read it
        Db.update(c, "INSERT INTO source_record (source_id, record_id, practice_id, network, url, content_hash, record_doc,"
                + " published, updated, first_seen, last_changed, origin_hub, via, store_gen, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                in.key().sourceId(), in.key().recordId(), practiceId, in.network(), in.url(), hash, draftJson, in.published(), in.updated(),
                now, now, in.originHub(), in.via(), dedup.generation(), in.fetched());
    }

    /** A stored record: its practice, hash, whether the partner deleted it, and when the copy stored was fetched. */
    private record Row(String practiceId, String hash, boolean deleted, Instant fetched) {

        /**
         * Whether this row already holds what a copy with {@code hash}, fetched at {@code at}, would store: the same
         * live record, or a copy fetched later (another instance read the partner after this poll did and stored
         * first; the older copy must not replace it, whichever commits last).
         */
        boolean holds(String hash, Instant at) {
            return !deleted && this.hash.equals(hash) || fetched != null && at != null && fetched.isAfter(at);
        }
    }

    private static Row stored(Connection c, String sourceId, String recordId) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT practice_id, content_hash, deleted_at, fetched_at FROM source_record WHERE source_id = ?"
                + " AND record_id = ?", sourceId, recordId); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Row(rs.getString(1), rs.getString(2), rs.getObject(3) != null, Db.instant(rs, "fetched_at")) : null;
        }
    }

    /** A practice whose records changed: its document again from all of them, a new version, a change event. */
    private void recompose(Connection c, String id, Instant now) throws SQLException {
        int version;
        Instant firstSeen;
        try (PreparedStatement ps = Db.prepare(c, "SELECT version, first_seen FROM practice WHERE id = ?", id);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            version = rs.getInt(1) + 1;
            firstSeen = Db.instant(rs, "first_seen");
        }
        Practice p = dedup.compose(c, id, firstSeen, now);
        Db.update(c, "UPDATE practice SET version = ?, title = ?, doc = ?, last_changed = ?, withdrawn_at = NULL WHERE id = ?",
                version, p.title(), Json.pretty(p), now, id);
        event(c, id, "updated", version, now);
    }

    static void event(Connection c, String id, String kind, int version, Instant at) throws SQLException {
        Db.update(c, "INSERT INTO change_event (practice_id, kind, version, at) VALUES (?, ?, ?, ?)", id, kind, version, at);
    }

    /**
     * The partner deleted this record: it no longer counts for its practice, and a practice with no
     * record left is withdrawn (kept, marked, announced as a change), never erased.
     * Returns whether anything changed.
     */
    boolean withdraw(SourceDef source, org.practicehub.source.Deleted d) {
        return withdrawFetched(source, d, null);
    }

    /** The same, for a deletion a poll read into {@code pending}'s harvest: a copy fetched later than it stays. */
    boolean withdraw(SourceDef source, org.practicehub.source.Deleted d, Pending pending) {
        return withdrawFetched(source, d, pending == null ? null : pending.fetched());
    }

    private boolean withdrawFetched(SourceDef source, org.practicehub.source.Deleted d, Instant fetched) {
        synchronized (lock) {
            Instant now = now();
            try {
                boolean changed = withdrawIn(source, d, now, fetched == null ? now : fetched);
                dedup.committed();
                return changed;
            } catch (RuntimeException e) {
                dedup.invalidate();
                throw e;
            }
        }
    }

    private boolean withdrawIn(SourceDef source, org.practicehub.source.Deleted d, Instant now, Instant fetched) {
        return db.tx(c -> {
            dedup.lockStore(c);
            String practice = null;
            try (PreparedStatement ps = Db.prepare(c, "SELECT practice_id, fetched_at FROM source_record WHERE source_id = ? AND record_id = ?"
                    + " AND deleted_at IS NULL", source.id(), d.recordId()); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    Instant stored = Db.instant(rs, "fetched_at");
                    // a live copy fetched after this deletion was read (by another instance) stays
                    if (stored == null || !stored.isAfter(fetched)) {
                        practice = rs.getString(1);
                    }
                }
            }
            if (practice == null) {
                return false;
            }
            Db.update(c, "UPDATE source_record SET deleted_at = ?, fetched_at = ? WHERE source_id = ? AND record_id = ?", now, fetched, source.id(),
                    d.recordId());
            dedup.touched(c, new RecordKey(source.id(), d.recordId()));
            boolean left;
            try (PreparedStatement ps = Db.prepare(c, "SELECT 1 FROM source_record WHERE practice_id = ? AND deleted_at IS NULL", practice);
                 ResultSet rs = ps.executeQuery()) {
                left = rs.next();
            }
            int version;
            try (PreparedStatement ps = Db.prepare(c, "SELECT version FROM practice WHERE id = ?", practice); ResultSet rs = ps.executeQuery()) {
                rs.next();
                version = rs.getInt(1) + 1;
            }
            dedup.removed(new RecordKey(source.id(), d.recordId()));
            if (left) {
                Practice current = Json.read(docOf(c, practice), Practice.class);
                Practice p = dedup.compose(c, practice, current.firstSeen(), now);
                Db.update(c, "UPDATE practice SET version = ?, doc = ?, last_changed = ? WHERE id = ?", version, Json.pretty(p), now, practice);
                event(c, practice, "updated", version, now);
            } else {
                Db.update(c, "UPDATE practice SET version = ?, withdrawn_at = ?, last_changed = ? WHERE id = ?", version, now, now, practice);
                event(c, practice, "withdrawn", version, now);
            }
            return true;
        });
    }

    private static String docOf(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT doc FROM practice WHERE id = ?", id); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

}
