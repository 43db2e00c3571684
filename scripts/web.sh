#!/usr/bin/env bash
# The web pages (web/, docs/WEB.md).
#
#   scripts/web.sh build   installs nodejs/npm from Debian if missing, npm ci,
#                          generates the clients from proto/ (protoc +
#                          protoc-gen-es), type-checks (tsc --noEmit) and
#                          bundles into $BUILD_DIR/web
#   scripts/web.sh test    builds, installs chromium if missing, and runs the
#                          browser tests (tests/web/run.mjs) against a real
#                          passendd; screenshots in $BUILD_DIR/web-test-output
#
# Node.js: the machine's (20 or later), else Debian's nodejs and npm.
# Environment: PASSEND_BUILD_DIR (default build), PASSEND_BIN_DIR (where
# passendd and passend are; default $BUILD_DIR/services and $BUILD_DIR/tools).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${PASSEND_BUILD_DIR:-build}
mkdir -p "$BUILD_DIR"
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)

build() {
  # The machine's Node.js (with its npm) when there is one: Debian's npm
  # package would pull Debian's nodejs 18 over it. Otherwise the archive's
  # nodejs, and npm only if that did not bring its own.
  if ! command -v node >/dev/null; then
    scripts/install-deps.sh nodejs
  fi
  if ! command -v npm >/dev/null; then
    scripts/install-deps.sh npm
  fi
  if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
    echo "scripts/web.sh: Node.js 20 or later is needed (playwright-core); found $(node --version)" >&2
    exit 1
  fi
  (
    cd web
    # npm ci only when the lock file changed since the last install.
    stamp=node_modules/.passend-lock.sha256
    sum=$(sha256sum package-lock.json | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
      npm ci --no-audit --no-fund --loglevel=error
      echo "$sum" >"$stamp"
    fi
    node build/generate.mjs
    npx --no-install tsc --noEmit
    node build/bundle.mjs "$BUILD_DIR/web"
  )
}

case "${1:-}" in
  build)
    build
    ;;
  test)
    build
    scripts/install-deps.sh chromium
    PASSEND_BUILD_DIR="$BUILD_DIR" PASSEND_WEB_ROOT="$BUILD_DIR/web" \
      PASSEND_WEB_TEST_OUTPUT="$BUILD_DIR/web-test-output" node tests/web/run.mjs
    ;;
  *)
    echo "usage: scripts/web.sh build|test" >&2
    exit 2
    ;;
esac
