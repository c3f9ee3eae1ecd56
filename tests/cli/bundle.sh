#!/usr/bin/env bash
# Sealed bundles: decide --bundle serves a verified set without Z3 and refuses
# a bundle that was altered, that failed verification, or that belongs to
# another policy set.
set -uo pipefail
bin=$1; golden=$2
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
passed=0; failed=0
ok()   { passed=$((passed+1)); }
bad()  { echo "FAIL: $*"; failed=$((failed+1)); }
req="$golden/cases/decide_batch/stdin"

"$bin" verify --policies "$golden/policies" --seal "$dir/good.bundle" > /dev/null || bad "verify --seal of the golden set"
"$bin" decide --bundle "$dir/good.bundle" "$req" > "$dir/from-bundle" 2> "$dir/err" || bad "decide --bundle: $(cat "$dir/err")"
"$bin" decide --policies "$golden/policies" "$req" > "$dir/from-policies"
cmp -s "$dir/from-bundle" "$dir/from-policies" && ok || bad "answers from the bundle differ from answers from the policies"

# The same bundle with the policies it was sealed for is accepted; with others it is refused.
"$bin" decide --bundle "$dir/good.bundle" --policies "$golden/policies" "$req" > /dev/null 2>&1 && ok || bad "bundle with its own policies refused"
if "$bin" decide --bundle "$dir/good.bundle" --policies "$golden/unverifiable_policies" "$req" > "$dir/out" 2> "$dir/err"; then
  bad "bundle accepted with another policy set"
else grep -q "it was sealed for policy set" "$dir/err" && [ ! -s "$dir/out" ] && ok || bad "wrong refusal: $(cat "$dir/err")"; fi

# Any byte changed: try several positions, each must be refused with no answer written.
size=$(stat -c %s "$dir/good.bundle")
for pos in 10 $((size / 3)) $((size / 2)) $((size - 10)); do
  cp "$dir/good.bundle" "$dir/tampered"
  byte=$(dd if="$dir/tampered" bs=1 skip="$pos" count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
  new=$(( byte == 65 ? 66 : 65 ))
  printf "$(printf '\\%03o' "$new")" | dd of="$dir/tampered" bs=1 seek="$pos" count=1 conv=notrunc 2>/dev/null
  if "$bin" decide --bundle "$dir/tampered" "$req" > "$dir/out" 2> "$dir/err"; then
    bad "a bundle changed at byte $pos was accepted"
  else grep -q "refusing the bundle" "$dir/err" && [ ! -s "$dir/out" ] && ok || bad "byte $pos: $(cat "$dir/err")"; fi
done

# A bundle served from its image prints nothing on stderr; one whose image another engine build wrote
# (resealed, so its digest holds) is served from its sources, with a note that says so.
"$bin" decide --bundle "$dir/good.bundle" "$req" > /dev/null 2> "$dir/err"
[ ! -s "$dir/err" ] && ok || bad "decide --bundle printed on stderr: $(cat "$dir/err")"
tail -n +2 "$dir/good.bundle" | sed '1s/"engine":"gsl-image\/1:sha256:./"engine":"gsl-image\/1:sha256:x/' > "$dir/body"
{ echo "grondslag-bundle/2 sha256:$(sha256sum "$dir/body" | cut -d' ' -f1)"; cat "$dir/body"; } > "$dir/foreign.bundle"
if "$bin" decide --bundle "$dir/foreign.bundle" "$req" > "$dir/out" 2> "$dir/err"; then
  cmp -s "$dir/out" "$dir/from-policies" && grep -q "note: the bundle .*written by another engine build; its sources were compiled instead" "$dir/err" \
    && ok || bad "another build's image: $(cat "$dir/err")"
else bad "a bundle with another build's image was refused: $(cat "$dir/err")"; fi

# A bundle whose verification failed is refused.
"$bin" verify --policies "$golden/unverifiable_policies" --seal "$dir/failed.bundle" > /dev/null
if "$bin" decide --bundle "$dir/failed.bundle" "$req" > "$dir/out" 2> "$dir/err"; then bad "a failed bundle was served"
else grep -q "did not pass" "$dir/err" && ok || bad "failed bundle: $(cat "$dir/err")"; fi

# Not a bundle at all.
echo '{"format":"something else"}' > "$dir/other"
if "$bin" decide --bundle "$dir/other" "$req" > /dev/null 2> "$dir/err"; then bad "a non-bundle was served"
else grep -q "not a grondslag bundle" "$dir/err" && ok || bad "non-bundle: $(cat "$dir/err")"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
