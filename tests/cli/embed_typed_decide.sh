#!/usr/bin/env bash
# The embedding example (examples/embed/typed_decide.cpp) on the shipped policies: its lines are the
# expected ones (the same decisions, rules and provisions as decide_json's answer to
# examples/dr_plan_partial.json), exit 3 because two items are denied; a policy set that lacks one of
# its names stops it at start-up with exit 2, naming the name.
set -euo pipefail
bin=$1 policies=$2 expected=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

set +e
"$bin" "$policies" > "$out/stdout" 2> "$out/stderr"
code=$?
set -e
[ "$code" -eq 3 ] || fail "exit $code, expected 3: $(cat "$out/stderr")"
diff -u "$expected" "$out/stdout" || fail "the decisions differ from $expected"

# A set without the category 'bsn' (the golden test set): refused at start-up, not at request time.
set +e
"$bin" "$(dirname "$0")/../golden/policies" > "$out/stdout" 2> "$out/stderr"
code=$?
set -e
[ "$code" -eq 2 ] || fail "exit $code on a set without 'bsn', expected 2"
grep -qx "typed_decide: the policy set declares no data category 'bsn'" "$out/stderr" || fail "message: $(cat "$out/stderr")"
[ ! -s "$out/stdout" ] || fail "decided although a name was missing"
echo "embed_typed_decide: 2 checks passed"
