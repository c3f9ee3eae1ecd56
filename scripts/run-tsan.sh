#!/usr/bin/env bash
# The commands that run on more than one thread, built with ThreadSanitizer: `verify` (two Z3 contexts,
# docs/verification.md "Two Z3 contexts") on sets with and without findings, at a deadline and at Z3's
# memory limit, and `decide --threads 2` on a batch against its answers on one thread. Any report fails
# the run. Not part of .ci/run: the build takes longer than the rest of CI on two cores
# (docs/reliability.md, "Sanitizers"). Usage: scripts/run-tsan.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build-tsan}
scripts/install-deps.sh
source scripts/ccache-env.sh
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DGRONDSLAG_BENCHMARKS=OFF "${cmake_launcher[@]}" \
  -DCMAKE_CXX_FLAGS="-O1 -fsanitize=thread" > "$build.log" 2>&1 || { cat "$build.log"; exit 1; }
ninja -C "$build" -j "$(nproc)" grondslag grondslag-prove
export TSAN_OPTIONS="halt_on_error=1:suppressions=$root/scripts/tsan.supp"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
run() {  # EXPECTED_EXIT NAME COMMAND...
  local expected=$1 name=$2; shift 2
  local code=0
  "$@" > "$work/out" 2> "$work/err" || code=$?
  if grep -q "ThreadSanitizer" "$work/err" || [ "$code" != "$expected" ]; then
    echo "FAIL: $name: exit $code, expected $expected"; head -60 "$work/err"; fail=1
  else
    echo "ok: $name ($(tail -1 "$work/out" | cut -c1-100))"
  fi
}
prove=$build/engine/grondslag-prove
python3 tests/bench/synthetic/generate.py 300 "$work/synthetic" > /dev/null
run 0 "verify, the shipped set" "$prove" verify --policies policies
run 0 "verify, the shipped set with the Amsterdam module" "$prove" verify --policies policies --policies examples/amsterdam/policies
run 1 "verify, 300 synthetic rules with findings" "$prove" verify --policies "$work/synthetic"
run 3 "verify, a deadline in the middle of the checks" "$prove" verify --policies policies --deadline 2
run 3 "verify, Z3's memory limit" "$prove" verify --policies policies --memory 30
# decide on two threads answers as on one.
python3 - "$root/corpus" > "$work/batch.ndjson" <<'PY'
import json, pathlib, sys
for f in sorted(pathlib.Path(sys.argv[1]).rglob("*.json")):
    for case in json.loads(f.read_text()).get("cases", []):
        if isinstance(case.get("request"), dict):
            print(json.dumps(case["request"]))
PY
[ -s "$work/batch.ndjson" ] || { echo "FAIL: no corpus requests for the batch"; exit 1; }
"$build/engine/grondslag" decide --policies policies --unverified --threads 1 < "$work/batch.ndjson" > "$work/one" 2> /dev/null || true
run 0 "decide --threads 2, $(wc -l < "$work/batch.ndjson") corpus requests" \
  bash -c '"$0" decide --policies policies --unverified --threads 2 < "$1" > "$2"' "$build/engine/grondslag" "$work/batch.ndjson" "$work/two"
[ "$(wc -l < "$work/one")" = "$(wc -l < "$work/batch.ndjson")" ] || { echo "FAIL: decide --threads 1 did not answer every request"; fail=1; }
cmp -s "$work/one" "$work/two" || { echo "FAIL: decide --threads 2 answered differently from one thread"; fail=1; }
[ $fail = 0 ] && echo "run-tsan: all passed"
exit $fail
