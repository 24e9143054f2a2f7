#!/usr/bin/env bash
# Member search and read API latency on N synthetic practices (default 5,000): one store, generated once, copied for
# each build; each build's service started on it in turn, alternately (A B A B), bench/search_latency.py against it.
# Usage: bench/search-latency.sh BASE_JAR NEW_JAR [N] [ROUNDS]   (from the project root; each JAR runs from the folder
#        above its own, where its routes/ are: JAR=<tree>/target/practice-hub.jar)
set -euo pipefail
base=$1; new=$2; n=${3:-5000}; rounds=${4:-200}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
java -cp "$new" "$(dirname "$0")/GenPractices.java" "$work/store" "$n" 2>/dev/null
mkdir -p "$work/mappings"
for round in 1 2; do
  for jar in "$base" "$new"; do
    rm -rf "$work/data"; cp -r "$work/store" "$work/data"
    port=$((20000 + RANDOM % 20000))
    HUB_DATA_DIR=$work/data HUB_MAPPINGS_DIR=$work/mappings HUB_SCHEDULE_ENABLED=false HUB_HTTP_RATE_LIMIT=0 \
      HUB_ADMIN_TOKEN=bench-admin-token-0123456789 CAMEL_SERVER_PORT=$port HUB_LOG_LEVEL=WARN \
      bash -c 'cd "$(dirname "$1")/.." && exec java ${HUB_JAVA_OPTS:-} -jar "$1"' _ "$(readlink -f "$jar")" >"$work/service.log" 2>&1 &
    svc=$!
    up=no
    for i in $(seq 600); do curl -fs -o /dev/null "http://127.0.0.1:$port/observe/health" && { up=yes; break; }; sleep 0.2; done
    [ $up = yes ] || { echo "search-latency: the service did not start:" >&2; cat "$work/service.log" >&2; exit 1; }
    first=$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/api/practices?q=reintegration")
    echo "== round $round, $(basename "$(dirname "$(dirname "$(readlink -f "$jar")")")"): first search (builds the indexes of $n practices) ${first} s"
    python3 "$(dirname "$0")/search_latency.py" "$port" "$rounds"
    printf 'service peak RSS: %d MB\n' "$(awk '/VmHWM/ {print int($2/1024)}' /proc/$svc/status)"
    kill $svc; wait $svc 2>/dev/null || true
  done
done
