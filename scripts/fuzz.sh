#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + fuzzer) and runs each
# for a fixed number of executions, seeded from policies/ and corpus/, one target at a time.
#   scripts/fuzz.sh [EXECUTIONS]     (default 10000000 per target)
# FUZZ_FLAGS adds libFuzzer options, e.g. FUZZ_FLAGS=-entropic=0 (docs/reliability.md: about
# 2.3x the executions per second for fuzz_policy, with a plainer choice of inputs to mutate).
# FUZZ_TARGETS picks targets (default "policy request format bundle lines typed modules serve lsp"). Each run's whole log is kept in
# build-fuzz/fuzz-TARGET.log. FUZZ_TIMEOUT (seconds, default 5) is libFuzzer's limit on one input, in wall
# time: a run at `nice 19` beside builds is starved for seconds at a time and wants 60.
# ASan runs with a lighter bookkeeping by default (no fill of new blocks, no allocation stacks, a
# 16 MB quarantine): every check stays on and fuzz_policy runs about 1.7x faster; replay a finding
# with ASAN_OPTIONS= to get the full allocation stacks. Set ASAN_OPTIONS to override.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10000000}
scripts/install-deps.sh
command -v clang++ > /dev/null || apt-get install -y -qq clang libclang-rt-14-dev
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DGRONDSLAG_FUZZ=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fsanitize=fuzzer-no-link" > build-fuzz.log 2>&1 \
  || { cat build-fuzz.log; exit 1; }
ninja -C build-fuzz fuzz_policy fuzz_request fuzz_format fuzz_bundle fuzz_lines fuzz_typed fuzz_modules fuzz_serve fuzz_lsp grondslag
mkdir -p build-fuzz/seeds/policy build-fuzz/seeds/request build-fuzz/seeds/bundle build-fuzz/seeds/lines build-fuzz/seeds/typed \
  build-fuzz/seeds/modules build-fuzz/seeds/serve build-fuzz/seeds/lsp \
  build-fuzz/crashes
cp policies/*.gsl examples/amsterdam/policies/*.gsl tests/golden/policies/*.gsl build-fuzz/seeds/policy/
# Request seeds: every request of the corpus, one per file; for fuzz_serve the same after four bytes
# (fuzz_serve.cpp: POST, /v1/decide or /v1/explain, JSON or NDJSON, a language).
python3 - <<'PY'
import json, glob, os
n = 0
for f in glob.glob('corpus/*.json') + glob.glob('examples/amsterdam/corpus/*.json'):
    for c in json.load(open(f))['cases']:
        text = json.dumps(c['request'])
        open(f'build-fuzz/seeds/request/{n}.json', 'w').write(text)
        open(f'build-fuzz/seeds/serve/{n}', 'wb').write(bytes([1, n % 2, n % 4 % 2, n % 3]) + text.encode())
        n += 1
PY
# Bundle seeds: sealed bundles of small sets, without their first line (the target adds the digest).
for set in tests/golden/policies tests/golden/explain_policies; do
  rm -f build-fuzz/seeds/bundle.tmp
  build-fuzz/engine/grondslag verify --policies "$set" --seal build-fuzz/seeds/bundle.tmp > /dev/null 2>&1 || true
  [ -f build-fuzz/seeds/bundle.tmp ] && tail -n +2 build-fuzz/seeds/bundle.tmp > "build-fuzz/seeds/bundle/$(basename "$set")"
done
rm -f build-fuzz/seeds/bundle.tmp
# Line seeds: three bytes (limit, read size, hashing; fuzz_lines.cpp), then NDJSON with a long line,
# a blank one and no final newline.
printf '\x10\x03\x01{"id":1}\n\n   \n{"id":2,"data":["x"]}\n%s\n{"id":3}' "$(head -c 300 /dev/zero | tr '\0' a)" \
  > build-fuzz/seeds/lines/ndjson
printf '\xff\xff\x00{}\n{}\n' > build-fuzz/seeds/lines/short
# Typed seeds: call sequences (fuzz_typed.cpp: a byte for the set, one for the call, then its arguments):
# a date, a rule aimed at, booleans set; and one with a consent record.
printf '\x01\x00\x07\x01\x08\x05\x01\x09\x00\x01\x01\x09\x01\x01\x01\x09\x02\x01' > build-fuzz/seeds/typed/aimed
printf '\x01\x00\x05\x01\x01\x00\x01\x01\x01\x01\x03\x00\x01\x04\x00\x00\x01\x06\x00\x02\x00\x01' > build-fuzz/seeds/typed/consent
# LSP seeds: framed messages after the target's own initialize (fuzz_lsp.cpp): a module opened with an
# error, changed, hovered, looked up, completed and formatted, then shutdown and exit.
python3 - <<'PY'
import json
def frame(m):
    b = json.dumps(m).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b
doc = "file:///nowhere/m.gsl"
text = 'module m rank wet\nprovision m.p law "X" article "1" bwb BWBR0009398 valid from 2020-01-01\n  says "Tekst ë." / "Text."\nrule m.r under m.p\n  permit onderdak\n  from dji to onbekend for dr_plan\n'
msgs = [{"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": doc, "languageId": "grondslag", "version": 1, "text": text}}},
        {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": doc, "version": 2}, "contentChanges": [{"text": text.replace("onbekend", "gemeente")}]}},
        {"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {"textDocument": {"uri": doc}, "position": {"line": 3, "character": 16}}},
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/definition", "params": {"textDocument": {"uri": doc}, "position": {"line": 5, "character": 6}}},
        {"jsonrpc": "2.0", "id": 3, "method": "textDocument/completion", "params": {"textDocument": {"uri": doc}, "position": {"line": 4, "character": 9}}},
        {"jsonrpc": "2.0", "id": 4, "method": "textDocument/formatting", "params": {"textDocument": {"uri": doc}, "options": {"tabSize": 2}}},
        {"jsonrpc": "2.0", "id": 5, "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"}]
open("build-fuzz/seeds/lsp/session", "wb").write(b"".join(frame(m) for m in msgs))
open("build-fuzz/seeds/lsp/hover", "wb").write(b"".join(frame(m) for m in msgs[1:2] + msgs[3:4]))
PY
# fuzz_format (grondslag fmt: no crash, same tokens, a fixed point) starts from the policy seeds.
export ASAN_OPTIONS=${ASAN_OPTIONS-max_malloc_fill_size=0:malloc_context_size=0:quarantine_size_mb=16}
# Module seeds: municipal modules (the Amsterdam example, the one that tries every breach of the
# hierarchy of norms, and one with an extension point), two joined by a "====" line.
cp examples/amsterdam/policies/*.gsl tests/golden/lex_superior_policies/*.gsl build-fuzz/seeds/modules/
printf 'module ext rank gemeentelijke_verordening\nactor thuiszorg in zorgaanbieder\nextend purpose zorg recipients thuiszorg\n====\nmodule conv rank convenant\nprovision conv.p law "C" article "1" cvdr CVDR1 valid from 2020-01-01\nrule conv.r under conv.p permit zorgtraject from dji to gemeente for zorg when explicit consent basis avg.6.1.a, avg.9.2.a except avg.9.1\n' \
  > build-fuzz/seeds/modules/extension
# ... and one that tries a phase of a national purpose and a duty towards the person to lift national forbids.
printf 'module gem rank gemeentelijke_verordening\nprovision gem.p law "V" article "3" cvdr CVDR1 valid from 2025-03-01\nrule gem.r under gem.p permit medisch from ggd to zvh for zvh phase verzameling basis avg.6.1.e, wgs.2.29.1 except avg.9.1, wgs.2.31.1.registratiegegevens inform under gem.p\n' \
  > build-fuzz/seeds/modules/phase
# A dictionary for fuzz_modules: every national name (module, rule, ground, provision, actor, category,
# purpose, fact) and every word of the language, so that mutation can name any national module and so
# load it beside the input (fuzz_modules.cpp).
python3 - <<'PY'
import glob, re
words = set()
for f in sorted(glob.glob('policies/*.gsl')):
    for line in open(f, encoding='utf-8'):
        line = re.sub(r'"(?:[^"\\]|\\.)*"', ' ', line.split('#', 1)[0])
        words.update(re.findall(r'[a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*', line))
with open('build-fuzz/seeds/modules.dict', 'w') as out:
    for w in sorted(words):
        out.write(f'"{w}"\n')
PY
for target in ${FUZZ_TARGETS:-policy request format bundle lines typed modules serve lsp}; do
  seeds=$target; [ "$target" = format ] && seeds=policy
  max_len=4096; [ "$target" = bundle ] && max_len=65536   # a sealed bundle of the golden set is ~16 KB
  dict=(); [ "$target" = modules ] && dict=(-dict=build-fuzz/seeds/modules.dict)
  mkdir -p build-fuzz/corpus-$target
  echo "== fuzz_$target: $runs executions"
  # shellcheck disable=SC2086
  build-fuzz/tests/fuzz/fuzz_$target -runs="$runs" -max_len=$max_len -timeout="${FUZZ_TIMEOUT:-5}" -rss_limit_mb=2048 -print_final_stats=1 \
    "${dict[@]}" ${FUZZ_FLAGS:-} -artifact_prefix=build-fuzz/crashes/ build-fuzz/corpus-$target build-fuzz/seeds/$seeds > build-fuzz/fuzz-$target.log 2>&1 \
    || echo "fuzz_$target stopped on a finding (build-fuzz/crashes/)"
  tail -14 build-fuzz/fuzz-$target.log
done
