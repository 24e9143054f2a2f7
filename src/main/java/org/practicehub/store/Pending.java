package org.practicehub.store;

import java.util.ArrayList;
import java.util.List;

import org.practicehub.mapping.Mapped;

/** One poll's mapped records waiting to be stored together ({@link PracticeStore#saveAll}); the poll route fills and drains it. */
public final class Pending {

    private final List<Mapped> records = new ArrayList<>();

    public void add(Mapped m) {
        records.add(m);
    }

    public int size() {
        return records.size();
    }

    /** The records so far, in order; the buffer is empty afterwards. */
    public List<Mapped> drain() {
        List<Mapped> out = List.copyOf(records);
        records.clear();
        return out;
    }
}
