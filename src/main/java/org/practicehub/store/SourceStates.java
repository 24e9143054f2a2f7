package org.practicehub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.practicehub.run.SourceResult;
import org.practicehub.source.SourceDef;
import org.practicehub.source.SourceMemory;

/**
 * The health of each source and what its next poll needs (validators, watermark, backoff).
 * A failing source backs off exponentially, capped, and is never dropped: it stays listed with its error.
 */
public class SourceStates implements SourceMemory {

    private final Db db;
    private final Clock clock;
    private final Duration backoffBase;
    private final Duration backoffMax;

    public SourceStates(Db db, Clock clock, Duration backoffBase, Duration backoffMax) {
        this.db = db;
        this.clock = clock;
        this.backoffBase = backoffBase;
        this.backoffMax = backoffMax;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public Optional<SourceState> get(String sourceId) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT * FROM source_state WHERE source_id = ?", sourceId); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(state(rs)) : Optional.empty();
            }
        });
    }

    /** The reader's port: what it needs of the source's state. */
    @Override
    public Optional<Remembered> recall(String sourceId) {
        return get(sourceId).map(st -> new Remembered(st.active(), st.lastError(), st.nextAttempt(), st.consecutiveFailures(), st.currentUrl(),
                st.movedFrom(), st.etag(), st.lastModified(), st.watermark(), st.lastSuccess(), st.mappingHash()));
    }

    /** The reader's port: after a good poll, what the next one needs, kept with the mapping it was read with. */
    @Override
    public void remember(SourceDef source, Kept kept) {
        succeeded(source.id(), source.network(), kept.etag(), kept.lastModified(), source.url(), kept.movedTo(), kept.watermark(),
                source.mappingHash());
    }

    private static SourceState state(ResultSet rs) throws SQLException {
        return new SourceState(rs.getString("source_id"), rs.getBoolean("active"), rs.getString("current_url"), rs.getString("etag"),
                rs.getString("last_modified"), Db.instant(rs, "last_poll"), Db.instant(rs, "last_success"), Db.instant(rs, "watermark"),
                rs.getInt("consecutive_failures"), Db.instant(rs, "next_attempt"), rs.getString("status"), rs.getString("last_error"),
                rs.getString("moved_from"), rs.getString("mapping_hash"));
    }

    /** Exponential: base, 2 x base, 4 x base ... up to the cap. */
    /** When each source was last read well (on any instance), by source id; a source never read well is absent. */
    public Map<String, java.time.Instant> lastSuccesses() {
        return db.read(c -> {
            Map<String, java.time.Instant> out = new java.util.HashMap<>();
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT source_id, last_success FROM source_state WHERE last_success IS NOT NULL");
                 java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), Db.instant(rs, "last_success"));
                }
            }
            return out;
        });
    }

    public Duration backoff(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        int shift = Math.min(failures - 1, 30);
        Duration d = backoffBase.multipliedBy(1L << shift);
        return d.compareTo(backoffMax) > 0 || d.isNegative() ? backoffMax : d;
    }

    /**
     * Records a poll's outcome: counts and error, and on failure the next allowed attempt. A failure of a poll that
     * began before the source's last success (another instance's, on a shared database) is not recorded.
     */
    public void record(SourceResult r) {
        Instant now = now();
        db.tx(c -> {
            if (r.error() == null) {
                ensure(c, r.sourceId(), r.network(), () -> Db.update(c, "UPDATE source_state SET network = ?, last_poll = ?, last_success = ?,"
                        + " status = ?, last_error = NULL, records_read = ?, records_new = ?, records_updated = ?, records_unchanged = ?,"
                        + " records_rejected = ?, consecutive_failures = 0, next_attempt = NULL, notes = ?, warnings = " + WARNINGS
                        + " WHERE source_id = ?",
                        r.network(), now, now, r.status(), r.read(), r.created(), r.updated(), r.unchanged(), r.rejected(),
                        r.notes().isEmpty() ? null : String.join("; ", r.notes()), r.status(), warnings(r), r.sourceId()));
            } else {
                ensure(c, r.sourceId(), r.network());
                int failures;
                try (PreparedStatement ps = Db.prepare(c, "SELECT consecutive_failures, last_success FROM source_state WHERE source_id = ?",
                        r.sourceId()); ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    failures = rs.getInt(1) + 1;
                    Instant success = Db.instant(rs, "last_success");
                    if (success != null && r.startedAt() != null && success.isAfter(r.startedAt())) {
                        // another instance polled the source well while this poll ran: its answer is the newer one, and
                        // this failure must not back the source off for every instance (the next cycle would skip it)
                        return null;
                    }
                }
                Instant next = r.retryAt() != null ? r.retryAt() : now.plus(backoff(failures));
                Db.update(c, "UPDATE source_state SET network = ?, last_poll = ?, status = ?, last_error = ?, records_read = ?,"
                        + " records_new = ?, records_updated = ?, records_unchanged = ?, records_rejected = ?, consecutive_failures = ?,"
                        + " next_attempt = ?, active = ?, warnings = " + WARNINGS + " WHERE source_id = ?",
                        r.network(), now, r.status(), r.error(), r.read(), r.created(), r.updated(), r.unchanged(), r.rejected(), failures,
                        r.gone() ? null : next, !r.gone(), r.status(), warnings(r), r.sourceId());
            }
            return null;
        });
    }

    /** A poll that read nothing (304) keeps the warnings of the poll that last read records; any other sets its own. */
    private static final String WARNINGS = "CASE WHEN ? = 'not-modified' THEN warnings ELSE ? END";

    private static String warnings(SourceResult r) {
        return r.warnings().isEmpty() ? null : String.join("\n", r.warnings());
    }

    /**
     * After a good poll: the validators and watermark for the next one, the URL after a permanent redirect, and the
     * digest of the mapping file they were read with.
     */
    public void succeeded(String sourceId, String network, String etag, String lastModified, String configuredUrl, String movedTo,
            Instant watermark, String mappingHash) {
        db.tx(c -> {
            ensure(c, sourceId, network, () -> Db.update(c, "UPDATE source_state SET etag = ?, last_modified = ?,"
                    + " watermark = COALESCE(?, watermark), mapping_hash = ? WHERE source_id = ?", etag, lastModified, watermark,
                    mappingHash, sourceId));
            if (movedTo != null) {
                Db.update(c, "UPDATE source_state SET current_url = ?, moved_from = ? WHERE source_id = ?", movedTo, configuredUrl, sourceId);
            }
            return null;
        });
    }

    /** A facilitator's "poll now" or re-enable: clears the backoff and the deactivation. */
    public void reset(String sourceId) {
        db.tx(c -> Db.update(c, "UPDATE source_state SET active = TRUE, next_attempt = NULL, consecutive_failures = 0 WHERE source_id = ?",
                sourceId));
    }

    private interface Update {
        int run() throws SQLException;
    }

    /**
     * Runs an UPDATE of the source's row, creating the row first when there is none: one statement for a known source
     * (every poll after the first), where a look-up first would cost a second one each time.
     */
    private static void ensure(Connection c, String sourceId, String network, Update update) throws SQLException {
        if (update.run() == 0) {
            ensure(c, sourceId, network);
            update.run();
        }
    }

    private static void ensure(Connection c, String sourceId, String network) throws SQLException {
        try (PreparedStatement ps = Db.prepare(c, "SELECT 1 FROM source_state WHERE source_id = ?", sourceId); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return;
            }
        }
        // Another instance polling the same source for the first time may be inserting its row at this moment: our
        // INSERT waits for it and then fails on the key. That must not fail this poll (its records are stored by now:
        // failing it would back the source off on every instance, and the next cycle would skip the source and its new
        // records), so only the INSERT is undone and the caller's UPDATE goes on against the other instance's row.
        Db.insertUnlessPresent(c, "INSERT INTO source_state (source_id, network, status) VALUES (?, ?, 'new')", sourceId, network);
    }

    public List<Map<String, Object>> list() {
        return db.tx(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM source_state ORDER BY source_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getString("source_id"));
                    m.put("network", rs.getString("network"));
                    m.put("status", rs.getString("status"));
                    m.put("active", rs.getBoolean("active"));
                    m.put("currentUrl", rs.getString("current_url"));
                    m.put("lastPoll", Db.instant(rs, "last_poll"));
                    m.put("lastSuccess", Db.instant(rs, "last_success"));
                    m.put("lastError", rs.getString("last_error"));
                    m.put("consecutiveFailures", rs.getInt("consecutive_failures"));
                    m.put("nextAttempt", Db.instant(rs, "next_attempt"));
                    m.put("notes", rs.getString("notes"));
                    String w = rs.getString("warnings");
                    m.put("warnings", w == null ? List.of() : List.of(w.split("\n")));
                    m.put("read", rs.getInt("records_read"));
                    m.put("new", rs.getInt("records_new"));
                    m.put("updated", rs.getInt("records_updated"));
                    m.put("unchanged", rs.getInt("records_unchanged"));
                    m.put("rejected", rs.getInt("records_rejected"));
                    out.add(m);
                }
            }
            return out;
        });
    }
}
