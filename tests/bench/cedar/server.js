'use strict';
// Cedar behind a Node HTTP server: the peer of `grondslag serve` for tests/bench/bench_serve.sh.
// A benchmark program, not a test.
//
//   node server.js PORT            (listens on 127.0.0.1 only)
//
// POST /v1/decide takes the bytes posted to grondslag: one request of grondslag's decision contract
// (application/json), or one request per line (application/x-ndjson). Each request is turned into
// Cedar calls with the peer benchmark's own model (model.js's toCedar, the inverse of convert.js for
// the contract's fields): one statefulIsAuthorized per data item, on the five peer policies parsed once
// with preparsePolicySet (Cedar's best mode, "Cedar C" in docs/performance-cedar.md). The answer is a
// small JSON: per item its data, decision (permit or deny, as grondslag says allow) and the determining
// policy ids; the request's decision is permit, deny or partial as grondslag's. NDJSON: one answer line
// per non-blank request line, in order. Nothing is cached: every request is parsed and decided.
//
// GET /ready answers 200 once the policy set is parsed. Other paths 404, other methods 405.
// Node 20's V8 crashes ("Fatal error ... unreachable code" in Deoptimizer::DoComputeBuiltinContinuation)
// within seconds of Connection: close load, when it lazily deoptimizes a function into which it inlined
// the JS-to-wasm call of statefulIsAuthorized. Without that inlining the crash is gone; a call then goes
// through the generic wrapper, which costs tens of nanoseconds against Cedar's ~100 µs. Set before any
// code of this file is optimized.
require('v8').setFlagsFromString('--no-turbo-inline-js-wasm-calls');
const http = require('http');
const cedar = require('@cedar-policy/cedar-wasm/nodejs');
const { toCedar, loadPolicies, SENDERS } = require('./model');

const PORT = parseInt(process.argv[2] || '', 10);
if (!(PORT > 0 && PORT < 65536)) { console.error('usage: node server.js PORT'); process.exit(2); }
const MAX_BODY = 64 * 1024 * 1024;   // as grondslag serve

const { byId } = loadPolicies(cedar);
const pp = cedar.preparsePolicySet('ds', { staticPolicies: byId });
if (pp.type !== 'success') { console.error('preparsePolicySet failed: ' + JSON.stringify(pp.errors)); process.exit(1); }

// The contract spells senders in lower case (convert.js); the model's entity ids are DJI, OM, ...
const SENDER = Object.fromEntries(SENDERS.map((s) => [s.toLowerCase(), s]));

// A consent record counts on the request's date when given by then and not withdrawn by then; medical
// data needs an explicit (uitdrukkelijk) consent, as Cedar's R4 and the grondslag rules say.
function consentsOf(req) {
  const consents = [], withdrawn = [];
  const recs = (req.facts && Array.isArray(req.facts.toestemmingen)) ? req.facts.toestemmingen : [];
  for (const t of recs) {
    if (!t || typeof t.categorie !== 'string') continue;
    if (t.gegeven && t.gegeven > req.date) continue;
    if (t.categorie === 'medical' && t.uitdrukkelijk !== true) continue;
    consents.push(t.categorie);
    if (t.ingetrokken && t.ingetrokken <= req.date) withdrawn.push(t.categorie);
  }
  return { consents, withdrawn };
}

function decideOne(req) {
  if (!req || typeof req !== 'object' || Array.isArray(req)) throw new Error('a request is a JSON object');
  if (!Array.isArray(req.data) || req.data.length === 0) throw new Error('data: a non-empty list');
  const facts = req.facts || {};
  const { consents, withdrawn } = consentsOf(req);
  const subject = typeof req.subject === 'string' ? req.subject : 'anonymous';
  const items = [];
  let permits = 0;
  for (const category of req.data) {
    const c = toCedar({
      sender: SENDER[req.sender] || String(req.sender),
      recipient: { type: String(req.recipient), id: '' },
      subject: { id: subject, return_municipality: '' },
      category: String(category),
      purpose: String(req.purpose),
      consents, withdrawn,
      risk_flag: facts.risk_flag === true,
      recipient_is_return_municipality: facts.return_municipality === true,
    });
    const a = cedar.statefulIsAuthorized({ principal: c.principal, action: c.action, resource: c.resource,
      context: c.context, entities: c.entities, preparsedPolicySetId: 'ds' });
    if (a.type !== 'success') throw new Error('cedar: ' + JSON.stringify(a.errors));
    const permit = a.response.decision === 'allow';
    if (permit) permits++;
    items.push({ data: category, decision: permit ? 'permit' : 'deny', policies: a.response.diagnostics.reason });
  }
  const decision = permits === items.length ? 'permit' : permits === 0 ? 'deny' : 'partial';
  return { id: req.id, decision, items };
}

function answerLine(text, line) {
  try {
    return JSON.stringify(decideOne(JSON.parse(text)));
  } catch (e) {
    const ans = { decision: 'deny', items: [], error: { message: String(e.message || e) } };
    if (line) ans.error.line = line;
    return JSON.stringify(ans);
  }
}

function send(res, status, type, body) {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function decideBody(req, res, body) {
  const type = (req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-ndjson') {
    const lines = body.split('\n');
    const out = [];
    for (let k = 0; k < lines.length; k++) {
      const l = lines[k].trim();
      if (l) out.push(answerLine(l, k + 1));
    }
    return send(res, 200, 'application/x-ndjson', out.length ? out.join('\n') + '\n' : '');
  }
  let parsed;
  try { parsed = JSON.parse(body); } catch (e) {
    return send(res, 400, 'application/json', JSON.stringify({ decision: 'deny', items: [], error: { message: String(e.message) } }));
  }
  let ans;
  try { ans = decideOne(parsed); } catch (e) {
    return send(res, 400, 'application/json', JSON.stringify({ decision: 'deny', items: [], error: { message: String(e.message) } }));
  }
  return send(res, 200, 'application/json', JSON.stringify(ans));
}

const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (path === '/ready' || path === '/health') {
    if (req.method !== 'GET') return send(res, 405, 'application/json', '{"error":"method not allowed"}');
    return send(res, 200, 'text/plain', path === '/ready' ? 'ready' : 'ok');
  }
  if (path !== '/v1/decide') return send(res, 404, 'application/json', '{"error":"not found"}');
  if (req.method !== 'POST') return send(res, 405, 'application/json', '{"error":"method not allowed"}');
  const chunks = [];
  let size = 0, tooLarge = false;
  req.on('data', (c) => {
    size += c.length;
    if (size > MAX_BODY) { tooLarge = true; return; }
    if (!tooLarge) chunks.push(c);
  });
  req.on('end', () => {
    if (tooLarge) return send(res, 413, 'application/json', '{"error":"body too large"}');
    try {
      decideBody(req, res, Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      send(res, 500, 'application/json', JSON.stringify({ error: String(e.message || e) }));
    }
  });
});
server.keepAliveTimeout = 60000;   // wrk keeps its connections for the whole run
server.listen(PORT, '127.0.0.1', () => {
  console.error(`cedar-wasm ${cedar.getCedarSDKVersion()} (node ${process.version}): serving the peer policies on http://127.0.0.1:${PORT}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
