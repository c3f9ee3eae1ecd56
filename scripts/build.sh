#!/usr/bin/env bash
# Configures and builds grondslag in build/ (Release).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ccache-env.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "${cmake_launcher[@]}" > build.log 2>&1 || { cat build.log; exit 1; }
ninja -C build -j "$(nproc)"
