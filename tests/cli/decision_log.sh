#!/usr/bin/env bash
# The decision log: one valid JSON line per decision, in answer order, with the
# request hash, the policy set and the per-item decisions and rules.
set -euo pipefail
bin=$1; golden=$2
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
# The default form: the Logboek Dataverwerkingen (one OpenTelemetry span per decision).
"$bin" decide --policies "$golden/policies" "$golden/cases/decide_batch/stdin" --decision-log "$dir/log" > "$dir/out"
answers=$(wc -l < "$dir/out"); logged=$(wc -l < "$dir/log")
[ "$answers" = 6 ] || { echo "expected 6 answers, got $answers"; exit 1; }
[ "$logged" = "$answers" ] || { echo "log has $logged lines for $answers answers"; exit 1; }
python3 - "$dir/log" "$dir/out" "$golden/cases/decide_batch/stdin" <<'PY'
import json, sys, hashlib
log = [json.loads(l) for l in open(sys.argv[1])]
out = [json.loads(l) for l in open(sys.argv[2])]
requests = [l.rstrip(b'\n') for l in open(sys.argv[3], 'rb') if l.strip()]
assert len(requests) == len(log), (len(requests), len(log))
for span, answer, request in zip(log, out, requests):
    a = span["attributes"]
    assert span["name"] == "grondslag.decide" and len(span["trace_id"]) == 32 and len(span["span_id"]) == 16, span
    assert a["grondslag.request_sha256"] == "sha256:" + hashlib.sha256(request).hexdigest(), (a, request)
    assert a["grondslag.decision"] == answer["decision"], (a, answer)
    assert a["grondslag.policy_set"] == answer["policy_set"]
    items = json.loads(a["grondslag.items"])
    assert [i["data"] for i in items] == [i["data"] for i in answer["items"]]
    assert [i["decision"] for i in items] == [i["decision"] for i in answer["items"]]
    assert [i.get("rule") for i in items] == [i.get("rule") for i in answer["items"]]
    assert (span["status"]["code"] == "STATUS_CODE_ERROR") == ("error" in answer)
    assert "dpl.core.data_subject_id" not in a and "grondslag.request_id" not in a  # no subject key given
print("logbook decision log ok:", len(log), "lines")
PY
# The grondslag form: the request's hash and the answer as given.
"$bin" decide --policies "$golden/policies" "$golden/cases/decide_batch/stdin" --decision-log "$dir/glog" \
  --decision-log-format grondslag > "$dir/out"
python3 - "$dir/glog" "$dir/out" <<'PY'
import json, sys, hashlib
log = [json.loads(l) for l in open(sys.argv[1])]
out = [json.loads(l) for l in open(sys.argv[2])]
assert len(log) == len(out) == 6
for entry, answer in zip(log, out):
    assert entry["answer"] == answer, (entry, answer)
    assert entry["request"].startswith("sha256:") and len(entry["request"]) == 71
    assert entry["answer"]["policy_set"].startswith("sha256:")
    assert "time" in entry
print("grondslag-form decision log ok:", len(log), "lines")
PY
# A log whose last line was cut by a SIGKILL (kill_durability.sh): the fragment is ended first,
# so it stays a line of its own and the new lines are whole.
printf '{"time":"2026-01-01T00:00:00Z","request":"sha256:ab' > "$dir/cut"
"$bin" decide --policies "$golden/policies" "$golden/cases/decide_batch/stdin" --decision-log "$dir/cut" > /dev/null
python3 - "$dir/cut" <<'PY'
import json, sys
lines = open(sys.argv[1], 'rb').read().split(b'\n')
assert lines[0] == b'{"time":"2026-01-01T00:00:00Z","request":"sha256:ab', lines[0]
assert lines[-1] == b''
assert len([json.loads(l) for l in lines[1:-1]]) == 6
print("a cut last line is ended before new lines are appended")
PY
# An unwritable log is an input error before any decision is made.
if "$bin" decide --policies "$golden/policies" "$golden/cases/decide_batch/stdin" --decision-log "$dir/out/log" > "$dir/out2" 2>/dev/null; then
  echo "an unwritable decision log must fail"; exit 1
fi
[ ! -s "$dir/out2" ] || { echo "answers were written without a decision log"; exit 1; }
# A log that fails while writing (a full disk) stops the decisions: no answer without its log line.
# The disk is full for a log that has reached the file size limit (1 KiB here; its signal ignored,
# so that the write fails with EFBIG as on a full disk). A log must be a regular file: a device
# such as /dev/full is refused before any decision (exit 2).
set +e
head -c 1023 /dev/zero | tr '\0' x > "$dir/full.log"; echo >> "$dir/full.log"
( trap '' XFSZ; ulimit -f 1
  "$bin" decide --policies "$golden/policies" "$golden/cases/decide_batch/stdin" --decision-log "$dir/full.log" > "$dir/out3" 2> "$dir/err3"
  echo $? > "$dir/code3" )
code=$(cat "$dir/code3")
set -e
[ "$code" = 4 ] || { echo "a failing decision log must exit 4, got $code"; exit 1; }
[ ! -s "$dir/out3" ] || { echo "an answer was written although its log line was not"; exit 1; }
grep -q "decision log could not be written" "$dir/err3" || { echo "no message for the failing log"; exit 1; }
if [ -e /dev/full ]; then
  set +e
  "$bin" decide --policies "$golden/policies" "$golden/cases/decide_batch/stdin" --decision-log /dev/full > "$dir/out4" 2> "$dir/err4"
  code=$?
  set -e
  [ "$code" = 2 ] || { echo "a decision log that is a device must be refused with exit 2, got $code"; exit 1; }
  [ ! -s "$dir/out4" ] || { echo "an answer was written without a decision log"; exit 1; }
  grep -qF "grondslag: cannot open the decision log: /dev/full is not a regular file" "$dir/err4" || { echo "no message for a device as log"; exit 1; }
fi
echo "2 passed, 0 failed"
