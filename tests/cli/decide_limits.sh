#!/usr/bin/env bash
# Bounded memory of `decide` (docs/reliability.md, "Memory bounds"):
#  - a 100 MB NDJSON stream of corpus requests, generated on the fly and piped through stdin:
#    one answer per request, none an error, and peak RSS under the stated bound;
#  - a single 50 MB line (STREAM_MB / 2): a deny naming the line and the limit, the batch goes on, bounded RSS,
#    and the decision log's hash is that of the whole line;
#  - a 50 MB document over several lines: a deny naming the limit, exit 2, bounded RSS;
#  - a line of exactly the limit is decided, one byte more is not;
#  - 500,000 nested arrays, 200,000 unclosed objects: a deny saying why, no stack overflow;
#  - an input that cannot be read (a directory): a message and exit 2.
#  - the worst case for memory (1 MiB lines of numbers) stays under the bound on 1 and 4 threads;
# Usage: decide_limits.sh BINARY PROJECT_ROOT [STREAM_MB] [--no-rss]
# The sanitized suite passes a smaller stream and --no-rss: ASan's shadow memory and quarantine
# are not the program's own, so only the answers are checked there.
set -uo pipefail
bin=$1; root=$2; mb=${3:-100}; rss_check=1
big=$((mb / 2))  # MB of the long line and of the long document: 50 in the normal run
[ "${4:-}" = "--no-rss" ] && rss_check=0
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
passed=0; failed=0
ok()  { passed=$((passed+1)); }
bad() { echo "FAIL: $*"; failed=$((failed+1)); }
# The bound stated in docs/reliability.md, for the shipped policy set: 24 MiB + 16 MiB per thread.
bound_kb() { echo $(( (24 + 16 * $1) * 1024 )); }
timev=/usr/bin/time
[ -x "$timev" ] || { echo "FAIL: /usr/bin/time is missing (Debian package 'time', scripts/install-deps.sh)"; exit 1; }
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }
check_rss() {  # name file threads
  local kb bound; kb=$(rss "$2"); bound=$(bound_kb "${3:-1}")
  echo "$1: peak RSS $kb kB (bound $bound kB)"
  if [ $rss_check = 1 ] && [ "$kb" -gt "$bound" ]; then bad "$1: peak RSS $kb kB over the bound of $bound kB"; else ok; fi
}

# Signed and served with its key, as in production: nothing but the answers' own lines on stderr.
keys="$root/tests/golden/keys"
"$bin" verify --policies "$root/policies" --seal "$dir/set.bundle" --signing-key "$keys/test-signing-key.pem" > /dev/null || { echo "the policies do not verify"; exit 1; }

# 1. The stream: corpus requests repeated to $mb MB, written to a pipe as they are generated,
#    decided on 1 and on 4 threads.
for t in 1 4; do
python3 - "$root" "$mb" "$dir/sent" <<'PY' | "$timev" -v -o "$dir/time1" "$bin" decide --bundle "$dir/set.bundle" --verification-key "$keys/test-verification-key.pem" --threads $t 2> "$dir/err1" | python3 -c '
import sys
n = e = 0
for line in sys.stdin.buffer:
    n += 1
    if b"\"error\":{" in line: e += 1
open(sys.argv[1], "w").write(f"{n} {e}")' "$dir/got"
import json, glob, sys, signal
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
root, mb, sent = sys.argv[1], int(sys.argv[2]), sys.argv[3]
reqs = [json.dumps(c['request']) + '\n' for f in sorted(glob.glob(root + '/corpus/*.json')) for c in json.load(open(f))['cases']]
chunk = ''.join(reqs).encode()
per_chunk = len(reqs)
target = mb * 1000 * 1000
written = n = 0
out = sys.stdout.buffer
while written < target:
    out.write(chunk); written += len(chunk); n += per_chunk
out.flush()
open(sent, 'w').write(f"{n} {written}")
PY
read -r sent bytes < "$dir/sent"; read -r got errors < "$dir/got"
echo "stream, --threads $t: $bytes bytes, $sent requests, $got answers, $errors errors"
[ "$got" = "$sent" ] && [ "$errors" = 0 ] && ok || bad "stream, --threads $t: $sent requests gave $got answers ($errors errors): $(head -c 300 "$dir/err1")"
check_rss "stream of $mb MB, --threads $t" "$dir/time1" $t
done

# 2. A 50 MB line between two good ones, with a decision log.
python3 - "$root" "$dir/long.ndjson" "$dir/long.sha" "$big" <<'PY'
import json, glob, sys, hashlib
root, path, sha, big = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
good = json.dumps(json.load(open(sorted(glob.glob(root + '/corpus/*.json'))[0]))['cases'][0]['request'])
long = '{"id":"' + 'x' * (big * 1000 * 1000) + '"}'
open(path, 'w').write(good + '\n' + long + '\n' + good + '\n')
open(sha, 'w').write(hashlib.sha256(long.encode()).hexdigest())
PY
"$timev" -v -o "$dir/time2" "$bin" decide --bundle "$dir/set.bundle" --verification-key "$keys/test-verification-key.pem" --decision-log "$dir/log2" < "$dir/long.ndjson" > "$dir/out2" 2> "$dir/err2"
code=$?
python3 - "$dir/out2" "$dir/log2" "$(cat "$dir/long.sha")" "$big" <<'PY' && [ "$code" = 0 ] && ok || bad "a $big MB line (exit $code): $(head -c 300 "$dir/out2")"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
log = [json.loads(l) for l in open(sys.argv[2])]
assert len(out) == 3 and len(log) == 3, (len(out), len(log))
assert 'error' not in out[0] and 'error' not in out[2]
e = out[1]['error']
assert out[1]['decision'] == 'deny' and e['line'] == 2, out[1]
assert e['message'] == f'line 2 is {int(sys.argv[4]) * 1000 * 1000 + 9} bytes long, over the limit of 1048576 bytes for one request; it was skipped without being read', e
a = log[1]['attributes']  # the default form, the Logboek's span: the long line by its hash, the reason
assert a['grondslag.request_sha256'] == 'sha256:' + sys.argv[3], a
assert a['grondslag.error'] == e['message'] and log[1]['status']['code'] == 'STATUS_CODE_ERROR', a
assert [l['attributes']['grondslag.decision'] for l in log] == [o['decision'] for o in out]
PY
check_rss "a $big MB line" "$dir/time2"

# 3. A 50 MB document over several lines: read through, not kept, a deny and exit 2.
python3 - "$dir/doc.json" "$big" <<'PY'
import sys
lines = ''.join(f'    "f{i:09d}": true,\n' for i in range(50000))  # 1 MB
with open(sys.argv[1], 'w') as f:
    f.write('{\n  "id": "big",\n  "facts": {\n')
    for i in range(int(sys.argv[2])):
        f.write(lines)
    f.write('    "last": true\n  }\n}\n')
PY
"$timev" -v -o "$dir/time3" "$bin" decide --bundle "$dir/set.bundle" --verification-key "$keys/test-verification-key.pem" "$dir/doc.json" > "$dir/out3" 2> "$dir/err3"
code=$?
python3 - "$dir/out3" <<'PY' && [ "$code" = 2 ] && ok || bad "a $big MB document (exit $code): $(head -c 300 "$dir/out3")"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
assert len(out) == 1 and out[0]['decision'] == 'deny', out
e = out[0]['error']
assert e['message'].startswith('the request, a JSON document over several lines, is over the limit of 1048576 bytes for one request at line '), e
assert e['line'] > 40000, e
PY
check_rss "a $big MB document" "$dir/time3"

# 4. The limit is exact: a request of 1,048,576 bytes (padded with spaces) is decided, one more byte is not.
python3 - "$root" "$dir/edge.ndjson" <<'PY'
import json, glob, sys
root, path = sys.argv[1], sys.argv[2]
good = json.dumps(json.load(open(sorted(glob.glob(root + '/corpus/*.json'))[0]))['cases'][0]['request'])
limit = 1 << 20
open(path, 'w').write(good + ' ' * (limit - len(good)) + '\n' + good + ' ' * (limit + 1 - len(good)) + '\n')
PY
"$bin" decide --bundle "$dir/set.bundle" --verification-key "$keys/test-verification-key.pem" "$dir/edge.ndjson" > "$dir/out4" 2>&1
python3 - "$dir/out4" <<'PY' && ok || bad "the limit is not exact: $(head -c 300 "$dir/out4")"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
assert len(out) == 2, out
assert 'error' not in out[0], out[0]
assert out[1]['error']['message'].startswith('line 2 is 1048577 bytes long, over the limit of 1048576 bytes'), out[1]
PY

# 5. Deeply nested JSON is a deny with a reason, closed or not.
python3 -c 'import sys; sys.stdout.write("[" * 500000 + "]" * 500000 + "\n" + "{\"a\":" * 200000 + "\n")' > "$dir/deep.ndjson"
"$bin" decide --bundle "$dir/set.bundle" --verification-key "$keys/test-verification-key.pem" "$dir/deep.ndjson" > "$dir/out5" 2> "$dir/err5"
code=$?
python3 - "$dir/out5" <<'PY' && [ "$code" = 0 ] && ok || bad "deep nesting (exit $code): $(head -c 300 "$dir/out5") $(head -c 300 "$dir/err5")"
import json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
assert len(out) == 2, out
assert [a['decision'] for a in out] == ['deny', 'deny']
assert out[0]['error']['message'] == 'malformed JSON: nested more deeply than 1024 levels of arrays and objects', out[0]
# Never closed: simdjson sees that before the depth; nlohmann names the byte, building no tree.
assert out[1]['error']['message'].startswith('malformed JSON at byte 1000001: syntax error'), out[1]
PY

# 6. The worst case for memory: 1 MiB lines of [1,1,1,...], which make simdjson's tape largest
#    (8 bytes of tape per input byte), on 1 and on 4 threads, without and with a decision log.
python3 -c '
import sys
n = (1048576 - 10) // 2
sys.stdout.write(("{\"x\":[" + ",".join(["1"] * n) + "]}\n") * 20)' > "$dir/worst.ndjson"
for t in 1 4; do
  "$timev" -v -o "$dir/time6" "$bin" decide --bundle "$dir/set.bundle" --verification-key "$keys/test-verification-key.pem" --threads $t "$dir/worst.ndjson" > "$dir/out6" 2>&1
  [ "$(grep -c '"unknown field' "$dir/out6")" = 20 ] && ok || bad "worst case, --threads $t: $(head -c 300 "$dir/out6")"
  check_rss "worst case, 1 MiB lines of numbers, --threads $t" "$dir/time6" $t
  # With a decision log more blocks may be in flight, but never more bytes of requests: the same bound.
  rm -f "$dir/log6"
  "$timev" -v -o "$dir/time6" "$bin" decide --bundle "$dir/set.bundle" --verification-key "$keys/test-verification-key.pem" --threads $t \
    --decision-log "$dir/log6" "$dir/worst.ndjson" > "$dir/out6" 2> "$dir/err6"
  [ "$(grep -c '"unknown field' "$dir/out6")" = 20 ] && [ "$(wc -l < "$dir/log6")" = 20 ] && ok \
    || bad "worst case with a decision log, --threads $t: $(head -c 300 "$dir/out6") $(head -c 300 "$dir/err6")"
  check_rss "worst case, 1 MiB lines of numbers, --threads $t, with a decision log" "$dir/time6" $t
done

# 7. An input that cannot be read.
"$bin" decide --bundle "$dir/set.bundle" --verification-key "$keys/test-verification-key.pem" "$dir" > "$dir/out6" 2> "$dir/err6"
code=$?
[ "$code" = 2 ] && grep -q "cannot read $dir: Is a directory" "$dir/err6" && [ ! -s "$dir/out6" ] && ok \
  || bad "an unreadable input (exit $code): $(cat "$dir/err6")"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
