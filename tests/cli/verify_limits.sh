#!/usr/bin/env bash
# Z3's limits: a check that runs out of time or memory is "unknown", exit 3,
# never a pass; and decide refuses to serve a set whose verification ended unknown.
set -uo pipefail
bin=$1; policies=$2
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
passed=0; failed=0
expect() { if [ "$2" = "$3" ]; then passed=$((passed+1)); else echo "FAIL: $1: exit $2, expected $3"; failed=$((failed+1)); fi; }
"$bin" verify --policies "$policies" --memory 1 > /dev/null 2>&1; expect "memory limit" $? 3
"$bin" verify --policies "$policies" --timeout 1 > /dev/null 2>&1; expect "timeout" $? 3
"$bin" verify --policies "$policies" --timeout 1 --json > $dir/verify_limits.json 2>/dev/null
python3 - $dir/verify_limits.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r['exit_code'] == 3 and r['unknown'], r.get('exit_code')
assert all(u['reason'] for u in r['unknown'])
PY
expect "unknown reported with Z3's reason in --json" $? 0
echo '{"date":"2022-03-10","sender":"dji","recipient":"gemeente","purpose":"dr_plan","data":["onderdak"]}' > $dir/verify_limits_req.json
"$bin" decide --policies "$policies" --timeout 1 $dir/verify_limits_req.json > $dir/verify_limits_out 2>/dev/null; expect "decide after an unknown verification" $? 2
[ ! -s $dir/verify_limits_out ] && passed=$((passed+1)) || { echo "FAIL: decide answered"; failed=$((failed+1)); }
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
