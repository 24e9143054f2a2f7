package org.practicehub.matching;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.practicehub.TestSupport;
import org.practicehub.bench.ErBenchmark;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guard on matching quality, not a benchmark: the DBLP-ACM tables (../shared, read in place) through
 * the benchmark's mapping files and the hub's mapper, deduplicated by the matching engine in memory with
 * the default thresholds and no labels; the merged pairs against the perfect mapping. The figures of
 * record come from bench/dblp-acm.sh, through the whole hub (docs/benchmarks.md).
 */
class DblpAcmQualityTest {

    @Test
    void dblpAcmF1AtLeast097() throws Exception {
        Path erbench = Path.of(System.getProperty("hub.shared-dir", "../shared")).resolve("erbench/DBLP-ACM");
        Assumptions.assumeTrue(Files.isRegularFile(erbench.resolve("DBLP2.csv")),
                "skipped: the DBLP-ACM benchmark tables are not at " + erbench + " (set -Dhub.shared-dir)");
        Batch.Result r = ErBenchmark.runInMemory(TestSupport.project("."), erbench, Thresholds.DEFAULT);
        ErBenchmark.Quality q = ErBenchmark.score(r.groups().values(), ErBenchmark.gold(erbench.resolve("DBLP-ACM_perfectMapping.csv")));
        assertThat(q.f1()).as(q.toString()).isGreaterThanOrEqualTo(0.97);
        assertThat(q.withinSourcePairs()).isZero();
    }
}
