# Sourced by bench/ingest.sh and bench/ingest-pg.sh: the ingest workload and the helpers both report with.
# Needs $root (the project) and $work (a scratch folder); sets $port.

# serve_workload [SCHEDULE]: ../shared/bench/gen_feeds.py's 200 feeds x 50 items into $work/feeds, served by
# python's http.server on loopback (it answers If-Modified-Since with 304), one mapping file per feed
# (kind: feed, and the schedule when given) in $work/mappings.
serve_workload() {
  local gen=${HUB_SHARED_DIR:-$root/../shared}/bench/gen_feeds.py f i
  /usr/bin/python3 "$gen" "$work/feeds" >/dev/null
  serve_dir "$work/feeds" feeds.txt
  mkdir -p "$work/mappings"
  while read -r f; do
    printf 'id: %s\nnetwork: Bench network %s\nkind: feed\nurl: http://127.0.0.1:%s/%s\n%s' "${f%%.*}" "${f:5:3}" "$port" "$f" \
      "${1:+schedule: $1
}" > "$work/mappings/${f%%.*}.yaml"
  done < "$work/feeds/feeds.txt"
}

# serve_dir DIR FILE: DIR served by python's http.server on a random loopback port ($port), once it answers for FILE
serve_dir() {
  port=$((20000 + RANDOM % 20000))
  (cd "$1" && exec /usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
  for i in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/$2" && break; sleep 0.1; done
  # a random port can be taken: say so rather than measure sources that all fail
  curl -fs -o /dev/null "http://127.0.0.1:$port/$2" || { echo "the HTTP server did not start on port $port: run again" >&2; exit 1; }
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# the jar under test (HUB_JAR, to compare two builds in one session) and how it is launched: by bin/practice-hub
# (bounded heap, quick JIT for --once, class-data archive), or with HUB_PLAIN=1 by a bare `java -jar`; HUB_JAVA_OPTS
# adds JVM options either way
jar=${HUB_JAR:-$root/target/practice-hub.jar}
export HUB_JAR=$jar
if [ -n "${HUB_PLAIN:-}" ]; then launch=(java ${HUB_JAVA_OPTS:-} -jar "$jar"); else launch=("$root/bin/practice-hub"); fi

# one untimed --once on the sample sources: the launcher's class-data archive is written then, not in a timed run
warm_up() { (export HUB_DATA_DIR=$work/warm-up HUB_MAPPINGS_DIR=$root/mappings; cd "$root" && "${launch[@]}" --once >/dev/null 2>&1) || true; }

# one `--once` in its own JVM: "wall-seconds peak-rss-kb cpu-seconds" (cpu: user + sys); output in $work/out.txt
once() { /usr/bin/time -f "%e %M %U %S" "${launch[@]}" --once 2>&1 >"$work/out.txt" | tail -1 | awk '{print $1, $2, $3 + $4}'; }

# report LABEL "wall rss cpu"...: the medians, as items/s of the workload's 10,000 items, and the load average
report() {
  local w m c; w=$(printf '%s\n' "${@:2}" | cut -d' ' -f1 | median); m=$(printf '%s\n' "${@:2}" | cut -d' ' -f2 | median)
  c=$(printf '%s\n' "${@:2}" | cut -d' ' -f3 | median)
  printf '%-40s wall %6.2f s  cpu %6.2f s  %8.0f items/s  peak RSS %4d MB  (load %s)\n' "$1" "$w" "$c" \
    "$(echo "10000 / $w" | bc -l)" "$((m / 1024))" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
