#!/usr/bin/env bash
# A file of one request per line gets one answer per line, whatever its first line is
# (docs/cli.md, decide): a malformed or cut first line makes it neither one document nor a lost
# batch. One document over several lines (pretty-printed) is still one request.
# Usage: batch_form.sh BINARY GOLDEN_DIR
set -u
bin=$1; golden=$2
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
pols=$golden/policies
batch=$golden/cases/decide_batch/stdin
n=$(wc -l < "$batch")

# check NAME FIRST_LINE [decide options]: FIRST_LINE then the batch; one answer per line, the first
# an error answer for line 1, the rest as the batch alone gets them (line numbers one on).
check() {
  local name=$1 first=$2; shift 2
  { printf '%s\n' "$first"; cat "$batch"; } > "$dir/in"
  "$bin" decide --unverified --policies "$pols" "$@" "$dir/in" > "$dir/out" 2> "$dir/err"; code=$?
  [ $code = 0 ] || bad "$name: exit $code, expected 0 (a batch): $(cat "$dir/err")"
  [ "$(wc -l < "$dir/out")" = $((n + 1)) ] || bad "$name: $(wc -l < "$dir/out") answers to $((n + 1)) lines"
  head -1 "$dir/out" | grep -q '"error":{"path":"","message":"malformed JSON at byte [0-9]*: .*","line":1}' ||
    bad "$name: the first answer is not the error for line 1: $(head -1 "$dir/out")"
  "$bin" decide --unverified --policies "$pols" "$@" "$batch" > "$dir/alone"
  tail -n +2 "$dir/out" | sed 's/"line":[0-9]*/"line":L/' > "$dir/rest"
  sed 's/"line":[0-9]*/"line":L/' "$dir/alone" | cmp -s - "$dir/rest" || bad "$name: the other lines were not answered as a batch"
}
check "a cut first line" '{"id":0,"date":"2020-06-01",'
check "a malformed first line" '{"id":0 "date":"2020-06-01"}'
check "a first line that is no JSON" 'hello'
check "a cut first line, 4 threads" '{"id":0,"date":"2020-06-01",' --threads 4
check "a cut first line, with a log" '{"id":0,"date":"2020-06-01",' --decision-log "$dir/log"
# Both runs of check appended to the log: one line per answer of each.
[ "$(wc -l < "$dir/log")" = $((2 * n + 1)) ] || bad "the decision log does not hold one line per answer"

# Blank lines before and between keep their numbers; two malformed lines first.
{ printf '\n{"id":0,\n\n[1,\n'; cat "$batch"; } > "$dir/in"
"$bin" decide --unverified --policies "$pols" "$dir/in" > "$dir/out" 2> "$dir/err" || bad "two malformed lines: exit $?"
[ "$(wc -l < "$dir/out")" = $((n + 2)) ] || bad "two malformed lines: $(wc -l < "$dir/out") answers"
sed -n 1p "$dir/out" | grep -q '"line":2}' || bad "the first error answer does not name line 2: $(sed -n 1p "$dir/out")"
sed -n 2p "$dir/out" | grep -q '"line":4}' || bad "the second error answer does not name line 4: $(sed -n 2p "$dir/out")"

# A pretty-printed request is one document and gets one answer, as before.
pretty=$golden/cases/decide_single_pretty
"$bin" decide --unverified --policies "$pols" - < "$pretty/stdin" > "$dir/out" 2> /dev/null
[ "$(wc -l < "$dir/out")" = 1 ] || bad "a pretty-printed request got $(wc -l < "$dir/out") answers"
# A malformed pretty-printed request with no line that is a request by itself: one error answer, exit 2.
printf '{\n  "id": 1,\n  "date": "2020-06-01"\n  "sender": "dji"\n}\n' > "$dir/in"
"$bin" decide --unverified --policies "$pols" "$dir/in" > "$dir/out" 2> /dev/null; code=$?
[ $code = 2 ] || bad "a malformed document: exit $code, expected 2"
[ "$(wc -l < "$dir/out")" = 1 ] || bad "a malformed document got $(wc -l < "$dir/out") answers"

[ $fail = 0 ] && echo "batch_form: all passed"
exit $fail
