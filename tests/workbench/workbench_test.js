#!/usr/bin/env node
// Drives the browser workbench in Debian's chromium (puppeteer-core) against a running
// `grondslag serve` (or the dev server in front of one) and checks what an advisor relies on: the
// decisions shown are the server's, the JSON shown is what was sent, errors show as errors, the law
// and the diff report render, the page passes axe-core's WCAG 2 A/AA rules, works by keyboard, at
// 800px and at 200% zoom, and prints without its controls. One `ok`/`FAIL` line per check.
//   node workbench_test.js --url URL --diff DIFF.json --source DIR --chromium PATH
//        [--token-url URL --token-file FILE] [--screenshots DIR]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const assert = require('assert');
const puppeteer = require('puppeteer-core');
const axeSource = require('axe-core').source;

const WATCHDOG_MS = 300000;
const WAIT_MS = 20000;

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index > 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

const base = option('--url').replace(/\/$/, '');
const diffFile = option('--diff');
const sourceDir = option('--source');
const chromium = option('--chromium', '/usr/bin/chromium');
const tokenUrl = option('--token-url');
const tokenFile = option('--token-file');
const shots = option('--screenshots') || fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-shots-'));
fs.mkdirSync(shots, {recursive: true});

let passed = 0;
let failed = 0;
function ok(name) { passed += 1; console.log(`ok    ${name}`); }
function bad(name, detail) { failed += 1; console.log(`FAIL  ${name}${detail ? `: ${detail}` : ''}`); }
async function check(name, body) {
  try {
    const note = await body();
    ok(note ? `${name} (${note})` : name);
  } catch (error) {
    bad(name, String(error && error.message ? error.message : error).split('\n').slice(0, 6).join(' | '));
  }
}

const watchdog = setTimeout(() => {
  bad('watchdog', `the test did not finish in ${WATCHDOG_MS / 1000} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(1);
}, WATCHDOG_MS);

// ------------------------------------------------------------------------------------------------
// The server, asked directly: what the page shows is compared with these answers.

async function http(pathname, {method = 'GET', body, lang = 'nl', token} = {}) {
  const headers = {'Accept-Language': lang};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(base + pathname, {method, headers, body, signal: AbortSignal.timeout(WAIT_MS)});
  return {status: response.status, text: await response.text()};
}

async function decide(text) {
  const answer = await http('/v1/decide?why_not=true', {method: 'POST', body: text});
  return {status: answer.status, json: JSON.parse(answer.text)};
}

function corpusCase(name) {
  for (const file of fs.readdirSync(path.join(sourceDir, 'corpus'))) {
    if (!file.endsWith('.json')) continue;
    const corpus = JSON.parse(fs.readFileSync(path.join(sourceDir, 'corpus', file), 'utf8'));
    for (const entry of corpus.cases || []) if (entry.name === name) return entry;
  }
  throw new Error(`corpus case ${name} not found`);
}

// ------------------------------------------------------------------------------------------------
// A PNG is blank when it has one colour (8-bit RGB/RGBA, as chromium writes them).

function pngColours(file) {
  const data = fs.readFileSync(file);
  if (data.subarray(0, 8).toString('binary') !== '\x89PNG\r\n\x1a\n') throw new Error(`${file}: not a PNG`);
  let pos = 8;
  let width = 0;
  let height = 0;
  let bpp = 4;
  const idat = [];
  while (pos < data.length) {
    const length = data.readUInt32BE(pos);
    const kind = data.subarray(pos + 4, pos + 8).toString('ascii');
    const body = data.subarray(pos + 8, pos + 8 + length);
    if (kind === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || ![2, 6].includes(body[9])) throw new Error(`${file}: unsupported PNG`);
      bpp = body[9] === 2 ? 3 : 4;
    } else if (kind === 'IDAT') idat.push(body);
    pos += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  let previous = Buffer.alloc(stride);
  const seen = new Set();
  for (let row = 0; row < height; row += 1) {
    const start = row * (stride + 1);
    const filter = raw[start];
    const line = Buffer.from(raw.subarray(start + 1, start + 1 + stride));
    for (let i = 0; i < stride; i += 1) {
      const a = i >= bpp ? line[i - bpp] : 0;
      const b = previous[i];
      const c = i >= bpp ? previous[i - bpp] : 0;
      if (filter === 1) line[i] = (line[i] + a) & 255;
      else if (filter === 2) line[i] = (line[i] + b) & 255;
      else if (filter === 3) line[i] = (line[i] + ((a + b) >> 1)) & 255;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        line[i] = (line[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
      }
    }
    if (row % 4 === 0) for (let i = 0; i < stride; i += bpp * 2) seen.add(line.readUIntBE(i, 3));
    previous = line;
  }
  return seen.size;
}

// ------------------------------------------------------------------------------------------------
// The page

const problems = {console: [], requests: [], expectingClientError: false};

function watch(page) {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = (message.location() && message.location().url) || '';
    if (url.endsWith('/favicon.ico')) return; // the browser asks for it; the page names no icon
    if (problems.expectingClientError && /status of 400/.test(message.text())) return;
    problems.console.push(`${message.text()} ${url}`.trim());
  });
  page.on('pageerror', (error) => problems.console.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => problems.requests.push(`${request.url()}: ${request.failure().errorText}`));
  page.on('response', (response) => {
    const url = response.url();
    if (response.status() < 400 || url.endsWith('/favicon.ico')) return;
    if (problems.expectingClientError && response.status() === 400) return;
    problems.requests.push(`${response.status()} ${url}`);
  });
}

async function waitCount(page, key, before) {
  await page.waitForFunction((k, b) => Number(document.body.dataset[k] || 0) > b, {timeout: WAIT_MS}, key, before);
}

async function askedCount(page) {
  return page.evaluate(() => Number(document.body.dataset.asked || 0));
}

async function setValue(page, selector, value) {
  await page.$eval(selector, (element, v) => {
    element.value = v;
    element.dispatchEvent(new Event('input', {bubbles: true}));
    element.dispatchEvent(new Event('change', {bubbles: true}));
  }, value);
}

// Fills the Ask form as a user would, control by control (the ids are the page's: fact-NAME-...).
async function fillForm(page, request, {skipData = []} = {}) {
  await page.click('#tab-ask');
  await page.click('#ask-reset');
  await page.select('#ask-sender', request.sender);
  await page.select('#ask-purpose', request.purpose);
  await page.select('#ask-recipient', request.recipient);
  await setValue(page, '#ask-date', request.date);
  await setValue(page, '#ask-id', request.id || '');
  if (request.phase) await page.select('#ask-phase', request.phase);
  for (const item of request.data) if (!skipData.includes(item)) await page.click(`#data-${item}`);
  for (const [name, value] of Object.entries(request.facts || {})) {
    if (typeof value === 'boolean') await page.click(`#fact-${name}-${value}`);
    else if (name === 'toestemmingen') {
      await page.click(`#fact-${name}-given`);
      for (const [index, record] of value.entries()) {
        await page.click(`#fact-${name}-group button.add`);
        const prefix = `#fact-${name}-${index}`;
        await page.select(`${prefix}-categorie`, record.categorie);
        await setValue(page, `${prefix}-gegeven`, record.gegeven);
        if (record.ingetrokken) await setValue(page, `${prefix}-ingetrokken`, record.ingetrokken);
        if (record.uitdrukkelijk === true) await page.click(`${prefix}-uitdrukkelijk`);
        if (record.ontvanger) await page.select(`${prefix}-ontvanger`, record.ontvanger);
        if (record.doel) await page.select(`${prefix}-doel`, record.doel);
      }
    } else throw new Error(`the test fills no fact of this kind: ${name}`);
  }
}

// What the page shows of the last answer, read from the rendered result.
async function shownResult(page) {
  return page.evaluate(() => ({
    resultShown: !document.getElementById('ask-result').hidden,
    errorShown: !document.getElementById('ask-error').hidden,
    errorText: document.getElementById('ask-error').textContent,
    overall: (document.getElementById('ask-overall') || {dataset: {}}).dataset.decision,
    overallText: (document.querySelector('#ask-overall .decision') || {}).textContent,
    items: [...document.querySelectorAll('#ask-items > li.item')].map((item) => ({
      data: item.dataset.data,
      decision: item.dataset.decision,
      badge: item.querySelector('h4 .decision').textContent,
      text: item.textContent,
    })),
    sent: document.getElementById('ask-sent-json').textContent,
    answerJson: document.getElementById('ask-answer-json').textContent,
    explanation: document.getElementById('ask-explain').textContent,
  }));
}

const BADGE = {nl: {permit: 'Toegestaan', deny: 'Geweigerd', partial: 'Gedeeltelijk toegestaan'},
  en: {permit: 'Permitted', deny: 'Denied', partial: 'Partly permitted'}};

// The decision shown per item is the server's answer to the JSON shown, and that JSON is what was sent.
async function assertShownIsServers(page, postedBodies, lang = 'nl') {
  const shown = await shownResult(page);
  if (!shown.resultShown) throw new Error(`no result shown${shown.errorShown ? `; error: ${shown.errorText}` : ''}`);
  const posted = postedBodies[postedBodies.length - 1];
  assert.strictEqual(shown.sent, posted, 'the JSON shown is not byte for byte the body sent');
  assert.deepStrictEqual(JSON.parse(shown.sent), JSON.parse(posted));
  const server = await decide(shown.sent);
  assert.strictEqual(server.status, 200, `the server answers ${server.status} to the JSON shown`);
  assert.strictEqual(shown.overall, server.json.decision, 'overall decision');
  assert.ok(shown.overallText.includes(BADGE[lang][server.json.decision]), `overall badge "${shown.overallText}"`);
  assert.deepStrictEqual(shown.items.map((i) => [i.data, i.decision]), server.json.items.map((i) => [i.data, i.decision]));
  for (const [index, item] of server.json.items.entries()) {
    assert.ok(shown.items[index].badge.includes(BADGE[lang][item.decision]), `item badge "${shown.items[index].badge}"`);
    if (item.rule) assert.ok(shown.items[index].text.includes(item.rule), `rule ${item.rule} not shown`);
    if (item.provision) assert.ok(shown.items[index].text.includes(item.provision), `provision ${item.provision} not shown`);
    if (item.cause) assert.ok(shown.items[index].text.includes(item.cause), `cause ${item.cause} not shown`);
  }
  assert.deepStrictEqual(JSON.parse(shown.answerJson), server.json, 'the answer JSON shown is not the server\'s');
  return {shown, server: server.json};
}

async function injectAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
}

async function axeCheck(page, name) {
  await injectAxe(page);
  const result = await page.evaluate(() => window.axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}}));
  if (result.violations.length) {
    throw new Error(result.violations.map((v) => `${v.id} (${v.nodes.length}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')})`).join('; '));
  }
  const review = result.incomplete.map((r) => `${r.id} ×${r.nodes.length}`).join(', ');
  // "incomplete" is what axe cannot judge alone (here the decorative ✓ and ✗ signs beside the decision words).
  return `${result.passes.length} rules pass, 0 violations${review ? `; for a person to review: ${review}` : ''}`;
}

async function noHorizontalScroll(page, width) {
  await page.setViewport({width, height: 900});
  await new Promise((resolve) => setTimeout(resolve, 150));
  const sizes = await page.evaluate(() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth}));
  if (sizes.scroll > sizes.client + 1) throw new Error(`${sizes.scroll}px of content in a ${sizes.client}px window`);
}

// The page's viewport, or one element of it (scrolled into view) when a selector is given.
async function screenshot(page, name, selector) {
  const file = path.join(shots, name);
  if (selector) {
    const element = await page.$(selector);
    if (!element) throw new Error(`no ${selector} to photograph`);
    await element.screenshot({path: file});
  } else {
    await page.screenshot({path: file});
  }
  const colours = pngColours(file);
  if (colours < 8) throw new Error(`${file} looks blank (${colours} colours)`);
  return `${file}, ${fs.statSync(file).size} bytes, ${colours} colours`;
}

async function selectTab(page, name) {
  await page.click(`#tab-${name}`);
  await page.waitForFunction((n) => !document.getElementById(`panel-${n}`).hidden, {timeout: WAIT_MS}, name);
}

// ------------------------------------------------------------------------------------------------

async function main() {
  await check('the page files keep the rules of the embedding (no inline code or styles, no raw-string end)', () => {
    const dir = path.join(sourceDir, 'engine', 'server', 'workbench');
    const names = fs.readdirSync(dir).sort();
    assert.deepStrictEqual(names, ['index.html', 'workbench.css', 'workbench.js']);
    for (const name of names) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      assert.ok(!text.includes(')gsl_doc"'), `${name} holds the raw string's end`);
    }
    const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), 'inline <script>');
    assert.ok(!/<style/i.test(html), '<style> block');
    assert.ok(!/\sstyle\s*=/i.test(html), 'style attribute');
    assert.ok(!/\son[a-z]+\s*=/i.test(html), 'event-handler attribute');
    const external = html.match(/\b(?:src|href)\s*=\s*"(?![/#])[^"]*"/gi);
    assert.ok(!external, `not a path on this server: ${external}`);
    return names.join(', ');
  });

  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--lang=nl-NL'],
    protocolTimeout: 60000,
    // Dutch date fields (dd-mm-jjjj) as an advisor's browser shows them, where the locale is installed.
    env: {...process.env, LANGUAGE: 'nl', LANG: 'nl_NL.UTF-8'},
  });
  try {
    await run(browser);
  } finally {
    await browser.close();
  }
}

async function run(browser) {
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT_MS);
  await page.setViewport({width: 1280, height: 900});
  watch(page);
  await page.evaluateOnNewDocument(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const posted = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/v1/decide')) posted.push(request.postData());
  });

  let documentResponse;
  await check('loads / with the Content-Security-Policy default-src \'self\'', async () => {
    documentResponse = await page.goto(`${base}/`, {waitUntil: 'networkidle0', timeout: WAIT_MS});
    assert.strictEqual(documentResponse.status(), 200);
    const csp = documentResponse.headers()['content-security-policy'] || '';
    assert.ok(/default-src 'self'/.test(csp), `CSP header "${csp}"`);
    await page.waitForSelector('body[data-ready="true"]', {timeout: WAIT_MS});
    return `CSP "${csp}"`;
  });

  if (!documentResponse || documentResponse.status() !== 200) {
    bad('the page is not served at /, so nothing more can be checked',
      `HTTP ${documentResponse ? documentResponse.status() : 'none'} (a server that does not embed the workbench yet: run.sh --dev)`);
    return;
  }
  const policySet = JSON.parse((await http('/v1/policy-set')).text);
  await check('the header shows the policy set hash, signer and verification of /v1/policy-set', async () => {
    const header = await page.evaluate(() => ({
      hash: document.getElementById('ps-hash').textContent,
      signer: document.getElementById('ps-signer').textContent,
      verified: document.getElementById('ps-verified').textContent,
    }));
    assert.strictEqual(header.hash, policySet.policy_set);
    assert.ok(header.signer.length > 0);
    assert.ok(header.verified.startsWith(policySet.verified ? 'ja' : 'nee'), `verified "${header.verified}"`);
    return `${header.hash.slice(0, 20)}…, verified ${policySet.verified}`;
  });

  // ---- Law
  const today = await page.$eval('#law-date', (e) => e.value);
  const register = JSON.parse((await http(`/v1/register?date=${today}`)).text);
  await check('Law: every provision in force today is listed, grouped by law', async () => {
    const listed = await page.$$eval('#law-results .provision', (els) => els.map((e) => e.dataset.provision));
    assert.deepStrictEqual([...listed].sort(), register.sections.map((s) => s.provision).sort());
    const laws = await page.$$eval('#law-results .law-group', (els) => els.map((e) => e.dataset.law));
    assert.deepStrictEqual([...laws].sort(), [...new Set(register.sections.map((s) => s.law))].sort());
    return `${listed.length} provisions in ${laws.length} laws`;
  });
  await check('Law: pm.20d.2 is shown with its text and its wetten.overheid.nl link', async () => {
    const section = register.sections.find((s) => s.provision === 'pm.20d.2');
    assert.ok(section, 'pm.20d.2 is not in the register today');
    const shown = await page.$eval('#law-results article[data-provision="pm.20d.2"]', (article) => ({
      visible: !article.hidden,
      heading: article.querySelector('h4').textContent,
      links: [...article.querySelectorAll('a[href]')].map((a) => a.href),
      text: article.textContent,
    }));
    assert.ok(shown.visible);
    assert.ok(shown.heading.includes(section.citation), shown.heading);
    assert.ok(shown.links.some((href) => href.startsWith('https://wetten.overheid.nl/')), shown.links.join(' '));
    assert.ok(shown.text.includes(section.says.slice(0, 40)), 'the provision\'s text');
    for (const permit of section.permits) assert.ok(shown.text.includes(permit.rule), permit.rule);
    return shown.links.find((href) => href.startsWith('https://wetten.overheid.nl/'));
  });
  await check('Law: a rule\'s condition reads in Dutch with its and/or/not as nested lists', async () => {
    // The first permit in force whose condition has an "any" inside its "all" and a "not" over a compound.
    const kinds = (c, found = new Set()) => {
      if (c.all || c.any) for (const part of c.all || c.any) kinds(part, found);
      if (c.not) { if (!c.not.text) found.add('not-compound'); kinds(c.not, found); }
      if (c.any) found.add('any');
      return found;
    };
    const atoms = (c) => (c.text !== undefined ? [c.text] : (c.all || c.any || [c.not]).flatMap(atoms));
    let chosen = null;
    for (const section of register.sections)
      for (const permit of section.permits)
        if (!chosen && permit.condition_clauses && permit.condition_clauses.all) {
          const found = kinds(permit.condition_clauses);
          if (found.has('any') && found.has('not-compound')) chosen = {section, permit};
        }
    assert.ok(chosen, 'no permit in force with an "or" and a "not" over a compound');
    const {section, permit} = chosen;
    const shown = await page.$eval(`#law-results details.rule[data-rule="${permit.rule}"]`, (d) => ({
      headings: [...d.querySelectorAll('.condition-heading')].map((e) => e.textContent),
      atoms: [...d.querySelectorAll('.condition-atom')].map((e) => e.textContent),
      anyLists: d.querySelectorAll('ul.condition-any').length,
      notLists: d.querySelectorAll('ul.condition-not').length,
      sentence: d.querySelector('.condition-text').title,
    }));
    assert.deepStrictEqual(shown.atoms, atoms(permit.condition_clauses));
    assert.ok(shown.headings.includes('Alle volgende:') && shown.headings.includes('Ten minste één van:') &&
      shown.headings.includes('Niet het geval:'), shown.headings.join(' | '));
    assert.ok(shown.anyLists > 0 && shown.notLists > 0);
    assert.strictEqual(shown.sentence, permit.condition);
    for (const notation of ['>=', '<=', ' in [', 'known(', '_']) assert.ok(!shown.atoms.join(' ').includes(notation), notation);
    return `${permit.rule} (${section.provision}): ${shown.atoms.length} conditions, ${shown.anyLists} "one of", ${shown.notLists} "not"`;
  });
  await check('Law: screenshot of a rule with its condition', async () => {
    const rule = await page.evaluate(() => {
      const atom = [...document.querySelectorAll('#law-results ul.condition-any')].find((e) => e.closest('details.rule'));
      const details = atom.closest('details.rule');
      details.open = true;
      details.scrollIntoView();
      return details.dataset.rule;
    });
    return screenshot(page, 'workbench-condition.png', `#law-results details.rule[data-rule="${rule}"]`);
  });
  await check('Law: the corpus cases each provision decides are those the server ran (grondslag serve --corpus)', async () => {
    const coverage = JSON.parse((await http('/v1/coverage')).text);
    assert.ok(coverage.cases > 100, `the server ran ${coverage.cases} cases`);
    const expected = (coverage.provisions['pm.20d.2'] || []).map((c) => c.name);
    assert.ok(expected.length > 0, 'no case decides pm.20d.2');
    const shown = await page.$eval('#law-results article[data-provision="pm.20d.2"] details.coverage',
      (d) => ({count: Number(d.dataset.cases), names: [...d.querySelectorAll('li')].map((li) => li.dataset.case)}));
    assert.strictEqual(shown.count, expected.length);
    assert.deepStrictEqual(shown.names, expected);
    return `${coverage.cases} cases run, ${expected.length} decided by pm.20d.2`;
  });
  const visibleProvisions = () => page.$$eval('#law-results .provision', (els) => els.filter((e) => !e.hidden && !e.closest('.law-group').hidden).map((e) => e.dataset.provision));
  await check('Law: the filter narrows the list (text, law, category, party)', async () => {
    const total = (await visibleProvisions()).length;
    await page.type('#law-text', '20d');
    await page.waitForFunction((n) => document.querySelectorAll('#law-results .provision:not([hidden])').length < n, {timeout: WAIT_MS}, total);
    const byText = await visibleProvisions();
    assert.ok(byText.length > 0 && byText.length < total, `${byText.length} of ${total}`);
    assert.ok(byText.includes('pm.20d.2'));
    await page.select('#law-law', 'AVG');
    const byTextAndLaw = await visibleProvisions();
    assert.ok(!byTextAndLaw.includes('pm.20d.2'), 'pm.20d.2 shown under AVG');
    await page.select('#law-law', '');
    await page.$eval('#law-text', (e) => { e.value = ''; e.dispatchEvent(new Event('input', {bubbles: true})); });
    await page.waitForFunction((n) => document.querySelectorAll('#law-results .provision:not([hidden])').length === n, {timeout: WAIT_MS}, total);
    await page.select('#law-category', 'schulden');
    const byCategory = await visibleProvisions();
    const withSchulden = register.sections.filter((s) => s.permits.some((p) => p.categories.some((c) => c.name === 'schulden'))).map((s) => s.provision);
    for (const provision of withSchulden) assert.ok(byCategory.includes(provision), `${provision} hidden by the category filter`);
    assert.ok(byCategory.length < total);
    await page.select('#law-category', '');
    await page.select('#law-party', 'woningcorporatie');
    const byParty = await visibleProvisions();
    assert.ok(byParty.length < total, `${byParty.length} of ${total}`);
    await page.select('#law-party', '');
    return `${total} → "20d" ${byText.length}, +AVG ${byTextAndLaw.length}, schulden ${byCategory.length}, woningcorporatie ${byParty.length}`;
  });
  await check('Law: print leaves out the filter and the tabs and shows the provisions', async () => {
    await page.emulateMediaType('print');
    const printed = await page.evaluate(() => ({
      filters: getComputedStyle(document.getElementById('law-filters')).display,
      tabs: getComputedStyle(document.querySelector('.tabs')).display,
      provision: getComputedStyle(document.querySelector('#law-results .provision')).display,
    }));
    await page.emulateMediaType(null);
    assert.deepStrictEqual([printed.filters, printed.tabs], ['none', 'none']);
    assert.notStrictEqual(printed.provision, 'none');
  });
  await page.$$eval('#law-results details.rule', (els) => els.slice(0, 12).forEach((d) => { d.open = true; }));
  await check('Law: axe-core, WCAG 2 A and AA', () => axeCheck(page, 'law'));
  await page.$eval('#law-text', (e) => { e.value = 'pm.20d'; e.dispatchEvent(new Event('input', {bubbles: true})); });
  await new Promise((resolve) => setTimeout(resolve, 400));
  await page.$$eval('#law-results article[data-provision="pm.20d.2"] details.rule', (els) => { els[0].open = true; });
  await page.evaluate(() => { document.activeElement.blur(); document.getElementById('law-filters').scrollIntoView(); window.scrollBy(0, -10); });
  await check('Law: screenshot', () => screenshot(page, 'workbench-law.png'));
  await page.$eval('#law-text', (e) => { e.value = ''; e.dispatchEvent(new Event('input', {bubbles: true})); });

  // ---- Ask
  const permitCase = corpusCase('agg-onderdak-consent-given');
  const denyCase = corpusCase('agg-consent-not-yet-given');
  const partialCase = corpusCase('agg-per-category-partial');
  await check('Keyboard: the tabs move with the arrow keys', async () => {
    await page.focus('#tab-law');
    await page.keyboard.press('ArrowRight');
    const state = await page.evaluate(() => ({
      focused: document.activeElement.id,
      selected: document.getElementById('tab-ask').getAttribute('aria-selected'),
      panel: !document.getElementById('panel-ask').hidden,
    }));
    assert.deepStrictEqual(state, {focused: 'tab-ask', selected: 'true', panel: true});
  });
  let permitShown;
  await check(`Ask: ${permitCase.name}, filled in the form: the page shows the server's ${permitCase.expect.decision}`, async () => {
    await fillForm(page, permitCase.request);
    const before = await askedCount(page);
    await page.click('#ask-submit');
    await waitCount(page, 'asked', before);
    const {shown, server} = await assertShownIsServers(page, posted);
    assert.strictEqual(server.decision, permitCase.expect.decision, 'the corpus expects another decision');
    const sent = JSON.parse(shown.sent);
    assert.deepStrictEqual(sent.facts.toestemmingen, [{categorie: 'onderdak', gegeven: '2019-06-01'}]);
    assert.ok(!('zorg_nodig' in sent.facts), 'a fact not given was sent');
    permitShown = shown;
    return `${shown.items.map((i) => `${i.data} ${i.decision}`).join(', ')}; rule ${server.items[0].rule}`;
  });
  await check('Ask: the explanation in words is the server\'s (Dutch)', async () => {
    const explained = await http('/v1/explain', {method: 'POST', body: permitShown.sent, lang: 'nl'});
    assert.strictEqual(explained.status, 200);
    assert.strictEqual(permitShown.explanation, explained.text);
    assert.ok(/Besluit: toegestaan/.test(permitShown.explanation));
    return `${permitShown.explanation.split('\n').length} lines`;
  });
  await check('Ask: the five legal questions and the provision link are shown per item', async () => {
    const item = await page.$eval('#ask-items > li.item', (e) => ({
      questions: [...e.querySelectorAll('.questions > li')].map((q) => `${q.dataset.question}:${q.dataset.status}`),
      links: [...e.querySelectorAll('a[href]')].map((a) => a.href),
    }));
    const server = (await decide(permitShown.sent)).json.items[0];
    assert.deepStrictEqual(item.questions, server.questions.map((q) => `${q.question}:${q.status}`));
    if (server.reference) assert.ok(item.links.includes(server.reference.url), item.links.join(' '));
    return item.questions.join(' ');
  });

  await check('Ask: print shows the result without the form', async () => {
    await page.emulateMediaType('print');
    const printed = await page.evaluate(() => ({
      form: getComputedStyle(document.getElementById('ask-form')).display,
      tabs: getComputedStyle(document.querySelector('.tabs')).display,
      result: getComputedStyle(document.getElementById('ask-result')).display,
    }));
    await page.emulateMediaType(null);
    assert.strictEqual(printed.form, 'none');
    assert.strictEqual(printed.tabs, 'none');
    assert.notStrictEqual(printed.result, 'none');
  });

  await check('Language: EN changes the labels, the decision words and the explanation; the choice is kept', async () => {
    const vocabularyEn = JSON.parse((await http('/v1/vocabulary', {lang: 'en'})).text);
    const onderdakEn = vocabularyEn.categories.find((c) => c.name === 'onderdak').label;
    await page.click('.lang-button[data-lang="en"]');
    await page.waitForFunction(() => document.body.dataset.lang === 'en', {timeout: WAIT_MS});
    const shown = await shownResult(page);
    const labels = await page.evaluate(() => ({
      tab: document.getElementById('tab-ask').textContent,
      submit: document.getElementById('ask-submit').textContent,
      lang: document.documentElement.lang,
      sender: document.querySelector('label[for="ask-sender"]').textContent,
    }));
    assert.deepStrictEqual(labels, {tab: 'Ask', submit: 'Ask the server', lang: 'en', sender: 'Sender'});
    assert.ok(shown.items[0].text.includes(onderdakEn), `"${onderdakEn}" not in the item`);
    assert.ok(shown.items[0].badge.includes('Permitted'), shown.items[0].badge);
    const explained = await http('/v1/explain', {method: 'POST', body: permitShown.sent, lang: 'en'});
    assert.strictEqual(shown.explanation, explained.text);
    assert.ok(/Decision: permit/.test(shown.explanation), shown.explanation.slice(0, 80));
    await page.reload({waitUntil: 'networkidle0'});
    await page.waitForSelector('body[data-ready="true"]');
    assert.strictEqual(await page.evaluate(() => document.documentElement.lang), 'en', 'not kept across a reload');
    await page.click('.lang-button[data-lang="nl"]');
    await page.waitForFunction(() => document.body.dataset.lang === 'nl', {timeout: WAIT_MS});
    assert.strictEqual(await page.$eval('#tab-ask', (e) => e.textContent), 'Vraag');
    return `"${onderdakEn}", explanation "${shown.explanation.split('\n')[0].slice(0, 40)}…"`;
  });

  await check(`Keyboard: ${denyCase.name}: a data item checked with Space, Tab reaches the submit button, Enter submits; the page shows the server's ${denyCase.expect.decision}`, async () => {
    await selectTab(page, 'ask');
    await fillForm(page, denyCase.request, {skipData: denyCase.request.data});
    await page.focus('#tab-ask');
    let presses = 0;
    let reachedData = false;
    const unmarked = [];
    for (; presses < 400; presses += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({
        id: document.activeElement.id,
        name: `${document.activeElement.tagName.toLowerCase()}#${document.activeElement.id}.${document.activeElement.className}`,
        outline: getComputedStyle(document.activeElement).outlineStyle,
      }));
      if (focused.outline === 'none') unmarked.push(focused.name);
      if (focused.id === `data-${denyCase.request.data[0]}`) {
        await page.keyboard.press('Space');
        reachedData = true;
      }
      if (focused.id === 'ask-submit') break;
    }
    assert.ok(reachedData, 'Tab never reached the data checkbox');
    assert.ok(presses < 400, 'Tab never reached the submit button');
    assert.deepStrictEqual(unmarked, [], 'focused controls without a visible outline');
    const before = await askedCount(page);
    await page.keyboard.press('Enter');
    await waitCount(page, 'asked', before);
    const {server} = await assertShownIsServers(page, posted);
    assert.strictEqual(server.decision, denyCase.expect.decision);
    const item = server.items[0];
    // The why-not of the denied item: every permit the server names, with its failing conditions.
    assert.ok(Array.isArray(item.why_not) && item.why_not.length > 0, 'the server gives no why_not');
    const whyNot = await page.$$eval('#ask-result .why-not-entry', (entries) => entries.map((e) => ({rule: e.dataset.rule, text: e.textContent})));
    assert.deepStrictEqual(whyNot.map((w) => w.rule), item.why_not.map((w) => w.rule), 'the why-not entries shown are not the server\'s');
    for (const [i, entry] of item.why_not.entries())
      for (const c of entry.consent || []) assert.ok(whyNot[i].text.includes(c.state), `consent state ${c.state} not shown for ${entry.rule}`);
    return `${presses + 1} Tab presses; ${item.data} ${item.decision}, cause ${item.cause}; why-not: ${item.why_not.map((w) => w.rule).join(', ')}`;
  });

  await check(`Ask: ${partialCase.name}, sent as JSON from the editor: per item as the server decides`, async () => {
    await page.$eval('#ask-json-editor', (d) => { d.open = true; });
    const text = JSON.stringify(partialCase.request, null, 2);
    await setValue(page, '#ask-json-input', text);
    const before = await askedCount(page);
    await page.click('#ask-json-send');
    await waitCount(page, 'asked', before);
    const {shown, server} = await assertShownIsServers(page, posted);
    assert.strictEqual(shown.sent, text);
    assert.strictEqual(server.decision, partialCase.expect.decision);
    return shown.items.map((i) => `${i.data} ${i.decision}`).join(', ');
  });
  await page.$eval('#ask-json-editor', (d) => { d.open = false; });
  await page.evaluate(() => document.getElementById('ask-result').scrollIntoView());
  await check('Ask: screenshot', () => screenshot(page, 'workbench-ask.png'));
  await check('Ask: axe-core, WCAG 2 A and AA (form with a consent record, a partial answer)', () => axeCheck(page, 'ask'));

  await check('Ask: a malformed request shows the server\'s error and its JSON path, never a decision', async () => {
    await page.$eval('#ask-json-editor', (d) => { d.open = true; });
    const request = {...permitCase.request, facts: {...permitCase.request.facts, bestaat_niet: true}};
    await setValue(page, '#ask-json-input', JSON.stringify(request));
    problems.expectingClientError = true;
    const before = await askedCount(page);
    await page.click('#ask-json-send');
    await waitCount(page, 'asked', before);
    problems.expectingClientError = false;
    const shown = await shownResult(page);
    const server = await decide(JSON.stringify(request));
    assert.strictEqual(server.status, 400);
    assert.ok(shown.errorShown, 'no error shown');
    assert.ok(!shown.resultShown, 'a result is shown beside the error');
    assert.ok(shown.errorText.includes(server.json.error.path), shown.errorText);
    assert.ok(shown.errorText.includes(server.json.error.message), shown.errorText);
    return `${server.json.error.path}: ${server.json.error.message}`;
  });

  await check('Ask: the form shows a request put in from JSON, and sends it unchanged', async () => {
    await setValue(page, '#ask-json-input', JSON.stringify(permitCase.request));
    await page.click('#ask-json-fill');
    const before = await askedCount(page);
    await page.click('#ask-submit');
    await waitCount(page, 'asked', before);
    const {shown} = await assertShownIsServers(page, posted);
    const sent = JSON.parse(shown.sent);
    const expected = JSON.parse(JSON.stringify(permitCase.request));
    expected.facts.toestemmingen = expected.facts.toestemmingen.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)));
    assert.deepStrictEqual(sent, expected);
  });

  // ---- Review
  const report = JSON.parse(fs.readFileSync(diffFile, 'utf8'));
  const regions = report.groups.flatMap((g) => g.regions);
  await check('Review: the diff report loads, with its completeness, facts, groups and every region', async () => {
    await selectTab(page, 'review');
    const input = await page.$('#review-file');
    await input.uploadFile(diffFile);
    await page.waitForFunction(() => document.querySelectorAll('#review-results tr.region').length > 0, {timeout: WAIT_MS});
    const shown = await page.evaluate(() => ({
      complete: document.getElementById('diff-complete').dataset.complete,
      groups: document.querySelectorAll('#review-results .diff-group').length,
      rows: [...document.querySelectorAll('#review-results tr.region')].map((row) => ({
        text: row.textContent,
        witness: row.querySelector('pre.witness-json') ? row.querySelector('pre.witness-json').textContent : null,
      })),
      text: document.getElementById('review-results').textContent,
    }));
    assert.strictEqual(shown.complete, String(report.complete));
    assert.strictEqual(shown.groups, report.groups.length);
    assert.strictEqual(shown.rows.length, regions.length);
    for (const fact of report.facts.added) assert.ok(shown.text.includes(fact), `fact ${fact}`);
    for (const [index, region] of regions.entries()) {
      const row = shown.rows[index];
      for (const field of ['sender', 'recipient', 'purpose', 'category']) assert.ok(row.text.includes(region[field]), `${field} of region ${index + 1}`);
      const dates = region.open_ended ? `vanaf ${region.first_date} (geen einddatum)` : region.first_date;
      assert.ok(row.text.includes(dates), `dates of region ${index + 1}: ${dates}`);
      assert.deepStrictEqual(JSON.parse(row.witness), region.witness, `witness of region ${index + 1}`);
    }
    for (const group of report.groups) {
      if (group.new.location) assert.ok(shown.text.includes(`${group.new.location.file}:${group.new.location.line}`), 'rule location');
    }
    return `${report.groups.length} groups, ${regions.length} regions, complete ${report.complete}`;
  });
  await page.$eval('#review-results .diff-group', (e) => e.scrollIntoView());
  await page.evaluate(() => window.scrollBy(0, -120));
  await check('Review: screenshot', () => screenshot(page, 'workbench-review.png'));
  await page.$$eval('#review-results .witness details', (els) => { els[0].open = true; });
  await check('Review: axe-core, WCAG 2 A and AA', () => axeCheck(page, 'review'));
  await check('Review: "ask witness" sends the witness as it is and shows the server\'s answer or error', async () => {
    const witness = regions[0].witness;
    problems.expectingClientError = true;
    const before = await askedCount(page);
    await page.click('#review-results .witness-actions button:not(.copy)');
    await waitCount(page, 'asked', before);
    problems.expectingClientError = false;
    assert.strictEqual(await page.$eval('#tab-ask', (e) => e.getAttribute('aria-selected')), 'true');
    const shown = await shownResult(page);
    assert.deepStrictEqual(JSON.parse(posted[posted.length - 1]), witness);
    const server = await decide(JSON.stringify(witness, null, 2));
    if (server.status === 400) {
      assert.ok(shown.errorShown && !shown.resultShown, 'the server\'s error is not shown as an error');
      assert.ok(shown.errorText.includes(server.json.error.message));
      assert.ok(shown.errorText.includes(report.new.policy_set), 'the note on which set answers is missing');
      return `the served set answers 400 (${server.json.error.path}: ${server.json.error.message}), shown as an error`;
    }
    await assertShownIsServers(page, posted);
    return `the served set answers ${server.json.decision}`;
  });

  // ---- Layout
  for (const tab of ['law', 'ask', 'review']) {
    await check(`Layout: ${tab} fits 800px and 200% zoom (640px) without sideways scrolling`, async () => {
      await selectTab(page, tab);
      await noHorizontalScroll(page, 800);
      await noHorizontalScroll(page, 640);
      await page.setViewport({width: 1280, height: 900});
    });
  }

  await check('no console errors, failed requests or CSP violations', async () => {
    const csp = await page.evaluate(() => window.__cspViolations);
    const all = [...problems.console, ...problems.requests, ...csp.map((c) => `CSP: ${c}`)];
    if (all.length) throw new Error(all.slice(0, 5).join('; '));
  });

  // ---- Token
  if (tokenUrl && tokenFile) {
    await check('Token: on a 401 the page asks for the token, keeps it in sessionStorage only and loads', async () => {
      const token = fs.readFileSync(tokenFile, 'utf8').split('\n').find((line) => line.trim() && !line.startsWith('#')).trim();
      const context = await browser.createBrowserContext();
      try {
        const tokenPage = await context.newPage();
        tokenPage.setDefaultTimeout(WAIT_MS);
        await tokenPage.goto(`${tokenUrl}/`, {waitUntil: 'networkidle0', timeout: WAIT_MS});
        await tokenPage.waitForSelector('#token-form:not([hidden])', {timeout: WAIT_MS});
        await tokenPage.type('#token-input', token);
        await tokenPage.keyboard.press('Enter');
        await tokenPage.waitForFunction(() => document.body.dataset.loaded === '2', {timeout: WAIT_MS});
        const stored = await tokenPage.evaluate(() => ({
          session: Object.values(sessionStorage).join(' '),
          local: Object.values(localStorage).join(' '),
          hidden: document.getElementById('token-form').hidden,
          provisions: document.querySelectorAll('#law-results .provision').length,
        }));
        assert.ok(stored.session.includes(token), 'not in sessionStorage');
        assert.ok(!stored.local.includes(token), 'in localStorage');
        assert.ok(stored.hidden, 'the token form stays open');
        assert.ok(stored.provisions > 0, 'the law did not load');
        return `${stored.provisions} provisions after the token`;
      } finally {
        await context.close();
      }
    });
  }
}

main()
  .catch((error) => bad('the test itself', error.stack || String(error)))
  .finally(() => {
    clearTimeout(watchdog);
    console.log(`screenshots in ${shots}`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
