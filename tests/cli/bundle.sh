#!/usr/bin/env bash
# Sealed bundles: decide --bundle serves a verified set without Z3. With --verification-key it
# serves only a bundle one of the keys signed, and refuses any altered byte; without a key
# (development) it warns and serves from a fresh compile of the sources, refusing an image that
# differs from them. Each attack below was served once; each must now be refused before any answer.
set -uo pipefail
bin=$1; golden=$2
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
passed=0; failed=0
ok()   { passed=$((passed+1)); }
bad()  { echo "FAIL: $*"; failed=$((failed+1)); }
req="$golden/cases/decide_batch/stdin"
one="$golden/cases/decide_single_pretty/stdin"
openssl genpkey -algorithm ed25519 -out "$dir/key.pem" 2> /dev/null && openssl pkey -in "$dir/key.pem" -pubout -out "$dir/pub.pem"
openssl genpkey -algorithm ed25519 -out "$dir/other.pem" 2> /dev/null && openssl pkey -in "$dir/other.pem" -pubout -out "$dir/other.pub.pem"
pub=(--verification-key "$dir/pub.pem")

# refused WHAT EXPECTED-STDERR ARGS...: exit 2, nothing on stdout, the message on stderr.
refused() {
  local what=$1 expect=$2; shift 2
  "$bin" "$@" > "$dir/out" 2> "$dir/err"; local code=$?
  if [ "$code" = 2 ] && [ ! -s "$dir/out" ] && grep -q -- "$expect" "$dir/err"; then ok
  else bad "$what: exit $code, stdout $(wc -c < "$dir/out") bytes, stderr: $(cat "$dir/err")"; fi
}
# reseal FILE BODY: writes an unsigned format-3 bundle whose digest matches BODY (anyone can).
reseal() { { echo "grondslag-bundle/3 sha256:$(sha256sum "$2" | cut -d' ' -f1)"; cat "$2"; } > "$1"; }

"$bin" verify --policies "$golden/policies" --seal "$dir/good.bundle" --signing-key "$dir/key.pem" > /dev/null \
  || bad "verify --seal --signing-key of the golden set"
head -1 "$dir/good.bundle" | grep -Eq '^grondslag-bundle/3 sha256:[0-9a-f]{64} signed ed25519:[0-9a-f]{16} [0-9a-f]{128}$' \
  && ok || bad "first line of a signed bundle: $(head -1 "$dir/good.bundle" | cut -c1-120)"
"$bin" decide --bundle "$dir/good.bundle" "${pub[@]}" "$req" > "$dir/from-bundle" 2> "$dir/err" || bad "decide --bundle: $(cat "$dir/err")"
[ ! -s "$dir/err" ] && ok || bad "a signed bundle checked with its key printed on stderr: $(cat "$dir/err")"
"$bin" decide --policies "$golden/policies" "$req" > "$dir/from-policies"
cmp -s "$dir/from-bundle" "$dir/from-policies" && ok || bad "answers from the bundle differ from answers from the policies"
"$bin" explain --lang en --bundle "$dir/good.bundle" "${pub[@]}" "$one" > /dev/null 2> "$dir/err" \
  && ok || bad "explain --bundle --verification-key: $(cat "$dir/err")"

# Keys rotate: any one of several keys will do; a bundle signed by another key is refused.
"$bin" decide --bundle "$dir/good.bundle" --verification-key "$dir/other.pub.pem" "${pub[@]}" "$req" > /dev/null 2>&1 \
  && ok || bad "a bundle signed by the second of two keys was refused"
refused "signed by another key" "which is not one of the verification keys given" \
  decide --bundle "$dir/good.bundle" --verification-key "$dir/other.pub.pem" "$req"
refused "explain, signed by another key" "which is not one of the verification keys given" \
  explain --bundle "$dir/good.bundle" --verification-key "$dir/other.pub.pem" "$one"
refused "a private key as verification key" "is not a public key in PEM form" \
  decide --bundle "$dir/good.bundle" --verification-key "$dir/key.pem" "$req"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2> /dev/null | openssl pkey -pubout -out "$dir/ec.pub.pem"
refused "a P-256 public key" "the public key is not an Ed25519 key" \
  decide --bundle "$dir/good.bundle" --verification-key "$dir/ec.pub.pem" "$req"
refused "a verification key without a bundle" "give --bundle FILE" \
  decide --policies "$golden/policies" "${pub[@]}" "$req"
refused "a public key as signing key" "is not a private key in PEM form" \
  verify --policies "$golden/policies" --seal "$dir/x.bundle" --signing-key "$dir/pub.pem"

# The same bundle with the policies it was sealed for is accepted; with others it is refused.
"$bin" decide --bundle "$dir/good.bundle" "${pub[@]}" --policies "$golden/policies" "$req" > /dev/null 2>&1 && ok || bad "bundle with its own policies refused"
refused "bundle with another policy set" "it was sealed for policy set" \
  decide --bundle "$dir/good.bundle" "${pub[@]}" --policies "$golden/unverifiable_policies" "$req"

# Any byte changed: try several positions, each must be refused with no answer written.
size=$(stat -c %s "$dir/good.bundle")
for pos in 10 100 $((size / 3)) $((size / 2)) $((size - 10)); do
  cp "$dir/good.bundle" "$dir/tampered"
  byte=$(dd if="$dir/tampered" bs=1 skip="$pos" count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
  new=$(( byte == 65 ? 66 : 65 ))
  printf "$(printf '\\%03o' "$new")" | dd of="$dir/tampered" bs=1 seek="$pos" count=1 conv=notrunc 2>/dev/null
  refused "a bundle changed at byte $pos" "refusing the bundle" decide --bundle "$dir/tampered" "${pub[@]}" "$req"
done

# The attacks with the digest recomputed (a checksum anyone can make):
tail -n +2 "$dir/good.bundle" > "$dir/body"
# 1. the compiled image patched, its sources untouched (a flipped byte near the end, in the image);
python3 - "$dir/body" "$dir/patched-body" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read()); b[-200] ^= 1; open(sys.argv[2], 'wb').write(b)
PY
reseal "$dir/patched.bundle" "$dir/patched-body"
refused "patched image, key given" "the bundle is not signed" decide --bundle "$dir/patched.bundle" "${pub[@]}" "$req"
refused "patched image, no key" "image was altered" decide --bundle "$dir/patched.bundle" "$req"
# 2. a failed verification with its recorded exit code edited to 0;
"$bin" verify --policies "$golden/unverifiable_policies" --seal "$dir/failed.bundle" --signing-key "$dir/key.pem" > /dev/null
refused "a failed bundle" "did not pass" decide --bundle "$dir/failed.bundle" "${pub[@]}" "$req"
tail -n +2 "$dir/failed.bundle" | sed -E '1s/"exit_code":[0-9]+/"exit_code":0/' > "$dir/failed-body"
reseal "$dir/forged.bundle" "$dir/failed-body"
refused "a failed bundle edited to pass, key given" "the bundle is not signed" decide --bundle "$dir/forged.bundle" "${pub[@]}" "$req"
# 3. edited sources with a recomputed policy_set (the signature is lost with the first line);
sed '0,/identificerend/s//identificerenx/' "$dir/body" > "$dir/edited-body"
reseal "$dir/edited.bundle" "$dir/edited-body"
refused "edited sources, key given" "the bundle is not signed" decide --bundle "$dir/edited.bundle" "${pub[@]}" "$req"
# 4. the signature line moved onto another body;
{ echo "grondslag-bundle/3 sha256:$(sha256sum "$dir/patched-body" | cut -d' ' -f1) $(head -1 "$dir/good.bundle" | cut -d' ' -f3-)"; cat "$dir/patched-body"; } > "$dir/moved.bundle"
refused "a signature moved onto another body" "does not verify with key" decide --bundle "$dir/moved.bundle" "${pub[@]}" "$req"
# 5. a bundle of an older format written from scratch.
printf '{"digest":"sha256:0","format":"grondslag-bundle/1","policy_set":"x","sources":[]}' > "$dir/v1.bundle"
refused "a format-1 bundle" "older format" decide --bundle "$dir/v1.bundle" "$req"

# Development: without a key a bundle serves with a warning, from a fresh compile of its sources.
"$bin" decide --bundle "$dir/good.bundle" "$req" > "$dir/out" 2> "$dir/err"
cmp -s "$dir/out" "$dir/from-policies" && grep -q "warning: .*was not checked: no --verification-key was given" "$dir/err" \
  && ok || bad "a signed bundle without a key: $(cat "$dir/err")"
"$bin" verify --policies "$golden/policies" --seal "$dir/unsigned.bundle" > /dev/null
"$bin" decide --bundle "$dir/unsigned.bundle" "$req" > "$dir/out" 2> "$dir/err"
cmp -s "$dir/out" "$dir/from-policies" && grep -q "warning: .*it is not signed; served for development only" "$dir/err" \
  && ok || bad "an unsigned bundle without a key: $(cat "$dir/err")"
refused "an unsigned bundle with a key" "the bundle is not signed" decide --bundle "$dir/unsigned.bundle" "${pub[@]}" "$req"
"$bin" decide --policies "$golden/policies" --unverified "$req" > /dev/null 2> "$dir/err"
grep -q "warning: --unverified" "$dir/err" && ok || bad "--unverified said nothing on stderr: $(cat "$dir/err")"

# A signed bundle whose image another engine build wrote is served from its sources, with a note.
# (Only its signer can make one: here the body is re-signed with the same key by openssl.)
sed -E '1s/"engine":"gsl-image\/([0-9]+):sha256:./"engine":"gsl-image\/\1:sha256:x/' "$dir/body" > "$dir/foreign-body"
line="grondslag-bundle/3 sha256:$(sha256sum "$dir/foreign-body" | cut -d' ' -f1)"
printf '%s' "$line" > "$dir/line"
sig=$(openssl pkeyutl -sign -rawin -inkey "$dir/key.pem" -in "$dir/line" | od -An -tx1 -v | tr -d ' \n')
{ echo "$line $(head -1 "$dir/good.bundle" | cut -d' ' -f3-4) $sig"; cat "$dir/foreign-body"; } > "$dir/foreign.bundle"
if "$bin" decide --bundle "$dir/foreign.bundle" "${pub[@]}" "$req" > "$dir/out" 2> "$dir/err"; then
  cmp -s "$dir/out" "$dir/from-policies" && grep -q "note: the bundle .*written by another engine build; its sources were compiled instead" "$dir/err" \
    && ok || bad "another build's image: $(cat "$dir/err")"
else bad "a bundle with another build's image was refused: $(cat "$dir/err")"; fi

# Not a bundle at all.
echo '{"format":"something else"}' > "$dir/other"
refused "a non-bundle" "not a grondslag bundle" decide --bundle "$dir/other" "$req"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
