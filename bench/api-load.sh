#!/usr/bin/env bash
# The read API under load: N synthetic practices in a fresh store (default 100,000), the service on
# loopback, then wrk: 32 connections for 30 s on GET /api/practices with a filter; then the time to
# generate each feed and the stats page's charts. Needs wrk (Debian: apt-get install wrk).
# Usage: bench/api-load.sh [N] [DURATION]   (from the project root, after mvn -B -q package -DskipTests;
#        HUB_JAR=other.jar compares another build in the same session)
set -euo pipefail
command -v wrk >/dev/null || { echo "api-load: wrk is not installed (Debian: apt-get install wrk)" >&2; exit 1; }
n=${1:-100000}
duration=${2:-30s}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
java -cp "${HUB_JAR:-target/practice-hub.jar}" bench/GenPractices.java "$work/data" "$n" 2>/dev/null
mkdir -p "$work/mappings"
port=$((20000 + RANDOM % 20000))
HUB_DATA_DIR=$work/data HUB_MAPPINGS_DIR=$work/mappings HUB_SCHEDULE_ENABLED=false HUB_HTTP_RATE_LIMIT=0 \
  HUB_ADMIN_TOKEN=bench-admin-token-0123456789 CAMEL_SERVER_PORT=$port HUB_LOG_LEVEL=WARN \
  java ${HUB_JAVA_OPTS:-} -jar "${HUB_JAR:-target/practice-hub.jar}" >"$work/service.log" 2>&1 &
svc=$!
for i in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$port/observe/health" && break; sleep 0.2; done
url="http://127.0.0.1:$port/api/practices?theme=reintegration&country=PH"
first=$(curl -fs -o /dev/null -w '%{time_total}' "$url")
echo "first request (builds the index of $n practices): ${first} s"
wrk -t2 -c32 -d10s "$url" >/dev/null   # warm-up
wrk -t2 -c32 -d"$duration" --latency "$url" | tee "$work/wrk.txt"
for f in atom json; do
  printf 'feed %s (500 newest): %s s\n' "$f" "$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/feeds/practices.$f")"
done
# the stats page: its charts are drawn on the first request after a change, then served from the cache
printf 'stats page, first (draws the charts of %s practices): %s s\n' "$n" "$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/stats")"
printf 'stats page, next (cached): %s s, %s bytes\n' "$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/stats")" \
  "$(curl -fs -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/stats")"
wrk -t2 -c32 -d10s --latency "http://127.0.0.1:$port/stats" | grep -E 'Requests/sec|^ +(50|99)%'
printf 'service peak RSS: %d MB\n' "$(awk '/VmHWM/ {print int($2/1024)}' /proc/$svc/status)"
