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
public record Harvest(List<RawRecord> records, boolean notModified, String etag, String lastModified, String movedTo,
        Instant watermark, List<Path> files, List<String> notes) {

    public static Harvest of(List<RawRecord> records, Instant watermark) {
        return new Harvest(records, false, null, null, null, watermark, List.of(), List.of());
    }
}
