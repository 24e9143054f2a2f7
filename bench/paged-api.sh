#!/usr/bin/env bash
# A paged JSON API with many large pages, polled by one `--once`: what the hub holds while it pages through it.
# Every page is the same document of PAGE_RECORDS records of about 10 KB (python's http.server ignores the page
# parameter), and the mapping pages by number with paging.size equal to the page's length, so the hub reads
# PAGES pages (paging.max-pages) of about 1 MB: 200 MB at the defaults. Its wall time, CPU and peak RSS.
# Usage: bench/paged-api.sh [RUNS] [PAGES]   (from the project root, after mvn -B -q package -DskipTests)
#   HUB_JAR=other.jar bench/paged-api.sh    another build (bench/workload.sh)
set -euo pipefail
runs=${1:-2}
pages=${2:-200}
records=100
root=$(pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
source "$root/bench/workload.sh"
mkdir -p "$work/www" "$work/mappings"
/usr/bin/python3 - "$work/www/page.json" "$records" <<'EOF'
import json, sys
out, n = sys.argv[1], int(sys.argv[2])
data = [{"ref": "rec-%03d" % i, "name": "Community practice number %d for paged ingest" % i,
         "description": ("Lorem ipsum migration practice text %d. " % i) * 250} for i in range(n)]
open(out, "w").write(json.dumps({"data": data}))
EOF
serve_dir "$work/www" page.json
cat > "$work/mappings/paged.yaml" <<EOF
id: paged
network: Paged network
kind: json-api
url: http://127.0.0.1:$port/page.json
records: \$.data[*]
paging: { mode: page, param: page, size: $records, max-pages: $pages }
fields:
  recordId: \$.ref
  title: \$.name
  description: \$.description
EOF
warm_up
export HUB_MAPPINGS_DIR=$work/mappings HUB_LOG_LEVEL=WARN
all=()
for r in $(seq "$runs"); do
  export HUB_DATA_DIR=$work/data-$r
  all+=("$(once)"); grep -m1 'Practice Hub run' "$work/out.txt" >&2
done
w=$(printf '%s\n' "${all[@]}" | cut -d' ' -f1 | median); m=$(printf '%s\n' "${all[@]}" | cut -d' ' -f2 | median)
c=$(printf '%s\n' "${all[@]}" | cut -d' ' -f3 | median)
printf '%d pages of %d KB, one --once (median of %d): wall %.2f s, cpu %.2f s, peak RSS %d MB (load %s)\n' "$pages" \
  "$(( $(stat -c %s "$work/www/page.json") / 1024 ))" "$runs" "$w" "$c" "$((m / 1024))" "$(cut -d' ' -f1-3 /proc/loadavg)"
