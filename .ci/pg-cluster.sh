# A throwaway PostgreSQL cluster on loopback, for the PostgreSQL integration tests. Source this file, then
#   pg_up      installs PostgreSQL when missing (Debian packages), starts a cluster in a temporary folder on a
#              free port, and exports HUB_TEST_PG_URL, HUB_TEST_PG_USER and HUB_TEST_PG_CTL (a script taking
#              stop | start | restart, which the outage test calls)
#   pg_down    stops it and removes the folder (pg_up installs it as an EXIT trap)
# initdb refuses to run as root: as root the cluster belongs to the "postgres" user (or "nobody").

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && echo "$d"
}

pg_install() {
  [ -n "$(pg_bin)" ] && return 0
  echo "installing PostgreSQL (Debian packages)" >&2
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "PostgreSQL is missing and this user cannot install it (no root, no sudo)" >&2; return 1; fi
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  [ -n "$(pg_bin)" ]
}

pg_free_port() {
  local p
  for _ in $(seq 50); do
    p=$((30000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

pg_up() {
  pg_install || return 1
  local bin port run_as=()
  bin=$(pg_bin)
  port=$(pg_free_port)
  PG_TMP=$(mktemp -d /tmp/hub-pg.XXXXXX)
  chmod 755 "$PG_TMP"
  if [ "$(id -u)" = 0 ]; then
    local user=postgres
    id "$user" >/dev/null 2>&1 || user=nobody
    chown "$user" "$PG_TMP"
    run_as=(runuser -u "$user" --)
  fi
  "${run_as[@]}" "$bin/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  # the controller the tests call to stop and start the server (the outage test); it runs as the cluster's owner
  cat >"$PG_TMP/pgctl" <<EOF
#!/bin/sh
exec ${run_as[*]} "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \\
  -o "-k $PG_TMP -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" "\$@"
EOF
  chmod 755 "$PG_TMP/pgctl"
  "$PG_TMP/pgctl" start >/dev/null || { cat "$PG_TMP/server.log" >&2; return 1; }
  export HUB_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$port/postgres" HUB_TEST_PG_USER=postgres HUB_TEST_PG_CTL="$PG_TMP/pgctl"
  trap pg_down EXIT
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($PG_TMP)" >&2
}

pg_down() {
  [ -n "${PG_TMP:-}" ] || return 0
  "$PG_TMP/pgctl" stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
  PG_TMP=""
}
