#!/usr/bin/env bash
# The layer rules of docs/architecture.md, checked on what the compiler actually includes (every
# translation unit of engine/ in compile_commands.json, preprocessed with -M):
# - the decision path (decode, evaluate, answer) includes no syntax tree, grammar, checker, explainer,
#   prover, Z3 or nlohmann/json header;
# - the compiled form (ir.hpp) includes no syntax tree;
# - only the prover (verifier, diff, the Z3 side of the CLI) includes z3++.h;
# - the command line includes only the public headers (engine/include/grondslag/) and its own;
# - the public headers name no internal type (ir::, ast::);
# - exit codes are defined once (engine/include/grondslag/exit_code.hpp).
#   tests/layers.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$(cd "$2" && pwd)
python3 - "$build/compile_commands.json" "$src" <<'PY'
import json, os, shlex, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

commands, src = sys.argv[1], sys.argv[2]
units = [e for e in json.load(open(commands)) if os.path.realpath(e['file']).startswith(src + '/engine/')]

def compiler_flags(entry, keep_source=True):
    """The unit's compile command without -c, -o FILE (and the source file, when not kept)."""
    out, skip = [], False
    for a in shlex.split(entry['command']):
        if skip:
            skip = False
        elif a == '-o':
            skip = True
        elif a != '-c' and (keep_source or a != entry['file']):
            out.append(a)
    return out

def includes(entry):
    r = subprocess.run(compiler_flags(entry) + ['-M'], cwd=entry['directory'], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"cannot preprocess {entry['file']}: {r.stderr[:500]}")
    deps = r.stdout.replace('\\\n', ' ').split()[1:]
    return os.path.relpath(os.path.realpath(entry['file']), src), [os.path.realpath(d) for d in deps]

with ThreadPoolExecutor(max_workers=2) as pool:
    graph = dict(pool.map(includes, units))
failures = []

def rel(path):
    return os.path.relpath(path, src) if path.startswith(src + '/') else path

def forbid(unit, deps, what, test):
    for d in deps:
        if test(d):
            failures.append(f"{unit} includes {rel(d)} ({what})")

def name(d):
    return os.path.basename(d)

decision_path = {'engine/src/request.cpp', 'engine/src/evaluator.cpp', 'engine/src/answer.cpp'}
not_on_the_decision_path = {src + '/engine/src/' + h for h in ('ast.hpp', 'parser.hpp', 'compiler.hpp', 'legal_order.hpp',
                                                               'explain_internal.hpp', 'verifier.hpp')}
not_on_the_decision_path |= {src + '/engine/include/grondslag/' + h for h in ('explain.hpp', 'diff.hpp', 'verify.hpp')}
prover = {'engine/src/verifier.cpp', 'engine/src/diff.cpp', 'engine/cli/proofs_z3.cpp'}
seen_decision_path = set()
for unit, deps in graph.items():
    if unit in decision_path:
        seen_decision_path.add(unit)
        forbid(unit, deps, 'the decision path', lambda d: d in not_on_the_decision_path or name(d) == 'z3++.h'
               or '/nlohmann/' in d or '/tao/pegtl' in d or d.startswith(src + '/grammar/'))
    if unit not in prover:
        forbid(unit, deps, 'only the prover includes Z3', lambda d: name(d) == 'z3++.h')
    if unit.startswith('engine/cli/'):
        forbid(unit, deps, 'the CLI includes only public headers',
               lambda d: d.startswith(src + '/engine/src/') or d.startswith(src + '/grammar/'))
if seen_decision_path != decision_path:
    failures.append(f"decision path units not found in {commands}: {sorted(decision_path - seen_decision_path)}")

# ir.hpp on its own: a unit of one line, preprocessed with the engine's flags.
probe = next(e for e in units if e['file'].endswith('engine/src/evaluator.cpp'))
r = subprocess.run(compiler_flags(probe, keep_source=False) + ['-M', '-x', 'c++', '-'], input='#include "ir.hpp"\n', cwd=probe['directory'],
                   capture_output=True, text=True)
if r.returncode != 0:
    failures.append(f"cannot preprocess ir.hpp alone: {r.stderr[:300]}")
for d in r.stdout.replace('\\\n', ' ').split()[1:]:
    d = os.path.realpath(d)
    if d in (src + '/engine/src/ast.hpp', src + '/engine/src/parser.hpp') or '/tao/pegtl' in d:
        failures.append(f"engine/src/ir.hpp includes {rel(d)} (the compiled form has no syntax tree)")

# The public API names no internal type: no ir:: or ast:: in engine/include.
for root, _, files in os.walk(src + '/engine/include'):
    for f in files:
        path = os.path.join(root, f)
        for n, line in enumerate(open(path, encoding='utf-8'), 1):
            if 'ir::' in line or 'ast::' in line or 'namespace ir' in line or 'namespace ast' in line:
                failures.append(f"{rel(path)}:{n}: the public API names an internal type")

# Exit codes: one definition.
for root, _, files in os.walk(src + '/engine'):
    for f in files:
        path = os.path.join(root, f)
        if f.endswith(('.cpp', '.hpp')) and not path.endswith('grondslag/exit_code.hpp'):
            for n, line in enumerate(open(path, encoding='utf-8'), 1):
                if 'constexpr int exit_' in line:
                    failures.append(f"{rel(path)}:{n}: an exit code defined outside exit_code.hpp")

for f in failures:
    print('FAIL', f)
print(f"layers: {len(graph)} translation units, {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
PY
