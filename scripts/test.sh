#!/usr/bin/env bash
# Builds everything and runs every test (ctest), then the fuzz targets for a
# short time each (scripts/fuzz.sh; FUZZ_SECONDS, default 20 here; 0 skips
# them). This is the command CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
BUILD_DIR=${PASSEND_BUILD_DIR:-build}
# promtool checks the metrics page in metrics_test (fetched, not installed).
if [ -z "${PASSEND_PROMTOOL:-}" ]; then
  PASSEND_PROMTOOL=$(scripts/fetch-promtool.sh "$BUILD_DIR/promtool")
  export PASSEND_PROMTOOL
fi
(cd "$BUILD_DIR" && ctest --output-on-failure -j 2 --timeout 600)
# The web pages in a real browser against the passendd just built.
scripts/web.sh test
if [ "${FUZZ_SECONDS:-20}" != 0 ]; then
  FUZZ_SECONDS=${FUZZ_SECONDS:-20} scripts/fuzz.sh
fi
