#!/usr/bin/env bash
# The hub's own work on 10,000 new items, without the JVM's warm-up: one service, three cycles (POST /api/cycle), each
# bringing 10,000 items the store has never seen. ../shared/bench/gen_feeds.py's workload three times (seeds 42, 43,
# 44), each under its own 200 source ids (a-feed-000 ... c-feed-199); the b and c feeds answer empty until their cycle,
# when the generated files replace them. Cycle 1 runs on a cold JVM (as the ingest benchmark's "service, first cycle"),
# cycles 2 and 3 on a JVM that has run the same code on 10,000 items before.
# Usage: bench/ingest-warm.sh   (from the project root, after mvn -B -q package -DskipTests)
#   HUB_JAVA_OPTS=-XX:TieredStopAtLevel=4 bench/ingest-warm.sh   the same with C2
#   HUB_HEAP (default 512m): the service's heap; it holds 30,000 practices by the end
#   HUB_SETTLE (default 90): seconds of quiet before the service starts (a previous run's deleted files slow the
#   first depository publish: bench/ingest.sh)
set -euo pipefail
root=$(pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
gen=${HUB_SHARED_DIR:-$root/../shared}/bench/gen_feeds.py
port=$((20000 + RANDOM % 20000))
mkdir -p "$work/mappings" "$work/srv"
for s in a b c; do
  /usr/bin/python3 "$gen" "$work/gen-$s" --seed $((42 + $(printf '%d' "'$s") - 97)) >/dev/null
  mkdir "$work/srv/$s"
  while read -r f; do
    printf 'id: %s-%s\nnetwork: Bench network %s %s\nkind: feed\nurl: http://127.0.0.1:%s/%s/%s\n' "$s" "${f%%.*}" "$s" "${f:5:3}" \
      "$port" "$s" "$f" > "$work/mappings/$s-${f%%.*}.yaml"
    if [ "$s" = a ]; then cp "$work/gen-a/$f" "$work/srv/a/"
    elif [[ $f == *.rss ]]; then
      echo '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><link>http://example.org/</link><description>x</description></channel></rss>' > "$work/srv/$s/$f"
    else
      echo '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><id>urn:x</id><updated>2026-01-01T00:00:00Z</updated></feed>' > "$work/srv/$s/$f"
    fi
  done < "$work/gen-a/feeds.txt"
done
(cd "$work/srv" && exec /usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
for i in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/a/feed-000.rss" && break; sleep 0.1; done
curl -fs -o /dev/null "http://127.0.0.1:$port/a/feed-000.rss" || { echo "the workload's HTTP server did not start on port $port: run again" >&2; exit 1; }

sleep "${HUB_SETTLE:-90}"

export HUB_DATA_DIR=$work/data HUB_MAPPINGS_DIR=$work/mappings HUB_LOG_LEVEL=WARN HUB_SCHEDULE_ENABLED=false
export HUB_ADMIN_TOKEN=bench-admin-token-0123456789 CAMEL_SERVER_PORT=$((port + 1)) HUB_HEAP=${HUB_HEAP:-512m}
HUB_JAR=${HUB_JAR:-$root/target/practice-hub.jar} "$root/bin/practice-hub" >"$work/service.log" 2>&1 &
svc=$!
for i in $(seq 1800); do curl -fs -o /dev/null "http://127.0.0.1:$CAMEL_SERVER_PORT/observe/health" && break; sleep 0.1; done
ticks() { awk '{print $14 + $15}' "/proc/$svc/stat"; }
cycle() {
  local t0 w
  t0=$(ticks)
  # a cycle runs in the background: run_now.py posts it, follows its job to the end and writes its run report
  w=$(/usr/bin/python3 "$root/bench/run_now.py" "http://127.0.0.1:$CAMEL_SERVER_PORT/api/cycle" "$HUB_ADMIN_TOKEN" --out "$work/cycle.json")
  printf '%-28s wall %6.2f s  cpu %6.2f s  %s\n' "$1" "$w" "$(echo "($(ticks) - $t0) / $(getconf CLK_TCK)" | bc -l)" \
    "$(/usr/bin/python3 -c "import json, sys; r = json.load(open(sys.argv[1])); t = r['totals']
print('phases (ms)', r['millis'], 'new', t['new'], 'failed sources', t['failedSources'])" "$work/cycle.json")"
}
cycle "1: a, cold JVM"
cp "$work"/gen-b/feed-* "$work/srv/b/"
cycle "2: b, warm"
cp "$work"/gen-c/feed-* "$work/srv/c/"
cycle "3: c, warm"
echo "service, peak RSS $(awk '/VmHWM/ {print int($2/1024)}' "/proc/$svc/status") MB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
kill $svc; wait $svc 2>/dev/null || true
