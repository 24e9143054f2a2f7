#!/usr/bin/env bash
# The DBLP-ACM entity-resolution benchmark through a fresh hub: DBLP2.csv and ACM.csv are two CSV
# sources declared by ordinary mapping files (bench/dblp-acm/*.yaml: title, authors -> partners,
# venue -> summary, year -> implementation start, id -> the record id), read by one `--once` into an
# empty data folder, deduplicated as the hub ingests them (every record against every record stored
# before it, through blocking: no pre-blocked candidate pairs, no labels). Then precision, recall and F1
# of the merged pairs, read from the depository the run published, against the perfect mapping.
# Usage: bench/dblp-acm.sh [RUNS]   (from the project root, after
#        mvn -B -q package -DskipTests && mvn -B -q test-compile)
set -euo pipefail
runs=${1:-1}
root=$(pwd)
er=${HUB_SHARED_DIR:-$root/../shared}/erbench/DBLP-ACM
[ -f "$er/DBLP2.csv" ] || { echo "no DBLP-ACM tables in $er" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for r in $(seq "$runs"); do
  m=$work/$r/mappings
  mkdir -p "$m/dblp" "$m/acm"
  cp bench/dblp-acm/*.yaml "$m/"
  # a drop folder moves the files it has read to done/: the hub reads scratch copies, never ../shared itself
  cp "$er/DBLP2.csv" "$m/dblp/"
  cp "$er/ACM.csv" "$m/acm/"
  HUB_DATA_DIR=$work/$r/data HUB_MAPPINGS_DIR=$m HUB_LOG_LEVEL=WARN \
    /usr/bin/time -f "  --once: %e s wall, peak RSS %M KB" java ${HUB_JAVA_OPTS:-} -jar target/practice-hub.jar --once \
    | grep -E "^Practice Hub run|depository:|time \(ms\)"
  java -cp target/practice-hub.jar:target/test-classes org.practicehub.bench.ErBenchmark score "$work/$r/data/depository" \
    "$er/DBLP-ACM_perfectMapping.csv"
done
