#!/usr/bin/env bash
# Deduplication at scale: for each N, N synthetic practices are indexed, then N new ones (10% of them
# near-duplicates of stored ones from another network) are matched against them by the hub's matching
# engine (org.practicehub.bench.DedupScale). Each size runs RUNS times in a JVM of its own; the script
# prints every run, the median match time per size, and the growth exponent fitted on the medians
# (least squares of log time on log N).
# Usage: bench/dedup-scale.sh [RUNS] [SIZES...]   (from the project root, after
#        mvn -B -q package -DskipTests && mvn -B -q test-compile)
set -euo pipefail
runs=${1:-3}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
cp=target/practice-hub.jar:target/test-classes
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for n in "${sizes[@]}"; do
  for r in $(seq "$runs"); do
    line=$(/usr/bin/time -f "peak RSS %M KB" java -Xmx12g ${HUB_JAVA_OPTS:-} -cp "$cp" org.practicehub.bench.DedupScale "$n" 0.10 $((41 + r)) 2>&1 | tr '\n' ' ')
    echo "$line"
    echo "$n $(sed -E 's/.*match ([0-9.]+) s.*/\1/' <<<"$line")" >>"$out"
  done
done
awk '
  { t[$1] = t[$1] " " $2 }
  END {
    for (n in t) {
      k = split(substr(t[n], 2), v, " ")
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
      m = (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
      printf "N=%d median match %.2f s\n", n, m
      x = log(n); y = log(m); sx += x; sy += y; sxx += x * x; sxy += x * y; c++
    }
    if (c >= 2) printf "growth exponent (log time on log N): %.3f\n", (c * sxy - sx * sy) / (c * sxx - sx * sx)
  }' "$out"
