#!/usr/bin/env bash
# Golden CLI tests: each folder under tests/golden/cases holds
#   args       the command line after the binary (one line, run from the project root)
#   stdin      optional input
#   stdout     the exact expected standard output
#   stderr     optional: the exact expected standard error
#   exit_code  the expected exit code
# Usage: run.sh BINARY GOLDEN_DIR [--update]
set -u
bin=$1; dir=$2; update=${3:-}
passed=0; failed=0
for case in "$dir"/cases/*/; do
  name=$(basename "$case")
  args=$(cat "$case/args")
  if [ -f "$case/stdin" ]; then input="$case/stdin"; else input=/dev/null; fi
  out=$(mktemp); err=$(mktemp)
  eval "\"$bin\" $args" < "$input" > "$out" 2> "$err"
  code=$?
  # Wall times vary from run to run: compare them as <t>.
  sed -i -E 's/checks in [0-9.]+ s/checks in <t> s/' "$out" "$err"
  if [ "$update" = "--update" ]; then
    cp "$out" "$case/stdout"; echo "$code" > "$case/exit_code"
    [ -f "$case/stderr" ] && cp "$err" "$case/stderr"
  fi
  ok=1
  if ! diff -u "$case/stdout" "$out" > /dev/null; then ok=0; echo "FAIL $name: stdout differs"; diff -u "$case/stdout" "$out" | head -20; fi
  if [ -f "$case/stderr" ] && ! diff -u "$case/stderr" "$err" > /dev/null; then ok=0; echo "FAIL $name: stderr differs"; diff -u "$case/stderr" "$err" | head -20; fi
  if [ "$code" != "$(cat "$case/exit_code")" ]; then ok=0; echo "FAIL $name: exit code $code, expected $(cat "$case/exit_code")"; fi
  rm -f "$out" "$err"
  if [ $ok = 1 ]; then passed=$((passed+1)); else failed=$((failed+1)); fi
done
echo "$passed passed, $failed failed"
[ $failed = 0 ]
