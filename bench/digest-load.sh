#!/usr/bin/env bash
# The digest under load: N subscribers (default 10,000) with varied filters and P practices (default 2,000) in a
# fresh store, one --once run whose digest goes to Postfix's smtp-sink on loopback; before it, smtp-source
# sends the same number of messages of about the same size to the same sink with as many parallel sessions as
# the hub uses (once a connection per message, once with connections kept, as the hub's sender does): the sink's
# floor. Prints wall time,
# messages/s and peak heap of the hub, and the floor. By hand, not a test.
# Needs smtp-sink and smtp-source (Debian: apt-get install -y postfix, "No configuration").
# Usage: bench/digest-load.sh [N] [P]   (from the project root, after mvn -B -q package -DskipTests)
# HUB_JAR: another build to measure (default target/practice-hub.jar), e.g. a baseline, alternated in one session.
# The hub is launched by bin/practice-hub (bounded heap, serial GC, quick JIT for --once, class-data archive), as
# bench/ingest.sh does; HUB_PLAIN=1 launches it with a bare `java -jar` instead. HUB_JAVA_OPTS adds JVM options.
set -euo pipefail
n=${1:-10000}
p=${2:-2000}
par=${HUB_DIGEST_PARALLELISM:-4}
# the digest's average message: 34,372 bytes (the outbox of a --once run without SMTP on the same generated data,
# 300 members; the same with the main build of 2026-11-23), so the floor moves as many bytes as the hub does
size=${MESSAGE_BYTES:-34000}
jar=$(realpath "${HUB_JAR:-target/practice-hub.jar}")
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export HUB_JAR=$jar
if [ -n "${HUB_PLAIN:-}" ]; then launch=(java ${HUB_JAVA_OPTS:-} -jar "$jar"); else launch=("$root/bin/practice-hub"); fi
command -v smtp-sink >/dev/null || PATH=$PATH:/usr/sbin
command -v smtp-sink >/dev/null || { echo "needs smtp-sink and smtp-source: apt-get install -y postfix" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
java -cp "$jar" bench/GenPractices.java "$work/data" "$p" 2>/dev/null
java -cp "$jar" bench/GenSubscribers.java "$work/data" "$n" 2>/dev/null
mkdir -p "$work/mappings"
# one untimed --once on an empty store without SMTP: the launcher's class-data archive is written then, not in the
# timed run
(HUB_DATA_DIR=$work/warm-up HUB_MAPPINGS_DIR=$work/mappings HUB_LOG_LEVEL=WARN "${launch[@]}" --once >/dev/null 2>&1) || true
port=$((20000 + RANDOM % 20000))
# as root smtp-sink needs a user to switch to; as anyone else it cannot switch
sink_user=(); [ "$(id -u)" = 0 ] && sink_user=(-u root)
smtp-sink "${sink_user[@]}" "127.0.0.1:$port" 512 &
sleep 0.5
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# the floor twice: a connection per message, and connections kept (-d), as the hub keeps them; the faster counts
t0=$(date +%s.%N)
smtp-source -s "$par" -m "$n" -l "$size" -f digests@practicehub.local -t member@example.org "127.0.0.1:$port"
t1=$(date +%s.%N)
smtp-source -d -s "$par" -m "$n" -l "$size" -f digests@practicehub.local -t member@example.org "127.0.0.1:$port"
t2=$(date +%s.%N)
f1=$(echo "$n / ($t1 - $t0)" | bc -l)
f2=$(echo "$n / ($t2 - $t1)" | bc -l)
floor=$(echo "if ($f1 > $f2) $f1 else $f2" | bc -l)
printf 'sink floor (smtp-source, %d sessions, %d messages of %d bytes): %.0f msg/s a connection per message, %.0f msg/s connections kept\n' \
  "$par" "$n" "$size" "$f1" "$f2"

# the hub: no sources, so the run is the depository's first publish and the digest
HUB_DATA_DIR=$work/data HUB_MAPPINGS_DIR=$work/mappings HUB_SMTP_HOST=127.0.0.1 HUB_DIGEST_RECIPIENTS= HUB_LOG_LEVEL=WARN \
  HUB_DIGEST_PARALLELISM=$par HUB_SUBSCRIPTIONS_SECRET=bench-secret-0123456789 \
  HUB_SMTP_PORT=$port "${launch[@]}" --once >"$work/run.txt" 2>"$work/run.log" &
hub=$!
peak=0
while kill -0 "$hub" 2>/dev/null; do
  used=$(jstat -gc "$hub" 2>/dev/null | awk 'NR==2 {print int(($3+$4+$6+$8)/1024)}' || true)
  [ -n "$used" ] && [ "$used" -gt "$peak" ] && peak=$used
  sleep 0.2
done
wait "$hub" || { cat "$work/run.log" >&2; exit 1; }
cat "$work/run.txt"
ms=$(grep -o 'time (ms): {.*' "$work/run.txt" | grep -o 'digests=[0-9]*' | cut -d= -f2)
msgs=$(grep -o 'community-updates: [a-z]* ([0-9]* practices, [0-9]* messages' "$work/run.txt" | grep -o '[0-9]* messages' | cut -d' ' -f1)
rate=$(echo "$msgs / ($ms / 1000)" | bc -l)
# the process's CPU time in the digest phase (every thread, GC and JIT too), per message: steadier than wall time
cpu=$(grep -o 'cpu (ms): {.*' "$work/run.txt" | grep -o 'digests=[0-9]*' | cut -d= -f2 || true)
[ -n "$cpu" ] && printf 'digest CPU: %.1f s, %.2f ms per message\n' "$(echo "$cpu / 1000" | bc -l)" "$(echo "$cpu / $msgs" | bc -l)"
printf 'digest: %d messages in %.1f s: %.0f msg/s; peak heap %d MB; %.2fx the sink floor\n' "$msgs" "$(echo "$ms / 1000" | bc -l)" "$rate" "$peak" \
  "$(echo "$floor / $rate" | bc -l)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
