#!/usr/bin/env bash
# Installs the Debian (bookworm) packages passend needs to build and test,
# and any further packages named as arguments (e.g. postgresql for the
# PostgreSQL peer benchmark).
# Idempotent: when dpkg already reports every package installed it does nothing,
# so a repeated run costs well under a second.
set -euo pipefail

PACKAGES=(
  cmake ninja-build g++ pkg-config clang-format
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libabsl-dev librocksdb-dev libpq-dev libssl-dev openssl
  libgtest-dev libgmock-dev libbenchmark-dev liblemon-dev libcpp-httplib-dev
  prometheus-cpp-dev libsystemd-dev
  clang libclang-rt-14-dev
  "$@"
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "passend: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
