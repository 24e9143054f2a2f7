#!/usr/bin/env bash
# Wall time and peak RSS of `--once` on the sample sources: N fresh runs, then N re-runs.
# Usage: bench/once-samples.sh [N]   (after mvn -B -q package -DskipTests; run from the project root)
set -euo pipefail
n=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { /usr/bin/time -f "%e %M" java -jar target/practice-hub.jar --once 2>&1 >/dev/null | tail -1; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
first=(); again=()
for i in $(seq "$n"); do rm -rf "$work/data"; first+=("$(HUB_DATA_DIR=$work/data run)"); done
for i in $(seq "$n"); do again+=("$(HUB_DATA_DIR=$work/data run)"); done
printf 'first run   wall %ss  peak RSS %s MB\n' "$(printf '%s\n' "${first[@]}" | cut -d' ' -f1 | median)" \
  "$(printf '%s\n' "${first[@]}" | cut -d' ' -f2 | median | awk '{printf "%d", $1/1024}')"
printf 'second run  wall %ss  peak RSS %s MB\n' "$(printf '%s\n' "${again[@]}" | cut -d' ' -f1 | median)" \
  "$(printf '%s\n' "${again[@]}" | cut -d' ' -f2 | median | awk '{printf "%d", $1/1024}')"
