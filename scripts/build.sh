#!/usr/bin/env bash
# Installs the build dependencies (if missing), configures and builds.
#   scripts/build.sh [TARGET...]   (default: everything)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
BUILD_DIR=${PASSEND_BUILD_DIR:-build}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja
fi
# Two jobs: the machines this runs on have two cores and the gRPC-generated
# code is memory-hungry to compile.
if [ $# -eq 0 ]; then
  cmake --build "$BUILD_DIR" -j 2
else
  cmake --build "$BUILD_DIR" -j 2 --target "$@"
fi
# The web pages (into $BUILD_DIR/web), with everything.
if [ $# -eq 0 ]; then
  scripts/web.sh build
fi
