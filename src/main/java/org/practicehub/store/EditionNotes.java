package org.practicehub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The facilitator's note for a digest's next edition (table digest_note), and the note each edition went out with
 * (digest_edition.note). The draft is taken by the transaction that creates the next edition ({@link #take}), so a
 * note goes out with exactly one edition and the next one starts empty.
 */
public class EditionNotes {

    /** A news item: a title, its text, and an optional web link (http or https). */
    public record News(String title, String text, String link) {}

    /** The introduction and the news items; both may be empty, and then there is no note. */
    public record Note(String intro, List<News> news) {

        public Note {
            intro = intro == null ? "" : intro;
            news = news == null ? List.of() : List.copyOf(news);
        }

        public boolean isEmpty() {
            return intro.isBlank() && news.isEmpty();
        }
    }

    private final Db db;
    private final Clock clock;

    public EditionNotes(Db db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The note waiting for the digest's next edition, if the facilitator wrote one. */
    public Optional<Note> draft(String digestId) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT note FROM digest_note WHERE digest_id = ?", digestId); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(parse(rs.getString(1))) : Optional.<Note>empty();
            }
        });
    }

    /** Keeps the note for the digest's next edition, replacing the one before; an empty note deletes it. */
    public void save(String digestId, Note note) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        db.tx(c -> {
            if (note == null || note.isEmpty()) {
                Db.update(c, "DELETE FROM digest_note WHERE digest_id = ?", digestId);
                return null;
            }
            String json = Json.write(note);
            if (Db.update(c, "UPDATE digest_note SET note = ?, updated_at = ? WHERE digest_id = ?", json, now, digestId) == 0) {
                Db.update(c, "INSERT INTO digest_note (digest_id, note, updated_at) VALUES (?, ?, ?)", digestId, json, now);
            }
            return null;
        });
    }

    /** The note an edition went out with, if any. */
    public Optional<Note> ofEdition(long editionId) {
        return db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT note FROM digest_edition WHERE id = ?", editionId); ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? Optional.of(parse(rs.getString(1))) : Optional.<Note>empty();
            }
        });
    }

    /**
     * In the transaction that creates an edition: the digest's draft moves onto it and is deleted. A note saved after
     * this commits waits for the edition after.
     */
    static void take(Connection c, String digestId, long editionId) throws SQLException {
        String note;
        try (PreparedStatement ps = Db.prepare(c, "SELECT note FROM digest_note WHERE digest_id = ?", digestId); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return;
            }
            note = rs.getString(1);
        }
        Db.update(c, "UPDATE digest_edition SET note = ? WHERE id = ?", note, editionId);
        Db.update(c, "DELETE FROM digest_note WHERE digest_id = ?", digestId);
    }

    private static Note parse(String json) {
        try {
            return Json.MAPPER.readValue(json, Note.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored edition note is not readable: " + e.getMessage(), e);
        }
    }
}
