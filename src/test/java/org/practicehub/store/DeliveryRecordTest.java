package org.practicehub.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.practicehub.TestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recording a member's delivery with what the run knew of its rows (Subscriptions.Known): the usual case writes the
 * delivery and the watermark directly, and when the run knew wrong (a row it did not expect is there) the delivery is
 * still recorded, once, with the watermark moved and never back.
 */
class DeliveryRecordTest {

    @TempDir
    Path dir;
    Db db;
    Subscriptions subscriptions;
    Editions editions;
    String member;

    /** The database: H2 files in the test's folder (PostgresDeliveryRecordTest: a PostgreSQL database). */
    Db database() {
        return new Db("jdbc:h2:file:" + dir.resolve("hub"), "sa", "");
    }

    @BeforeEach
    void open() {
        db = database();
        subscriptions = new Subscriptions(db, TestSupport.clock(() -> Instant.parse("2026-11-23T08:00:00Z")));
        editions = new Editions(db, TestSupport.clock(() -> Instant.parse("2026-11-23T08:00:00Z")));
        subscriptions.request("ana@example.org", "", "weekly", "en");
        member = subscriptions.byEmail("ana@example.org").orElseThrow().id();
        subscriptions.confirm(member, 0);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private Map<String, Object> row(String sql) {
        return db.tx(c -> {
            try (var ps = c.prepareStatement(sql); var rs = ps.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                Map<String, Object> m = new java.util.TreeMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    m.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                assertThat(rs.next()).as("one row: " + sql).isFalse();
                return m;
            }
        });
    }

    @Test
    void aFirstDeliveryIsWrittenDirectlyAndOneTheRunDidNotExpectIsStillRecordedOnce() {
        Editions.Edition first = editions.create("weekly", "Weekly", 0, 10, "2026-11-23", 3, List.of());
        // what a new edition's run knows of a member with no watermark row and no bounces
        Subscriptions.Known fresh = new Subscriptions.Known(false, false, false);
        subscriptions.delivered(first.id(), "weekly", member, "ana@example.org", 10, "sent", "<1@x>", 3, fresh);
        assertThat(row("SELECT status, attempts, message_id FROM digest_delivery")).containsEntry("attempts", 1).containsEntry("message_id", "<1@x>");
        assertThat(subscriptions.watermark(member, "weekly")).hasValue(10L);

        // the same again, as a run that believed no row was there (another attempt, another instance): the INSERTs
        // meet the rows on their keys, and the delivery is recorded against them instead
        subscriptions.delivered(first.id(), "weekly", member, "ana@example.org", 10, "sent", "<2@x>", 3, fresh);
        assertThat(row("SELECT status, attempts, message_id FROM digest_delivery")).containsEntry("attempts", 2).containsEntry("message_id", "<2@x>");

        // a later edition: the watermark row is known, and moves on; a run that knew an older state never moves it back
        Editions.Edition second = editions.create("weekly", "Weekly", 10, 20, "2026-11-30", 1, List.of());
        subscriptions.delivered(second.id(), "weekly", member, "ana@example.org", 20, "sent", "<3@x>", 1, new Subscriptions.Known(false, true, false));
        assertThat(subscriptions.watermark(member, "weekly")).hasValue(20L);
        subscriptions.delivered(first.id(), "weekly", member, "ana@example.org", 10, "sent", "<4@x>", 3, new Subscriptions.Known(true, true, false));
        assertThat(subscriptions.watermark(member, "weekly")).hasValue(20L);
        assertThat(row("SELECT COUNT(*) AS n FROM digest_delivery")).containsEntry("n", 2L);
    }

    @Test
    void aDeliveryClearsTheBouncesTheRunKnewOf() {
        Editions.Edition e = editions.create("weekly", "Weekly", 0, 10, "2026-11-23", 3, List.of());
        subscriptions.failed(e.id(), member, "ana@example.org", "550 no such user", true, 5);
        assertThat(row("SELECT bounces FROM subscription")).containsEntry("bounces", 1);
        assertThat(subscriptions.behind("weekly", List.of("weekly"), 10)).singleElement()
                .satisfies(m -> assertThat(m.bounced()).isTrue()).satisfies(m -> assertThat(m.marked()).isFalse());
        subscriptions.delivered(e.id(), "weekly", member, "ana@example.org", 10, "sent", "<1@x>", 3, new Subscriptions.Known(true, false, true));
        assertThat(row("SELECT bounces FROM subscription")).containsEntry("bounces", 0);
        assertThat(row("SELECT status, attempts FROM digest_delivery")).containsEntry("status", "sent").containsEntry("attempts", 2);
    }
}
