#!/usr/bin/env bash
# Benchmark (not a test): `grondslag serve` under load from wrk, beside Cedar (cedar-wasm, its policy set
# pre-parsed) behind Node's http server (tests/bench/cedar/server.js), on the same request bytes.
#   tests/bench/bench_serve.sh BINARY [SECONDS]        (SECONDS per wrk run, default 5)
#
# Both engines decide the Cedar peer benchmark's five rules (tests/bench/cedar: policies.cedar for Cedar,
# policies/ sealed with `verify --seal` for grondslag) on requests from its seeded generator (model.js),
# converted to grondslag's contract (convert.js): the requests the Cedar model covers. Their decisions are
# checked to agree on 2,000 such requests over HTTP before anything is timed. The shipped statute set
# (policies/, sealed the same way) is also served to the corpus requests, for grondslag alone: Cedar has no
# translation of it.
#
# Modes, each a wrk run (one load thread, --latency) of SECONDS, POSTing to /v1/decide and rotating over
# request bodies held in a Lua table: keep-alive; a new connection per request (`Connection: close`); and
# keep-alive with NDJSON batches of 100 requests per POST (decisions/s = requests/s x 100); each on 1, 4 and
# 64 connections. The ratios are printed per connection count and best against best (a server's throughput
# is its best rate). grondslag runs with --threads 1 and 2 (the statute set with 2) and --max-waiting 256:
# with 64 connections closed and opened in turn, one closing still counts until it is gone, and the default
# bound (threads + 64) answers some new ones 503, the limit at work rather than the rate. Node runs one event loop
# (Cedar's calls are synchronous; there is no second thread to give it). Then the latency at half
# of each server's saturated keep-alive rate: wrk has no fixed-rate mode, so connections are paced with
# wrk's delay() hook (a mean pause per request, in whole milliseconds spread over the requests), calibrated
# until the measured rate is within 15 % of the target. All traffic on 127.0.0.1; every server is stopped
# on exit. Needs wrk (Debian: apt-get install -y wrk), node and npm (installs @cedar-policy/cedar-wasm into
# tests/bench/cedar/node_modules on first use, as tests/bench/cedar/run.sh does), curl and python3.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BINARY [SECONDS]" >&2; exit 2; }
bin=$(realpath "$1"); secs=${2:-5}
[[ "$secs" =~ ^[1-9][0-9]*$ ]] || { echo "$0: SECONDS is a whole number of seconds" >&2; exit 2; }
warm=$(( secs < 3 ? secs : 3 ))   # seconds of warm-up after each start: cedar-wasm needs ~2 s to tier up (bench.js)
root=$(cd "$(dirname "$0")/../.." && pwd)
peer=$root/tests/bench/cedar
command -v wrk > /dev/null || { echo "$0: needs wrk (apt-get install -y wrk)" >&2; exit 2; }
if [ ! -d "$peer/node_modules/@cedar-policy/cedar-wasm" ]; then
  (cd "$peer" && npm install --no-audit --no-fund --silent)
fi
dir=$(mktemp -d)
server_pid=""
alive() { local s; s=$(ps -o stat= -p "$server_pid" 2> /dev/null) && [ "${s#Z}" = "$s" ]; }   # not gone, not a zombie
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -TERM "$server_pid" 2> /dev/null || true
  for _ in $(seq 50); do alive || break; sleep 0.1; done
  kill -KILL "$server_pid" 2> /dev/null || true
  wait "$server_pid" 2> /dev/null || true
  server_pid=""
}
trap 'stop_server; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_ready() {   # URL: 200 from GET URL within 20 s, while the server lives
  for _ in $(seq 200); do
    alive || { echo "$0: the server exited; its stderr:" >&2; cat "$dir/server.err" >&2; exit 1; }
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "$0: $1 not ready after 20 s" >&2; exit 1
}
start_grondslag() {   # BUNDLE THREADS; sets url
  local port; port=$(free_port)
  "$bin" serve --bundle "$1" --listen "127.0.0.1:$port" --threads "$2" --max-waiting 256 2> "$dir/server.err" &
  server_pid=$!
  ready="http://127.0.0.1:$port/ready"; wait_ready "$ready"
  url="http://127.0.0.1:$port/v1/decide"
}
start_cedar() {   # sets url
  local port; port=$(free_port)
  node "$peer/server.js" "$port" 2> "$dir/server.err" &
  server_pid=$!
  ready="http://127.0.0.1:$port/ready"; wait_ready "$ready"
  url="http://127.0.0.1:$port/v1/decide"
}

# --- the policy sets and the request bodies ---------------------------------------------------------
"$bin" verify --policies "$peer/policies" --seal "$dir/peer.bundle" > /dev/null
"$bin" verify --policies "$root/policies" --seal "$dir/statute.bundle" > /dev/null
# 2,000 generated requests in the contract, one per line; the first 100 are the single-request bodies, the
# first 1,000 the ten NDJSON batches of 100.
(cd "$peer" && node -e '
const { generate } = require("./model"); const { toContract } = require("./convert");
process.stdout.write(generate(2000).map((r) => JSON.stringify(toContract(r))).join("\n") + "\n");') > "$dir/peer.ndjson"
python3 - "$root" "$dir" <<'PY'
import json, glob, sys
root, d = sys.argv[1], sys.argv[2]
peer = open(d + '/peer.ndjson').read().splitlines()
corpus = [json.dumps(c['request']) for f in sorted(glob.glob(root + '/corpus/*.json')) for c in json.load(open(f))['cases']]
def lua(name, content_type, bodies):
    for b in bodies:
        assert ']==]' not in b
    with open(f'{d}/{name}.lua', 'w') as o:
        o.write(f'content_type = "{content_type}"\nbodies = {{\n')
        o.writelines(f'[==[{b}]==],\n' for b in bodies)
        o.write('}\n')
lua('peer_single', 'application/json', peer[:100])
lua('peer_batch', 'application/x-ndjson', ['\n'.join(peer[k:k + 100]) + '\n' for k in range(0, 1000, 100)])
lua('statute_single', 'application/json', corpus)
batches = [corpus[k:k + 100] for k in range(0, len(corpus), 100)]
lua('statute_batch', 'application/x-ndjson', ['\n'.join(b) + '\n' for b in batches if len(b) == 100])
PY
cat > "$dir/common.lua" <<'LUA'
-- before this: close, pace_ms (nil: no pacing), content_type, bodies
local reqs, i = {}, 0
function init(args)
  for k, b in ipairs(bodies) do
    local h = { ["Content-Type"] = content_type }
    if close then h["Connection"] = "close" end
    reqs[k] = wrk.format("POST", nil, h, b)
  end
end
function request()
  i = i % #reqs + 1
  return reqs[i]
end
if pace_ms then
  local acc = 0
  function delay()   -- whole milliseconds, averaging pace_ms per request
    acc = acc + pace_ms
    local k = math.floor(acc)
    acc = acc - k
    return k
  end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.1f %.1f %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
LUA

# run_wrk BODIES CLOSE(true|false) CONNS SECONDS [PACE_MS]: sets n, dur_us, p50, p99 (µs), errs
run_wrk() {
  { echo "close = $2"; echo "pace_ms = ${5:-nil}"; cat "$dir/$1.lua" "$dir/common.lua"; } > "$dir/run.lua"
  wrk -t1 -c"$3" -d"$4"s --timeout 5s --latency -s "$dir/run.lua" "$url" > "$dir/wrk.out" 2>&1 \
    || { cat "$dir/wrk.out" >&2; exit 1; }
  read -r _ n dur_us p50 p99 errs < <(grep '^RESULT' "$dir/wrk.out") \
    || { echo "$0: no result from wrk:" >&2; cat "$dir/wrk.out" >&2; exit 1; }
  if [ "$errs" -gt 0 ]; then
    echo "$0: wrk counted $errs errors (connect, read, write, non-2xx, timeout):" >&2; cat "$dir/wrk.out" >&2
    curl -sf -o /dev/null "$ready" || { echo "$0: the server no longer answers; its stderr:" >&2; cat "$dir/server.err" >&2; exit 1; }
  fi
}
lat() { awk -v u="$1" 'BEGIN { if (u < 1000) printf "%.0f µs", u; else if (u < 1e6) printf "%.2f ms", u / 1000; else printf "%.2f s", u / 1e6 }'; }
declare -A dps
best() { local m=0 k; for k in "$@"; do m=$(awk -v a="$m" -v b="${dps[$k]}" 'BEGIN { print ((b > a) ? b : a) }'); done; echo "$m"; }
row() {   # SERVER MODE THREADS CONNS DECISIONS_PER_REQUEST KEY
  local rps dec
  rps=$(awk -v n="$n" -v d="$dur_us" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
  dec=$(awk -v r="$rps" -v k="$5" 'BEGIN { printf "%.0f", r * k }')
  dps[$6]=$dec
  printf "%-20s %-18s %7s %11s %12s %12s %10s %10s\n" "$1" "$2" "$3" "$4" "$rps" "$dec" "$(lat "$p50")" "$(lat "$p99")"
}
measure() {   # SERVER THREADS KEYPREFIX SET(peer|statute) [CONNS...]
  local server=$1 threads=$2 key=$3 set=$4; shift 4
  local conns=("$@"); [ ${#conns[@]} -gt 0 ] || conns=(1 4 64)
  run_wrk "${set}_single" false 1 "$warm"   # warm-up (JIT, wasm tier-up, page cache); not reported
  for c in "${conns[@]}"; do run_wrk "${set}_single" false "$c" "$secs"; row "$server" keep-alive "$threads" "$c" 1 "$key:ka:$c"; done
  for c in "${conns[@]}"; do run_wrk "${set}_single" true "$c" "$secs"; row "$server" "new connection" "$threads" "$c" 1 "$key:close:$c"; done
  for c in "${conns[@]}"; do run_wrk "${set}_batch" false "$c" "$secs"; row "$server" "NDJSON x 100" "$threads" "$c" 100 "$key:ndjson:$c"; done
}

# --- agreement, before anything is timed ---------------------------------------------------------------
post_all() { curl -sf -H 'Content-Type: application/x-ndjson' --data-binary @"$dir/peer.ndjson" "$url" > "$1"; }
start_grondslag "$dir/peer.bundle" 2; post_all "$dir/grondslag.answers"; stop_server
start_cedar; post_all "$dir/cedar.answers"; stop_server
python3 - "$dir/grondslag.answers" "$dir/cedar.answers" <<'PY' || { echo "$0: the engines disagree; nothing is timed" >&2; exit 1; }
import json, sys
g = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
c = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
dec = lambda a: 'error' if a.get('error') else [i['decision'] for i in a['items']]
bad = sum(dec(x) != dec(y) for x, y in zip(g, c)) + abs(len(g) - len(c))
permits = sum(dec(y) == ['permit'] for y in c)
print(f'agreement over HTTP on {len(c)} peer requests ({permits} permit): {len(c) - bad} equal, {bad} differ')
sys.exit(1 if bad or len(c) != 2000 else 0)
PY

# --- throughput ------------------------------------------------------------------------------------------
echo "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), node $(node --version)," \
  "cedar-wasm $(node -p 'require(process.argv[1]).getCedarSDKVersion()' "$peer/node_modules/@cedar-policy/cedar-wasm/nodejs"); ${secs} s per run;" \
  "commit $(git -C "$root" rev-parse --short HEAD)"
printf "%-20s %-18s %7s %11s %12s %12s %10s %10s\n" server mode threads connections "requests/s" "decisions/s" p50 p99
for t in 1 2; do
  start_grondslag "$dir/peer.bundle" "$t"; measure "grondslag" "$t" "g$t" peer; stop_server
done
start_cedar; measure "Cedar (Node)" 1 cedar peer; stop_server
start_grondslag "$dir/statute.bundle" 2; measure "grondslag, statute" 2 statute statute; stop_server

echo
echo "grondslag / Cedar, decisions/s (peer rules, same requests):"
printf "%-18s %11s %18s %18s\n" mode connections "grondslag -t 1" "grondslag -t 2"
for m in ka close ndjson; do
  for c in 1 4 64; do
    name=$(case $m in ka) echo keep-alive;; close) echo "new connection";; ndjson) echo "NDJSON x 100";; esac)
    printf "%-18s %11s %18s %18s\n" "$name" "$c" \
      "$(awk -v a="${dps[g1:$m:$c]}" -v b="${dps[cedar:$m:$c]}" 'BEGIN { printf "%.1fx", a / b }')" \
      "$(awk -v a="${dps[g2:$m:$c]}" -v b="${dps[cedar:$m:$c]}" 'BEGIN { printf "%.1fx", a / b }')"
  done
done
echo "best against best (each server's highest decisions/s over its rows of the mode):"
printf "%-18s %14s %14s %8s\n" mode grondslag Cedar ratio
for m in ka close ndjson; do
  name=$(case $m in ka) echo keep-alive;; close) echo "new connection";; ndjson) echo "NDJSON x 100";; esac)
  g=$(best g1:$m:1 g1:$m:4 g1:$m:64 g2:$m:1 g2:$m:4 g2:$m:64); c=$(best cedar:$m:1 cedar:$m:4 cedar:$m:64)
  printf "%-18s %14s %14s %8s\n" "$name" "$g" "$c" "$(awk -v a="$g" -v b="$c" 'BEGIN { printf "%.1fx", a / b }')"
done

# --- latency at half the saturated rate --------------------------------------------------------------------
# C = 8 connections, each pausing d ms (on average; wrk's delay() takes whole milliseconds, so a mean under
# 1 ms is a 1 ms pause after some of the requests) after each answer. A connection's period is then
# C*1000/rate ms: its pause plus the latency. grondslag runs one event loop per CPU (nproc threads): an open
# connection holds no thread.
# d starts from that formula; while the measured rate is not within 15 % of the target, the next d is the
# formula's correction (the pause the target needs over the pause measured: period less p50), or, once one
# d gave too high a rate and another too low, the midpoint of the two closest (at most 8 runs). More
# connections measured worse here, not better: the load generator shares the two cores. The calibration
# runs go to stderr.
half() {   # SERVER(grondslag|cedar) SATURATED_DECISIONS_PER_S
  local target c=8 d tries=0 rate within threads lo="" hi=""
  target=$(awk -v s="$2" 'BEGIN { printf "%.0f", s / 2 }')
  if [ "$1" = grondslag ]; then threads=$(nproc); start_grondslag "$dir/peer.bundle" "$threads"; else threads=1; start_cedar; fi
  d=$(awk -v c="$c" -v t="$target" 'BEGIN { d = c * 1000 / t - 0.1; printf "%.4f", (d > 0 ? d : 0) }')
  run_wrk peer_single false "$c" "$warm" "$d"   # warm-up
  while :; do
    tries=$((tries + 1))
    run_wrk peer_single false "$c" "$secs" "$d"
    rate=$(awk -v n="$n" -v u="$dur_us" 'BEGIN { printf "%.0f", n / (u / 1e6) }')
    echo "  calibration, $1: pause $d ms -> $rate requests/s (target $target)" >&2
    within=$(awk -v r="$rate" -v t="$target" 'BEGIN { print ((r > 0.85 * t && r < 1.15 * t) ? 1 : 0) }')
    [ "$within" = 1 ] || [ "$tries" -ge 8 ] && break
    if awk -v r="$rate" -v t="$target" 'BEGIN { exit !(r > t) }'; then lo=$d; else hi=$d; fi   # d too small / too large
    d=$(awk -v d="$d" -v c="$c" -v r="$rate" -v t="$target" -v l="$p50" -v lo="$lo" -v hi="$hi" 'BEGIN {
      if (lo != "" && hi != "") { printf "%.4f", (lo + hi) / 2; exit }
      want = c * 1000 / t - l / 1000; got = c * 1000 / (r > 0 ? r : 1) - l / 1000
      nd = (d > 0 && got > 0.001) ? d * want / got : d + want - got
      printf "%.4f", (nd > 0 ? nd : 0) }')
  done
  stop_server
  printf "%-20s %7s %11s %14s %12s %10s %5s %10s %10s%s\n" "$([ "$1" = grondslag ] && echo grondslag || echo "Cedar (Node)")" \
    "$threads" "$c" "$target" "$rate" "$d" "$tries" "$(lat "$p50")" "$(lat "$p99")" "$([ "$within" = 1 ] || echo "  (not within 15 %)")"
}
echo
echo "latency at about half the saturated keep-alive rate (the best of the keep-alive rows above), paced connections:"
printf "%-20s %7s %11s %14s %12s %10s %5s %10s %10s\n" server threads connections "target req/s" "requests/s" "pause ms" runs p50 p99
half grondslag "$(best g1:ka:1 g1:ka:4 g1:ka:64 g2:ka:1 g2:ka:4 g2:ka:64)"
half cedar "$(best cedar:ka:1 cedar:ka:4 cedar:ka:64)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
