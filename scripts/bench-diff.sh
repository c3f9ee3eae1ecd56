#!/usr/bin/env bash
# Times `grondslag diff` on known one-rule edits of the shipped policies (docs/performance.md).
#   scripts/bench-diff.sh [GRONDSLAG]     (default build/engine/grondslag)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/engine/grondslag}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# edit NAME FILE ANCHOR FROM TO: a copy of policies/ with FROM replaced by TO after ANCHOR in FILE.
edit() {
  rm -rf "$work/$1"; cp -r policies "$work/$1"
  python3 - "$work/$1/$2" "$3" "$4" "$5" <<'PY'
import sys
path, anchor, old, new = sys.argv[1:]
s = open(path).read()
i = s.index(old, s.index(anchor))
open(path, 'w').write(s[:i] + new + s[i + len(old):])
PY
}
edit rename pm.gsl "rule pm.20d.2.b " "rule pm.20d.2.b " "rule pm.20d.2.detentie "
edit recipient pm.gsl "rule pm.20d.2.b " "to dji, reclassering, gemeente" "to dji, reclassering, gemeente, burgemeester"
edit actor pm.gsl "rule pm.20d.2.b " "to dji, reclassering, gemeente" "to dji, reclassering, gemeente, wijkteam"
sed -i 's/^actor gemeente /actor wijkteam "Wijkteam" \/ "Neighbourhood team"\nactor gemeente /' "$work/actor/vocabulary.gsl"
edit validity pm.gsl "provision pm.20d.2 " "valid from 2021-07-01" "valid from 2021-09-01"
edit window bjsg.gsl "rule bjsg.11a.1.nieuw " "verwachte_terugkeer - 3 months" "verwachte_terugkeer - 6 months"
printf "%-10s %-60s %s\n" edit result "wall (median of 3)"
for e in rename recipient actor validity window; do
  times=()
  for i in 1 2 3; do
    start=$EPOCHREALTIME
    result=$("$bin" diff policies "$work/$e" --fail-on none | tail -1)
    times+=("$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')")
  done
  median=$(printf "%s\n" "${times[@]}" | sort -n | sed -n 2p)
  printf "%-10s %-60s %.2f s\n" "$e" "$(echo "$result" | sed -E 's/ checks in [0-9.]+ s/ checks/')" "$median"
done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
