#!/bin/sh
# grondslag beside Cedar on the same requests: agreement check, then one table.
#
#   tests/bench/cedar/run.sh [N] [--runs K] [--scale | --scale-only] [--keep DIR]
#
# Environment: BUILD (default build-bench, relative to the repository root) holds
# the Release build of `grondslag` and `bench_peer`; it is configured when missing
# and brought up to date on every run. Installs @cedar-policy/cedar-wasm with npm on first use (never
# committed). See docs/performance-cedar.md.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
BUILD=${BUILD:-build-bench}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
[ -f "$BUILD/build.ninja" ] || cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$BUILD" grondslag bench_peer >&2   # a no-op when up to date; never time stale binaries
if [ ! -d "$HERE/node_modules/@cedar-policy/cedar-wasm" ]; then
  (cd "$HERE" && npm install --no-audit --no-fund --silent)
fi
exec node "$HERE/run.js" --grondslag "$BUILD/engine/grondslag" --bench-peer "$BUILD/tests/bench/bench_peer" "$@"
