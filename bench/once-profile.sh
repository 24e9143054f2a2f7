#!/usr/bin/env bash
# Where the first `--once` of the ingest workload spends its CPU, by component (H2, matching, the JIT compiler, the
# parsers...): RUNS first runs on fresh data folders, each under `perf record` with call stacks, attributed by
# bench/cpu_by_component.py; then the median share of each component over the runs.
# Usage: bench/once-profile.sh [RUNS]   (from the project root, after mvn -B -q package -DskipTests; needs perf)
#   HUB_SETTLE=90 (default): seconds of quiet before the first run (see bench/ingest.sh)
set -euo pipefail
runs=${1:-3}
root=$(pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
command -v perf >/dev/null || { echo "needs perf (Debian: linux-perf)" >&2; exit 2; }
source "$root/bench/workload.sh"
serve_workload
warm_up
sleep "${HUB_SETTLE:-90}"
export HUB_MAPPINGS_DIR=$work/mappings HUB_LOG_LEVEL=WARN
# frame pointers, so that perf can walk the stacks through compiled Java code; the JIT's symbols written at exit
export HUB_JAVA_OPTS="${HUB_JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+PreserveFramePointer -XX:+DumpPerfMapAtExit"
for r in $(seq "$runs"); do
  touch "$work/mark"
  # the data folders stay until the end: deleting 9,000 files slows the next run's file creation (bench/ingest.sh)
  HUB_DATA_DIR=$work/data-$r perf record -q -g -F 499 -o "$work/perf-$r.data" -- "${launch[@]}" --once >"$work/out.txt" 2>&1
  grep -E 'time \(ms' "$work/out.txt" >&2
  perf script -i "$work/perf-$r.data" 2>/dev/null > "$work/perf-$r.txt"
  /usr/bin/python3 "$root/bench/cpu_by_component.py" "$work/perf-$r.txt" > "$work/cpu-$r.txt"
  head -1 "$work/cpu-$r.txt" >&2
  # the JVM's symbol map (/tmp/perf-<pid>.map) is read; only this run's is removed
  rm -f "$work/perf-$r.data" "$work/perf-$r.txt"; find /tmp -maxdepth 1 -name 'perf-*.map' -newer "$work/mark" -delete
done
# the median of each component's seconds over the runs
/usr/bin/python3 - "$work" "$runs" <<'EOF'
import collections, glob, re, statistics, sys
secs = collections.defaultdict(list)
totals = []
for f in sorted(glob.glob(sys.argv[1] + '/cpu-*.txt')):
    lines = open(f).read().splitlines()
    totals.append(float(re.search(r'about ([\d.]+) s', lines[0]).group(1)))
    for l in lines[1:]:
        m = re.match(r'\s*[\d.]+%\s+([\d.]+) s\s+(.*)', l)
        secs[m.group(2)].append(float(m.group(1)))
runs = int(sys.argv[2])
total = statistics.median(totals)
print('first --once, CPU by component: median of %d runs, %.1f s of CPU a run' % (runs, total))
for k, v in sorted(secs.items(), key=lambda kv: -statistics.median(kv[1] + [0] * (runs - len(kv[1])))):
    m = statistics.median(v + [0] * (runs - len(v)))
    print('%5.1f%%  %5.2f s  %s' % (100 * m / total, m, k))
EOF
