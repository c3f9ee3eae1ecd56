#!/usr/bin/env bash
# Benchmark (not a test): throughput of `decide --bundle --threads N` on one batch of corpus
# requests, best of 3 runs per N, answers to /dev/null.
#   tests/bench/bench_threads.sh BINARY [REQUESTS] [THREADS...]   (default 400000; 1 2 4 8)
set -euo pipefail
bin=$1; n=${2:-400000}; shift $(( $# >= 2 ? 2 : 1 ))
threads=("$@"); [ ${#threads[@]} -gt 0 ] || threads=(1 2 4 8)
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
"$bin" verify --policies "$root/policies" --seal "$dir/set.bundle" > /dev/null
python3 "$root/tests/bench/corpus_batch.py" "$root" "$n" "$dir/batch.ndjson"
echo "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $n requests ($(stat -c %s "$dir/batch.ndjson") bytes)"
printf "%8s %14s %12s %10s\n" threads "decisions/s" "seconds" "max RSS kB"
for t in "${threads[@]}"; do
  best=""
  for run in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$dir/t" "$bin" decide --bundle "$dir/set.bundle" --threads "$t" "$dir/batch.ndjson" > /dev/null
    read -r secs kb < "$dir/t"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; best_kb=$kb; fi
  done
  printf "%8s %14s %12s %10s\n" "$t" "$(awk "BEGIN{printf \"%.0f\", $n / ($best > 0 ? $best : 0.001)}")" "$best" "$best_kb"
done
