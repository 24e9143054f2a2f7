#!/usr/bin/env bash
# The ingest benchmark (bench/ingest.sh's 200 feeds x 50 items from ../shared/bench/gen_feeds.py, over loopback HTTP)
# on PostgreSQL next to H2, and with two instances next to one:
#   1. `--once`, first poll on an empty store and re-poll (every feed 304): H2, then PostgreSQL;
#   2. the service on PostgreSQL, every source on its schedule (first firing at start): one instance, then two on one
#      database; the time from every instance ready to all 10,000 records stored.
# A throwaway PostgreSQL server is started (.ci/pg-cluster.sh) unless HUB_TEST_PG_URL names one.
# Usage: bench/ingest-pg.sh [RUNS]   (from the project root, after mvn -B -q package -DskipTests)
set -euo pipefail
runs=${1:-3}
root=$(pwd)
work=$(mktemp -d)
svcs=()
cleanup() { for p in "${svcs[@]}"; do kill "$p" 2>/dev/null || true; done; kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"; }
if [ -z "${HUB_TEST_PG_URL:-}" ]; then
  source "$root/.ci/pg-cluster.sh"
  pg_up
  trap 'cleanup; pg_down' EXIT
else
  trap cleanup EXIT
fi
pg_host_port=${HUB_TEST_PG_URL#jdbc:postgresql://}; pg_host_port=${pg_host_port%%/*}
psql_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)/psql
sql() { PGPASSWORD=${HUB_TEST_PG_PASSWORD:-} "$psql_bin" -h "${pg_host_port%:*}" -p "${pg_host_port#*:}" -U "${HUB_TEST_PG_USER:-postgres}" -d "$1" -tAc "$2"; }
newdb() { local n="bench_$(date +%s%N | tail -c 10)"; sql postgres "CREATE DATABASE $n TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null; echo "$n"; }

source "$root/bench/workload.sh"
serve_workload 6h
warm_up

export HUB_MAPPINGS_DIR=$work/mappings HUB_LOG_LEVEL=WARN
for store in h2 pg; do
  first=(); again=()
  for r in $(seq "$runs"); do
    export HUB_DATA_DIR=$work/data-$store-$r
    if [ "$store" = pg ]; then export HUB_DB_URL="${HUB_TEST_PG_URL%/*}/$(newdb)" HUB_DB_USER=${HUB_TEST_PG_USER:-postgres} HUB_DB_PASSWORD=${HUB_TEST_PG_PASSWORD:-}; else unset HUB_DB_URL HUB_DB_USER HUB_DB_PASSWORD; fi
    first+=("$(once)"); grep -m1 'Practice Hub run' "$work/out.txt" >&2
    again+=("$(once)"); grep -m1 'Practice Hub run' "$work/out.txt" >&2
  done
  report "--once on $store, first poll (fresh)" "${first[@]}"
  report "--once on $store, re-poll (all 304)" "${again[@]}"
done

# the service on PostgreSQL: one instance, then two sharing the database
export HUB_ADMIN_TOKEN=bench-admin-token-0123456789 HUB_DB_USER=${HUB_TEST_PG_USER:-postgres} HUB_DB_PASSWORD=${HUB_TEST_PG_PASSWORD:-}
for n in 1 2; do
  times=()
  for r in $(seq "$runs"); do
    db=$(newdb); export HUB_DB_URL="${HUB_TEST_PG_URL%/*}/$db"
    svcs=(); ports=()
    for i in $(seq "$n"); do
      p=$((port + 10 + i)); ports+=("$p")
      HUB_DATA_DIR=$work/svc-$n-$r-$i HUB_INSTANCE_ID=bench-$i CAMEL_SERVER_PORT=$p \
        "${launch[@]}" >"$work/svc-$n-$r-$i.log" 2>&1 &
      svcs+=($!)
    done
    for p in "${ports[@]}"; do for i in $(seq 600); do curl -fs -o /dev/null "http://127.0.0.1:$p/observe/health/ready" && break; sleep 0.1; done; done
    t0=$(date +%s.%N)
    until [ "$(sql "$db" 'SELECT COUNT(*) FROM source_record' 2>/dev/null || echo 0)" -ge 10000 ]; do sleep 0.2; done
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l) 0")
    for p in "${svcs[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
    svcs=()
  done
  report "service on pg, $n instance(s), first ingest" "${times[@]}"
done
