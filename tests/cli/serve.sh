#!/usr/bin/env bash
# grondslag serve on 127.0.0.1: every endpoint answers as the CLI does, a reload swaps the set whole (a
# bad bundle leaves the old one serving), bearer tokens guard /v1/*, a failing decision log stops the
# decisions, SIGTERM ends the process with 0, and a SIGKILL under load leaves a log record for every
# answer given and no torn record. Every wait is bounded.
#   tests/cli/serve.sh GRONDSLAG GOLDEN_DIR
set -uo pipefail
bin=$1; golden=$2
dir=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2> /dev/null; done; rm -rf "$dir"; }
trap cleanup EXIT
passed=0; failed=0
ok()  { passed=$((passed+1)); }
bad() { echo "FAIL: $*"; failed=$((failed+1)); }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }

openssl genpkey -algorithm ed25519 -out "$dir/key.pem" 2> /dev/null && openssl pkey -in "$dir/key.pem" -pubout -out "$dir/pub.pem"
"$bin" verify --policies "$golden/policies" --seal "$dir/a.bundle" --signing-key "$dir/key.pem" > /dev/null || bad "seal a"
"$bin" verify --policies "$golden/explain_policies" --seal "$dir/b.bundle" --signing-key "$dir/key.pem" > /dev/null || bad "seal b"
one="$golden/cases/decide_single_pretty/stdin"
batch="$golden/cases/decide_batch/stdin"

# start NAME ARGS...: starts a server on a free port; sets $port and $pid (the log in $dir/NAME.err).
start() {
  local name=$1; shift
  "$bin" serve --listen 127.0.0.1:0 "$@" 2> "$dir/$name.err" &
  pid=$!; pids+=("$pid")
  for _ in $(seq 100); do
    port=$(grep -Eo 'https?://127.0.0.1:[0-9]*' "$dir/$name.err" | head -1 | sed 's/.*://')
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.05
  done
  bad "$name did not start: $(cat "$dir/$name.err")"; return 1
}
url() { echo "http://127.0.0.1:$port$1"; }
status() { curl -s -o "$dir/body" -w '%{http_code}' --max-time 5 "$@"; }

cp "$dir/a.bundle" "$dir/served.bundle"
start main --bundle "$dir/served.bundle" --verification-key "$dir/pub.pem" --decision-log "$dir/decisions.log" || exit 1
check "/health" [ "$(status "$(url /health)")" = 200 ]
check "/ready" [ "$(status "$(url /ready)")" = 200 ]
# One request: the CLI's answer, byte for byte.
"$bin" decide --bundle "$dir/a.bundle" --verification-key "$dir/pub.pem" "$one" > "$dir/cli_one" 2> /dev/null
check "decide one: 200" [ "$(status -X POST -H 'Content-Type: application/json' --data-binary @"$one" "$(url /v1/decide)")" = 200 ]
check "decide one: the CLI's answer" cmp -s "$dir/body" "$dir/cli_one"
# NDJSON: one answer per line, in order, as the CLI's batch.
"$bin" decide --bundle "$dir/a.bundle" --verification-key "$dir/pub.pem" "$batch" > "$dir/cli_batch" 2> /dev/null
check "decide NDJSON: 200" [ "$(status -X POST -H 'Content-Type: application/x-ndjson' --data-binary @"$batch" "$(url /v1/decide)")" = 200 ]
check "decide NDJSON: the CLI's answers" cmp -s "$dir/body" "$dir/cli_batch"
# A large NDJSON batch is streamed (chunked, about 64 KiB of answers a chunk), the same answers as the CLI's.
for _ in $(seq 500); do cat "$batch"; echo; done > "$dir/big.ndjson"
"$bin" decide --bundle "$dir/a.bundle" --verification-key "$dir/pub.pem" "$dir/big.ndjson" > "$dir/cli_big" 2> /dev/null
check "decide NDJSON, 3,000 requests: 200" [ "$(status -D "$dir/headers" -X POST -H 'Content-Type: application/x-ndjson' --data-binary @"$dir/big.ndjson" "$(url /v1/decide)")" = 200 ]
check "decide NDJSON, 3,000 requests: streamed" grep -qi '^Transfer-Encoding: chunked' "$dir/headers"
check "decide NDJSON, 3,000 requests: the CLI's answers" cmp -s "$dir/body" "$dir/cli_big"
# A malformed request: 400 and the contract's deny naming the error; never a permit.
check "malformed: 400" [ "$(status -X POST --data-binary '{"id":1,"date":"2024-13-01"}' "$(url /v1/decide)")" = 400 ]
check "malformed: a deny with its error" grep -q '"decision":"deny".*"error"' "$dir/body"
check "unknown path: 404" [ "$(status "$(url /v2/decide)")" = 404 ]
check "wrong method: 405" [ "$(status "$(url /v1/decide)")" = 405 ]
# explain: Dutch unless the client prefers English.
check "explain nl" [ "$(status -X POST --data-binary @"$one" "$(url /v1/explain)")" = 200 ]
check "explain nl: Dutch" grep -q "^Besluit: " "$dir/body"
check "explain en" [ "$(status -X POST -H 'Accept-Language: en-GB,en;q=0.9' --data-binary @"$one" "$(url /v1/explain)")" = 200 ]
check "explain en: English" grep -q "^Decision: " "$dir/body"
# The contract's documents, as compiled in: the OpenAPI description and the schemas it refers to.
check "openapi.json" [ "$(status "$(url /openapi.json)")" = 200 ]
check "openapi.json: docs/schema's" cmp -s "$dir/body" "$golden/../../docs/schema/openapi.json"
check "answer.schema.json" [ "$(status "$(url /answer.schema.json)")" = 200 ]
# The set in use, and the metrics.
hash_a=$(grep -o 'sha256:[0-9a-f]*' "$dir/cli_one" | head -1)
check "policy-set" [ "$(status "$(url /v1/policy-set)")" = 200 ]
check "policy-set names the bundle's set and signer" grep -q "\"policy_set\":\"$hash_a\".*\"signer\":\"ed25519:" "$dir/body"
status "$(url /metrics)" > /dev/null
cp "$dir/body" "$dir/metrics1"
counted=$(grep '^grondslag_decisions_total{' "$dir/body" | awk '{s += $2} END {print s}')
check "metrics: every decision counted ($counted)" [ "$counted" = $(( $(wc -l < "$dir/cli_one") + $(wc -l < "$dir/cli_batch") + $(wc -l < "$dir/cli_big") + 1 )) ]
check "metrics: the malformed ones as errors" grep -q '^grondslag_decisions_total{outcome="error"} [1-9]' "$dir/body"
check "metrics: the set in use" grep -q "grondslag_policy_set_info{policy_set=\"$hash_a\"" "$dir/body"
# Reload: another signed bundle swaps in whole; a bad one leaves it serving.
cp "$dir/b.bundle" "$dir/next.bundle" && mv "$dir/next.bundle" "$dir/served.bundle"
kill -HUP "$pid"
for _ in $(seq 100); do grep -q "reloaded" "$dir/main.err" && break; sleep 0.05; done
status "$(url /v1/policy-set)" > /dev/null
check "reload: the new set serves" bash -c "! grep -q '$hash_a' '$dir/body'"
hash_b=$(grep -o '"policy_set":"sha256:[0-9a-f]*' "$dir/body" | sed 's/.*"//')
echo 'not a bundle' > "$dir/next.bundle" && mv "$dir/next.bundle" "$dir/served.bundle"
kill -HUP "$pid"
for _ in $(seq 100); do grep -q "reload refused" "$dir/main.err" && break; sleep 0.05; done
check "bad reload: said on stderr" grep -q "reload refused, the policy set $hash_b keeps serving" "$dir/main.err"
status -X POST --data-binary @"$one" "$(url /v1/decide)" > /dev/null
check "bad reload: the old set still decides" grep -q "$hash_b" "$dir/body"
status "$(url /metrics)" > /dev/null
check "metrics: reloads counted" grep -q '^grondslag_reloads_total{result="failed"} 1$' "$dir/body"
# Every decision has its log record (one, two NDJSON lines and more: count the answers given).
answers=$(( $(wc -l < "$dir/cli_one") + $(wc -l < "$dir/cli_batch") + $(wc -l < "$dir/cli_big") + 2 ))
check "decision log: a record per answer ($answers)" [ "$(wc -l < "$dir/decisions.log")" = "$answers" ]
# SIGTERM: in-flight requests finish, exit 0.
kill -TERM "$pid"
code=124
for _ in $(seq 100); do if ! kill -0 "$pid" 2> /dev/null; then wait "$pid"; code=$?; break; fi; sleep 0.05; done
check "SIGTERM: exit 0 (got $code)" [ "$code" = 0 ]
check "SIGTERM: said" grep -q "grondslag: stopped" "$dir/main.err"

# Connections beyond the threads and those allowed to wait are answered 503 at once, and counted.
start limited --bundle "$dir/a.bundle" --verification-key "$dir/pub.pem" --threads 1 --max-waiting 1 || exit 1
exec 5<>"/dev/tcp/127.0.0.1/$port" 6<>"/dev/tcp/127.0.0.1/$port"  # one holds the thread, one waits
sleep 0.2
check "limit: a third connection 503" [ "$(status -X POST --data-binary @"$one" "$(url /v1/decide)")" = 503 ]
check "limit: 503 says why and closes" grep -q 'too many connections' "$dir/body"
exec 5>&- 6>&-
sleep 0.2
check "limit: served again once they are gone" [ "$(status -X POST --data-binary @"$one" "$(url /v1/decide)")" = 200 ]
status "$(url /metrics)" > /dev/null
check "limit: counted" grep -q '^grondslag_connections_refused_total 1$' "$dir/body"
kill -TERM "$pid"; wait "$pid" 2> /dev/null
# 200 connections at once on 4 threads, 16 allowed to wait: each gets the answer (200) or a 503, nothing else.
start crowded --bundle "$dir/a.bundle" --verification-key "$dir/pub.pem" --threads 4 --max-waiting 16 || exit 1
for i in $(seq 200); do
  curl -s -o "$dir/crowd.$i" -w '%{http_code}\n' --max-time 20 -X POST --data-binary @"$one" "$(url /v1/decide)" > "$dir/crowd.code.$i" &
done
wait_for=$(jobs -p | grep -v "^$pid$" || true); for j in $wait_for; do wait "$j" 2> /dev/null; done
codes=$(cat "$dir"/crowd.code.* | sort | uniq -c | tr -s ' ' | tr '\n' ';')
echo "crowd of 200 connections: $codes"
check "crowd: only 200 and 503 ($codes)" bash -c "! cat '$dir'/crowd.code.* | grep -qv -e '^200$' -e '^503$'"
check "crowd: every 200 is the CLI's answer" bash -c "for i in \$(seq 200); do [ \"\$(cat '$dir/crowd.code.'\$i)\" != 200 ] || cmp -s '$dir/crowd.'\$i '$dir/cli_one' || exit 1; done"
check "crowd: still serving" [ "$(status "$(url /health)")" = 200 ]
kill -TERM "$pid"; wait "$pid" 2> /dev/null

# HTTP that is not HTTP, a body or a header over the limit, and a client too slow to send its request: a 4xx
# or a closed connection, never a decision; the server keeps serving. Raw bytes through a socket
# (tests/cli/http_raw.py), every read bounded in time.
start raw --bundle "$dir/a.bundle" --verification-key "$dir/pub.pem" || exit 1
check "malformed: a request line that is not HTTP gets 400" bash -c "python3 '$(dirname "$0")/http_raw.py' $port send 'HELLO THERE\r\n\r\n' | grep -q '^HTTP/1.1 400'"
check "malformed: a header without a colon gets 400" bash -c "python3 '$(dirname "$0")/http_raw.py' $port send 'POST /v1/decide HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n' | grep -q '^HTTP/1.1 400'"
check "malformed: a body shorter than its Content-Length is no decision" bash -c "! python3 '$(dirname "$0")/http_raw.py' $port send 'POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"id\":1}' | grep -q items"
check "oversized: a body over the limit gets 413, no decision" bash -c "python3 '$(dirname "$0")/http_raw.py' $port big-body | grep -q '^HTTP/1.1 413'"
check "oversized: a header over the limit is refused" bash -c "python3 '$(dirname "$0")/http_raw.py' $port big-header | grep -Eq '^HTTP/1.1 (400|413|431)|^closed'"
check "Expect: 100-continue: told to go on before the body is sent" bash -c "python3 '$(dirname "$0")/http_raw.py' $port expect '$one' | head -2 | tr '\n' '|' | grep -q '^HTTP/1.1 100 Continue|HTTP/1.1 200'"
# The status line and fields are laid out by the server (engine/server/http_server.cpp, header_bytes):
# an HTTP/1.0 request gets an HTTP/1.0 answer, and two requests sent at once get two whole answers, each
# with its own Content-Length.
python3 "$(dirname "$0")/http_raw.py" "$port" send 'GET /health HTTP/1.0\r\n\r\n' | tail -n +2 | tr -d '\r' > "$dir/raw10"
check "HTTP/1.0: answered as HTTP/1.0" [ "$(head -1 "$dir/raw10")" = "HTTP/1.0 200 OK" ]
check "HTTP/1.0: the body whole, as long as it says" bash -c "grep -qx 'Content-Length: 3' '$dir/raw10' && [ \"\$(tail -c 4 '$dir/raw10')\" = \"\$(printf '\\nok')\" ]"
python3 "$(dirname "$0")/http_raw.py" "$port" send 'GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
  | tail -n +2 > "$dir/raw2"
check "two requests sent at once: two answers" [ "$(grep -c '^HTTP/1.1 200 OK' "$dir/raw2")" = 2 ]
check "slow client: cut off within the read timeout" bash -c "python3 '$(dirname "$0")/http_raw.py' $port slow | grep -q '^closed after'"
check "after all that: still serving" [ "$(status -X POST --data-binary @"$one" "$(url /v1/decide)")" = 200 ]
check "after all that: the CLI's answer" cmp -s "$dir/body" "$dir/cli_one"
kill -TERM "$pid"; wait "$pid" 2> /dev/null

# HTTPS with --tls-cert and --tls-key: a self-signed certificate for 127.0.0.1, trusted by curl for this test.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/tls.key" -out "$dir/tls.crt" -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" 2> /dev/null
start tls --bundle "$dir/a.bundle" --verification-key "$dir/pub.pem" --tls-cert "$dir/tls.crt" --tls-key "$dir/tls.key" || exit 1
check "TLS: the start names https" grep -q "https://127.0.0.1:$port" "$dir/tls.err"
check "TLS: decide over HTTPS: 200" [ "$(curl -s -o "$dir/body" -w '%{http_code}' --max-time 5 --cacert "$dir/tls.crt" -X POST --data-binary @"$one" "https://127.0.0.1:$port/v1/decide")" = 200 ]
check "TLS: the CLI's answer" cmp -s "$dir/body" "$dir/cli_one"
check "TLS: plain HTTP gets no answer" bash -c "! curl -s --max-time 3 -X POST --data-binary @'$one' 'http://127.0.0.1:$port/v1/decide' | grep -q items"
check "TLS: a half key pair refuses to start" bash -c "! '$bin' serve --listen 127.0.0.1:0 --bundle '$dir/a.bundle' --verification-key '$dir/pub.pem' --tls-cert '$dir/tls.crt' 2> '$dir/half.err' && grep -q 'both --tls-cert and --tls-key' '$dir/half.err'"
kill -TERM "$pid"; wait "$pid" 2> /dev/null

# Bearer tokens guard /v1/*, not /health.
printf '# tokens\nsecret-one\nsecret-two\n' > "$dir/tokens"
start tokens --bundle "$dir/a.bundle" --verification-key "$dir/pub.pem" --token-file "$dir/tokens" || exit 1
check "token: none 401" [ "$(status -X POST --data-binary @"$one" "$(url /v1/decide)")" = 401 ]
check "token: a wrong one 401" [ "$(status -H 'Authorization: Bearer secret-three' -X POST --data-binary @"$one" "$(url /v1/decide)")" = 401 ]
check "token: a right one 200" [ "$(status -H 'Authorization: Bearer secret-two' -X POST --data-binary @"$one" "$(url /v1/decide)")" = 200 ]
check "token: /health needs none" [ "$(status "$(url /health)")" = 200 ]
kill -TERM "$pid"; wait "$pid" 2> /dev/null

# A decision log that cannot be written (the file size limit, as a full disk): no answer, 500, then 503.
head -c 1023 /dev/zero | tr '\0' x > "$dir/full.log"; echo >> "$dir/full.log"
( trap '' XFSZ; ulimit -f 1; exec "$bin" serve --listen 127.0.0.1:0 --bundle "$dir/a.bundle" --verification-key "$dir/pub.pem" \
    --decision-log "$dir/full.log" ) 2> "$dir/full.err" &
pid=$!; pids+=("$pid"); port=""
for _ in $(seq 100); do port=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/full.err" | sed 's/.*://'); [ -n "$port" ] && break; sleep 0.05; done
check "full log: 500" [ "$(status -X POST --data-binary @"$one" "$(url /v1/decide)")" = 500 ]
check "full log: no answer" bash -c "! grep -q '\"items\"' '$dir/body'"
check "full log: then 503" [ "$(status -X POST --data-binary @"$one" "$(url /v1/decide)")" = 503 ]
check "full log: not ready" [ "$(status "$(url /ready)")" = 503 ]
status "$(url /metrics)" > /dev/null
check "full log: counted" grep -q '^grondslag_decision_log_write_errors_total 1$' "$dir/body"
kill -TERM "$pid"; wait "$pid" 2> /dev/null
# ... and a streamed NDJSON answer whose records cannot be written ends without its last chunk: the client
# sees an incomplete response (curl: exit 18), never a complete one, and no answer.
( trap '' XFSZ; ulimit -f 1; exec "$bin" serve --listen 127.0.0.1:0 --bundle "$dir/a.bundle" --verification-key "$dir/pub.pem" \
    --decision-log "$dir/full.log" ) 2> "$dir/full2.err" &
pid=$!; pids+=("$pid"); port=""
for _ in $(seq 100); do port=$(grep -o 'http://127.0.0.1:[0-9]*' "$dir/full2.err" | sed 's/.*://'); [ -n "$port" ] && break; sleep 0.05; done
curl -s -o "$dir/body" --max-time 5 -X POST -H 'Content-Type: application/x-ndjson' --data-binary @"$dir/big.ndjson" "$(url /v1/decide)"
check "full log, NDJSON: an incomplete response (curl exit $?)" [ $? = 18 ]
check "full log, NDJSON: no answer" bash -c "! grep -q '\"items\"' '$dir/body'"
kill -TERM "$pid"; wait "$pid" 2> /dev/null

# The Logboek Dataverwerkingen form: a span per decision in the caller's trace, the person and the id only
# as keyed hashes, the bundle that decided; never the subject or the id in the clear.
head -c 32 /dev/urandom > "$dir/subject.key"
start logbook --bundle "$dir/a.bundle" --verification-key "$dir/pub.pem" --decision-log "$dir/logbook.log" \
  --decision-log-format logbook --subject-key "$dir/subject.key" || exit 1
python3 -c "
import json, sys
r = json.load(open('$one')); r['subject'] = 'client-4711-secret'; r['id'] = '999999990'
print(json.dumps(r))" > "$dir/subject.json"
check "logbook: decided" [ "$(status -H 'traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' \
  -X POST --data-binary @"$dir/subject.json" "$(url /v1/decide)")" = 200 ]
check "logbook: the record" python3 -c "
import json
lines = open('$dir/logbook.log').read().splitlines()
assert len(lines) == 1, lines
span = json.loads(lines[0]); a = span['attributes']
assert span['trace_id'] == '0af7651916cd43dd8448eb211c80319c' and span['parent_span_id'] == 'b7ad6b7169203331', span
assert len(span['span_id']) == 16 and span['name'] == 'grondslag.decide' and span['status']['code'] == 'STATUS_CODE_OK'
assert a['dpl.core.data_subject_id'].startswith('hmac-sha256:') and a['dpl.core.data_subject_id_type'] == 'pseudonym-hmac-sha256'
assert a['grondslag.request_id'].startswith('hmac-sha256:')
assert a['grondslag.bundle_sha256'].startswith('sha256:') and a['grondslag.signer'].startswith('ed25519:')
assert a['grondslag.policy_set'] == '$hash_a' and a['dpl.core.processing_activity_id'][0].startswith('urn:grondslag:register:$hash_a:')
assert 'client-4711-secret' not in lines[0] and '999999990' not in lines[0]
"
# The access report finds this person's decision, and none of another's, by the keyed hash.
check "log report: this person's decision" bash -c "'$bin' log report --subject client-4711-secret --subject-key '$dir/subject.key' --lang en '$dir/logbook.log' 2> /dev/null | grep -q '| permitted |'"
check "log report: nobody else's" bash -c "! '$bin' log report --subject someone-else --subject-key '$dir/subject.key' '$dir/logbook.log' 2> /dev/null | grep -q 'toegestaan'"
check "log report: html" bash -c "'$bin' log report --subject client-4711-secret --subject-key '$dir/subject.key' --format html '$dir/logbook.log' 2> /dev/null | grep -q '<td>toegestaan</td>'"
check "logbook: a subject key needs the logbook form" bash -c "! '$bin' decide --bundle '$dir/a.bundle' '$one' --decision-log '$dir/x.log' --decision-log-format grondslag --subject-key '$dir/subject.key' 2> /dev/null"
kill -TERM "$pid"; wait "$pid" 2> /dev/null

# Reload under load: while the bundle flips between two sets, no request fails and every answer names one
# of the two sets, whole (never a mix); the log has a record per answer.
cp "$dir/a.bundle" "$dir/flip.bundle"
start flipping --bundle "$dir/flip.bundle" --verification-key "$dir/pub.pem" --decision-log "$dir/flip.log" || exit 1
hash_b_set=$("$bin" decide --bundle "$dir/b.bundle" --verification-key "$dir/pub.pem" "$one" 2> /dev/null | grep -o '"policy_set":"sha256:[0-9a-f]*' | sed 's/.*"//')
loaders=()
for c in 1 2; do
  ( end=$((SECONDS + 2))
    while [ $SECONDS -lt $end ]; do
      curl -s --max-time 2 -o - -w '\n%{http_code}\n' -X POST --data-binary @"$one" "$(url /v1/decide)" >> "$dir/flip.$c"
    done ) &
  loaders+=($!)
done
for k in $(seq 8); do
  if [ $((k % 2)) = 1 ]; then cp "$dir/b.bundle" "$dir/flip.next"; else cp "$dir/a.bundle" "$dir/flip.next"; fi
  mv "$dir/flip.next" "$dir/flip.bundle"; kill -HUP "$pid"; sleep 0.2
done
wait "${loaders[@]}"
check "reload under load: every request answered 200" bash -c "! cat '$dir/flip.1' '$dir/flip.2' | grep -qvxE '200|\{.*\}|'"
answers_flip=$(cat "$dir"/flip.[12] | grep -c '^{')
codes_flip=$(cat "$dir"/flip.[12] | grep -c '^200$')
check "reload under load: an answer per request ($answers_flip, $codes_flip)" [ "$answers_flip" = "$codes_flip" ] 
check "reload under load: each answer names one of the two sets" bash -c "! cat '$dir'/flip.[12] | grep '^{' | grep -v -e '\"policy_set\":\"$hash_a\"' -e '\"policy_set\":\"$hash_b_set\"' | grep -q ."
check "reload under load: both sets answered" bash -c "grep -q '$hash_a' '$dir/flip.1' '$dir/flip.2' && grep -q '$hash_b_set' '$dir/flip.1' '$dir/flip.2'"
check "reload under load: a record per answer" [ "$(wc -l < "$dir/flip.log")" = "$answers_flip" ]
kill -TERM "$pid"; wait "$pid" 2> /dev/null

# SIGKILL under load: every request answered 200 has its record, and no record is torn.
start killed --bundle "$dir/a.bundle" --verification-key "$dir/pub.pem" --decision-log "$dir/killed.log" --threads 2 || exit 1
killers=()
for c in 1 2; do
  ( end=$((SECONDS + 3))
    while [ $SECONDS -lt $end ]; do
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST --data-binary @"$one" "$(url /v1/decide)")
      [ "$code" = 200 ] && echo ok >> "$dir/answered.$c"
    done ) &
  killers+=($!)
done
sleep 1.5
kill -9 "$pid"; wait "$pid" 2> /dev/null
wait "${killers[@]}"
answered=$(cat "$dir"/answered.* 2> /dev/null | wc -l)
records=$(wc -l < "$dir/killed.log")
check "SIGKILL: answers were given ($answered)" [ "$answered" -gt 0 ]
check "SIGKILL: a record for every answer ($records >= $answered)" [ "$records" -ge "$answered" ]
check "SIGKILL: no torn record" python3 -c "
import json, sys
for n, line in enumerate(open('$dir/killed.log'), 1):
    json.loads(line)
    assert line.endswith('\n'), n"

[ "$failed" = 0 ] || { echo "--- metrics:"; cat "$dir/metrics1"; }
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
