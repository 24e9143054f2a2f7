package org.practicehub.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.practicehub.mapping.Mapped;
import org.practicehub.matching.DedupIndex;
import org.practicehub.matching.RecordKey;
import org.practicehub.matching.Thresholds;
import org.practicehub.model.Practice;
import org.practicehub.model.Practice.Provenance;
import org.practicehub.source.SourceDef;

/**
 * Practices and their provenance. A record is matched to its practice by (source, record id), so a
 * re-poll updates in place; a new record is matched across networks ({@link Dedup}) and either joins
 * the practice it matches or starts its own. The practice row and its change event are written in one
 * transaction.
 */
public class PracticeStore {

    /** Raw payloads of rejected records are kept up to this size; the rest is cut and marked. */
    static final int MAX_PAYLOAD = 256 * 1024;

    private final Db db;
    private final Clock clock;
    private final Dedup dedup;
    private final String hubId;

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
        this.db = db;
        this.clock = clock;
        this.hubId = hubId;
        this.dedup = new Dedup(db, clock, thresholds, networkPriority, this, hubId);
    }

    /** The identity of a hub that was given none (tests, tools). */
    public static final String LOCAL_HUB = "urn:practice-hub:local";

    public String hubId() {
        return hubId;
    }

    /** Deduplication over this store: review, decisions, splits, re-runs. */
    public Dedup dedup() {
        return dedup;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The hub id of a new practice: stable for its first record, so a rebuilt store gives the same ids. */
    public static String practiceId(String sourceId, String recordId) {
        byte[] h = sha256(sourceId + "\n" + recordId);
        return "ph-" + HexFormat.of().formatHex(h, 0, 8);
    }

    /**
     * Stores one mapped record. Sources are polled in parallel; saving is serialised so that matching a
     * record against the store always sees every record stored before it.
     */
    public Outcome save(SourceDef source, Mapped m) {
        return save(source, m, null);
    }

    private synchronized Outcome save(SourceDef source, Mapped m, Instant fetched) {
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

    /** One network record as the store keeps it; {@code originHub} and {@code via} are set for one read from another hub. */
    private record Record(RecordKey key, String network, String url, Instant published, Instant updated, Practice draft,
            String originHub, String via, Draft drafted, Instant fetched) {}

    /**
     * A record's document as stored, and its hash: a function of the mapped record alone, so a poll's thread makes it
     * ({@link #pend}) before the batch takes the store's serialised path.
     */
    record Draft(String json, String hash, DedupIndex.Analysed text) {
        static Draft of(Practice p) {
            String json = Json.write(p);
            return new Draft(json, HexFormat.of().formatHex(sha256(json)), DedupIndex.analyse(p));
        }
    }

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
    public List<Outcome> saveAll(SourceDef source, List<Mapped> batch) {
        return saveDrafted(source, batch.stream().map(Pending.Item::of).toList(), null);
    }

    /** {@code fetched}: when the records were read from the partner (null: now). */
    private synchronized List<Outcome> saveDrafted(SourceDef source, List<Pending.Item> batch, Instant fetched) {
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

    /** An empty buffer for one poll's mapped records. */
    public Pending pending() {
        return new Pending(now());
    }

    /** Stores what a poll's buffer holds, in one transaction, and empties it. */
    public List<Outcome> savePending(SourceDef source, Pending pending) {
        return saveDrafted(source, pending.drain(), pending.fetched());
    }

    /** Adds a mapped record to a poll's buffer (the route stores the buffer in batches). */
    public void pend(Pending pending, Mapped m) {
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
    public boolean withdraw(SourceDef source, org.practicehub.source.Deleted d) {
        return withdrawFetched(source, d, null);
    }

    /** The same, for a deletion a poll read into {@code pending}'s harvest: a copy fetched later than it stays. */
    public boolean withdraw(SourceDef source, org.practicehub.source.Deleted d, Pending pending) {
        return withdrawFetched(source, d, pending == null ? null : pending.fetched());
    }

    private synchronized boolean withdrawFetched(SourceDef source, org.practicehub.source.Deleted d, Instant fetched) {
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

    /** Practices no longer live (withdrawn, or merged into another) and since when, for the depository's tombstones and redirects. */
    public Map<String, Instant> withdrawn() {
        return db.tx(c -> {
            Map<String, Instant> out = new LinkedHashMap<>();
            // a range, not IS NOT NULL: H2 reads the index on withdrawn_at for a range, and every practice row for IS NOT NULL
            try (PreparedStatement ps = Db.prepare(c, "SELECT id, withdrawn_at FROM practice WHERE withdrawn_at >= ? ORDER BY id", Instant.EPOCH);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), Db.instant(rs, "withdrawn_at"));
                }
            }
            return out;
        });
    }

    public boolean isWithdrawn(String id) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT 1 FROM practice WHERE id = ? AND withdrawn_at IS NOT NULL", id);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    /**
     * The depository documents of these practices, as pretty JSON by id, read in chunks: the stored
     * document itself, a tombstone for a withdrawn practice, or a redirect for one merged into another.
     */
    public Map<String, String> depositoryDocs(List<String> ids) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            db.tx(c -> {
                try (PreparedStatement ps = Db.prepare(c, "SELECT p.id, p.doc, p.withdrawn_at, r.target, r.at FROM practice p"
                        + " LEFT JOIN practice_redirect r ON r.id = p.id WHERE p.id IN (" + marks + ")", chunk.toArray());
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant withdrawn = Db.instant(rs, "withdrawn_at");
                        if (rs.getString("target") != null) {
                            // merged into another practice: a small record that sends readers there
                            Map<String, Object> moved = new LinkedHashMap<>();
                            moved.put("schemaVersion", Practice.SCHEMA_VERSION);
                            moved.put("id", rs.getString("id"));
                            moved.put("redirect", rs.getString("target"));
                            moved.put("merged", Db.instant(rs, "at"));
                            out.put(rs.getString("id"), Json.pretty(moved));
                        } else if (withdrawn != null) {
                            Map<String, Object> tomb = new LinkedHashMap<>();
                            tomb.put("schemaVersion", Practice.SCHEMA_VERSION);
                            tomb.put("id", rs.getString("id"));
                            tomb.put("withdrawn", withdrawn);
                            out.put(rs.getString("id"), Json.pretty(tomb));
                        } else {
                            // stored as the depository file will hold it, so publishing reads and writes without re-serialising
                            out.put(rs.getString("id"), rs.getString("doc"));
                        }
                    }
                }
                return null;
            });
        }
        return out;
    }

    /** Quarantines a record that could not be mapped, with the partner's payload as it came. */
    public void reject(SourceDef source, org.practicehub.source.RawRecord record, String reason) {
        String recordId = null;
        java.util.List<String> ids = source.kind().isFeed() ? record.values("id") : java.util.List.of();
        if (!ids.isEmpty()) {
            recordId = ids.get(0);
        }
        reject(source, recordId, reason, record.payload());
    }

    /** Quarantines a record with its reason and raw payload; the same payload is counted, not stored twice. */
    public void reject(SourceDef source, String recordId, String reason, String payload) {
        String body = payload == null ? "" : payload;
        if (body.length() > MAX_PAYLOAD) {
            body = body.substring(0, MAX_PAYLOAD) + "\n[cut at " + MAX_PAYLOAD + " characters]";
        }
        String hash = HexFormat.of().formatHex(sha256(body));
        Instant now = now();
        String stored = body;
        db.tx(c -> {
            String seen = "UPDATE rejected_record SET reason = ?, last_seen = ?, times_seen = times_seen + 1 WHERE source_id = ? AND payload_hash = ?";
            // two instances polling the source at once reject the same record at once: the second INSERT meets the first's
            // row, and counts a sighting on it instead of failing (which would fail the poll and back the source off)
            if (Db.update(c, seen, reason, now, source.id(), hash) == 0
                    && !Db.insertUnlessPresent(c, "INSERT INTO rejected_record (source_id, record_id, reason, payload, payload_hash,"
                            + " first_seen, last_seen, times_seen) VALUES (?, ?, ?, ?, ?, ?, ?, 1)", source.id(), recordId, reason, stored, hash, now, now)) {
                Db.update(c, seen, reason, now, source.id(), hash);
            }
            return null;
        });
    }

    public List<Map<String, Object>> rejected(String sourceId) {
        return db.tx(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT * FROM rejected_record WHERE source_id = ? ORDER BY id", sourceId);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("sourceId", rs.getString("source_id"));
                    r.put("recordId", rs.getString("record_id"));
                    r.put("reason", rs.getString("reason"));
                    r.put("payload", rs.getString("payload"));
                    r.put("lastSeen", Db.instant(rs, "last_seen"));
                    r.put("timesSeen", rs.getInt("times_seen"));
                    out.add(r);
                }
            }
            return out;
        });
    }

    /** These practices, in the order of the ids given; unknown or withdrawn ids are left out. */
    public List<Practice> byIds(List<String> ids) {
        Map<String, Practice> found = new java.util.HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            for (Practice p : query("SELECT doc FROM practice WHERE withdrawn_at IS NULL AND id IN (" + marks + ")", chunk.toArray())) {
                found.put(p.id(), p);
            }
        }
        return ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    /** The stored documents (schema v1 JSON, as the depository holds them) of these practices, in the order given. */
    public List<String> docs(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        Map<String, String> found = db.tx(c -> {
            Map<String, String> m = new java.util.HashMap<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT id, doc FROM practice WHERE withdrawn_at IS NULL AND id IN (" + marks + ")", ids.toArray());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getString(2));
                }
            }
            return m;
        });
        return ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    /** The stored version of a practice, for its ETag. */
    public Optional<Integer> version(String id) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT version FROM practice WHERE id = ?", id); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        });
    }

    public Optional<Practice> get(String id) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT doc FROM practice WHERE id = ?", id); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Json.read(rs.getString(1), Practice.class)) : Optional.empty();
            }
        });
    }

    /** Every practice, oldest first. */
    public List<Practice> all() {
        return query("SELECT doc FROM practice WHERE withdrawn_at IS NULL ORDER BY first_seen, id");
    }

    /** The practices that no edition of this digest has carried yet, oldest first. */
    public List<Practice> notYetIn(String digestId) {
        return query("SELECT p.doc FROM practice p WHERE p.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM digest_item d WHERE d.digest_id = ?"
                + " AND d.practice_id = p.id) ORDER BY p.first_seen, p.id", digestId);
    }

    private List<Practice> query(String sql, Object... args) {
        return db.tx(c -> {
            List<Practice> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Json.read(rs.getString(1), Practice.class));
                }
            }
            return out;
        });
    }

    /** A change event: what changed, to which version. */
    public record Event(long seq, String practiceId, String kind, int version) {}

    /** The change events after {@code seq}, oldest first, at most {@code limit}. */
    public List<Event> events(long seq, int limit) {
        return db.tx(c -> {
            List<Event> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT seq, practice_id, kind, version FROM change_event WHERE seq > ? ORDER BY seq LIMIT "
                    + limit, seq); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
                }
            }
            return out;
        });
    }

    /** The practices with a change event after {@code seq}, in event order. */
    public List<String> changedSince(long seq) {
        return db.tx(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT practice_id, MAX(seq) AS s FROM change_event WHERE seq > ?"
                    + " GROUP BY practice_id ORDER BY s", seq); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** One line per live practice for the depository index, without reading the documents. */
    public record Summary(String id, String title, List<String> networks, Instant firstSeen, Instant lastChanged) {}

    public List<Summary> summaries() {
        return db.tx(c -> {
            Map<String, List<String>> networks = new java.util.HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT practice_id, network FROM source_record WHERE deleted_at IS NULL"
                    + " ORDER BY practice_id, first_seen, source_id, record_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> l = networks.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                    if (!l.contains(rs.getString(2))) {
                        l.add(rs.getString(2));
                    }
                }
            }
            List<Summary> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, title, first_seen, last_changed FROM practice WHERE withdrawn_at IS NULL"
                    + " ORDER BY first_seen, id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Summary(rs.getString(1), rs.getString(2), networks.getOrDefault(rs.getString(1), List.of()),
                            Db.instant(rs, "first_seen"), Db.instant(rs, "last_changed")));
                }
            }
            return out;
        });
    }

    /** The most recently changed live practices, newest first: what the feeds carry. */
    public List<Practice> newest(int limit) {
        // the ids from the index (practice_newest), then those documents: ordering the rows themselves reads every one
        List<String> ids = db.tx(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM practice WHERE withdrawn_at IS NULL ORDER BY last_changed DESC, id LIMIT "
                    + Math.max(0, limit)); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        return byIds(ids);
    }

    public long publishedUpTo(String publisher) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT seq FROM publisher_state WHERE name = ?", publisher); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    public void published(String publisher, long seq) {
        try {
            db.tx(c -> {
                // never backwards: another instance may have read further meanwhile
                if (Db.update(c, "UPDATE publisher_state SET seq = ? WHERE name = ? AND seq < ?", seq, publisher, seq) == 0
                        && !exists(c, "SELECT 1 FROM publisher_state WHERE name = ?", publisher)) {
                    Db.update(c, "INSERT INTO publisher_state (name, seq) VALUES (?, ?)", publisher, seq);
                }
                return null;
            });
        } catch (Db.StoreException e) {
            // two instances inserted the first mark at once: the other one's row stands, and it is moved forward here
            if (!(e.getCause() instanceof SQLException sql && Db.duplicate(sql))) {
                throw e;
            }
            db.tx(c -> Db.update(c, "UPDATE publisher_state SET seq = ? WHERE name = ? AND seq < ?", seq, publisher, seq));
        }
    }

    private static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    public int count() {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM practice WHERE withdrawn_at IS NULL"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Transactions this instance has committed: moves whenever this instance changed anything. */
    public long localCommits() {
        return db.commits();
    }

    public long lastEventSeq() {
        return db.read(c -> {
            // ORDER BY ... LIMIT 1 reads one index entry; MAX inside COALESCE made H2 scan every event
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM change_event ORDER BY seq DESC LIMIT 1"); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
