#!/usr/bin/env bash
# Builds everything and runs every test (ctest). This is the command CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
BUILD_DIR=${PASSEND_BUILD_DIR:-build}
cd "$BUILD_DIR"
ctest --output-on-failure -j 2 --timeout 600
