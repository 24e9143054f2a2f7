package org.practicehub.store;

import java.util.ArrayList;
import java.util.List;

import org.practicehub.mapping.Mapped;

/**
 * One poll's mapped records waiting to be stored together ({@link PracticeStore#saveAll}); the poll route fills and drains it.
 * Each record's stored document and hash are made as it is added, on the poll's own thread: storing is serialised across
 * sources, so whatever does not need the store is done before.
 */
public final class Pending {

    /** A mapped record with its document as stored. */
    record Item(Mapped mapped, Draft draft) {
        static Item of(Mapped m) {
            return new Item(m, Draft.of(m.practice()));
        }
    }

    private final List<Item> records = new ArrayList<>();
    private final java.time.Instant fetched;

    /** {@code fetched}: when the poll had read what it maps (after the fetch, before the first record is stored). */
    Pending(java.time.Instant fetched) {
        this.fetched = fetched;
    }

    /** When the poll read these records: an older copy never replaces a newer one ({@link PracticeStore}). */
    public java.time.Instant fetched() {
        return fetched;
    }

    public void add(Mapped m) {
        records.add(Item.of(m));
    }

    public int size() {
        return records.size();
    }

    /** The records so far, in order; the buffer is empty afterwards. */
    List<Item> drain() {
        List<Item> out = List.copyOf(records);
        records.clear();
        return out;
    }
}
