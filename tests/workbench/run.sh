#!/usr/bin/env bash
# The browser workbench (engine/server/workbench/) in Debian's chromium: seals the shipped policies,
# starts `grondslag serve` on a free port (and a second one with --token-file), makes a diff report with
# the CLI, and runs workbench_test.js (puppeteer-core and axe-core, installed with npm into this folder
# on first use; node_modules is never committed). One ok/FAIL line per check; exit 1 on any failure,
# 77 (skipped) when chromium is not installed.
#   tests/workbench/run.sh [--dev] [--screenshots DIR] GRONDSLAG_BINARY SOURCE_DIR
# --dev: the page is served by dev_server.js (the files of SOURCE_DIR/engine/server/workbench, with the
# server's Content-Security-Policy) in front of `grondslag serve`; without it, by `grondslag serve` itself.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
dev=0
screenshots=
args=()
while [ $# -gt 0 ]; do
  case $1 in
    --dev) dev=1 ;;
    --screenshots) screenshots=$2; shift ;;
    --screenshots=*) screenshots=${1#--screenshots=} ;;
    *) args+=("$1") ;;
  esac
  shift
done
if [ ${#args[@]} -ne 2 ]; then
  echo "usage: $0 [--dev] [--screenshots DIR] GRONDSLAG_BINARY SOURCE_DIR" >&2
  exit 2
fi
bin=$(cd "$(dirname "${args[0]}")" && pwd)/$(basename "${args[0]}")
src=$(cd "${args[1]}" && pwd)
# The script works in a folder of its own: a relative screenshot folder is the caller's.
[ -z "$screenshots" ] || screenshots=$(realpath -m "$screenshots")

chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
  echo "SKIP: chromium is not installed (scripts/install-deps.sh installs it)"
  exit 77
fi
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  echo "FAIL: node and npm are needed (scripts/install-deps.sh installs them)"
  exit 1
fi
if [ ! -f "$HERE/node_modules/.installed" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.installed" ]; then
  (cd "$HERE" && timeout 600 npm ci --no-audit --no-fund --silent) || { echo "FAIL: npm ci in $HERE"; exit 1; }
  touch "$HERE/node_modules/.installed"
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2> /dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# wait_for_line FILE PATTERN SECONDS: prints the first line of FILE matching PATTERN, or fails.
wait_for_line() {
  local deadline=$((SECONDS + $3)) line
  while [ $SECONDS -lt $deadline ]; do
    line=$(grep -m1 -o -E "$2" "$1" 2> /dev/null | head -1) && [ -n "$line" ] && { echo "$line"; return 0; }
    sleep 0.2
  done
  return 1
}

# start_server NAME ARGS...: grondslag serve on a free port (port 0); sets $url.
start_server() {
  local name=$1
  shift
  "$bin" serve --bundle "$work/set.bundle" --listen 127.0.0.1:0 "$@" 2> "$work/$name.log" &
  pids+=($!)
  url=$(wait_for_line "$work/$name.log" 'http://127\.0\.0\.1:[0-9]+' 20) || { echo "FAIL: $name did not start:"; cat "$work/$name.log"; exit 1; }
  local deadline=$((SECONDS + 20))
  until curl -sf --max-time 2 "$url/ready" > /dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "FAIL: $name at $url is not ready"; cat "$work/$name.log"; exit 1; }
    sleep 0.2
  done
}

# start_dev NAME BACKEND: the dev server in front of BACKEND on a free port; sets $url.
start_dev() {
  node "$HERE/dev_server.js" --root "$src/engine/server/workbench" --backend "$2" --listen 127.0.0.1:0 > "$work/$1.log" 2>&1 &
  pids+=($!)
  url=$(wait_for_line "$work/$1.log" 'http://127\.0\.0\.1:[0-9]+' 20) || { echo "FAIL: the dev server did not start:"; cat "$work/$1.log"; exit 1; }
}

cd "$work" || exit 1
if ! timeout 300 "$bin" verify --policies "$src/policies" --seal "$work/set.bundle" > "$work/verify.log" 2>&1; then
  echo "FAIL: grondslag verify --seal"; tail -5 "$work/verify.log"; exit 1
fi
timeout 300 "$bin" diff "$src/policies" "$src/policies" --new-module "$src/examples/amsterdam/policies" --json > "$work/diff.json" 2> "$work/diff.log"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
  echo "FAIL: grondslag diff --json exit $rc"; tail -5 "$work/diff.log"; exit 1
fi
head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$work/tokens"

start_server serve --corpus "$src/corpus"
api=$url
start_server serve-token --token-file "$work/tokens"
token_api=$url
if [ $dev -eq 1 ]; then
  start_dev dev "$api"
  page=$url
  start_dev dev-token "$token_api"
  token_page=$url
else
  page=$api
  token_page=$token_api
fi
echo "page on $page (API $api)$([ $dev -eq 1 ] && echo ', dev server')"

timeout 360 node "$HERE/workbench_test.js" --url "$page" --diff "$work/diff.json" --source "$src" --chromium "$chrome" \
  --token-url "$token_page" --token-file "$work/tokens" ${screenshots:+--screenshots "$screenshots"}
status=$?
[ $status -eq 124 ] && echo "FAIL: the browser test did not finish within 360 s"
exit $([ $status -eq 0 ] && echo 0 || echo 1)
