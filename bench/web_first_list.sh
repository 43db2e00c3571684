#!/usr/bin/env bash
# The web pages' time to the first ranked list, cold and warm, against a real
# passendd with the demo population on 127.0.0.1, with RankCandidates alone
# as the baseline, and the bundle's size (bench/web_first_list.mjs).
#
#   bench/web_first_list.sh [--runs=9] [--candidates=10000] [--vacancies=1500]
#
# Builds the pages (scripts/web.sh build), installs Debian's chromium when
# missing, then runs the benchmark with node and web/'s packages.
# Environment: PASSEND_BUILD_DIR (default build), PASSEND_BIN_DIR (passendd
# and passend; default $BUILD_DIR/services and $BUILD_DIR/tools), CHROMIUM.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/web.sh build
scripts/install-deps.sh chromium
exec node bench/web_first_list.mjs "$@"
