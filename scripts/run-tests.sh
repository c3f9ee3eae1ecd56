#!/usr/bin/env bash
# The whole test suite: install, build, run every test (unit, golden CLI,
# policy check, legal corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd build && ctest -j "$(nproc)" --output-on-failure
