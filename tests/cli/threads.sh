#!/usr/bin/env bash
# decide --threads N: the answers (and the decision log, but for its timestamps) are
# byte-identical for N = 1, 2, 4, 8 and across repeated runs, on the corpus requests and on a
# batch with malformed lines; a producer that waits for each answer is never kept waiting.
# Usage: threads.sh BINARY PROJECT_ROOT
set -uo pipefail
bin=$1; root=$2
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
passed=0; failed=0
ok()  { passed=$((passed+1)); }
bad() { echo "FAIL: $*"; failed=$((failed+1)); }

"$bin" verify --policies "$root/policies" --seal "$dir/set.bundle" > /dev/null || { echo "the policies do not verify"; exit 1; }

python3 - "$root" "$dir" <<'PY'
import json, glob, sys
root, d = sys.argv[1], sys.argv[2]
reqs = [json.dumps(c['request']) for f in sorted(glob.glob(root + '/corpus/*.json')) for c in json.load(open(f))['cases']]
# The corpus requests, each with a distinct id, repeated to 12,000 lines (many blocks).
with open(d + '/corpus.ndjson', 'w') as o:
    for i in range(12000):
        r = json.loads(reqs[i % len(reqs)]); r['id'] = i
        o.write(json.dumps(r) + '\n')
# The same with malformed lines of every kind among them, blank lines, and a line over the limit.
bad = ['{"date": "2022-03-10", "sender": ', 'not json', '{"date":"2022-13-45","sender":"dji"}', '[]', '42',
       '{"id": {"x": 1}}', '{"unknown": true}', '[' * 5000 + ']' * 5000, '{"id":"\xff\xfe"}', '   ', '',
       '{"id":"long","x":"' + 'y' * (1 << 20) + '"}']
with open(d + '/mixed.ndjson', 'wb') as o:
    for i in range(6000):
        if i % 7 == 3:
            o.write(bad[(i // 7) % len(bad)].encode('latin-1') + b'\n')
        else:
            o.write(reqs[i % len(reqs)].encode() + b'\n')
    o.write(reqs[0].encode())  # the last line has no newline
PY

for input in corpus mixed; do
  for t in 1 2 4 8; do
    "$bin" decide --bundle "$dir/set.bundle" --threads $t "$dir/$input.ndjson" --decision-log "$dir/$input.log$t" \
      > "$dir/$input.out$t" 2> "$dir/$input.err$t"
    echo $? > "$dir/$input.code$t"
    # The records differ only in their random trace and span ids and their times.
    sed -E 's/^\{"trace_id":"[0-9a-f]*","span_id":"[0-9a-f]*"/{"trace_id":"T","span_id":"S"/; s/"(start|end)_time_unix_nano":"[0-9]*"/"\1":"T"/g' \
      "$dir/$input.log$t" > "$dir/$input.log$t.notime"
  done
  lines=$(wc -l < "$dir/$input.out1")
  echo "$input: $lines answers, exit $(cat "$dir/$input.code1")"
  [ "$(cat "$dir/$input.code1")" = 0 ] && [ "$lines" -gt 5000 ] && ok || bad "$input: --threads 1 gave $lines answers, exit $(cat "$dir/$input.code1")"
  for t in 2 4 8; do
    cmp -s "$dir/$input.out1" "$dir/$input.out$t" && ok || bad "$input: the answers with --threads $t differ from --threads 1"
    cmp -s "$dir/$input.log1.notime" "$dir/$input.log$t.notime" && ok || bad "$input: the decision log with --threads $t differs"
    cmp -s "$dir/$input.code1" "$dir/$input.code$t" && ok || bad "$input: the exit code with --threads $t differs"
  done
done
# The mixed batch holds every kind of error, and the answers match the log (in the grondslag form, which
# holds them; the Logboek's spans hold their decisions and errors).
"$bin" decide --bundle "$dir/set.bundle" --threads 4 "$dir/mixed.ndjson" --decision-log "$dir/mixed.glog4" \
  --decision-log-format grondslag > /dev/null 2>&1
python3 - "$dir/mixed.out4" "$dir/mixed.glog4" "$dir/mixed.log4" <<'PY' && ok || bad "the mixed batch"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
log = [json.loads(l)['answer'] for l in open(sys.argv[2])]
assert out == log
spans = [json.loads(l)['attributes'] for l in open(sys.argv[3])]
assert [s['grondslag.decision'] for s in spans] == [a['decision'] for a in out]
assert [s.get('grondslag.error') for s in spans] == [a['error']['message'] if 'error' in a else None for a in out]
errors = [a['error']['message'] for a in out if 'error' in a]
assert any(m.startswith('malformed JSON at byte') for m in errors)
assert any('nested more deeply' in m for m in errors)
assert any('over the limit of 1048576 bytes' in m for m in errors)
print(f"mixed: {len(out)} answers, {len(errors)} errors")
PY

# Repeated runs with 8 threads, with --flush, and from a pipe: the same bytes.
for run in 1 2 3; do
  "$bin" decide --bundle "$dir/set.bundle" --threads 8 < "$dir/mixed.ndjson" > "$dir/again$run" 2>/dev/null
  cmp -s "$dir/mixed.out1" "$dir/again$run" && ok || bad "run $run with 8 threads from stdin differs"
done
cat "$dir/mixed.ndjson" | "$bin" decide --bundle "$dir/set.bundle" --threads 3 --flush > "$dir/flushed" 2>/dev/null
cmp -s "$dir/mixed.out1" "$dir/flushed" && ok || bad "--threads 3 --flush from a pipe differs"

# A single request and a pretty-printed document: the same answers and exit codes as one thread.
for case in decide_single_pretty decide_bad_single; do
  "$bin" decide --policies "$root/tests/golden/policies" --threads 4 < "$root/tests/golden/cases/$case/stdin" > "$dir/single" 2>/dev/null
  code=$?
  cmp -s "$dir/single" "$root/tests/golden/cases/$case/stdout" && [ "$code" = "$(cat "$root/tests/golden/cases/$case/exit_code")" ] \
    && ok || bad "$case with --threads 4 (exit $code)"
done

# A producer that sends the next request only after it read the answer to the previous one.
python3 - "$bin" "$dir/set.bundle" "$dir/corpus.ndjson" <<'PY' && ok || bad "an interactive producer was kept waiting"
import subprocess, sys, select
binary, bundle, batch = sys.argv[1:4]
lines = open(batch).read().splitlines()[:50]
p = subprocess.Popen([binary, 'decide', '--bundle', bundle, '--threads', '4', '--flush'],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
for i, line in enumerate(lines):
    p.stdin.write(line.encode() + b'\n'); p.stdin.flush()
    ready, _, _ = select.select([p.stdout], [], [], 10)
    assert ready, f"no answer to request {i} within 10 s"
    answer = p.stdout.readline()
    assert f'"id":{i},'.encode() in answer, answer[:80]
p.stdin.close()
assert p.wait(timeout=10) == 0
print(f"interactive: {len(lines)} answers, each before the next request")
PY

# Out of range.
for t in 0 257 x; do
  "$bin" decide --bundle "$dir/set.bundle" --threads $t "$dir/corpus.ndjson" > "$dir/out" 2> "$dir/err"
  code=$?
  [ "$code" = 2 ] && [ ! -s "$dir/out" ] && grep -q -- "--threads" "$dir/err" && ok || bad "--threads $t: exit $code, $(cat "$dir/err")"
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
