#!/usr/bin/env bash
# verify --deadline SECONDS (docs/verification.md, docs/reliability.md "Bounded work"): the whole
# run, loading included, ends by the deadline, the checks not run by then are unknown (exit 3, or
# 1 when a violation was found first), and memory stays bounded. On the shipped set with 100,000
# synthetic rules beside it (tests/bench/synthetic/generate.py, 15 MB in 8 files, within the
# set limit), which no verification finishes in minutes. Not a timed test: ctest's TIMEOUT only
# stops a run that ignores its deadline.
# Usage: verify_deadline.sh BINARY ROOT [--no-rss]
set -u
bin=$1; root=$2; rss_check=1
[ "${3:-}" = --no-rss ] && rss_check=0
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# A deadline already reached: nothing is checked, exit 3, and the report says why.
"$bin" verify --policies "$root/policies" --deadline 0.001 > "$dir/out" 2> "$dir/err"; code=$?
[ $code = 3 ] || bad "a deadline of 1 ms: exit $code, expected 3"
grep -qF "unknown: the checks not run before the deadline (the overall deadline (--deadline) was reached)" "$dir/out" ||
  bad "a deadline of 1 ms: the report does not say so: $(cat "$dir/out")"
"$bin" verify --policies "$root/policies" --deadline 0 > /dev/null 2> "$dir/err"; code=$?
[ $code = 2 ] || bad "--deadline 0: exit $code, expected 2 (not a positive number)"
# A deadline beyond any clock is a year, not an overflow.
"$bin" verify --policies "$root/policies" --deadline 1e30 > /dev/null 2>&1 || bad "--deadline 1e30: exit $?"
# A deadline that is not reached changes nothing.
"$bin" verify --policies "$root/policies" --deadline 600 > "$dir/out" 2>&1 || bad "the shipped set with a deadline of 600 s: exit $?"

# The shipped set and 100,000 synthetic rules, 30 s.
python3 "$root/tests/bench/synthetic/generate.py" 100000 "$dir/syn" --files 8 --with-national
/usr/bin/time -f "%M %e" -o "$dir/time" "$bin" verify --policies "$root/policies" --policies "$dir/syn" --deadline 30 --json \
  > "$dir/report.json" 2> "$dir/err"; code=$?
read -r rss seconds < <(tail -1 "$dir/time")
echo "national + 100,000 synthetic rules, --deadline 30: exit $code, ${seconds} s, peak RSS $((rss / 1024)) MB"
case $code in
  0) ;;  # proven in time
  1|3) python3 - "$dir/report.json" <<'PY' || bad "exit $code without the deadline's unknown in the report"
import json, sys
r = json.load(open(sys.argv[1]))
assert any(u["check"] == "the checks not run before the deadline" for u in r["unknown"])
PY
  ;;
  *) bad "exit $code, expected 0, 1 or 3: $(head -c 500 "$dir/err")" ;;
esac
# Within 3 GB: the compiled set (about 0.5 GB) and Z3's encoding of it.
[ $rss_check = 0 ] || [ "$rss" -lt 3000000 ] || bad "peak RSS ${rss} kB, over the 3 GB bound"

[ $fail = 0 ] && echo "verify_deadline: all passed"
exit $fail
