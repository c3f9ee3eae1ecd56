#!/usr/bin/env bash
# Every write of an answer, report or export is checked (docs/reliability.md, "Nothing silently
# lost"): stdout on a full device, a stdout that is closed, a reader that went away, or a file
# size limit reached mid-line stops the command with exit 4 and a message; report files that are
# not regular files are refused (exit 2).
# Usage: outputs.sh BINARY ROOT
set -u
bin=$1; root=$2
golden=$root/tests/golden
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
fail=0
exec 3>&1  # the test's own output, whatever the command under test writes to
bad() { echo "FAIL: $*" >&3; fail=1; }
batch=$golden/cases/decide_batch/stdin
pols=$golden/policies

# expect_exit NAME CODE MESSAGE COMMAND...: the command exits CODE and says MESSAGE on stderr.
expect_exit() {
  local name=$1 want=$2 message=$3; shift 3
  "$@" 2> "$dir/err"; local code=$?
  [ "$code" = "$want" ] || bad "$name: exit $code, expected $want: $(head -c 300 "$dir/err")"
  grep -qF -- "$message" "$dir/err" || bad "$name: did not say '$message': $(head -c 300 "$dir/err")"
}

full="cannot write the output to stdout: No space left on device"
# decide, on stdout that is full, closed, or a pipe whose reader left (SIGPIPE ignored, as a
# supervisor may leave it).
expect_exit "decide > /dev/full" 4 "grondslag: cannot write the answers to stdout: No space left on device; no further decisions are made" \
  "$bin" decide --unverified --policies "$pols" "$batch" > /dev/full
expect_exit "decide --flush > /dev/full" 4 "cannot write the answers to stdout: No space left on device" \
  "$bin" decide --unverified --flush --policies "$pols" "$batch" > /dev/full
expect_exit "decide >&-" 4 "grondslag: standard output is closed; nothing is done" \
  "$bin" decide --unverified --policies "$pols" "$batch" >&-
for i in $(seq 1 3000); do cat "$batch"; done > "$dir/big.ndjson"
( trap '' PIPE; "$bin" decide --unverified --policies "$pols" "$dir/big.ndjson" 2> "$dir/err" | head -c 10 > /dev/null
  echo "${PIPESTATUS[0]}" > "$dir/code" )
[ "$(cat "$dir/code")" = 4 ] || bad "decide into a closed pipe: exit $(cat "$dir/code"), expected 4"
grep -qF "cannot write the answers to stdout: Broken pipe" "$dir/err" || bad "decide into a closed pipe: $(cat "$dir/err")"

# A full disk cuts the answers mid-line (here a file size limit of 1 MiB, whose signal is ignored,
# as the kernel's EFBIG; stdout appends to a file that the limit lets grow by 30,000 bytes, the
# decision log, in the form that holds the answers, starts empty): decide stops, exit 4, and the decision
# log holds every answer written, and the answers of blocks decided but not written.
head -c 1018575 /dev/zero | tr '\0' x > "$dir/cut"; echo >> "$dir/cut"
( trap '' XFSZ; ulimit -f 1024
  "$bin" decide --unverified --policies "$pols" --decision-log "$dir/log" --decision-log-format grondslag "$dir/big.ndjson" >> "$dir/cut" 2> "$dir/err"
  echo $? > "$dir/code" )
[ "$(cat "$dir/code")" = 4 ] || bad "decide at a file size limit: exit $(cat "$dir/code"), expected 4: $(cat "$dir/err")"
grep -qF "cannot write the answers to stdout: File too large" "$dir/err" || bad "decide at a file size limit: $(cat "$dir/err")"
[ "$(stat -c %s "$dir/cut")" = 1048576 ] || bad "the output is $(stat -c %s "$dir/cut") bytes, expected the 1048576 the limit lets through"
tail -c +1018577 "$dir/cut" > "$dir/answers"
[ "$(tail -c 1 "$dir/answers" | od -An -c | tr -d ' ')" != '\n' ] || bad "the cut output ends in a newline (expected a cut line)"
complete=$(tr -cd '\n' < "$dir/answers" | wc -c)
logged=$(wc -l < "$dir/log")
total=$(wc -l < "$dir/big.ndjson")
[ "$complete" -gt 0 ] || bad "no answer was written before the limit"
[ "$logged" -ge "$complete" ] || bad "the log holds $logged lines, fewer than the $complete answers written"
[ "$logged" -lt "$total" ] || bad "decide went on after the failed write: $logged of $total logged"
python3 - "$dir/answers" "$dir/log" <<'PY' || bad "the log's answers differ from the answers written"
import json, sys
answers = open(sys.argv[1], 'rb').read().split(b'\n')[:-1]
log = [json.loads(l)['answer'] for l in open(sys.argv[2])]
assert len(log) >= len(answers)
for a, l in zip(answers, log):
    assert json.loads(a) == l
PY

# Every other command: a report or list on a full stdout is exit 4, not 0.
expect_exit "check > /dev/full" 4 "$full" "$bin" check "$pols" > /dev/full
expect_exit "verify > /dev/full" 4 "$full" "$bin" verify --policies "$pols" > /dev/full
expect_exit "verify --json > /dev/full" 4 "$full" "$bin" verify --json --policies "$pols" > /dev/full
expect_exit "diff > /dev/full" 4 "$full" "$bin" diff "$pols" "$golden/diff_policies" > /dev/full
expect_exit "test > /dev/full" 4 "$full" "$bin" test -v --policies "$pols" "$golden/corpus" > /dev/full
expect_exit "explain > /dev/full" 4 "$full" "$bin" explain --unverified --policies "$pols" "$golden/requests/consent_regime.json" > /dev/full
expect_exit "export > /dev/full" 4 "$full" "$bin" export --dpv --policies "$pols" > /dev/full
expect_exit "doc > /dev/full" 4 "$full" "$bin" doc --as-of 2022-01-01 --out "$dir/doc" --policies "$pols" > /dev/full
expect_exit "fmt --stdout > /dev/full" 4 "$full" "$bin" fmt --stdout "$pols/golden.gsl" > /dev/full
expect_exit "fmt --check >&-" 4 "standard output is closed" "$bin" fmt --check "$pols" >&-

# Report files: a device or a link is refused, never written through (exit 2).
expect_exit "verify --sarif /dev/full" 2 "grondslag: cannot write /dev/full: it is not a regular file" \
  "$bin" verify --policies "$pols" --sarif /dev/full > /dev/null
ln -s "$dir/victim" "$dir/report.xml"
expect_exit "test --junit LINK" 2 "grondslag: cannot write $dir/report.xml: it is a symbolic link, which is not followed or replaced" \
  "$bin" test --policies "$pols" "$golden/corpus" --junit "$dir/report.xml" > /dev/null
[ -e "$dir/victim" ] && bad "test --junit wrote through a link"
expect_exit "export --out /dev/full" 2 "grondslag: cannot write /dev/full: it is not a regular file" \
  "$bin" export --dpv --policies "$pols" --out /dev/full
expect_exit "diff --junit /dev/full" 2 "grondslag: cannot write /dev/full: it is not a regular file" \
  "$bin" diff "$pols" "$golden/diff_policies" --junit /dev/full > /dev/null

expect_exit "verify --sarif in a missing folder" 2 "grondslag: cannot write $dir/missing/r.sarif: No such file or directory" \
  "$bin" verify --policies "$pols" --sarif "$dir/missing/r.sarif" > /dev/null

[ $fail = 0 ] && echo "outputs: all passed"
exit $fail
