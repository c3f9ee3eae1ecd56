#!/usr/bin/env bash
# `grondslag test` reports what fails in its JUnit file as well as in its exit code: a run that passes every
# case but misses --min-coverage exits 1, and its JUnit file shows that failure (a "coverage" test case),
# never 0 failures.
# Usage: test_report.sh BINARY GOLDEN_DIR
set -u
bin=$1; golden=$2
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
python3 - "$golden/corpus/cases.json" "$dir/passing.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["cases"] = doc["cases"][:1]  # the case that passes
json.dump(doc, open(sys.argv[2], "w"))
PY
"$bin" test --policies "$golden/policies" "$dir/passing.json" --min-coverage 100 --junit "$dir/low.xml" > "$dir/out" 2>&1
code=$?
[ "$code" = 1 ] || bad "coverage below the threshold: exit $code, expected 1: $(cat "$dir/out")"
grep -q 'is below the threshold 100%' "$dir/out" || bad "the run does not say the coverage is low: $(cat "$dir/out")"
grep -q '<testsuites name="grondslag corpus" tests="2" failures="1"' "$dir/low.xml" || bad "JUnit totals: $(head -3 "$dir/low.xml")"
grep -q '<testcase name="coverage"><failure message="coverage [0-9.]*% is below the threshold 100%"' "$dir/low.xml" \
  || bad "no failing coverage test case in the JUnit file: $(cat "$dir/low.xml")"
# Without a threshold the same run passes, and its JUnit file says so.
"$bin" test --policies "$golden/policies" "$dir/passing.json" --junit "$dir/ok.xml" > "$dir/out" 2>&1
code=$?
[ "$code" = 0 ] || bad "without a threshold: exit $code: $(cat "$dir/out")"
grep -q 'tests="1" failures="0"' "$dir/ok.xml" || bad "JUnit of a passing run: $(head -3 "$dir/ok.xml")"
grep -q 'name="coverage"' "$dir/ok.xml" && bad "a coverage test case without a threshold"
[ $fail = 0 ] && echo "test_report: coverage failures reach the JUnit file"
exit $fail
