#!/usr/bin/env bash
# Builds passend, starts passendd on an embedded RocksDB data directory,
# loads the demo population on first start, and serves until Ctrl-C.
#
#   scripts/run.sh
#
# Environment: PASSEND_DATA (default ./passend-data), PASSEND_LISTEN
# (default 127.0.0.1:50051), PASSEND_DEMO_CANDIDATES / _VACANCIES.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh passendd passend
BUILD_DIR=${PASSEND_BUILD_DIR:-build}
DATA=${PASSEND_DATA:-$PWD/passend-data}
LISTEN=${PASSEND_LISTEN:-127.0.0.1:50051}
PASSEND="$BUILD_DIR/tools/passend --server=$LISTEN"

"$BUILD_DIR/services/passendd" --listen="$LISTEN" --data_dir="$DATA" &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER' INT TERM EXIT

for _ in $(seq 1 100); do
  if $PASSEND taxonomy >/dev/null 2>&1; then break; fi
  if ! kill -0 $SERVER 2>/dev/null; then echo "passendd did not start" >&2; exit 1; fi
  sleep 0.2
done

if [ ! -f "$DATA/.demo-loaded" ]; then
  echo "Loading the demo population (first start)..."
  $PASSEND demo load --candidates="${PASSEND_DEMO_CANDIDATES:-10000}" \
    --vacancies="${PASSEND_DEMO_VACANCIES:-1500}"
  touch "$DATA/.demo-loaded"
fi

echo
echo "Ranked matches for one of the demo vacancies:"
$PASSEND demo show || true

cat <<MSG

passend is running on $LISTEN with data in $DATA.
Try, in another terminal:
  $PASSEND vacancies list --status=OPEN --page_size=5
  $PASSEND rank candidates vacancies/<id> --near_misses=5
  $PASSEND rank vacancies candidates/<id>
  $PASSEND explain candidates/<id> vacancies/<id>
  $PASSEND candidates list --region=AM14 --page_size=5
  $PASSEND taxonomy
Press Ctrl-C to stop.
MSG
wait $SERVER
