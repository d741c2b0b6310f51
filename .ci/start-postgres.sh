#!/usr/bin/env bash
# Starts a private PostgreSQL cluster for the integration tests on 127.0.0.1:${PWB_TEST_PG_PORT:-55432}
# (database pwb, user pwb, password pwb) and prints the JDBC URL. Idempotent: a running cluster is reused.
# Needs the Debian postgresql package (binaries in /usr/lib/postgresql/<version>/bin). As root, the server
# runs as the 'postgres' user, because PostgreSQL refuses to run as root.
set -euo pipefail
port="${PWB_TEST_PG_PORT:-55432}"
dir="${PWB_TEST_PG_DIR:-/tmp/pwb-it-postgres-$port}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then
  echo "start-postgres: PostgreSQL binaries not found; install them with: apt-get install -y postgresql" >&2
  exit 2
fi
as_owner=()
if [ "$(id -u)" = 0 ]; then
  as_owner=(runuser -u postgres --)
fi
if [ ! -f "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  pwfile=$(mktemp); echo pwb > "$pwfile"; chmod 644 "$pwfile"
  "${as_owner[@]}" "$bin/initdb" -D "$dir" -U pwb --pwfile="$pwfile" -A scram-sha-256 --no-sync >/dev/null
  rm -f "$pwfile"
fi
if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k /tmp -c max_connections=100" start >/dev/null
fi
export PGPASSWORD=pwb
if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U pwb -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='pwb'" | grep -q 1; then
  "$bin/psql" -h 127.0.0.1 -p "$port" -U pwb -d postgres -qc "CREATE DATABASE pwb" >/dev/null
fi
echo "jdbc:postgresql://127.0.0.1:$port/pwb"
