package org.practicehub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.practicehub.model.Practice;
import org.practicehub.store.PracticeStore.Event;
import org.practicehub.store.PracticeStore.Summary;

/**
 * What the publishers and the read API read of the store: practices by id and in order, their stored documents, the
 * change events, and how far each publisher has read them.
 */
final class PracticeReads {

    private final Db db;

    PracticeReads(Db db) {
        this.db = db;
    }

    /** Practices no longer live (withdrawn, or merged into another) and since when, for the depository's tombstones and redirects. */
    Map<String, Instant> withdrawn() {
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

    boolean isWithdrawn(String id) {
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
    Map<String, String> depositoryDocs(List<String> ids) {
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

    /** These practices, in the order of the ids given; unknown or withdrawn ids are left out. */
    List<Practice> byIds(List<String> ids) {
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
    List<String> docs(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        Map<String, String> found = db.tx(c -> {
            Map<String, String> m = new java.util.HashMap<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT id, doc FROM practice WHERE withdrawn_at IS NULL AND id IN (" + marks + ")", ids.toArray());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), Json.clean(rs.getString(2)).json());
                }
            }
            return m;
        });
        return ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    /** The stored version of a practice, for its ETag. */
    Optional<Integer> version(String id) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT version FROM practice WHERE id = ?", id); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        });
    }

    Optional<Practice> get(String id) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT doc FROM practice WHERE id = ?", id); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Json.read(rs.getString(1), Practice.class)) : Optional.empty();
            }
        });
    }

    /** Every practice, oldest first. */
    List<Practice> all() {
        return query("SELECT doc FROM practice WHERE withdrawn_at IS NULL ORDER BY first_seen, id");
    }

    /** The practices that no edition of this digest has carried yet, oldest first. */
    List<Practice> notYetIn(String digestId) {
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

    /** The change events after {@code seq}, oldest first, at most {@code limit}. */
    List<Event> events(long seq, int limit) {
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
    List<String> changedSince(long seq) {
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
    List<Summary> summaries() {
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
    List<Practice> newest(int limit) {
        return newest(limit, (id, why) -> {
            throw new IllegalStateException("stored JSON of " + id + " is not a Practice: " + why);
        });
    }

    /** As {@link #newest(int)}, a practice whose stored document cannot be read left out and handed to {@code unreadable}. */
    List<Practice> newest(int limit, java.util.function.BiConsumer<String, String> unreadable) {
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
        Map<String, String> docs = db.tx(c -> {
            Map<String, String> m = new java.util.HashMap<>();
            if (ids.isEmpty()) {
                return m;
            }
            String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
            try (PreparedStatement ps = Db.prepare(c, "SELECT id, doc FROM practice WHERE withdrawn_at IS NULL AND id IN (" + marks + ")", ids.toArray());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.put(rs.getString(1), rs.getString(2));
                }
            }
            return m;
        });
        List<Practice> out = new ArrayList<>();
        for (String id : ids) {
            String doc = docs.get(id);
            if (doc == null) {
                continue;
            }
            try {
                out.add(Json.read(doc, Practice.class));
            } catch (RuntimeException e) {
                unreadable.accept(id, e.getMessage());
            }
        }
        return out;
    }

    long publishedUpTo(String publisher) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT seq FROM publisher_state WHERE name = ?", publisher); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    void published(String publisher, long seq) {
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

    int count() {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM practice WHERE withdrawn_at IS NULL"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Transactions this instance has committed: moves whenever this instance changed anything. */
    long localCommits() {
        return db.commits();
    }

    long lastEventSeq() {
        return db.read(c -> {
            // ORDER BY ... LIMIT 1 reads one index entry; MAX inside COALESCE made H2 scan every event
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM change_event ORDER BY seq DESC LIMIT 1"); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }
}
