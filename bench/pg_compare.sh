#!/usr/bin/env bash
# Runs bench/pg_compare against a throw-away PostgreSQL (Debian's package)
# on 127.0.0.1, then stops it and removes its data.
#   bench/pg_compare.sh [--candidates=1000000] [--repetitions=9]
set -euo pipefail
cd "$(dirname "$0")/.."

if ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed"; then
  echo "pg_compare: installing postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql
fi
scripts/build.sh pg_compare

BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DIR=$(mktemp -d /tmp/pg-compare-XXXXXX)
chown postgres "$DIR"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT

runuser -u postgres -- "$BIN/initdb" -D "$DIR/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c shared_buffers=2GB -c work_mem=256MB -c maintenance_work_mem=1GB -c fsync=off -c synchronous_commit=off" start >/dev/null

build/bench/pg_compare --conninfo="host=127.0.0.1 port=$PORT user=postgres dbname=postgres" "$@"
