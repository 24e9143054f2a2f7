package org.practicehub.source;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What one poll of a source brought, and what to remember once its records are stored:
 * validators for the next conditional GET, a new URL after a permanent redirect, the incremental
 * watermark, the CSV files to move to done/. Nothing is remembered if storing fails, so the next
 * poll fetches the same records again.
 */
public record Harvest(Iterable<RawRecord> records, boolean notModified, String etag, String lastModified, String movedTo,
        Instant watermark, List<Path> files, List<String> notes) {

    /** How many records the poll has read: of a paged source, so far (all of them once its records are split). */
    public int read() {
        return records instanceof PagedRecords p ? p.read() : ((java.util.Collection<?>) records).size();
    }

    /** The poll has failed: a paged source reads no further page. */
    public void stop() {
        if (records instanceof PagedRecords p) {
            p.stop();
        }
    }

    /**
     * A harvest is the one poll's, equal only to itself: Camel's bean cache hashes the objects a route calls methods
     * on, and a record's own hash would walk every record read.
     */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    public static Harvest of(List<RawRecord> records, Instant watermark) {
        return new Harvest(records, false, null, null, null, watermark, List.of(), List.of());
    }
}
