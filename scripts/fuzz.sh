#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer and
# UndefinedBehaviorSanitizer) in build-fuzz/ and runs each for FUZZ_SECONDS
# (default 30) from the seed corpus in tests/fuzz/corpus/, printing the
# executions. A crash fails the script and leaves the input in build-fuzz/.
#
#   scripts/fuzz.sh            FUZZ_SECONDS=600 scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${PASSEND_FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-30}
if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPASSEND_FUZZ=ON >/dev/null
fi
cmake --build "$BUILD" --target key_codec_fuzzer request_fuzzer
for target in key_codec request; do
  corpus_dir=tests/fuzz/corpus/$target
  corpus=$(mktemp -d)
  cp "$corpus_dir"/* "$corpus"/
  # -rss_limit_mb: the sanitizers' shadow memory counts too.
  if ! (cd "$BUILD" && "tests/fuzz/${target}_fuzzer" -max_total_time="$SECONDS_EACH" \
      -rss_limit_mb=4096 -print_final_stats=1 "$corpus" >"fuzz-$target.log" 2>&1); then
    tail -40 "$BUILD/fuzz-$target.log"
    echo "fuzz: ${target}_fuzzer failed; the input is in $BUILD" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$BUILD/fuzz-$target.log" | grep -o '[0-9]*$')
  echo "fuzz: ${target}_fuzzer ran $runs inputs in ${SECONDS_EACH} s, no failure"
  rm -rf "$corpus"
done
