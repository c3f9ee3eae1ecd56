#!/bin/sh
# grondslag beside Cedar on the same requests: agreement check, then one table.
#
#   tests/bench/cedar/run.sh [N] [--runs K] [--scale | --scale-only] [--keep DIR]
#
# Environment: BUILD (default build-bench, relative to the repository root) holds
# the Release build of `grondslag` and `bench_peer`; it is configured and built
# when missing. Installs @cedar-policy/cedar-wasm with npm on first use (never
# committed). See docs/performance-cedar.md.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
BUILD=${BUILD:-build-bench}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
if [ ! -x "$BUILD/engine/grondslag" ] || [ ! -x "$BUILD/tests/bench/bench_peer" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C "$BUILD" grondslag bench_peer
fi
if [ ! -d "$HERE/node_modules/@cedar-policy/cedar-wasm" ]; then
  (cd "$HERE" && npm install --no-audit --no-fund --silent)
fi
exec node "$HERE/run.js" --grondslag "$BUILD/engine/grondslag" --bench-peer "$BUILD/tests/bench/bench_peer" "$@"
