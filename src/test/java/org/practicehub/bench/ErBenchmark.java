package org.practicehub.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.practicehub.mapping.Mapped;
import org.practicehub.mapping.Mapper;
import org.practicehub.mapping.MappingFiles;
import org.practicehub.matching.Batch;
import org.practicehub.matching.RecordKey;
import org.practicehub.matching.Thresholds;
import org.practicehub.source.CsvRow;
import org.practicehub.source.SourceDef;
import org.practicehub.source.SourceOptions;
import org.practicehub.store.PracticeStore;

/**
 * The DBLP-ACM entity-resolution benchmark: precision, recall and F1 of merged pairs against the
 * perfect mapping. {@link #score} evaluates any clustering (the hub's depository, or an in-memory run);
 * {@link #main} runs the matching engine in memory over the two tables, read through the benchmark's
 * mapping files and the hub's mapper, without the database (bench/dblp-acm.sh runs the whole hub).
 */
public final class ErBenchmark {

    public record Quality(int goldPairs, int mergedPairs, int truePairs, int withinSourcePairs, double precision, double recall, double f1) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "precision %.4f, recall %.4f, F1 %.4f (gold %d pairs, merged %d, correct %d, within one table %d)",
                    precision, recall, f1, goldPairs, mergedPairs, truePairs, withinSourcePairs);
        }
    }

    private ErBenchmark() {}

    /** Reads a source's CSV file as the hub's csv kind would (same format, same row type), and maps every row. */
    public static List<Mapped> read(SourceDef source, Path csv) throws IOException {
        SourceOptions.Csv fmt = source.options().csv() == null ? SourceOptions.Csv.DEFAULT : source.options().csv();
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(fmt.delimiter()).setHeader().setSkipHeaderRecord(true)
                .setTrim(true).setIgnoreEmptyLines(true).get();
        Mapper mapper = new Mapper();
        List<Mapped> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv, Charset.forName(fmt.encoding()));
             CSVParser p = CSVParser.builder().setReader(in).setFormat(format).get()) {
            for (CSVRecord r : p) {
                out.add(mapper.map(new CsvRow(csv.getFileName().toString(), r.getRecordNumber() + 1, r.toMap()), source));
            }
        }
        return out;
    }

    /** Gold pairs "dblpId|acmId" from the perfect mapping. */
    public static Set<String> gold(Path mapping) throws IOException {
        Set<String> out = new HashSet<>();
        try (Reader in = Files.newBufferedReader(mapping);
             CSVParser p = CSVParser.builder().setReader(in).setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            for (CSVRecord r : p) {
                out.add(r.get(0).trim() + "|" + r.get(1).trim());
            }
        }
        return out;
    }

    /** Every pair of records that share a practice, scored against the gold pairs; a pair within one table is never gold. */
    public static Quality score(Iterable<List<RecordKey>> practices, Set<String> gold) {
        int merged = 0;
        int correct = 0;
        int within = 0;
        for (List<RecordKey> recs : practices) {
            for (int i = 0; i < recs.size(); i++) {
                for (int j = i + 1; j < recs.size(); j++) {
                    RecordKey a = recs.get(i);
                    RecordKey b = recs.get(j);
                    merged++;
                    if (a.sourceId().equals(b.sourceId())) {
                        within++;
                        continue;
                    }
                    RecordKey d = a.sourceId().equals("dblp") ? a : b;
                    RecordKey m = d == a ? b : a;
                    if (gold.contains(d.recordId() + "|" + m.recordId())) {
                        correct++;
                    }
                }
            }
        }
        double p = merged == 0 ? 0 : (double) correct / merged;
        double r = gold.isEmpty() ? 0 : (double) correct / gold.size();
        double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
        return new Quality(gold.size(), merged, correct, within, p, r, f1);
    }

    /** The matching engine alone over both tables, in memory: what the hub's ingest does, without storing. */
    public static Batch.Result runInMemory(Path project, Path erbench, Thresholds thresholds) throws IOException {
        SourceDef dblp = MappingFiles.read(project.resolve("bench/dblp-acm/dblp.yaml"));
        SourceDef acm = MappingFiles.read(project.resolve("bench/dblp-acm/acm.yaml"));
        List<Batch.Input> inputs = new ArrayList<>();
        for (Object[] s : new Object[][] {{dblp, "DBLP2.csv"}, {acm, "ACM.csv"}}) {
            SourceDef src = (SourceDef) s[0];
            for (Mapped m : read(src, erbench.resolve((String) s[1]))) {
                inputs.add(new Batch.Input(new RecordKey(src.id(), m.recordId()), src.network(), m.practice(), m.url(),
                        PracticeStore.practiceId(src.id(), m.recordId())));
            }
        }
        return Batch.run(inputs, thresholds, (a, b) -> false, Set.of());
    }

    /** The practices of a depository folder, as the records each carries; redirect records and tombstones carry none. */
    public static List<List<RecordKey>> depository(Path dir) throws IOException {
        List<List<RecordKey>> out = new ArrayList<>();
        try (var files = Files.list(dir.resolve("practices"))) {
            for (Path f : files.sorted().toList()) {
                com.fasterxml.jackson.databind.JsonNode doc = org.practicehub.store.Json.MAPPER.readTree(f.toFile());
                List<RecordKey> recs = new ArrayList<>();
                for (com.fasterxml.jackson.databind.JsonNode s : doc.path("sources")) {
                    recs.add(new RecordKey(s.get("sourceId").asText(), s.get("recordId").asText()));
                }
                if (!recs.isEmpty()) {
                    out.add(recs);
                }
            }
        }
        return out;
    }

    /**
     * {@code score DEPOSITORY MAPPING}: the quality of what a hub run published; otherwise
     * {@code [ERBENCH_DIR [MERGE REVIEW]]}: the matching engine in memory.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("score")) {
            List<List<RecordKey>> practices = depository(Path.of(args[1]));
            int records = practices.stream().mapToInt(List::size).sum();
            System.out.printf("DBLP-ACM through the hub: %s; %d practices from %d records%n", score(practices, gold(Path.of(args[2]))),
                    practices.size(), records);
            return;
        }
        Path erbench = Path.of(args.length > 0 ? args[0] : "../shared/erbench/DBLP-ACM");
        double merge = args.length > 1 ? Double.parseDouble(args[1]) : Thresholds.DEFAULT.merge();
        double review = args.length > 2 ? Double.parseDouble(args[2]) : Thresholds.DEFAULT.review();
        long t0 = System.nanoTime();
        Batch.Result r = runInMemory(Path.of("."), erbench, new Thresholds(merge, review, false));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Map<String, List<RecordKey>> groups = new LinkedHashMap<>(r.groups());
        Quality q = score(groups.values(), gold(erbench.resolve("DBLP-ACM_perfectMapping.csv")));
        System.out.printf("DBLP-ACM in memory, merge %.2f review %.2f: %s; %d practices from %d records, %d review pairs, %d ms%n",
                merge, review, q, groups.size(), r.practiceOf().size(), r.review().size(), ms);
    }
}
