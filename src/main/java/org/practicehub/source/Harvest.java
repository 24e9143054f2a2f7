package org.practicehub.source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one poll of a source brought, and what to remember once its records are stored:
 * validators for the next conditional GET, a new URL after a permanent redirect, the incremental
 * watermark, the CSV files to move to done/. Nothing is remembered if storing fails, so the next
 * poll fetches the same records again.
 *
 * @param notes    what the report says of the poll (pages read, a file moved to failed/)
 * @param warnings what the facilitator should look at although the poll worked (a records path that matched nothing)
 * @param problems what fails the poll once the rest is stored (a CSV file moved to failed/)
 */
public record Harvest(Iterable<RawRecord> records, boolean notModified, String etag, String lastModified, String movedTo,
        Instant watermark, List<DropFile> files, List<String> notes, List<String> warnings, List<String> problems) {

    public Harvest {
        notes = notes instanceof ArrayList<String> ? notes : new ArrayList<>(notes);
        warnings = warnings instanceof ArrayList<String> ? warnings : new ArrayList<>(warnings);
        problems = problems instanceof ArrayList<String> ? problems : new ArrayList<>(problems);
    }

    /** Records and what the transport said, with nothing noted yet. */
    public static Harvest of(Iterable<RawRecord> records, boolean notModified, String etag, String lastModified, String movedTo,
            Instant watermark) {
        return new Harvest(records, notModified, etag, lastModified, movedTo, watermark, List.of(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
    }

    public static Harvest of(List<RawRecord> records, Instant watermark) {
        return of(records, false, null, null, null, watermark);
    }

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

    /** A record of this poll was rejected: counted against its CSV file, if it came from one. */
    public void rejected(RawRecord record, String reason) {
        if (record instanceof CsvRow row) {
            for (DropFile f : files) {
                if (f.name().equals(row.file())) {
                    f.rejected(reason);
                }
            }
        }
    }

    public synchronized void warn(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    public synchronized void problem(String problem) {
        problems.add(problem);
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
}
