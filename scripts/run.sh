#!/usr/bin/env bash
# Builds passend, starts passendd on an embedded RocksDB data directory,
# loads the demo population on first start, and serves until Ctrl-C.
#
#   scripts/run.sh
#
# On first start it also creates three demo API keys -- a local admin, the
# WSP of Amersfoort (AM14) and the employer emp-99 -- in
# <data>-demo-keys.env (mode 0600; the server's key file holds only their
# hashes), so that what each role sees can be tried side by side.
#
# Environment: PASSEND_DATA (default ./passend-data), PASSEND_LISTEN
# (default 127.0.0.1:50051), PASSEND_HTTP_LISTEN (the HTTP door, default
# 127.0.0.1:8080), PASSEND_DEMO_CANDIDATES / _VACANCIES.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh passendd passend
scripts/web.sh build
BUILD_DIR=${PASSEND_BUILD_DIR:-build}
DATA=${PASSEND_DATA:-$PWD/passend-data}
LISTEN=${PASSEND_LISTEN:-127.0.0.1:50051}
HTTP_LISTEN=${PASSEND_HTTP_LISTEN:-127.0.0.1:8080}
PASSEND="$BUILD_DIR/tools/passend --server=$LISTEN"
KEYS_FILE="$DATA-api-keys"
DEMO_KEYS="$DATA-demo-keys.env"

# The keys and the demo key file sit beside the data directory.
mkdir -p "$(dirname "$DATA")"
if [ ! -f "$DEMO_KEYS" ]; then
  (
    umask 077
    # The CLI prints each key once on stdout; its notice goes to stderr.
    key() { $PASSEND keys create --keys_file="$KEYS_FILE" "$@" 2>/dev/null ||
      { echo "cannot create a demo key in $KEYS_FILE" >&2; exit 1; }; }
    admin=$(key --principal=local-admin --role=admin)
    wsp=$(key --principal=demo-wsp-amersfoort --role=wsp --regions=AM14)
    employer=$(key --principal=demo-employer --role=employer --employer=emp-99)
    printf 'export PASSEND_KEY=%s\nexport PASSEND_WSP_KEY=%s\nexport PASSEND_EMPLOYER_KEY=%s\n' \
      "$admin" "$wsp" "$employer" >"$DEMO_KEYS"
  )
fi
# shellcheck disable=SC1090
source "$DEMO_KEYS"

"$BUILD_DIR/services/passendd" --listen="$LISTEN" --data_dir="$DATA" \
  --keys_file="$KEYS_FILE" --http_listen="$HTTP_LISTEN" \
  --web_root="$BUILD_DIR/web" &
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
echo "Ranked matches for one of the demo vacancies (as the admin sees them):"
$PASSEND demo show || true

OWN=$(PASSEND_KEY=$PASSEND_EMPLOYER_KEY $PASSEND vacancies list --status=OPEN \
  --page_size=1 2>/dev/null | grep -o 'vacancies/[0-9a-z]*' | head -1 || true)
if [ -n "$OWN" ]; then
  echo
  echo "The employer emp-99 sees its vacancy $OWN like this (anonymous):"
  PASSEND_KEY=$PASSEND_EMPLOYER_KEY $PASSEND rank anonymous "$OWN" \
    --page_size=5 || true
fi

cat <<MSG

passend is running on $LISTEN with data in $DATA, keys in $KEYS_FILE.
In another terminal, first: source $DEMO_KEYS   (the admin key, for the CLI)
  $PASSEND vacancies list --status=OPEN --page_size=5
  $PASSEND rank candidates vacancies/<id> --near_misses=5
  $PASSEND rank vacancies candidates/<id>
  $PASSEND explain candidates/<id> vacancies/<id>
  $PASSEND progress; $PASSEND supply; $PASSEND forecast --regions=AM14
  $PASSEND candidates list --region=AM14 --page_size=5
  $PASSEND taxonomy
As the WSP of AM14 or the employer emp-99:
  PASSEND_KEY=\$PASSEND_WSP_KEY $PASSEND candidates list --page_size=5
  PASSEND_KEY=\$PASSEND_EMPLOYER_KEY $PASSEND rank anonymous vacancies/<id>
  PASSEND_KEY=\$PASSEND_EMPLOYER_KEY $PASSEND candidates list   (refused)
Over HTTP (Connect protocol, docs/HTTP.md) on http://$HTTP_LISTEN:
  curl -s -H 'Content-Type: application/json' -H 'Connect-Protocol-Version: 1' \\
    -H "Authorization: Bearer \$PASSEND_KEY" -d '{"pageSize": 3}' \\
    http://$HTTP_LISTEN/passend.v1.VacancyService/ListVacancies

The web pages: http://$HTTP_LISTEN/   (sign in with a key of $DEMO_KEYS)
Press Ctrl-C to stop.
MSG
wait $SERVER
