#!/usr/bin/env bash
# Prints the path of a promtool for tests/services/metrics_test.cc, which
# checks the metrics page with `promtool check metrics` when it has one.
#   scripts/fetch-promtool.sh DIR
# Uses promtool from the PATH if there is one; otherwise fetches Debian's
# prometheus package into DIR and unpacks it there, without installing it
# (installing would also set up and start a Prometheus service). Needs no
# root, only the package archive apt already uses. Prints nothing, and
# exits 0, when neither works: the test then says promtool did not run.
set -uo pipefail
dir=${1:?usage: scripts/fetch-promtool.sh DIR}
if command -v promtool >/dev/null 2>&1; then
  command -v promtool
  exit 0
fi
promtool="$dir/usr/bin/promtool"
if [ ! -x "$promtool" ]; then
  mkdir -p "$dir" || exit 0
  (
    cd "$dir" &&
      apt-get download -qq prometheus >/dev/null 2>&1 &&
      dpkg -x prometheus_*.deb . &&
      rm -f prometheus_*.deb usr/bin/prometheus
  ) || {
    echo "passend: could not fetch promtool (apt-get download prometheus)" >&2
    exit 0
  }
fi
if [ -x "$promtool" ]; then
  echo "$(cd "$(dirname "$promtool")" && pwd)/promtool"
fi
