#!/usr/bin/env bash
# What a conditional GET costs the JDK HTTP client with its default executor (what source.Fetcher uses) and with a
# same-thread one: bench/HttpClientExecutor.java over the ingest workload's feeds, alternated, RUNS times each; the last
# four of each run's eight rounds of 1,000 GETs are printed (the first ones run while the JIT compiles).
# Usage: bench/http-client.sh [RUNS]   (from the project root)
#   HUB_TLS=1 bench/http-client.sh   the same over TLS (a self-signed certificate made with keytool and openssl,
#                                    Python's server wrapped in ssl)
set -euo pipefail
runs=${1:-2}
root=$(pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
source "$root/bench/workload.sh"
serve_workload
base=http://127.0.0.1:$port/
java=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
if [ -n "${HUB_TLS:-}" ]; then
  keytool -genkeypair -alias bench -keyalg EC -dname CN=127.0.0.1 -ext SAN=ip:127.0.0.1 -keystore "$work/ks.p12" \
    -storepass changeit -storetype PKCS12 -validity 2 >/dev/null 2>&1
  openssl pkcs12 -in "$work/ks.p12" -nodes -passin pass:changeit -out "$work/both.pem" 2>/dev/null
  tls=$((port + 1))
  (cd "$work/feeds" && exec /usr/bin/python3 -c '
import http.server, ssl, sys
srv = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), http.server.SimpleHTTPRequestHandler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(sys.argv[2])
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()' "$tls" "$work/both.pem" >/dev/null 2>&1) &
  for i in $(seq 50); do curl -fsk -o /dev/null "https://127.0.0.1:$tls/feeds.txt" && break; sleep 0.1; done
  base=https://127.0.0.1:$tls/
  java+=(-Djavax.net.ssl.trustStore="$work/ks.p12" -Djavax.net.ssl.trustStorePassword=changeit)
fi
javac -d "$work/classes" "$root/bench/HttpClientExecutor.java"
since=$(curl -fsk -o /dev/null -D - "${base}feed-000.rss" | tr -d '\r' | sed -n 's/^[Ll]ast-[Mm]odified: //p')
for r in $(seq "$runs"); do
  for mode in pool direct; do
    "${java[@]}" -cp "$work/classes" HttpClientExecutor "$base" "$work/feeds/feeds.txt" "$since" "$mode" | tail -4
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
