#!/usr/bin/env bash
# Files read whole are bounded (docs/reliability.md, "Memory bounds"): a policy file over 4 MiB, a
# policy set over 16 MiB, a bundle over 64 MiB, a request for explain over 1 MiB and a file given to
# fmt over 4 MiB are each refused with a message naming the limit, without being read past it:
# a 5 GB (sparse) policy file costs neither time nor memory. A file of exactly the limit is accepted.
# Usage: file_limits.sh BINARY PROJECT_ROOT [--no-rss]
set -uo pipefail
bin=$1; root=$2; rss_check=1
[ "${3:-}" = "--no-rss" ] && rss_check=0
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
passed=0; failed=0
ok()  { passed=$((passed+1)); }
bad() { echo "FAIL: $*"; failed=$((failed+1)); }
timev=/usr/bin/time
[ -x "$timev" ] || { echo "FAIL: /usr/bin/time is missing (Debian package 'time', scripts/install-deps.sh)"; exit 1; }
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }
mib=1048576

# 1. A 5 GB policy file beside the shipped ones: E005, exit 1, within 32 MiB of memory.
mkdir "$dir/huge" && cp "$root"/policies/*.gsl "$dir/huge/" && truncate -s 5G "$dir/huge/zz.gsl"
"$timev" -v -o "$dir/time1" "$bin" check "$dir/huge" > "$dir/out1" 2> "$dir/err1"; code=$?
[ "$code" = 1 ] && grep -q "error\[E005\]: the policy file '$dir/huge/zz.gsl' has more than 4194304 bytes, the limit for one policy file" "$dir/err1" \
  && ok || bad "5 GB policy file (exit $code): $(head -c 400 "$dir/err1")"
kb=$(rss "$dir/time1"); echo "check with a 5 GB policy file: peak RSS $kb kB"
if [ $rss_check = 1 ] && [ "$kb" -gt 32768 ]; then bad "5 GB policy file: peak RSS $kb kB over 32 MiB"; else ok; fi
# decide and verify refuse the same set (no decision, exit 2).
"$bin" decide --policies "$dir/huge" --unverified < /dev/null > "$dir/out1b" 2> "$dir/err1b"; code=$?
[ "$code" = 2 ] && grep -q "E005" "$dir/err1b" && [ ! -s "$dir/out1b" ] && ok || bad "decide on the 5 GB set (exit $code)"
"$bin" verify --policies "$dir/huge" > "$dir/out1c" 2> "$dir/err1c"; code=$?
[ "$code" = 2 ] && grep -q "E005" "$dir/err1c" && ok || bad "verify on the 5 GB set (exit $code)"

# 2. A file of exactly 4 MiB (a comment) is read and checked; one byte more is not.
mkdir "$dir/edge" && cp "$root"/policies/*.gsl "$dir/edge/"
python3 -c "import sys; sys.stdout.write('module zz\n#' + 'x' * ($((4 * mib)) - 12) + '\n')" > "$dir/edge/zz.gsl"
"$bin" check "$dir/edge" > "$dir/out2" 2> "$dir/err2"; code=$?
[ "$code" = 0 ] && ok || bad "a policy file of exactly 4 MiB (exit $code): $(head -c 300 "$dir/err2")"
printf 'x' >> "$dir/edge/zz.gsl"
"$bin" check "$dir/edge" > "$dir/out2" 2> "$dir/err2"; code=$?
[ "$code" = 1 ] && grep -q "E005" "$dir/err2" && ok || bad "4 MiB + 1 byte (exit $code): $(head -c 300 "$dir/err2")"

# 3. Five files of 4 MiB: the set passes 16 MiB at the fifth; one E005 for the set, nothing parsed.
mkdir "$dir/many"
for i in 1 2 3 4 5; do
  python3 -c "import sys; sys.stdout.write('#' + 'x' * ($((4 * mib)) - 2) + '\n')" > "$dir/many/p$i.gsl"
done
"$bin" check "$dir/many" > "$dir/out3" 2> "$dir/err3"; code=$?
[ "$code" = 1 ] && grep -q "error\[E005\]: the policy files have more than 16777216 bytes together, the limit for one policy set" "$dir/err3" \
  && [ "$(grep -c 'error\[' "$dir/err3")" = 1 ] && ok || bad "a 20 MiB policy set (exit $code): $(head -c 400 "$dir/err3")"

# 4. A 100 MB bundle: refused unread, no answer.
truncate -s 100M "$dir/huge.bundle"
echo '{}' > "$dir/request.json"
"$timev" -v -o "$dir/time4" "$bin" decide --bundle "$dir/huge.bundle" "$dir/request.json" > "$dir/out4" 2> "$dir/err4"; code=$?
[ "$code" = 2 ] && grep -q "grondslag: $dir/huge.bundle has more than 67108864 bytes (the limit for a bundle)" "$dir/err4" \
  && [ ! -s "$dir/out4" ] && ok || bad "a 100 MB bundle (exit $code): $(cat "$dir/err4")"
kb=$(rss "$dir/time4"); echo "decide with a 100 MB bundle: peak RSS $kb kB"
if [ $rss_check = 1 ] && [ "$kb" -gt 32768 ]; then bad "100 MB bundle: peak RSS $kb kB over 32 MiB"; else ok; fi

# 5. explain: a request over 1 MiB, from a file and from stdin.
python3 -c "import sys; sys.stdout.write(' ' * ($mib + 1))" > "$dir/big.json"
"$bin" explain --policies "$root/policies" --unverified "$dir/big.json" > "$dir/out5" 2> "$dir/err5"; code=$?
[ "$code" = 2 ] && grep -q "grondslag: $dir/big.json has more than 1048576 bytes (the limit for one request)" "$dir/err5" \
  && ok || bad "explain, a 1 MiB + 1 request (exit $code): $(cat "$dir/err5")"
"$bin" explain --policies "$root/policies" --unverified - < "$dir/big.json" > "$dir/out5" 2> "$dir/err5"; code=$?
[ "$code" = 2 ] && grep -q "standard input has more than 1048576 bytes" "$dir/err5" && ok || bad "explain from stdin (exit $code): $(cat "$dir/err5")"

# 6. fmt: a file over 4 MiB is left as it is, exit 2.
truncate -s 5M "$dir/big.gsl"
"$bin" fmt "$dir/big.gsl" > "$dir/out6" 2> "$dir/err6"; code=$?
[ "$code" = 2 ] && grep -q "$dir/big.gsl has more than 4194304 bytes (the limit for a policy file)" "$dir/err6" \
  && [ "$(stat -c %s "$dir/big.gsl")" = 5242880 ] && ok || bad "fmt on a 5 MB file (exit $code): $(cat "$dir/err6")"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
