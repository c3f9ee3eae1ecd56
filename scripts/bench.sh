#!/bin/sh
# Every performance figure in one table: grondslag beside Cedar (per-call and pre-parsed),
# in-process and the CLI's NDJSON batch on the same N requests; the statute set on one core;
# the CLI against a parse-only process; peak RSS; a cold single decision with and without Z3
# linked; cost against the number of rules and of data items. docs/performance.md, "One table".
#
#   scripts/bench.sh [N] [--runs R] [--no-scale] [--cold-runs C] [--keep DIR]
#
# N defaults to 50000 (6-10 minutes on 2 cores at load averages 7-10, most of it Cedar's per-call
# mode; the same N for every part). Environment: BUILD (default build-bench) holds the
# Release build; it is configured when missing and brought up to date on every run.
# Installs @cedar-policy/cedar-wasm with npm into tests/bench/cedar/node_modules on first use
# (never committed). Not a test: ctest does not run it.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build-bench}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
[ -f "$BUILD/build.ninja" ] || cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$BUILD" -j2 grondslag bench_decide bench_peer cold_decide >&2   # never time stale binaries
if [ ! -d "$ROOT/tests/bench/cedar/node_modules/@cedar-policy/cedar-wasm" ]; then
  (cd "$ROOT/tests/bench/cedar" && npm install --no-audit --no-fund --silent)
fi
exec node "$ROOT/tests/bench/all.js" --build "$BUILD" "$@"
