'use strict';
// grondslag beside Cedar on the same N requests, in one run.   (run.sh calls this)
//
//   node run.js [N] --grondslag BIN --bench-peer BIN [--runs 3] [--scale] [--scale-only]
//              [--keep DIR]
//
// 1. Generates N neutral requests (model.js, fixed seed) and converts them to the
//    decision contract (convert.js).
// 2. Agreement, before anything is timed: Cedar (statefulIsAuthorized) decides
//    every request; so do grondslag in-process (bench_peer --decisions) and the
//    CLI (grondslag decide). Any mismatch with Cedar, or of Cedar with the plain-JS
//    reference, fails the run.
// 3. Timing, each a fresh process, `--runs` times (default 3), median reported:
//    Cedar A (isAuthorized, policy text per call) and C (statefulIsAuthorized,
//    pre-parsed) through bench.js; grondslag typed API, evaluator and decide_json in-process
//    (bench_peer); the CLI end to end (`grondslag decide --policies P FILE > /dev/null`,
//    wall time of the process, including start-up, loading the policies and
//    verifying them with Z3, which decide does before serving), and the same with
//    `--bundle` (a set sealed once by `grondslag verify --seal`: no Z3 at start-up).
// 4. --scale: cost against the number of rules (scale.js).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const cedar = require('@cedar-policy/cedar-wasm/nodejs');
const { generate, referenceDecision, toCedar, loadPolicies } = require('./model');
const { toContract } = require('./convert');

const HERE = __dirname;
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const flag = (name) => args.includes(name);
const N = parseInt(args.find((a) => /^\d+$/.test(a)) || '100000', 10);
const RUNS = parseInt(opt('--runs', '3'), 10);
const GRONDSLAG = path.resolve(opt('--grondslag', 'build-bench/engine/grondslag'));
const BENCH_PEER = path.resolve(opt('--bench-peer', 'build-bench/tests/bench/bench_peer'));
const POLICIES = path.join(HERE, 'policies');
const WORK = opt('--keep', null) || fs.mkdtempSync(path.join(os.tmpdir(), 'grondslag-cedar-'));
fs.mkdirSync(WORK, { recursive: true });
const BUNDLE = path.join(WORK, 'peer.bundle');

const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const sh = (cmd) => { try { return execFileSync('sh', ['-c', cmd], { encoding: 'utf8' }).trim(); } catch { return '?'; } };
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

function machine() {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) || [, '?'])[1];
  const commit = sh(`git -C ${HERE} rev-parse --short HEAD`);
  const dirty = sh(`git -C ${HERE} status --porcelain -- ../../../engine ../../../grammar ../../../tests/bench | head -1`)
    ? ' (engine/, grammar/ or tests/bench/ has uncommitted changes)' : '';
  return { nproc: os.cpus().length, cpu, commit: commit + dirty, node: process.version, cedar: cedar.getCedarSDKVersion() };
}

function writeRequests(n) {
  const reqs = generate(n);
  const neutral = path.join(WORK, 'requests.ndjson');
  const contract = path.join(WORK, 'contract.ndjson');
  fs.writeFileSync(neutral, reqs.map((r) => JSON.stringify(r)).join('\n') + '\n');
  fs.writeFileSync(contract, reqs.map((r) => JSON.stringify(toContract(r))).join('\n') + '\n');
  return { reqs, neutral, contract };
}

function cedarDecisions(reqs) {
  const { byId } = loadPolicies(cedar);
  if (cedar.preparsePolicySet('agree', { staticPolicies: byId }).type !== 'success') throw new Error('preparse');
  return reqs.map((r) => {
    const c = toCedar(r);
    const a = cedar.statefulIsAuthorized({ principal: c.principal, action: c.action, resource: c.resource,
      context: c.context, entities: c.entities, preparsedPolicySetId: 'agree' });
    if (a.type !== 'success') throw new Error(JSON.stringify(a.errors));
    return a.response.decision;
  });
}

function agreement(reqs, contract) {
  const ced = cedarDecisions(reqs);
  let refMis = 0;
  reqs.forEach((r, k) => { if (referenceDecision(r) !== ced[k]) refMis++; });
  // grondslag in-process (Decider::decide_json)
  const decFile = path.join(WORK, 'grondslag_decisions.txt');
  execFileSync(BENCH_PEER, ['--policies', POLICIES, contract, '--decisions', decFile, '--runs', '1', '--min-seconds', '0'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const inproc = fs.readFileSync(decFile, 'utf8').split('\n').filter(Boolean);
  // grondslag CLI
  const cliOut = path.join(WORK, 'cli_answers.ndjson');
  const cliDecisions = (how) => {
    execFileSync('sh', ['-c', `"${GRONDSLAG}" decide ${how} "${contract}" > "${cliOut}"`], { stdio: 'inherit' });
    return fs.readFileSync(cliOut, 'utf8').split('\n').filter(Boolean).map((l) => {
      const a = JSON.parse(l);
      if (a.error || a.unverified || a.items.length !== 1) return 'error';
      return a.items[0].decision === 'permit' ? 'allow' : 'deny';
    });
  };
  const cli = cliDecisions(`--policies "${POLICIES}"`);
  const bundled = cliDecisions(`--bundle "${BUNDLE}"`);
  const mis = (xs) => ced.reduce((acc, d, k) => acc + (xs[k] !== d ? 1 : 0), 0) + Math.abs(xs.length - ced.length);
  const res = { n: reqs.length, allow: ced.filter((d) => d === 'allow').length, refMis, inprocMis: mis(inproc), cliMis: mis(cli) + mis(bundled) };
  console.log(`agreement on ${res.n} requests (Cedar ${res.allow} allow, ${res.n - res.allow} deny):`);
  console.log(`  Cedar vs plain-JS reference:           ${res.refMis} mismatches`);
  console.log(`  grondslag in-process vs Cedar:         ${res.inprocMis} mismatches`);
  console.log(`  grondslag CLI (--policies, --bundle):  ${res.cliMis} mismatches`);
  if (res.refMis + res.inprocMis + res.cliMis) { console.error('FAILED: the engines disagree; nothing is timed'); process.exit(1); }
  return res;
}

function timeCedar() {
  const per = { A: [], C: [] };
  for (let i = 0; i < RUNS; i++) {
    const out = path.join(WORK, `cedar-${i}.json`);
    process.stderr.write(`  cedar run ${i + 1}/${RUNS} (modes A, C; N=${N}; log ${WORK}/cedar-${i}.log)\n`);
    const log = fs.openSync(path.join(WORK, `cedar-${i}.log`), 'w');
    execFileSync(process.execPath, [path.join(HERE, 'bench.js'), String(N), '--modes=A,C', `--json=${out}`], { stdio: ['ignore', log, log] });
    const r = JSON.parse(fs.readFileSync(out, 'utf8')).results;
    per.A.push(r.A.mean_us); per.C.push(r.C.mean_us);
  }
  return per;
}

function timeBenchPeer() {
  const ev = [], js = [], ty = [];
  for (let i = 0; i < RUNS; i++) {
    process.stderr.write(`  bench_peer run ${i + 1}/${RUNS}\n`);
    const o = JSON.parse(execFileSync(BENCH_PEER, ['--policies', POLICIES, path.join(WORK, 'contract.ndjson'), '--json'], { encoding: 'utf8' }));
    ev.push(o.evaluator.median_us); js.push(o.decide_json.median_us); ty.push(o.typed.median_us);
  }
  return { ev, js, ty };
}

// `grondslag decide` as a process, `how` = '--policies DIR' (verifies the set with
// Z3 first, as decide does by default) or '--bundle FILE' (a set sealed by verify).
function timeCli(how) {
  const us = [];
  const cmd = `"${GRONDSLAG}" decide ${how} "${path.join(WORK, 'contract.ndjson')}" > /dev/null`;
  spawnSync('sh', ['-c', cmd]);  // page cache
  for (let i = 0; i < RUNS; i++) {
    process.stderr.write(`  CLI ${how.split(' ')[0]} run ${i + 1}/${RUNS}\n`);
    const t = process.hrtime.bigint();
    const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
    const s = Number(process.hrtime.bigint() - t) / 1e3;
    if (r.status !== 0) throw new Error('grondslag decide failed: ' + r.stderr);
    us.push(s / N);
  }
  return us;
}

function table(rows, m, res, loadBefore, loadAfter) {
  const best = Math.min(...rows.filter((r) => r.cedar).map((r) => r.us));
  console.log(`\ngrondslag beside Cedar, N=${N} requests (one data item each), median of ${RUNS} runs`);
  console.log(`machine: ${m.nproc} CPUs, ${m.cpu}; node ${m.node}, cedar-wasm ${m.cedar}`);
  console.log(`commit: ${m.commit}; load average before ${loadBefore}, after ${loadAfter}`);
  console.log(`agreement: ${res.n - res.inprocMis} of ${res.n} decisions equal (${res.allow} allow)\n`);
  const w = 52;
  console.log(`${'engine / mode'.padEnd(w)} ${'decisions/s'.padStart(13)} ${'us/decision'.padStart(12)} ${'x Cedar best'.padStart(13)}   per-run us/decision`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(w)} ${(1e6 / r.us).toFixed(0).padStart(13)} ${r.us.toFixed(r.us < 1 ? 4 : 2).padStart(12)} ` +
                `${(best / r.us).toFixed(r.us > best / 10 ? 2 : 0).padStart(13)}   ${r.runs.map((x) => x.toFixed(x < 1 ? 4 : 2)).join(', ')}`);
  }
}

function main() {
  const m = machine();
  const loadBefore = load();
  const scaleOnly = flag('--scale-only');
  if (!scaleOnly) {
    console.log(`work dir: ${WORK}`);
    const { reqs, contract } = writeRequests(N);
    execFileSync(GRONDSLAG, ['verify', '--policies', POLICIES, '--seal', BUNDLE], { stdio: ['ignore', 'ignore', 'inherit'] });
    const res = agreement(reqs, contract);
    console.error('timing...');
    const ced = timeCedar();
    const bp = timeBenchPeer();
    const cli = timeCli(`--policies "${POLICIES}"`);
    const cliB = timeCli(`--bundle "${BUNDLE}"`);
    const rows = [
      { name: 'Cedar A: isAuthorized (policy text per call)', us: median(ced.A), runs: ced.A, cedar: true },
      { name: 'Cedar C: statefulIsAuthorized (pre-parsed)', us: median(ced.C), runs: ced.C, cedar: true },
      { name: 'grondslag in-process: typed API (fill + decide)', us: median(bp.ty), runs: bp.ty },
      { name: 'grondslag in-process: evaluator, pre-decoded', us: median(bp.ev), runs: bp.ev },
      { name: 'grondslag in-process: decide_json (JSON in/out)', us: median(bp.js), runs: bp.js },
      { name: 'grondslag CLI: decide --policies (verifies first)', us: median(cli), runs: cli },
      { name: 'grondslag CLI: decide --bundle (sealed set)', us: median(cliB), runs: cliB },
    ];
    table(rows, m, res, loadBefore, load());
    fs.writeFileSync(path.join(WORK, 'results.json'), JSON.stringify({ n: N, machine: m, rows }, null, 2));
  }
  if (flag('--scale') || scaleOnly) {
    require('./scale').run({ work: WORK, grondslag: GRONDSLAG, benchPeer: BENCH_PEER, machine: m, load });
  }
  if (!opt('--keep', null)) fs.rmSync(WORK, { recursive: true, force: true });
}

main();
