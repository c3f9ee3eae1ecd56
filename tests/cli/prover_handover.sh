#!/usr/bin/env bash
# grondslag links no Z3 and hands the commands that need a proof to grondslag-prove beside it
# (engine/cli/proofs.hpp); without the prover such a command exits 2 and serves nothing.
set -uo pipefail
bin=$1; root=$2
prover=$(dirname "$bin")/grondslag-prove
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
passed=0; failed=0
ok()   { passed=$((passed+1)); }
bad()  { echo "FAIL: $*"; failed=$((failed+1)); }
policies="$root/policies"; golden="$root/tests/golden"
req="$golden/cases/decide_batch/stdin"

ldd "$bin" > "$dir/ldd1"; ldd "$prover" > "$dir/ldd2"   # (grep -q on a pipe would cut ldd off under pipefail)
grep -q libz3 "$dir/ldd1" && bad "grondslag loads libz3" || ok
grep -q libz3 "$dir/ldd2" && ok || bad "grondslag-prove does not link libz3"

# Handed over: the same output and exit code as the prover's own, stdin passed through.
"$bin" verify --policies "$golden/policies" --json > "$dir/v1" 2>&1; c1=$?
"$prover" verify --policies "$golden/policies" --json > "$dir/v2" 2>&1; c2=$?
[ "$c1" = 0 ] && [ "$c2" = 0 ] && ok || bad "verify exit codes $c1 / $c2"
sed 's/"seconds": [0-9.e-]*//' "$dir/v1" > "$dir/v1n"; sed 's/"seconds": [0-9.e-]*//' "$dir/v2" > "$dir/v2n"
cmp -s "$dir/v1n" "$dir/v2n" && ok || bad "verify reports differ: $(diff "$dir/v1n" "$dir/v2n" | head -5)"
"$bin" verify --policies "$golden/unverifiable_policies" > /dev/null 2>&1; c=$?
[ "$c" = 1 ] && ok || bad "verify of a set with violations: exit $c, expected 1"
"$bin" decide --policies "$golden/policies" < "$req" > "$dir/d1" 2> "$dir/err"; c1=$?
"$prover" decide --policies "$golden/policies" < "$req" > "$dir/d2" 2>> "$dir/err"; c2=$?
[ "$c1" = "$c2" ] && [ -s "$dir/d1" ] && cmp -s "$dir/d1" "$dir/d2" && ok || bad "decide --policies from stdin differs ($c1/$c2): $(cat "$dir/err")"
"$bin" decide --policies "$golden/unverifiable_policies" "$req" > "$dir/out" 2> "$dir/err"; c=$?
[ "$c" = 2 ] && [ ! -s "$dir/out" ] && grep -q "did not pass verification" "$dir/err" && ok || bad "unverifiable set served ($c): $(cat "$dir/err")"
"$bin" diff "$golden/policies" "$golden/policies" > "$dir/out" 2>&1; c=$?
[ "$c" = 0 ] && ok || bad "diff of a set with itself: exit $c: $(head -3 "$dir/out")"
# Reached through a symbolic link in another folder, the binary still finds its prover.
mkdir "$dir/link" && ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$dir/link/grondslag"
"$dir/link/grondslag" verify --policies "$golden/policies" > /dev/null 2>&1 && ok || bad "verify through a symbolic link"

# Without the prover: every command that needs a proof exits 2 and says so; a bundle is still served.
mkdir "$dir/alone" && cp "$bin" "$dir/alone/grondslag"
"$prover" verify --policies "$golden/policies" --seal "$dir/good.bundle" > /dev/null 2>&1 || bad "verify --seal"
for args in "verify --policies $golden/policies" "diff $golden/policies $golden/policies" \
            "decide --policies $golden/policies $req" "explain --policies $golden/explain_policies $golden/requests/consent_regime.json"; do
  # shellcheck disable=SC2086
  "$dir/alone/grondslag" $args > "$dir/out" 2> "$dir/err"; c=$?
  [ "$c" = 2 ] && [ ! -s "$dir/out" ] && grep -q "needs grondslag-prove (Z3) beside grondslag" "$dir/err" && ok \
    || bad "without the prover, '$args': exit $c, stdout $(wc -c < "$dir/out") bytes, $(cat "$dir/err")"
done
"$dir/alone/grondslag" decide --bundle "$dir/good.bundle" "$req" > "$dir/out" 2> "$dir/err" && cmp -s "$dir/out" "$dir/d2" && ok \
  || bad "without the prover, decide --bundle: $(cat "$dir/err")"
"$dir/alone/grondslag" decide --unverified --policies "$golden/policies" "$req" > "$dir/out" 2> "$dir/err" && grep -q '"unverified":true' "$dir/out" && ok \
  || bad "without the prover, decide --unverified: $(cat "$dir/err")"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
