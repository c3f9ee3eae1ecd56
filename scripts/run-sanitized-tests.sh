#!/usr/bin/env bash
# The whole test suite again, built with AddressSanitizer and
# UndefinedBehaviorSanitizer; any report fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
source scripts/ccache-env.sh
# -g1: line tables only, which is what a sanitizer report's stack needs (function, file, line); full
# debug information made the PEGTL-heavy files a quarter slower to compile, and this build is most of CI.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DGRONDSLAG_BENCHMARKS=OFF "${cmake_launcher[@]}" \
  -DCMAKE_CXX_FLAGS="-O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" > build-asan.log 2>&1 \
  || { cat build-asan.log; exit 1; }
ninja -C build-asan -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/scripts/lsan.supp
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The three suites that compare sliced with unsliced verification of whole statute sets (about 90 s each
# under the sanitizers, nearly all of it in Z3, which is not instrumented) run in the release pass only; the
# verifier's own suites run here, both ways, on smaller sets (docs/reliability.md, "Sanitizers").
cd build-asan && ctest -j "$(nproc)" --output-on-failure -E '^unit/verifier_slicing_(shipped|exception_removed|purpose_widened)$'

