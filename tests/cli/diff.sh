#!/usr/bin/env bash
# grondslag diff from the command line: every output format, the --fail-on exit codes, the error
# exits, and the git-revision wrapper (scripts/diff-revisions.sh) on a throw-away repository.
#   diff.sh GRONDSLAG PROJECT_DIR
set -u
bin=$(realpath "$1"); root=$(realpath "$2")
old=$root/tests/golden/policies; new=$root/tests/golden/diff_policies
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures+1)); }
expect_exit() {  # expected, description, command...
  local want=$1 what=$2; shift 2
  "$@" > "$work/out" 2> "$work/err"; local got=$?
  [ "$got" = "$want" ] || { fail "$what: exit $got, expected $want"; cat "$work/err"; }
}

# A module that declares a new request fact (the Amsterdam example): only what the module changes, not every
# request that gives the fact; the fact listed as a change of vocabulary; each witness reproduced on both.
start=$(date +%s%N)
expect_exit 1 "a module with a new fact" "$bin" diff "$root/policies" "$root/policies" --new-module "$root/examples/amsterdam/policies" --json
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "diff of the statute set with and without the Amsterdam module: ${elapsed_ms} ms"
python3 - "$work/out" <<'PY' || fail "a module with a new fact: report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r['complete'] is True, r['unknown']
assert r['facts'] == {'added': ['pgdt_opgenomen'], 'removed': []}, r['facts']
rules = {g['new']['rule'] for g in r['groups']}
assert rules == {'amsterdam.pgdt.intern', 'amsterdam.pgdt.reclassering'}, rules
assert r['summary']['widen'] == 14 and r['summary']['narrow'] == 0 and r['summary']['change'] == 0, r['summary']
assert all(c['reproduced'] and c['open_ended'] for g in r['groups'] for c in g['regions'])
PY

expect_exit 1 "changes, --fail-on any" "$bin" diff "$old" "$new" --json --sarif "$work/r.sarif" --sarif-root "$(dirname "$new")" --junit "$work/r.xml" --markdown "$work/r.md"
python3 - "$work" <<'PY' || fail "report contents"
import json, sys, xml.etree.ElementTree as ET
w = sys.argv[1]
r = json.load(open(w + '/out'))
assert r['summary']['widen'] == 2 and r['summary']['narrow'] == 18 and r['summary']['change'] == 0, r['summary']
assert r['complete'] is True and r['proof'] is False
assert r['rules']['renamed'] == [{'old': 'golden.consent', 'new': 'golden.toestemming'}], r['rules']
assert sorted(r['rules']['edited']) == ['golden.51c', 'golden.pm20d']
assert all(c['reproduced'] for g in r['groups'] for c in g['regions'])
widen = [g for g in r['groups'] if g['transition'] == 'widen'][0]
assert widen['new']['rule'] == 'golden.51c' and widen['old']['rule'] == 'golden.avg10'
assert {c['first_date'] for c in widen['regions']} == {'2019-01-01'}
s = json.load(open(w + '/r.sarif'))
assert s['version'] == '2.1.0' and len(s['runs'][0]['results']) == 20
assert all(x['level'] == 'error' for x in s['runs'][0]['results'])
# The tool names its version; files are repository paths under SRCROOT, never this machine's folders.
driver = s['runs'][0]['tool']['driver']
assert driver['name'] == 'grondslag diff' and driver['version'], driver
for x in s['runs'][0]['results']:
    for l in x.get('locations', []):
        a = l['physicalLocation']['artifactLocation']
        assert a.get('uriBaseId') == 'SRCROOT' and not a['uri'].startswith('/') and '..' not in a['uri'], a
j = ET.parse(w + '/r.xml').getroot()
assert j.tag == 'testsuite' and j.get('tests') == '3' and j.get('failures') == '2', j.attrib
m = open(w + '/r.md').read()
assert '| deny → permit (widen) | 2 |' in m and '| permit → deny (narrow) | 18 |' in m and 'golden.toestemming' in m
PY
expect_exit 1 "--fail-on widen with a widening" "$bin" diff "$old" "$new" --fail-on widen --junit "$work/w.xml"
grep -q 'failures="1"' "$work/w.xml" || fail "--fail-on widen: JUnit should fail the widening group only"
expect_exit 0 "--fail-on none" "$bin" diff "$old" "$new" --fail-on none
grep -q "20 region(s): 2 widen, 18 narrow, 0 change (complete)" "$work/out" || fail "--fail-on none still reports the regions"
# Only narrowing: --fail-on widen passes.
mkdir -p "$work/narrow"; sed 's/valid from 2021-07-01$/valid from 2022-01-01/' "$old/golden.gsl" > "$work/narrow/golden.gsl"
expect_exit 0 "narrowing only, --fail-on widen" "$bin" diff "$old" "$work/narrow" --fail-on widen
expect_exit 1 "narrowing only, --fail-on any" "$bin" diff "$old" "$work/narrow"
expect_exit 0 "identical sets" "$bin" diff "$old" "$old" --json
python3 -c "import json,sys; r=json.load(open('$work/out')); assert r['proof'] is True and r['summary']['regions'] == 0" || fail "identical: proof"
expect_exit 2 "a set with errors" "$bin" diff "$old" "$root/tests/golden/bad_policies"
grep -q "policy set has errors; nothing is compared" "$work/err" || fail "error message for a broken set"
touch "$work/a-file"
expect_exit 2 "unwritable report" "$bin" diff "$old" "$new" --sarif "$work/a-file/r.sarif"
grep -q "cannot write $work/a-file/r.sarif" "$work/err" || fail "error message for an unwritable report"
expect_exit 3 "region limit" "$bin" diff "$old" "$work/narrow" --max-regions 1 --fail-on widen
grep -q "INCOMPLETE" "$work/out" || fail "a cut enumeration says INCOMPLETE"
expect_exit 2 "bad --fail-on" "$bin" diff "$old" "$new" --fail-on sometimes

# The git wrapper on a throw-away repository holding the golden set as policies/.
repo=$work/repo; mkdir -p "$repo/policies"
cp "$old/golden.gsl" "$repo/policies/"
git -C "$repo" init -q && git -C "$repo" -c user.name=t -c user.email=t@t add policies \
  && git -C "$repo" -c user.name=t -c user.email=t@t commit -qm base || fail "git setup"
cp "$new/golden.gsl" "$repo/policies/golden.gsl"
(cd "$repo" && "$root/scripts/diff-revisions.sh" --bin "$bin" HEAD -- --fail-on widen) > "$work/out" 2>&1
[ $? = 1 ] || fail "wrapper: working tree against HEAD should fail on the widening"
grep -q "(working tree)\|-> working tree" "$work/out" || fail "wrapper: the new side is labelled 'working tree'"
git -C "$repo" -c user.name=t -c user.email=t@t commit -qam edit
(cd "$repo" && "$root/scripts/diff-revisions.sh" --bin "$bin" HEAD~1 HEAD -- --json) > "$work/out" 2>&1
python3 -c "import json; r=json.load(open('$work/out')); assert r['old']['label']=='HEAD~1' and r['summary']['widen']==2" || fail "wrapper: revision against revision"
(cd "$repo" && "$root/scripts/diff-revisions.sh" --bin "$bin" no-such-revision) > "$work/out" 2>&1
[ $? = 2 ] || fail "wrapper: an unknown revision is an input error"

echo "diff CLI: $failures failure(s)"
[ $failures = 0 ]
