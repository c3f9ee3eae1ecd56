#!/usr/bin/env bash
# One list of diagnostic codes: every code the engine reports is in docs/language.md's table, every
# code of the table is reported somewhere, and every code has a test that expects it.
#   tests/diagnostic_codes.sh SOURCE_DIR
set -euo pipefail
root=$1
used=$(grep -rhoE '"E[0-9]{3}"' "$root/engine/src" "$root/engine/cli" | tr -d '"' | sort -u)
documented=$(grep -oE '^\| E[0-9]{3} ' "$root/docs/language.md" | grep -oE 'E[0-9]{3}' | sort -u)
tested=$(grep -rhoE 'E[0-9]{3}' "$root/tests/unit" "$root/tests/diagnostics" "$root/tests/cli" "$root/tests/golden/cases" | sort -u)
fail=0
for c in $used; do
  grep -qx "$c" <<< "$documented" || { echo "FAIL: $c is reported but not in docs/language.md"; fail=1; }
  grep -qx "$c" <<< "$tested" || { echo "FAIL: $c is reported but no test expects it"; fail=1; }
done
for c in $documented; do
  grep -qx "$c" <<< "$used" || { echo "FAIL: $c is documented but never reported"; fail=1; }
done
echo "diagnostic codes: $(wc -w <<< "$used") reported, $(wc -w <<< "$documented") documented"
exit $fail
