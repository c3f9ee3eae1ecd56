#!/usr/bin/env bash
# The layer rules of docs/architecture.md, checked on what the compiler actually includes (every
# translation unit of engine/ in compile_commands.json, preprocessed with -M):
# - every unit of a stage (a folder of engine/src) includes only headers of its own stage and of the
#   stages below it, as engine/CMakeLists.txt lists them (BUILD_DIR/grondslag_stages.txt), so a
#   relative include cannot go around the build's include paths;
# - the stage table itself keeps the pipeline's order: the compiled form (ir) and the decision path
#   (decide) see no syntax tree, checker, explainer or prover; no stage but prove sees the prover;
# - the compiled form (ir/) carries no answer JSON;
# - the decision path (decode, evaluate, answer) includes no syntax tree, grammar, checker, explainer,
#   prover, Z3 or nlohmann/json header;
# - only the prover stage (engine/src/prove) includes z3++.h;
# - the command line and the server include only the public headers (engine/include/grondslag/) and their own;
# - the public headers name no internal type (ir::, ast::);
# - every unit that includes simdjson.h has the package's SIMDJSON_THREADS_ENABLED (one layout);
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

# The stages and the folders each may include (its own first), as CMake wrote them.
stages = {}
for line in open(os.path.join(os.path.dirname(commands), 'grondslag_stages.txt')):
    stage_name, _, dirs = line.strip().partition(':')
    if stage_name:
        stages[stage_name] = [os.path.relpath(os.path.realpath(d), src + '/engine/src') for d in dirs.split(';')]
folders = {d for d in os.listdir(src + '/engine/src') if os.path.isdir(os.path.join(src, 'engine/src', d))}

def stage_of(path):
    """The stage folder of a file under engine/src, or None."""
    r = os.path.relpath(path, src + '/engine/src')
    return None if r.startswith('..') or '/' not in r else r.split('/')[0]

decision_path = {'engine/src/decide/request.cpp', 'engine/src/decide/evaluator.cpp', 'engine/src/decide/answer.cpp'}
never_below = {'ir': {'syntax', 'check', 'decide', 'explain', 'prove', 'policies', 'api'},
               'decide': {'syntax', 'check', 'explain', 'prove', 'policies', 'api', 'docgen'},
               'syntax': {'ir', 'check'}}
for stage, forbidden in never_below.items():
    for f in sorted(forbidden & set(stages.get(stage, []))):
        print('FAIL', f"the stage {stage} may include the stage {f} (engine/CMakeLists.txt)")
        sys.exit(1)
for stage, dirs in stages.items():
    if stage != 'prove' and 'prove' in dirs:
        print('FAIL', f"the stage {stage} may include the prover (engine/CMakeLists.txt)")
        sys.exit(1)
if set(stages) != folders:
    print('FAIL', f"folders of engine/src without a stage, or stages without a folder: {sorted(set(stages) ^ folders)}")
    sys.exit(1)
not_on_the_decision_path = {'syntax', 'check', 'explain', 'prove', 'policies', 'api'}
public_not_on_the_decision_path = {src + '/engine/include/grondslag/' + h for h in ('explain.hpp', 'diff.hpp', 'verify.hpp')}
prover = {'engine/src/prove/' + f for f in os.listdir(src + '/engine/src/prove') if f.endswith('.cpp')}
seen_decision_path = set()
for unit, deps in graph.items():
    stage = stage_of(src + '/' + unit)
    if stage is not None:
        allowed = set(stages.get(stage, []))
        forbid(unit, deps, f'the stage {stage} includes only {", ".join(sorted(allowed))}',
               lambda d: stage_of(d) is not None and stage_of(d) not in allowed)
    if unit in decision_path:
        seen_decision_path.add(unit)
        forbid(unit, deps, 'the decision path', lambda d: stage_of(d) in not_on_the_decision_path
               or d in public_not_on_the_decision_path or name(d) == 'z3++.h'
               or '/nlohmann/' in d or '/tao/pegtl' in d or d.startswith(src + '/grammar/'))
    if unit not in prover:
        forbid(unit, deps, 'only the prover includes Z3', lambda d: name(d) == 'z3++.h')
    if unit.startswith('engine/cli/') or unit.startswith('engine/server/'):
        forbid(unit, deps, 'the CLI and the server include only public headers',
               lambda d: d.startswith(src + '/engine/src/') or d.startswith(src + '/grammar/'))
# simdjson's layout depends on SIMDJSON_THREADS_ENABLED: every unit that includes it is compiled with the
# package's definition, or two units would disagree about one type.
for e in units:
    unit = os.path.relpath(os.path.realpath(e['file']), src)
    if any(name(d) == 'simdjson.h' for d in graph.get(unit, [])) and '-DSIMDJSON_THREADS_ENABLED=1' not in e['command']:
        failures.append(f"{unit} includes simdjson.h without the package's SIMDJSON_THREADS_ENABLED")

if seen_decision_path != decision_path:
    failures.append(f"decision path units not found in {commands}: {sorted(decision_path - seen_decision_path)}")

# ir.hpp on its own: a unit of one line, preprocessed with the flags of a unit that may see the syntax tree.
probe = next(e for e in units if e['file'].endswith('engine/src/check/compiler.cpp'))
r = subprocess.run(compiler_flags(probe, keep_source=False) + ['-M', '-x', 'c++', '-'], input='#include "ir.hpp"\n', cwd=probe['directory'],
                   capture_output=True, text=True)
if r.returncode != 0:
    failures.append(f"cannot preprocess ir.hpp alone: {r.stderr[:300]}")
for d in r.stdout.replace('\\\n', ' ').split()[1:]:
    d = os.path.realpath(d)
    if stage_of(d) in ('syntax', 'check') or '/tao/pegtl' in d:
        failures.append(f"engine/src/ir/ir.hpp includes {rel(d)} (the compiled form has no syntax tree)")

# The compiled form carries no answer JSON: the answer's texts are made by decide/ (AnswerFragments).
for f in sorted(os.listdir(src + '/engine/src/ir')):
    for n, line in enumerate(open(os.path.join(src, 'engine/src/ir', f), encoding='utf-8'), 1):
        code = line.split('//')[0]
        if '_json' in code or 'json_text' in code or 'nlohmann' in code:
            failures.append(f"engine/src/ir/{f}:{n}: the compiled form carries answer JSON")

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
