#!/usr/bin/env bash
# The cross-network deduplication development set (../shared/practices-dedup-dev) through a fresh hub: the four
# networks' feeds served on loopback, one minimal mapping file each (id, network, kind: feed, url; nothing else, so
# the matcher sees only what any partner's feed gives), one `--once` into an empty data folder, then score.py reads
# the groups from the depository's provenance. One configuration for every data set: no setting here.
# Usage: bench/practices-dedup.sh [RUNS]   (from the project root, after mvn -B -q package -DskipTests)
# HUB_KEEP=DIR keeps the last run's data folder there. HUB_DEDUP_SET=DIR scores another set in the same layout (network-*.rss|atom|json, truth.json, score.py).
set -euo pipefail
runs=${1:-1}
root=$(pwd)
set_dir=${HUB_DEDUP_SET:-${HUB_SHARED_DIR:-$root/../shared}/practices-dedup-dev}
[ -f "$set_dir/truth.json" ] || { echo "no development set in $set_dir" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
# shellcheck source=workload.sh
source "$root/bench/workload.sh"
mkdir -p "$work/feeds"
cp "$set_dir"/network-* "$work/feeds/"
first=$(ls "$work/feeds" | head -1)
serve_dir "$work/feeds" "$first"
mkdir -p "$work/mappings"
nets=()
for f in "$work"/feeds/network-*; do
  f=$(basename "$f"); n=${f#network-}; n=${n%%.*}
  printf 'id: net-%s\nnetwork: net-%s\nkind: feed\nurl: http://127.0.0.1:%s/%s\n' "$n" "$n" "$port" "$f" > "$work/mappings/net-$n.yaml"
  nets+=("$n=net-$n")
done
names=$(IFS=,; echo "${nets[*]}")
for r in $(seq "$runs"); do
  HUB_DATA_DIR=$work/$r/data HUB_MAPPINGS_DIR=$work/mappings HUB_LOG_LEVEL=WARN \
    /usr/bin/time -f "  --once: %e s wall, peak RSS %M KB" "${launch[@]}" --once | grep -E "^Practice Hub run|depository:|dedup"
  /usr/bin/python3 "$set_dir/score.py" --from-depository "$work/$r/data/depository" --networks "$names"
  # the review pairs in the store, counted as found when the facilitator would merge them
  java -cp "$jar" "$root/bench/ReviewPairs.java" "$work/$r/data" > "$work/$r/review.tsv"
  /usr/bin/python3 "$root/bench/dedup_quality.py" "$set_dir" "$work/$r/data/depository" "$work/$r/review.tsv" "$names" 2>/dev/null
  [ -z "${HUB_KEEP:-}" ] || { rm -rf "$HUB_KEEP"; cp -r "$work/$r" "$HUB_KEEP"; }
done
