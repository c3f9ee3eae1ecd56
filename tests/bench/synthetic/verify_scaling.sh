#!/usr/bin/env bash
# Benchmark (not a test): `grondslag verify` time on synthetic sets of growing size.
#   tests/bench/synthetic/verify_scaling.sh build/engine/grondslag [SIZES...]
set -uo pipefail
bin=$1; shift
sizes=${*:-100 1000 5000}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
printf "%8s %10s %10s %10s %12s\n" rules checks seconds exit "s/100 rules"
for n in $sizes; do
  python3 "$here/generate.py" "$n" "$dir/$n"
  "$bin" check "$dir/$n" > /dev/null || { echo "generated set $n does not check"; exit 1; }
  start=$(date +%s.%N)
  "$bin" verify --policies "$dir/$n" --json --timeout 60000 > "$dir/$n.json"
  code=$?
  end=$(date +%s.%N)
  checks=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['checks'])" "$dir/$n.json")
  printf "%8s %10s %10.2f %10s %12.3f\n" "$n" "$checks" "$(echo "$end - $start" | bc)" "$code" "$(echo "($end - $start) * 100 / $n" | bc -l)"
done
