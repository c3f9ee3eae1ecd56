'use strict';
// Every performance figure of docs/performance.md in one run and one table (scripts/bench.sh calls this).
//
//   node all.js --build DIR [N] [--runs R] [--no-scale] [--cold-runs C] [--keep DIR]
//
// Nothing is hard-coded: every value in the table is measured in this run.
//  1. grondslag beside Cedar on the same N requests (cedar/run.js, as a child):
//     Cedar A and C, grondslag typed API, evaluator and decide_json in-process, the CLI with
//     --policies and with --bundle; medians of R runs; ratio against Cedar's best.
//     With the scaling sets of 10..10,000 rules (cedar/scale.js) unless --no-scale.
//  2. The shipped statute set (policies/), N requests of bench_decide: evaluator and
//     decide_json in-process on one core, and the CLI (`decide --bundle`) against a
//     process that only parses the same NDJSON lines with simdjson; medians of R runs.
//  3. Peak RSS of `grondslag decide --bundle` over those N requests (wait4's ru_maxrss).
//  4. One decision in a cold process from a sealed bundle of the statute set, median of
//     C fresh processes (default 20): `grondslag decide --bundle` (the CLI; it loads no Z3),
//     `grondslag-prove decide --bundle` (the same CLI with Z3 linked) and `cold_decide`
//     (grondslag_engine only, no CLI); all must give the same answer.
//  5. Cost against the number of data items per request: 1, 2, 4, 8, 16 distinct items
//     (bench_decide --items K --no-cli), in-process.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const HERE = __dirname;
const ROOT = path.resolve(HERE, '..', '..');
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const flag = (name) => args.includes(name);
const optValues = new Set(['--runs', '--build', '--cold-runs', '--keep'].map((o) => opt(o, null)).filter(Boolean));
const N = parseInt(args.find((a) => /^\d+$/.test(a) && !optValues.has(a)) || '50000', 10);
const RUNS = parseInt(opt('--runs', '3'), 10);
const COLD_RUNS = parseInt(opt('--cold-runs', '20'), 10);
const BUILD = path.resolve(opt('--build', path.join(ROOT, 'build-bench')));
const BIN = {
  grondslag: path.join(BUILD, 'engine', 'grondslag'),
  prover: path.join(BUILD, 'engine', 'grondslag-prove'),   // built with grondslag
  benchDecide: path.join(BUILD, 'tests', 'bench', 'bench_decide'),
  benchPeer: path.join(BUILD, 'tests', 'bench', 'bench_peer'),
  coldDecide: path.join(BUILD, 'tests', 'bench', 'cold_decide'),
};
const POLICIES = path.join(ROOT, 'policies');
const COLD_REQUEST = path.join(ROOT, 'examples', 'dr_plan_partial.json');
const WORK = opt('--keep', null) || fs.mkdtempSync(path.join(os.tmpdir(), 'grondslag-bench-all-'));
fs.mkdirSync(WORK, { recursive: true });
const ITEMS = [1, 2, 4, 8, 16];

const sh = (cmd) => { try { return execFileSync('sh', ['-c', cmd], { encoding: 'utf8' }).trim(); } catch { return '?'; } };
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const note = (s) => process.stderr.write(s + '\n');
const json = (bin, a) => JSON.parse(execFileSync(bin, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
const fmt = (x, digits) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const us = (x) => fmt(x, x < 0.1 ? 4 : x < 10 ? 3 : 1);
const perSec = (microseconds) => fmt(1e6 / microseconds, 0);

function machine() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const cpu = (cpuinfo.match(/^model name\s*:\s*(.*)$/m) || [, '?'])[1];
  const mhz = (cpuinfo.match(/^cpu MHz\s*:\s*(.*)$/m) || [, '?'])[1];
  const mem = (fs.readFileSync('/proc/meminfo', 'utf8').match(/^MemTotal:\s*(\d+)/m) || [, 0])[1];
  const commit = sh(`git -C ${ROOT} rev-parse --short HEAD`);
  const dirty = sh(`git -C ${ROOT} status --porcelain -- engine grammar tests/bench policies | head -1`);
  return {
    cpu, mhz, cores: os.cpus().length, memGiB: (mem / 1048576).toFixed(1),
    os: sh('. /etc/os-release && echo "$PRETTY_NAME"'), kernel: os.release(),
    compiler: sh(`"$(grep -m1 '^CMAKE_CXX_COMPILER:' ${BUILD}/CMakeCache.txt | cut -d= -f2)" --version | head -1`),
    buildType: sh(`grep -m1 '^CMAKE_BUILD_TYPE:' ${BUILD}/CMakeCache.txt | cut -d= -f2`),
    commit: commit + (dirty ? ' (with uncommitted changes under engine/, grammar/, tests/bench/ or policies/)' : ''),
    node: process.version,
  };
}

// 1. Cedar beside grondslag (and the scaling sets), through cedar/run.js.
function peer() {
  const dir = path.join(WORK, 'peer');
  fs.mkdirSync(dir, { recursive: true });
  const a = [path.join(HERE, 'cedar', 'run.js'), String(N), '--runs', String(RUNS), '--keep', dir,
    '--grondslag', BIN.grondslag, '--bench-peer', BIN.benchPeer];
  if (!flag('--no-scale')) a.push('--scale');
  note(`[1/5] grondslag beside Cedar, N=${N}${flag('--no-scale') ? '' : ', then 10..10,000 rules'} (output: ${dir}/run.log)`);
  const log = fs.openSync(path.join(dir, 'run.log'), 'w');
  execFileSync(process.execPath, a, { stdio: ['ignore', log, 'inherit'] });
  fs.closeSync(log);
  const results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
  const agreement = (fs.readFileSync(path.join(dir, 'run.log'), 'utf8').match(/^agreement: .*$/m) || ['?'])[0];
  const scale = flag('--no-scale') ? null : JSON.parse(fs.readFileSync(path.join(dir, 'scale.json'), 'utf8'));
  return { results, agreement, scale, cedarVersion: results.machine.cedar };
}

// 2. The statute set: in-process, CLI and the parse-only process.
function statutes() {
  note(`[2/5] statute set: bench_decide, N=${N}, ${RUNS} runs`);
  return json(BIN.benchDecide, [POLICIES, BIN.grondslag, String(N), '--runs', String(RUNS), '--json', '--work', WORK]);
}

// 3 and 4. Processes: peak RSS over the N requests, and cold single decisions.
function processes() {
  const bundle = path.join(WORK, 'grondslag-bench.bundle');   // sealed and signed by bench_decide in step 2
  const key = path.join(WORK, 'grondslag-bench.pub.pem');     // its verification key: the image is used
  const ndjson = path.join(WORK, 'grondslag-bench.ndjson');
  note(`[3/5] peak RSS of decide --bundle over ${N} requests`);
  const rss = json(BIN.benchDecide, ['--spawn', String(RUNS), BIN.grondslag, 'decide', '--bundle', bundle, '--verification-key', key, ndjson]);
  note(`[4/5] cold start: one decision from the bundle, ${COLD_RUNS} fresh processes each`);
  const cli = execFileSync(BIN.grondslag, ['decide', '--bundle', bundle, '--verification-key', key, COLD_REQUEST], { encoding: 'utf8' });
  const cold = execFileSync(BIN.coldDecide, [bundle, COLD_REQUEST, key], { encoding: 'utf8' });
  if (cli !== cold) throw new Error(`cold_decide and grondslag decide answer differently:\n${cli}\n${cold}`);
  const proved = execFileSync(BIN.prover, ['decide', '--bundle', bundle, '--verification-key', key, COLD_REQUEST], { encoding: 'utf8' });
  if (cli !== proved) throw new Error(`grondslag-prove and grondslag decide answer differently:\n${cli}\n${proved}`);
  const z3 = /libz3\.so/.test(sh(`ldd ${BIN.prover}`));
  const noZ3 = !/libz3\.so/.test(sh(`ldd ${BIN.grondslag}`)) && !/libz3\.so/.test(sh(`ldd ${BIN.coldDecide}`));
  const coldCli = json(BIN.benchDecide, ['--spawn', String(COLD_RUNS), BIN.grondslag, 'decide', '--bundle', bundle, '--verification-key', key, COLD_REQUEST]);
  const coldProver = json(BIN.benchDecide, ['--spawn', String(COLD_RUNS), BIN.prover, 'decide', '--bundle', bundle, '--verification-key', key, COLD_REQUEST]);
  const coldEngine = json(BIN.benchDecide, ['--spawn', String(COLD_RUNS), BIN.coldDecide, bundle, COLD_REQUEST, key]);
  return { rss, coldCli, coldProver, coldEngine, z3, noZ3, rssCold: coldEngine.max_rss_kb };
}

// 5. Data items per request.
function items() {
  note(`[5/5] data items per request: ${ITEMS.join(', ')} (in-process, N=${N})`);
  return ITEMS.map((k) => ({ k, ...json(BIN.benchDecide, [POLICIES, BIN.grondslag, String(N), '--items', String(k),
    '--runs', String(RUNS), '--json', '--no-cli', '--work', WORK]) }));
}

function main() {
  for (const [name, bin] of Object.entries(BIN)) if (!fs.existsSync(bin)) throw new Error(`${name}: ${bin} is not built`);
  const m = machine();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const loadBefore = load();
  const t0 = Date.now();
  const p = peer();
  const loadMid = load();
  const s = statutes();
  const pr = processes();
  const it = items();
  const loadAfter = load();
  const minutes = ((Date.now() - t0) / 60000).toFixed(1);

  const rows = [];
  const row = (figure, value, unit, target, verdict) => rows.push([figure, value, unit, target || '—', verdict || '—']);
  const verdict = (ok) => (ok ? 'met' : 'not met');

  // Cedar beside grondslag, same N requests.
  const pick = (prefix) => p.results.rows.find((x) => x.name.startsWith(prefix));
  const best = Math.min(...p.results.rows.filter((x) => x.cedar).map((x) => x.us));
  const cedarRow = (label, x) => row(`${label}: ${perSec(x.us)} decisions/s`, us(x.us), 'µs/decision', '',
    `${fmt(best / x.us, 2)}× Cedar best`);
  const gRow = (label, x, target) => {
    const ratio = best / x.us;
    row(`${label}: ${perSec(x.us)} decisions/s`, us(x.us), 'µs/decision', `≥ ${target}× Cedar best`,
      `${fmt(ratio, ratio < 10 ? 2 : 0)}×: ${verdict(ratio >= target)}`);
  };
  cedarRow('Cedar A, isAuthorized (policy text per call)', pick('Cedar A'));
  cedarRow('Cedar C, statefulIsAuthorized (pre-parsed)', pick('Cedar C'));
  gRow('grondslag in-process, typed API (request filled per call, then decided)', pick('grondslag in-process: typed API'), 500);
  gRow('grondslag in-process, evaluator (pre-decoded)', pick('grondslag in-process: evaluator'), 500);
  gRow('grondslag in-process, decide_json (JSON in/out)', pick('grondslag in-process: decide_json'), 500);
  gRow('grondslag CLI NDJSON batch, decide --policies (verifies first)', pick('grondslag CLI: decide --policies'), 50);
  gRow('grondslag CLI NDJSON batch, decide --bundle', pick('grondslag CLI: decide --bundle'), 50);

  // Statute set.
  const st = (label, x, unitTarget) => row(`statute set (${s.rules} rules), ${label}`, fmt(1e6 / x.median_us, 0),
    'decisions/s', unitTarget ? `≥ ${fmt(unitTarget, 0)}/s` : '', unitTarget ? verdict(1e6 / x.median_us >= unitTarget) : '');
  st('evaluator, one core, request in cache, 1,024 requests in a random order (as a stream of new requests)', s.evaluator_shuffled, 5e6);
  st('evaluator, one core, request in cache, the same 1,024 cycled in one order (the branch predictor learns it)', s.evaluator_hot);
  st('evaluator, one core, N requests decoded beforehand (each fetched from memory)', s.evaluator);
  st('typed API, one core: each of the N requests filled (references resolved at start-up) and decided', s.typed);
  st('decide_json (JSON in/out), one core', s.decide_json);
  st('CLI decide --bundle, NDJSON file → /dev/null', s.cli_bundle);
  st('CLI decide --bundle --threads 2 (both cores), NDJSON file → /dev/null', s.cli_bundle_threads2);
  st('process that only parses the lines (std::getline, simdjson)', s.process_parse_simdjson);
  st('process that only parses the lines, reading them as the CLI does (read(2), memchr, parsed in place)', s.process_parse_chunked_simdjson);
  st('in-process: parse only (simdjson DOM)', s.parse_simdjson);
  st('in-process: parse and visit every key and value, nothing decoded', s.parse_visit_simdjson);
  st('in-process: parse and decode into a Request (no decision, no answer)', s.parse_decode);
  st('in-process: parse, decode and decide (no answer)', s.decode_decide);
  const ratio = s.cli_bundle.median_us / s.process_parse_simdjson.median_us;
  row('CLI ÷ parse-only process (std::getline), same NDJSON, same library (simdjson)', fmt(ratio, 2), '×', '≤ 1.5×', verdict(ratio <= 1.5));
  const strict = s.cli_bundle.median_us / s.process_parse_chunked_simdjson.median_us;
  row('CLI ÷ parse-only process reading as the CLI does (the stricter baseline)', fmt(strict, 2), '×', '≤ 1.5×', verdict(strict <= 1.5));
  const two = s.cli_bundle_threads2.median_us / s.process_parse_simdjson.median_us;
  row('CLI --threads 2 ÷ parse-only process (std::getline; two cores against one, not a verdict)', fmt(two, 2), '×', '—', '—');
  const visit = s.parse_visit_simdjson.median_us / s.parse_simdjson.median_us;
  row('in-process: parse + visit ÷ parse only (the floor of any decoder on the DOM)', fmt(visit, 2), '×', '—', '—');
  // What the CLI adds to the baseline even if decoding cost nothing: walking the parsed document, the decision
  // and the answer, each the difference of two in-process rows (docs/performance.md, "The CLI against the parse-only process").
  const step = (a, b) => a.median_us - b.median_us;
  const base = s.process_parse_simdjson.median_us;
  const floor = (base + step(s.parse_visit_simdjson, s.parse_simdjson) + step(s.decode_decide, s.parse_decode) +
    step(s.decide_json, s.decode_decide)) / base;
  row('CLI floor ÷ parse-only process (std::getline): its time + walking the document + the decision + the answer, decoding free',
    fmt(floor, 2), '×', '—', floor > 1.5 ? 'above 1.5×: the target is below the floor' : '—');

  // Memory and cold start.
  const mb = pr.rss.max_rss_kb / 1024;
  row(`peak RSS, decide --bundle over ${fmt(N, 0)} requests (statute set)`, fmt(mb, 1), 'MiB', '≤ 16 MiB', verdict(mb <= 16));
  const coldMs = (x) => x.median_s * 1e3;
  const coldRow = (what, x) => row(`cold process, one decision from a bundle: ${what}`, fmt(coldMs(x), 1), 'ms wall (median)', '≤ 10 ms',
    `${verdict(coldMs(x) <= 10)} (wall min ${fmt(x.min_s * 1e3, 1)}, max ${fmt(x.max_s * 1e3, 1)}; CPU ${fmt(x.cpu_median_s * 1e3, 1)} ms)`);
  coldRow(`grondslag decide (the CLI${pr.noZ3 ? ', no libz3' : ', libz3?'})`, pr.coldCli);
  coldRow(`grondslag-prove decide (the CLI with Z3 linked${pr.z3 ? '' : '?'})`, pr.coldProver);
  coldRow(`cold_decide (engine only, no CLI${pr.noZ3 ? ', no libz3' : ''})`, pr.coldEngine);
  row('cold start, CLI without Z3 ÷ with Z3 linked', fmt(coldMs(pr.coldCli) / coldMs(pr.coldProver), 2), '×', '', '');

  // Rules.
  if (p.scale) {
    const sizes = p.scale.rows.map((x) => x.size);
    for (const variant of ['other', 'cell']) {
      const a = p.scale.rows[0][variant], b = p.scale.rows[p.scale.rows.length - 1][variant];
      const label = variant === 'other' ? 'rules of other parties' : '1 in 100 rules in the request\'s cell';
      row(`evaluator at ${sizes.map((x) => fmt(x, 0)).join(' / ')} rules (${label})`,
        p.scale.rows.map((x) => us(x[variant].eval)).join(' / '), 'µs/decision', `≤ 2× from ${sizes[0]} to ${fmt(sizes[sizes.length - 1], 0)}`,
        `${fmt(b.eval / a.eval, 2)}×: ${verdict(b.eval / a.eval <= 2)}`);
      row(`decide_json at the same sizes (${variant})`, p.scale.rows.map((x) => us(x[variant].json)).join(' / '), 'µs/decision',
        '≤ 2×', `${fmt(b.json / a.json, 2)}×: ${verdict(b.json / a.json <= 2)}`);
      row(`Cedar C at the same sizes (${variant})`, p.scale.rows.map((x) => us(x[variant].cedar)).join(' / '), 'µs/decision', '',
        `${fmt(b.cedar / a.cedar, 0)}×`);
    }
  }

  // Items.
  const e1 = it[0].evaluator.median_us, j1 = it[0].decide_json.median_us;
  row(`evaluator at ${ITEMS.join(' / ')} data items per request (statute set)`, it.map((x) => us(x.evaluator.median_us)).join(' / '),
    'µs/request', '', `${fmt(it[it.length - 1].evaluator.median_us / e1, 1)}× at ${ITEMS[ITEMS.length - 1]} items; ` +
    `${us(it[it.length - 1].evaluator.median_us / ITEMS[ITEMS.length - 1])} µs/item`);
  row(`decide_json at ${ITEMS.join(' / ')} data items per request`, it.map((x) => us(x.decide_json.median_us)).join(' / '),
    'µs/request', '', `${fmt(it[it.length - 1].decide_json.median_us / j1, 1)}× at ${ITEMS[ITEMS.length - 1]} items; ` +
    `${us(it[it.length - 1].decide_json.median_us / ITEMS[ITEMS.length - 1])} µs/item`);

  const out = [];
  out.push(`grondslag performance, one table (scripts/bench.sh ${N}${RUNS !== 3 ? ` --runs ${RUNS}` : ''})`);
  out.push('');
  out.push(`- date: ${date}; commit: ${m.commit}`);
  out.push(`- machine: ${m.cpu} (${m.mhz} MHz), ${m.cores} cores, ${m.memGiB} GiB; ${m.os}, Linux ${m.kernel}`);
  out.push(`- build: ${m.buildType}, ${m.compiler} (${path.relative(ROOT, BUILD) || BUILD}); node ${m.node}, cedar-wasm ${p.cedarVersion}`);
  out.push(`- load average (1, 5, 15 min): before ${loadBefore}; after the Cedar part ${loadMid}; after ${loadAfter}; ${minutes} min in all`);
  out.push(`- N = ${fmt(N, 0)} requests; medians of ${RUNS} runs (bench_peer: each run the median of 5 passes of ≥ 0.3 s); ` +
           `cold start: median of ${COLD_RUNS} processes; ${p.agreement}`);
  out.push(`- Cedar rows and the ratios against them use the five-rule peer set (tests/bench/cedar); "statute set" rows ` +
           `use policies/ with bench_decide's requests (1–3 items each)`);
  out.push('');
  const head = ['figure', 'value', 'unit', 'target', 'ratio / verdict'];
  out.push(`| ${head.join(' | ')} |`);
  out.push(`|${head.map((h, i) => (i === 1 ? '---:' : '---')).join('|')}|`);
  for (const x of rows) out.push(`| ${x.join(' | ')} |`);
  const text = out.join('\n') + '\n';
  fs.writeFileSync(path.join(WORK, 'table.md'), text);
  fs.writeFileSync(path.join(WORK, 'all.json'), JSON.stringify({ machine: m, date, N, RUNS, loadBefore, loadMid, loadAfter, peer: p, statutes: s, processes: pr, items: it }, null, 2));
  process.stdout.write('\n' + text);
  if (!opt('--keep', null)) fs.rmSync(WORK, { recursive: true, force: true });
}

main();
