#!/usr/bin/env bash
# Benchmark (not a test): what the decision log costs a batch. One NDJSON file of corpus requests is
# decided from a sealed bundle without a log, with the Logboek form (the default) and with the grondslag
# form, on 1 and 2 threads; best of 5 runs each, answers to /dev/null, the log on the file system of the
# temporary folder (TMPDIR). Prints seconds, decisions/s, each log's time over the run without one, and the
# CPU seconds (user + system, all threads) of the fastest run: with a log, one thread decides while another
# makes the records and a third writes them, so the wall time hides what the log costs in CPU.
#   tests/bench/bench_log.sh BINARY [REQUESTS] [THREADS...]   (default 200000; 1 2)
set -euo pipefail
bin=$1; n=${2:-200000}; shift $(( $# >= 2 ? 2 : 1 ))
threads=("$@"); [ ${#threads[@]} -gt 0 ] || threads=(1 2)
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
"$bin" verify --policies "$root/policies" --seal "$dir/set.bundle" > /dev/null
python3 "$root/tests/bench/corpus_batch.py" "$root" "$n" "$dir/batch.ndjson"
echo "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $n requests ($(stat -c %s "$dir/batch.ndjson") bytes)"
printf "%8s %10s %10s %14s %8s %8s %12s\n" threads log seconds "decisions/s" "× none" "cpu s" "log bytes"
for t in "${threads[@]}"; do
  none=""
  for form in none logbook grondslag; do
    best=""; cpu=""
    for run in 1 2 3 4 5; do
      rm -f "$dir/log"
      args=(); [ "$form" = none ] || args=(--decision-log "$dir/log" --decision-log-format "$form")
      /usr/bin/time -f "%e %U %S" -o "$dir/t" "$bin" decide --bundle "$dir/set.bundle" --threads "$t" "${args[@]}" "$dir/batch.ndjson" \
        > /dev/null 2> /dev/null
      read -r secs user sys < "$dir/t"
      if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; cpu=$(awk "BEGIN{printf \"%.2f\", $user + $sys}"); fi
    done
    [ "$form" = none ] && none=$best
    bytes=$([ -f "$dir/log" ] && stat -c %s "$dir/log" || echo 0)
    printf "%8s %10s %10s %14s %8s %8s %12s\n" "$t" "$form" "$best" "$(awk "BEGIN{printf \"%.0f\", $n / ($best > 0 ? $best : 0.001)}")" \
      "$(awk "BEGIN{printf \"%.2f\", $best / ($none > 0 ? $none : 0.001)}")" "$cpu" "$bytes"
  done
done
