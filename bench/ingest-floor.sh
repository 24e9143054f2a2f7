#!/usr/bin/env bash
# The least the hub's fixed stack (JDK HTTP client, Rome, jsoup, Jackson, H2, files) does for the first poll of the
# ingest workload (bench/IngestFloor.java: no mapping, matching, Camel or publishing), alternated with the hub's own
# first `--once` on the same workload, RUNS times each: how far the hub is from what its stack allows.
# Usage: bench/ingest-floor.sh [RUNS]   (from the project root, after mvn -B -q package -DskipTests)
#   HUB_SETTLE=90 (default): seconds of quiet before the first run (see bench/ingest.sh)
set -euo pipefail
runs=${1:-3}
root=$(pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
source "$root/bench/workload.sh"
serve_workload
warm_up
javac -d "$work/floor" -cp "$jar" "$root/bench/IngestFloor.java"
# a jar, not a folder: the JVM's class-data archive takes only jars on the class path
jar cf "$work/floor.jar" -C "$work/floor" .
# the launcher's JVM settings for --once, and a class-data archive of its own (written by an untimed run)
jvm=(java -Xms144m -Xmx204m -XX:+UseSerialGC -XX:SurvivorRatio=4 -XX:TieredStopAtLevel=1 -Xlog:cds=off -Xlog:cds+dynamic=off)
"${jvm[@]}" -XX:ArchiveClassesAtExit="$work/floor.jsa" -cp "$work/floor.jar:$jar" IngestFloor "http://127.0.0.1:$port/" \
  "$work/feeds/feeds.txt" "$work/floor-warm" >/dev/null
sleep "${HUB_SETTLE:-90}"
export HUB_MAPPINGS_DIR=$work/mappings HUB_LOG_LEVEL=WARN
floor=() hub=() stages=()
for r in $(seq "$runs"); do
  # data folders stay until the end: deleting thousands of files slows the next run's file creation (bench/ingest.sh)
  floor+=("$(/usr/bin/time -f "%e %M %U %S" "${jvm[@]}" -XX:SharedArchiveFile="$work/floor.jsa" -cp "$work/floor.jar:$jar" IngestFloor \
    "http://127.0.0.1:$port/" "$work/feeds/feeds.txt" "$work/floor-$r" 2>&1 >"$work/floor.txt" | tail -1 | awk '{print $1, $2, $3 + $4}')")
  echo "floor: $(cat "$work/floor.txt")" >&2
  hub+=("$(HUB_DATA_DIR=$work/data-$r once)")
  grep -E 'time \(ms' "$work/out.txt" >&2
  stages+=("$("${jvm[@]}" -XX:SharedArchiveFile="$work/floor.jsa" -cp "$work/floor.jar:$jar" IngestFloor "http://127.0.0.1:$port/" \
    "$work/feeds/feeds.txt" "$work/stages-$r" 0)")
done
report "floor: fetch, Rome, jsoup, Jackson, H2, files" "${floor[@]}"
report "the hub's first --once" "${hub[@]}"
printf 'the floor, one component after another on one thread:\n'; printf '  %s\n' "${stages[@]}"
