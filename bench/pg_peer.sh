#!/usr/bin/env bash
# Runs bench/pg_peer against a throw-away PostgreSQL (Debian's package) on
# 127.0.0.1 (a free port, no other listener), as the postgres user; stops it
# and removes its data on exit. Arguments go to pg_peer.
#   bench/pg_peer.sh [--candidates=1000000] [--repetitions=9] [--k=50]
#                    [--explain]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh postgresql
scripts/build.sh pg_peer

BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGUSER_OS=postgres
if ! id -u "$PGUSER_OS" >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin "$PGUSER_OS"
fi
AS_PG=(runuser -u "$PGUSER_OS" --)
if [ "$(id -un)" = "$PGUSER_OS" ]; then AS_PG=(); fi

DIR=$(mktemp -d /tmp/pg-peer-XXXXXX)
chown "$PGUSER_OS" "$DIR"
cleanup() {
  if [ -f "$DIR/data/postmaster.pid" ]; then
    "${AS_PG[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${AS_PG[@]}" "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 \
  --locale=C.UTF-8 >/dev/null
# A 24 GiB, 2-core machine: 2 GB of shared buffers hold the whole table;
# durability is irrelevant for a throw-away benchmark database.
"${AS_PG[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -t 60 -o \
  "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c shared_buffers=2GB \
   -c work_mem=256MB -c maintenance_work_mem=1GB -c effective_cache_size=16GB \
   -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
   -c max_wal_size=8GB" start >/dev/null
for _ in $(seq 1 60); do
  if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.5
done

PGPORT=$PORT build/bench/pg_peer \
  --conninfo="host=127.0.0.1 port=$PORT dbname=postgres user=postgres" "$@"
