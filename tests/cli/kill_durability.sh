#!/usr/bin/env bash
# Durability of the decision log: decide is killed with SIGKILL at random
# moments during a batch; every answer that reached stdout must have its complete line in
# the decision log, in order, and no line but the last may be incomplete. Then a run that
# appends to a log ending in such a fragment ends the fragment first, so its lines stay whole.
set -uo pipefail
# Usage: kill_durability.sh BINARY PROJECT_ROOT [KILLS] [DECIDE OPTIONS...] (e.g. --threads 4)
bin=$1; root=$2; kills=${3:-8}
shift 3 2>/dev/null || shift $#
options=("$@")
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
# A batch of corpus requests, repeated to 60,000 lines (about 0.1-0.2 s of deciding with a log).
python3 - "$root" "$dir/batch.ndjson" <<'PY'
import json, glob, sys
root, out = sys.argv[1], sys.argv[2]
reqs = [json.dumps(c['request']) for f in sorted(glob.glob(root + '/corpus/*.json')) for c in json.load(open(f))['cases']]
with open(out, 'w') as o:
    for i in range(60000):
        o.write(reqs[i % len(reqs)] + '\n')
PY
"$bin" verify --policies "$root/policies" --seal "$dir/set.bundle" > /dev/null || { echo "the policies do not verify"; exit 1; }
passed=0; failed=0; midway=0
for k in $(seq 1 "$kills"); do
  rm -f "$dir/log" "$dir/out"
  "$bin" decide --bundle "$dir/set.bundle" "${options[@]}" "$dir/batch.ndjson" --decision-log "$dir/log" > "$dir/out" 2>/dev/null &
  pid=$!
  sleep "0.0$(( (RANDOM % 9) + 1 ))"  # 10-90 ms: mostly while it decides
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  if python3 - "$dir/out" "$dir/log" "$dir/batch.ndjson" <<'PY'
import json, sys, hashlib
out = open(sys.argv[1], 'rb').read().split(b'\n')
log = open(sys.argv[2], 'rb').read().split(b'\n') if __import__('os').path.exists(sys.argv[2]) else [b'']
# A line is complete only when a newline follows it: the last element is what came after the last newline.
answers = [json.loads(l) for l in out[:-1]]
entries = []
for l in log[:-1]:
    entries.append(json.loads(l))          # a torn line in the middle fails here
# Answers are written after their log records, in the same order. The grondslag form holds the answer;
# the Logboek's span (the default) the request's hash and the decision.
assert len(entries) >= len(answers), (len(entries), len(answers))
if entries and 'answer' in entries[0]:
    assert [e['answer'] for e in entries[:len(answers)]] == answers
else:
    requests = open(sys.argv[3], 'rb').read().split(b'\n')
    for i, (e, a) in enumerate(zip(entries, answers)):
        assert e['attributes']['grondslag.request_sha256'] == 'sha256:' + hashlib.sha256(requests[i]).hexdigest(), i
        assert e['attributes']['grondslag.decision'] == a['decision'], i
logged = entries
# The kernel can cut the write(2) of the last line short when SIGKILL arrives while it copies:
# that line's answer was never written to stdout (it follows the write).
torn = f", and a cut last line of {len(log[-1])} bytes" if log[-1] else ""
print(f"kill: {len(answers)} answers on stdout, {len(logged)} log lines, all matched{torn}")
sys.exit(0 if len(answers) < 60000 else 3)  # 3: it had finished before the kill
PY
  then passed=$((passed+1)); midway=$((midway+1)); else code=$?; [ $code = 3 ] && passed=$((passed+1)) || failed=$((failed+1)); fi
done
echo "$passed passed, $failed failed; $midway killed while deciding"
[ "$failed" = 0 ] && [ "$midway" -gt 0 ]
