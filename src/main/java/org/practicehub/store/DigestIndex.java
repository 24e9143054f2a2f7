package org.practicehub.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.practicehub.model.Practice;

/**
 * Per practice, the change event at which what a digest shows of it last changed ({@code practice_digest}).
 * It follows the store's change events from its own mark, like the other publishers; a change that leaves
 * the digest view's hash alone (a partner's date, a link's spelling) keeps the old sequence, so it is no news.
 */
public class DigestIndex {

    static final String MARK = "digest-index";

    private final Db db;
    private final PracticeStore store;

    public DigestIndex(Db db, PracticeStore store) {
        this.db = db;
        this.store = store;
    }

    /** A practice in the digest view: when it was first and last news. */
    public record Item(String practiceId, long createdSeq, long changedSeq) {}

    /** Reads the change events since the mark; {@code view} hashes what a digest shows of a practice. Returns the head sequence. */
    public long refresh(Function<Practice, String> view) {
        return refresh(view, null);
    }

    /** The same; the practices it reads (the live ones changed since the mark) are also given to {@code read} when given. */
    public synchronized long refresh(Function<Practice, String> view, java.util.function.Consumer<Practice> read) {
        long mark = store.publishedUpTo(MARK);
        long head = store.lastEventSeq();
        if (head <= mark) {
            return head;
        }
        Map<String, Long> lastSeq = new HashMap<>();
        db.tx(c -> {
            try (PreparedStatement ps = Db.prepare(c, "SELECT practice_id, MAX(seq) FROM change_event WHERE seq > ? AND seq <= ? GROUP BY practice_id",
                    mark, head); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lastSeq.put(rs.getString(1), rs.getLong(2));
                }
            }
            return null;
        });
        List<String> ids = new ArrayList<>(lastSeq.keySet());
        for (int from = 0; from < ids.size(); from += 500) {
            List<Practice> chunk = store.byIds(ids.subList(from, Math.min(ids.size(), from + 500)));
            if (read != null) {
                chunk.forEach(read);
            }
            // another instance may refresh the same practices at once (two digests, a preview): its rows then meet this
            // batch on the key, and the chunk is done again against them (they hold the same hashes and sequences)
            for (int attempt = 1; ; attempt++) {
                try {
                    refreshChunk(chunk, view, lastSeq);
                    break;
                } catch (Db.StoreException e) {
                    if (attempt == 3 || !Db.duplicate(e)) {
                        throw e;
                    }
                }
            }
        }
        store.published(MARK, head);
        return head;
    }

    private void refreshChunk(List<Practice> chunk, Function<Practice, String> view, Map<String, Long> lastSeq) {
        db.tx(c -> {
            // the chunk's rows in one query, the new ones in one batch: a first run after a large ingest meets thousands
            Map<String, String> old = new HashMap<>();
            if (!chunk.isEmpty()) {
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement ps = Db.prepare(c, "SELECT practice_id, content_hash FROM practice_digest WHERE practice_id IN ("
                        + marks + ")", chunk.stream().map(Practice::id).toArray()); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        old.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO practice_digest (practice_id, content_hash, created_seq, changed_seq) VALUES (?, ?, ?, ?)")) {
                int inserts = 0;
                for (Practice p : chunk) {
                    String hash = view.apply(p);
                    long seq = lastSeq.get(p.id());
                    if (!old.containsKey(p.id())) {
                        insert.setString(1, p.id());
                        insert.setString(2, hash);
                        insert.setLong(3, seq);
                        insert.setLong(4, seq);
                        insert.addBatch();
                        inserts++;
                    } else if (old.get(p.id()) == null) {
                        // carried over by the migration: its current view is the one members already had
                        Db.update(c, "UPDATE practice_digest SET content_hash = ? WHERE practice_id = ?", hash, p.id());
                    } else if (!old.get(p.id()).equals(hash)) {
                        Db.update(c, "UPDATE practice_digest SET content_hash = ?, changed_seq = ? WHERE practice_id = ?", hash, seq, p.id());
                    }
                }
                if (inserts > 0) {
                    insert.executeBatch();
                }
            }
            return null;
        });
    }

    /** The latest sequence at which some live practice became news (0 when none). */
    public long head() {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(d.changed_seq) FROM practice_digest d JOIN practice p ON p.id = d.practice_id"
                    + " WHERE p.withdrawn_at IS NULL"); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** The live practices that became news in (from, upTo], oldest first. */
    public List<Item> changedIn(long from, long upTo) {
        return db.tx(c -> {
            List<Item> out = new ArrayList<>();
            try (PreparedStatement ps = Db.prepare(c, "SELECT d.practice_id, d.created_seq, d.changed_seq FROM practice_digest d JOIN practice p"
                    + " ON p.id = d.practice_id WHERE p.withdrawn_at IS NULL AND d.changed_seq > ? AND d.changed_seq <= ? ORDER BY p.first_seen, p.id",
                    from, upTo); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Item(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
            return out;
        });
    }
}
