package org.practicehub.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.practicehub.publish.AtomicFiles;

/**
 * A drop folder of CSV files. Each {@code *.csv} is read whole, in its declared encoding and
 * delimiter ({@link CsvText}); once its rows are stored it moves to {@code done/}. A file that cannot be read as
 * declared, lacks a column the mapping reads, or whose every row was rejected moves to {@code failed/} with a
 * {@code .error.txt} beside it saying why; the other files go on, and the poll fails once they are stored. A row that
 * does not fit the header is a rejected record, not a failed file.
 */
public class CsvDrop {

    private final long maxBytes;
    private final Clock clock;

    public CsvDrop(long maxBytes, Clock clock) {
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    public Harvest read(SourceDef source, Path folder, Room.Hold room) {
        if (!Files.isDirectory(folder)) {
            throw new SourceException("drop folder not found: " + folder);
        }
        SourceOptions.Csv fmt = source.options().csv() == null ? SourceOptions.Csv.DEFAULT : source.options().csv();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*.{csv,CSV}")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new SourceException("cannot list the drop folder " + folder + ": " + e.getMessage(), e);
        }
        files.sort(null);
        List<RawRecord> records = new ArrayList<>();
        List<DropFile> read = new ArrayList<>();
        Harvest h = new Harvest(records, false, null, null, null, clock.instant(), read, List.of(), List.of(), List.of());
        for (Path f : files) {
            // outside the try: a poll interrupted while waiting for the room fails, not the file
            room.admit(sizeOf(f));
            try {
                List<RawRecord> rows = rows(f, fmt, source);
                records.addAll(rows);
                read.add(new DropFile(f, rows.size()));
            } catch (SourceException | IOException | UncheckedIOException | IllegalArgumentException e) {
                // the JDK's terse words ("Input length = 1") explained for the facilitator
                String why = Failures.explain(e);
                failed(h, f, why);
            }
        }
        return h;
    }

    /** The file's size; 0 when it cannot be read, which reading it will then report. */
    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private List<RawRecord> rows(Path f, SourceOptions.Csv fmt, SourceDef source) throws IOException {
        if (Files.size(f) > maxBytes) {
            throw new SourceException(f.getFileName() + " is larger than the size limit of " + maxBytes + " bytes");
        }
        try (InputStream in = Files.newInputStream(f)) {
            return CsvText.rows(in, f.getFileName().toString(), fmt, source);
        }
    }

    /**
     * Once the poll's records are handled, whether or not it failed: a file whose every row was rejected moves to failed/
     * with the reason (its rows are in the rejected list, and reading it again would only reject them again), and the
     * poll fails with it.
     */
    public void settle(Harvest h) {
        for (java.util.Iterator<DropFile> it = h.files().iterator(); it.hasNext(); ) {
            DropFile f = it.next();
            String why = f.useless();
            if (why != null) {
                it.remove();
                failed(h, f.path(), why);
            }
        }
    }

    /** Moves the files whose rows are stored to done/. */
    public void finish(Harvest h) {
        for (DropFile f : h.files()) {
            move(f.path(), f.path().getParent().resolve("done"));
        }
    }

    /** A file moved to failed/: said in the report, and the poll fails once its other files are stored. */
    private void failed(Harvest h, Path f, String why) {
        fail(f.getParent(), f, why);
        String line = f.getFileName() + " moved to failed/: " + why.replaceAll("\\s+", " ");
        h.notes().add(line);
        h.problem(line);
    }

    private void fail(Path folder, Path f, String why) {
        Path target = move(f, folder.resolve("failed"));
        try {
            AtomicFiles.write(target.resolveSibling(target.getFileName() + ".error.txt"),
                    (why + System.lineSeparator()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the error file for " + f, e);
        }
    }

    private static Path move(Path f, Path dir) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(f.getFileName());
            for (int i = 1; Files.exists(target); i++) {
                target = dir.resolve(f.getFileName() + "." + i);
            }
            return Files.move(f, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + f + " to " + dir, e);
        }
    }
}
