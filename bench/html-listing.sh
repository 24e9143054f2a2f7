#!/usr/bin/env bash
# HTML listings (kind html), one `--once` each: what the hub holds while it reads them.
#   big:   one listing page just under the fetch size limit (hub.fetch.max-bytes, 20 MB): ITEMS items of about 2 KB;
#   pages: a listing of PAGES pages of 10 items each, every page linking to the next (a[rel=next]).
# Pages are static files served by python's http.server on loopback. Prints wall time, CPU and peak RSS, medians of RUNS.
# Usage: bench/html-listing.sh [RUNS] [PAGES] [ITEMS]   (from the project root, after mvn -B -q package -DskipTests)
#   HUB_JAR=other.jar bench/html-listing.sh    another build (bench/workload.sh)
set -euo pipefail
runs=${1:-3}
pages=${2:-1000}
items=${3:-11500}
root=$(pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
source "$root/bench/workload.sh"
mkdir -p "$work/www" "$work/mappings-big" "$work/mappings-pages"
/usr/bin/python3 - "$work/www" "$pages" "$items" <<'PY'
import sys
out, pages, items = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def item(p, i):
    text = ("Lorem ipsum migration practice text %d on page %d. " % (i, p)) * 30
    return ('<article class="practice" data-id="p%d-%d"><h2><a href="/practice/%d/%d">Community practice %d of listing page %d</a></h2>'
            '<p class="teaser">%s</p><time datetime="2024-05-01">1 May 2024</time><ul class="tags"><li>Reintegration</li></ul></article>\n'
            % (p, i, p, i, i, p, text))
head = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Practices</title></head><body><nav>Menu</nav><main>\n'
with open(out + "/big.html", "w") as f:
    f.write(head)
    for i in range(items):
        f.write(item(0, i))
    f.write('</main></body></html>\n')
for p in range(1, pages + 1):
    with open(out + "/page-%04d.html" % p, "w") as f:
        f.write(head + "".join(item(p, i) for i in range(10)) + '</main>')
        if p < pages:
            f.write('<nav class="pager"><a rel="next" href="page-%04d.html">Next</a></nav>' % (p + 1))
        f.write('</body></html>\n')
PY
serve_dir "$work/www" big.html
for kind in big pages; do
  url=$([ "$kind" = big ] && echo big.html || echo page-0001.html)
  cat > "$work/mappings-$kind/listing.yaml" <<YAML
id: listing-$kind
network: Listing network
kind: html
url: http://127.0.0.1:$port/$url
html: { items: article.practice, next: "a[rel=next]", max-pages: $((pages + 1)) }
fields:
  recordId: "@data-id"
  title: h2 a
  link: h2 a@href
  summary: .teaser
  published: time@datetime
  themes: .tags li
YAML
done
warm_up
export HUB_LOG_LEVEL=WARN
for kind in big pages; do
  export HUB_MAPPINGS_DIR=$work/mappings-$kind
  all=()
  for r in $(seq "$runs"); do
    export HUB_DATA_DIR=$work/data-$kind-$r
    all+=("$(once)"); grep -m1 -A1 'Practice Hub run' "$work/out.txt" | tail -1 >&2
  done
  w=$(printf '%s\n' "${all[@]}" | cut -d' ' -f1 | median); m=$(printf '%s\n' "${all[@]}" | cut -d' ' -f2 | median)
  c=$(printf '%s\n' "${all[@]}" | cut -d' ' -f3 | median)
  if [ "$kind" = big ]; then
    what="one page of $(( $(stat -c %s "$work/www/big.html") / 1024 )) KB, $items items"
  else
    what="$pages pages of $(( $(stat -c %s "$work/www/page-0001.html") / 1024 )) KB, 10 items each"
  fi
  printf '%s, one --once (median of %d): wall %.2f s, cpu %.2f s, peak RSS %d MB (load %s)\n' "$what" "$runs" "$w" "$c" \
    "$((m / 1024))" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
