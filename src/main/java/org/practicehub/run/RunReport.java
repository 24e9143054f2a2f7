package org.practicehub.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The report of one {@code --once} cycle, written to data/reports/run-&lt;UTC timestamp&gt;.json. */
@JsonPropertyOrder({"startedAt", "finishedAt", "millis", "cpuMillis", "sources", "totals", "digests", "depository", "pushes"})
public class RunReport {

    private final Instant startedAt;
    private Instant finishedAt;
    private final List<SourceResult> sources = new ArrayList<>();
    private final List<DigestResult> digests = new ArrayList<>();
    private Map<String, Object> depository = Map.of();
    private Map<String, Integer> pushes = Map.of();
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private long mark = System.nanoTime();
    /** The process's CPU time per phase (every thread, GC and JIT included): less noisy than wall time on a shared machine. */
    private final Map<String, Long> cpuMillis = new LinkedHashMap<>();
    private long cpuMark = cpuNanos();

    public RunReport(Instant startedAt) {
        this.startedAt = startedAt;
    }

    public synchronized SourceResult source(String id, String network) {
        SourceResult r = new SourceResult(id, network);
        sources.add(r);
        return r;
    }

    /** Time spent since the previous mark, under a phase name: where a slow run spent its time. */
    public synchronized void mark(String phase) {
        long now = System.nanoTime();
        millis.merge(phase, (now - mark) / 1_000_000, Long::sum);
        mark = now;
        long cpu = cpuNanos();
        if (cpu >= 0 && cpuMark >= 0) {
            cpuMillis.merge(phase, (cpu - cpuMark) / 1_000_000, Long::sum);
        }
        cpuMark = cpu;
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    public Map<String, Long> getMillis() {
        return millis;
    }

    public Map<String, Long> getCpuMillis() {
        return cpuMillis;
    }

    public synchronized void digest(DigestResult d) {
        digests.add(d);
    }

    public void depository(Map<String, Object> counts) {
        this.depository = counts;
    }

    public void pushes(Map<String, Integer> counts) {
        this.pushes = counts;
    }

    public Map<String, Integer> getPushes() {
        return pushes;
    }

    public void finish(Instant at) {
        this.finishedAt = at;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    /** By source id: sources are polled in parallel, the report reads the same whatever finished first. */
    public synchronized List<SourceResult> getSources() {
        List<SourceResult> sorted = new ArrayList<>(sources);
        sorted.sort(java.util.Comparator.comparing(SourceResult::sourceId));
        return sorted;
    }

    public List<DigestResult> getDigests() {
        return digests;
    }

    public Map<String, Object> getDepository() {
        return depository;
    }

    public Map<String, Integer> getTotals() {
        Map<String, Integer> t = new LinkedHashMap<>();
        t.put("sources", sources.size());
        t.put("failedSources", (int) sources.stream().filter(s -> s.failure() != null).count());
        t.put("skippedSources", (int) sources.stream().filter(s -> "skipped".equals(s.status())).count());
        t.put("read", sources.stream().mapToInt(SourceResult::read).sum());
        t.put("new", sources.stream().mapToInt(SourceResult::created).sum());
        t.put("updated", sources.stream().mapToInt(SourceResult::updated).sum());
        t.put("unchanged", sources.stream().mapToInt(SourceResult::unchanged).sum());
        t.put("rejected", sources.stream().mapToInt(SourceResult::rejected).sum());
        t.put("withdrawn", sources.stream().mapToInt(SourceResult::withdrawn).sum());
        t.put("unmapped", sources.stream().mapToInt(s -> s.unmapped().values().stream().mapToInt(Integer::intValue).sum()).sum());
        t.put("warnings", sources.stream().mapToInt(s -> s.warnings().size()).sum());
        return t;
    }

    /** The few lines a facilitator reads at the end of a run. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        Map<String, Integer> t = getTotals();
        b.append(String.format("Practice Hub run: %d sources (%d failed), %d records read: %d new, %d updated, %d unchanged, %d rejected%n",
                t.get("sources"), t.get("failedSources"), t.get("read"), t.get("new"), t.get("updated"), t.get("unchanged"), t.get("rejected")));
        for (SourceResult s : getSources()) {
            b.append(String.format("  %-24s %-12s read %d, new %d, updated %d, unchanged %d, rejected %d%s%s%s%s%s%s%n", s.sourceId(), s.status(),
                    s.read(), s.created(), s.updated(), s.unchanged(), s.rejected(),
                    s.echoes() == 0 ? "" : ", echoes " + s.echoes() + " (started here)",
                    s.withdrawn() == 0 ? "" : ", withdrawn " + s.withdrawn(),
                    s.unmapped().isEmpty() ? "" : ", unmapped " + s.unmapped(),
                    s.notes().isEmpty() ? "" : "\n      note: " + String.join("; ", s.notes()),
                    s.warnings().isEmpty() ? "" : "\n      warning: " + String.join("\n      warning: ", s.warnings()),
                    s.error() == null ? "" : "\n      " + ("skipped".equals(s.status()) ? "skipped: " : "error: ") + s.error()));
        }
        if (!depository.isEmpty()) {
            Map<String, Object> counts = new LinkedHashMap<>(depository);
            Object skipped = counts.remove("skipped");
            b.append(String.format("  depository: %s%n", counts));
            if (skipped instanceof Map<?, ?> m) {
                m.forEach((id, why) -> b.append(String.format("      left out %s: %s%n", id, why)));
            }
        }
        if (pushes.values().stream().anyMatch(v -> v > 0)) {
            b.append(String.format("  partner pushes: %s%n", pushes));
        }
        if (!millis.isEmpty()) {
            b.append(String.format("  time (ms): %s%n", millis));
        }
        if (!cpuMillis.isEmpty()) {
            b.append(String.format("  cpu (ms): %s%n", cpuMillis));
        }
        for (DigestResult d : digests) {
            b.append(String.format("  digest %s: %s (%d practices, %d messages)%s%n", d.id(), d.status(), d.practices(), d.messages(),
                    d.error() == null ? "" : " error: " + d.error()));
        }
        return b.toString();
    }
}
