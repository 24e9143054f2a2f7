#!/usr/bin/env bash
# How the matcher does on the ingest workload (../shared/bench/gen_feeds.py: 1,000 stories repeated in a second feed
# with another title and the same canonical link), without the timing runs of bench/ingest.sh: one first `--once`, then
# bench/ingest_quality.py's precision and recall of the repeated stories, read from the depository.
# Usage: bench/ingest-dedup.sh   (from the project root, after mvn -B -q package -DskipTests); HUB_JAR=other.jar for another build
set -euo pipefail
root=$(pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
source "$root/bench/workload.sh"
serve_workload
export HUB_MAPPINGS_DIR=$work/mappings HUB_LOG_LEVEL=WARN HUB_DATA_DIR=$work/data
echo "first --once: $(once) (wall s, peak RSS KB, cpu s)"
grep -m1 'Practice Hub run' "$work/out.txt"
/usr/bin/python3 "$root/bench/ingest_quality.py" "$work/data/depository" "$work/feeds/manifest.json"
[ -z "${HUB_KEEP:-}" ] || { rm -rf "$HUB_KEEP"; cp -r "$work/data" "$HUB_KEEP"; }
