#!/usr/bin/env bash
# The ingest benchmark: ../shared/bench/gen_feeds.py's 200 feeds x 50 items, served over loopback HTTP
# (python's http.server answers If-Modified-Since with 304), polled by the hub
#   1. as whole `--once` processes: a first poll on a fresh data folder, then a re-poll (every feed 304);
#   2. as cycles inside the running service (POST /api/cycle): a first cycle, three re-poll cycles while the JIT is
#      still compiling, then, after HUB_WARM_CYCLES untimed ones, the steady state.
# Usage: bench/ingest.sh [RUNS]   (from the project root, after mvn -B -q package -DskipTests)
#   HUB_JAR=other.jar bench/ingest.sh   measures another build (compare two in one session, alternating)
#   HUB_PLAIN=1 bench/ingest.sh         launches with a bare `java -jar` instead of bin/practice-hub
#   HUB_SETTLE=0 bench/ingest.sh        starts at once instead of waiting 90 s first: for a minute or more after tens
#                                       of thousands of files were deleted (as the previous run's cleanup does), ext4
#                                       spends seconds of kernel time allocating a first publish's 9,000 inodes,
#                                       which would be measured as the depository phase (docs/benchmarks.md)
set -euo pipefail
runs=${1:-3}
root=$(pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
source "$root/bench/workload.sh"
serve_workload
warm_up
sleep "${HUB_SETTLE:-90}"

export HUB_MAPPINGS_DIR=$work/mappings HUB_LOG_LEVEL=WARN
first=(); again=()
for r in $(seq "$runs"); do
  export HUB_DATA_DIR=$work/data-$r
  first+=("$(once)"); grep -m1 'Practice Hub run' "$work/out.txt" >&2
  again+=("$(once)"); grep -m1 'Practice Hub run' "$work/out.txt" >&2
done
stored=$(ls "$work/data-1/depository/practices" | wc -l)
report "--once, first poll (fresh)" "${first[@]}"
report "--once, re-poll (all 304)" "${again[@]}"
echo "practices stored: $stored (10,000 items, 9,000 distinct stories)"
/usr/bin/python3 "$root/bench/ingest_quality.py" "$work/data-1/depository" "$work/feeds/manifest.json"

# inside the running service
export HUB_DATA_DIR=$work/data-service HUB_ADMIN_TOKEN=bench-admin-token-0123456789 CAMEL_SERVER_PORT=$((port + 1)) HUB_SCHEDULE_ENABLED=false
"${launch[@]}" >"$work/service.log" 2>&1 &
svc=$!
# up to 3 minutes: on a busy machine the service takes a while to start
for i in $(seq 1800); do curl -fs -o /dev/null "http://127.0.0.1:$CAMEL_SERVER_PORT/observe/health" && break; sleep 0.1; done
# a cycle runs in the background: run_now.py posts it and follows its job to the end
cycle() { /usr/bin/python3 "$root/bench/run_now.py" "http://127.0.0.1:$CAMEL_SERVER_PORT/api/cycle" "$HUB_ADMIN_TOKEN"; }
c1=$(cycle)
ticks() { awk '{print $14 + $15}' /proc/$svc/stat; }
# the first re-poll cycles run while the JIT still compiles the poll path (C2 takes about half their CPU); the steady
# state is measured after HUB_WARM_CYCLES (default 60) more, untimed
t0=$(ticks)
cold=(); for r in $(seq 3); do cold+=("$(cycle)"); done
cold_cpu=$(echo "($(ticks) - $t0) / $(getconf CLK_TCK) / ${#cold[@]}" | bc -l)
for r in $(seq "${HUB_WARM_CYCLES:-60}"); do cycle >/dev/null; done
t0=$(ticks)
repoll=(); for r in $(seq $((runs * 3))); do repoll+=("$(cycle)"); done
cpu=$(echo "($(ticks) - $t0) / $(getconf CLK_TCK) / ${#repoll[@]}" | bc -l)
rss=$(awk '/VmHWM/ {print int($2/1024)}' /proc/$svc/status)
kill $svc; wait $svc 2>/dev/null || true
printf '%-34s wall %6.2f s\n' "service, first cycle" "$c1"
printf '%-34s wall %6.3f s (median of %d), cpu %.3f s a cycle (mean)\n' "service, first 3 re-poll cycles" \
  "$(printf '%s\n' "${cold[@]}" | median)" "${#cold[@]}" "$cold_cpu"
printf '%-34s wall %6.3f s (median of %d), cpu %.3f s a cycle (mean)\n' "service, re-poll cycle, steady" \
  "$(printf '%s\n' "${repoll[@]}" | median)" "${#repoll[@]}" "$cpu"
printf '%-34s %d MB\n' "service, peak RSS" "$rss"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
