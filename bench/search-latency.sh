#!/usr/bin/env bash
# Member search and read API latency on N synthetic practices (default 5,000): one store, generated once, copied for
# each build; each build's service started on it in turn, alternately (A B A B), bench/search_latency.py against it.
# Usage: bench/search-latency.sh BASE_JAR NEW_JAR [N] [ROUNDS]   (from the project root)
set -euo pipefail
base=$1; new=$2; n=${3:-5000}; rounds=${4:-200}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
java -cp "$new" bench/GenPractices.java "$work/store" "$n" 2>/dev/null
mkdir -p "$work/mappings"
for round in 1 2; do
  for jar in "$base" "$new"; do
    rm -rf "$work/data"; cp -r "$work/store" "$work/data"
    port=$((20000 + RANDOM % 20000))
    HUB_DATA_DIR=$work/data HUB_MAPPINGS_DIR=$work/mappings HUB_SCHEDULE_ENABLED=false HUB_HTTP_RATE_LIMIT=0 \
      HUB_ADMIN_TOKEN=bench-admin-token-0123456789 CAMEL_SERVER_PORT=$port HUB_LOG_LEVEL=WARN \
      java ${HUB_JAVA_OPTS:-} -jar "$jar" >"$work/service.log" 2>&1 &
    svc=$!
    for i in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$port/observe/health" && break; sleep 0.2; done
    first=$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/api/practices?q=reintegration")
    echo "== round $round, $(basename "$jar"): first search (builds the indexes of $n practices) ${first} s"
    python3 bench/search_latency.py "$port" "$rounds"
    printf 'service peak RSS: %d MB\n' "$(awk '/VmHWM/ {print int($2/1024)}' /proc/$svc/status)"
    kill $svc; wait $svc 2>/dev/null || true
  done
done
