package org.practicehub.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows of one CSV text (a file of a drop folder, or a spreadsheet export fetched over http(s)): the first row is the
 * header. A byte-order mark is read as what it is (UTF-8, UTF-16) and never as part of the first column's name: a UTF-8
 * export from a spreadsheet starts with one, and the first column would otherwise match no mapping. The columns the
 * mapping reads must all be in the header; a text without them fails as a whole, since every row would come out empty.
 */
final class CsvText {

    private CsvText() {}

    /** The rows of {@code bytes}, named {@code name} in messages and payloads; see {@link #rows(InputStream, String, SourceOptions.Csv, SourceDef)}. */
    static List<RawRecord> rows(byte[] bytes, String name, SourceOptions.Csv fmt, SourceDef source) throws IOException {
        return rows(new ByteArrayInputStream(bytes), name, fmt, source);
    }

    /**
     * Reads every row. Bytes not valid in the encoding (the declared one, or the one a BOM says) fail the text instead of
     * becoming '?'; so do a missing header and mapped columns missing from it ({@link SourceException}). A row whose
     * number of columns differs from the header's is kept with its defect, for the rejected list.
     */
    static List<RawRecord> rows(InputStream raw, String name, SourceOptions.Csv fmt, SourceDef source) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 3);
        Charset charset = bom(in, Charset.forName(fmt.encoding()));
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(fmt.delimiter()).setHeader().setSkipHeaderRecord(true)
                .setTrim(true).setIgnoreEmptyLines(true).setAllowMissingColumnNames(false).get();
        List<RawRecord> out = new ArrayList<>();
        try (Reader r = new InputStreamReader(in, decoder); CSVParser p = CSVParser.builder().setReader(r).setFormat(format).get()) {
            List<String> header = p.getHeaderNames();
            if (header.isEmpty()) {
                throw new SourceException("no header row");
            }
            checkColumns(header, source);
            for (CSVRecord rec : p) {
                Map<String, String> cols = new LinkedHashMap<>();
                if (rec.size() != header.size()) {
                    // kept as a row whose columns say what is wrong; the mapper rejects it with that reason
                    cols.put("_error", "row has " + rec.size() + " columns, the header has " + header.size());
                    for (int i = 0; i < rec.size(); i++) {
                        cols.put(i < header.size() ? header.get(i) : "_extra" + (i - header.size() + 1), rec.get(i));
                    }
                } else {
                    for (int i = 0; i < header.size(); i++) {
                        cols.put(header.get(i), rec.get(i));
                    }
                }
                out.add(new CsvRow(name, rec.getRecordNumber() + 1, cols));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // commons-csv's word for a header it cannot use (a duplicate or empty name) or a broken quote
            throw new SourceException(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return out;
    }

    /** The charset a byte-order mark names, which is then skipped; else the declared one. */
    private static Charset bom(PushbackInputStream in, Charset declared) throws IOException {
        byte[] b = new byte[3];
        int n = in.readNBytes(b, 0, 3);
        if (n == 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            return StandardCharsets.UTF_8;
        }
        if (n >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
            in.unread(b, 2, n - 2);
            return StandardCharsets.UTF_16BE;
        }
        if (n >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
            in.unread(b, 2, n - 2);
            return StandardCharsets.UTF_16LE;
        }
        in.unread(b, 0, n);
        return declared;
    }

    /** Every column a field reads (its path, or each placeholder of its template) must be in the header. */
    static void checkColumns(List<String> header, SourceDef source) {
        Set<String> have = new LinkedHashSet<>(header);
        List<String> missing = new ArrayList<>();
        source.fields().forEach((field, spec) -> {
            for (String column : spec.paths()) {
                if (!have.contains(column)) {
                    missing.add("'" + column + "' (fields." + field + ")");
                }
            }
        });
        if (!missing.isEmpty()) {
            throw new SourceException("mapped column" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " not in the header, which has: " + String.join(", ", header));
        }
    }
}
