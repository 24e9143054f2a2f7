package org.practicehub.source;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.practicehub.publish.AtomicFiles;

/**
 * A drop folder of CSV files. Each {@code *.csv} is read whole, in its declared encoding and
 * delimiter; once its rows are stored it moves to {@code done/}. A file that cannot be read as
 * declared moves to {@code failed/} with a {@code .error.txt} beside it saying why, and the other
 * files go on. A row that does not fit the header is a rejected record, not a failed file.
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
        List<Path> done = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Path f : files) {
            // outside the try: a poll interrupted while waiting for the room fails, not the file
            room.admit(sizeOf(f));
            try {
                records.addAll(rows(f, fmt));
                done.add(f);
            } catch (SourceException | IOException | UncheckedIOException | IllegalArgumentException e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                fail(folder, f, why);
                notes.add(f.getFileName() + " moved to failed/: " + why.replaceAll("\\s+", " "));
            }
        }
        return new Harvest(records, false, null, null, null, clock.instant(), done, notes);
    }

    /** The file's size; 0 when it cannot be read, which reading it will then report. */
    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private List<RawRecord> rows(Path f, SourceOptions.Csv fmt) throws IOException {
        if (Files.size(f) > maxBytes) {
            throw new SourceException(f.getFileName() + " is larger than the size limit of " + maxBytes + " bytes");
        }
        // bytes that are not valid in the declared encoding fail the file instead of becoming '?'
        CharsetDecoder decoder = Charset.forName(fmt.encoding()).newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(fmt.delimiter()).setHeader().setSkipHeaderRecord(true)
                .setTrim(true).setIgnoreEmptyLines(true).setAllowMissingColumnNames(false).get();
        List<RawRecord> out = new ArrayList<>();
        try (Reader in = new InputStreamReader(Files.newInputStream(f), decoder); CSVParser p = CSVParser.builder().setReader(in).setFormat(format).get()) {
            List<String> header = p.getHeaderNames();
            String name = f.getFileName().toString();
            if (header.isEmpty()) {
                throw new SourceException("no header row");
            }
            for (CSVRecord r : p) {
                Map<String, String> cols = new LinkedHashMap<>();
                if (r.size() != header.size()) {
                    // kept as a row whose columns say what is wrong; the validator rejects it with that reason
                    cols.put("_error", "row has " + r.size() + " columns, the header has " + header.size());
                    for (int i = 0; i < r.size(); i++) {
                        cols.put(i < header.size() ? header.get(i) : "_extra" + (i - header.size() + 1), r.get(i));
                    }
                } else {
                    for (int i = 0; i < header.size(); i++) {
                        cols.put(header.get(i), r.get(i));
                    }
                }
                out.add(new CsvRow(name, r.getRecordNumber() + 1, cols));
            }
        }
        return out;
    }

    /** Moves the files whose rows are stored to done/. */
    public void finish(Harvest h) {
        for (Path f : h.files()) {
            move(f, f.getParent().resolve("done"));
        }
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
