// Validates `grondslag export --dpv` as JSON-LD with the `jsonld` package:
// expands it in safe mode (any term that would be dropped is an error), converts
// it to N-Quads, checks the IRIs of a known rule and the counts of purposes and
// data categories against the policy sources.
// Usage: node dpv_check.js NODE_MODULES_DIR DPV.json PURPOSES CATEGORIES
'use strict';
const path = require('path');
const fs = require('fs');
const jsonld = require(path.join(process.argv[2], 'jsonld'));
const doc = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const wantPurposes = Number(process.argv[4]);
const wantCategories = Number(process.argv[5]);
const wantSpecial = Number(process.argv[6]);

const DPV = 'https://w3id.org/dpv#';
const GDPR = 'https://w3id.org/dpv/legal/eu/gdpr#';
let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) { passed++; console.log('ok    ' + what); } else { failed++; console.log('FAIL  ' + what); }
}
// Nothing is fetched: the context is inline.
const documentLoader = async (url) => { throw new Error('no remote document may be loaded: ' + url); };

(async () => {
  let expanded;
  try {
    expanded = await jsonld.expand(doc, { safe: true, documentLoader });
    check(true, 'expands in safe mode (' + expanded.length + ' nodes)');
  } catch (e) {
    check(false, 'expand: ' + (e && e.message) + ' ' + JSON.stringify(e && e.details || {}).slice(0, 400));
    console.log(passed + ' passed, ' + failed + ' failed');
    process.exit(1);
  }
  const nquads = await jsonld.toRDF(doc, { format: 'application/n-quads', safe: true, documentLoader });
  check(nquads.split('\n').filter(Boolean).length > 500, 'converts to N-Quads (' + nquads.split('\n').length + ' lines)');

  const byId = new Map(expanded.map((n) => [n['@id'], n]));
  const types = (n) => n['@type'] || [];
  const ids = (n, p) => (n[p] || []).map((v) => v['@id']);
  const count = (t) => expanded.filter((n) => types(n).includes(DPV + t)).length;

  check(count('Purpose') === wantPurposes, `dpv:Purpose count ${count('Purpose')} = ${wantPurposes} purposes in the policies`);
  check(count('PersonalData') === wantCategories, `dpv:PersonalData count ${count('PersonalData')} = ${wantCategories} categories`);
  check(count('SpecialCategoryPersonalData') === wantSpecial && wantSpecial >= 2,
    `dpv:SpecialCategoryPersonalData count ${count('SpecialCategoryPersonalData')} = ${wantSpecial} SPEC categories`);

  const rule = byId.get('urn:grondslag:rule:bjsg.11a.1.nieuw');
  check(!!rule && types(rule).includes(DPV + 'PersonalDataHandling'), 'bjsg.11a.1.nieuw is a dpv:PersonalDataHandling');
  if (rule) {
    check(ids(rule, DPV + 'hasPurpose').includes('urn:grondslag:purpose:openbare_orde'), 'hasPurpose openbare_orde');
    check(ids(rule, DPV + 'hasPersonalData').includes('urn:grondslag:data:justitiele_gegevens'), 'hasPersonalData justitiele_gegevens');
    check(ids(rule, DPV + 'hasRecipient').includes('urn:grondslag:actor:burgemeester'), 'hasRecipient burgemeester');
    check(ids(rule, DPV + 'hasDataController').includes('urn:grondslag:actor:minister_rb'), 'hasDataController minister_rb');
    check(ids(rule, DPV + 'hasLegalBasis').includes('urn:grondslag:basis:avg.6.1.e'), 'hasLegalBasis avg.6.1.e');
    check(ids(rule, DPV + 'hasLegalBasis').includes('urn:grondslag:basis:uavg.33.1.a'), 'hasLegalBasis uavg.33.1.a');
    const r = (rule[DPV + 'hasRule'] || [])[0] || {};
    check((r['@type'] || []).includes(DPV + 'Permission'), 'hasRule dpv:Permission');
    check(ids(rule, DPV + 'hasApplicableLaw').includes('urn:grondslag:provision:bjsg.11a.1.nieuw'), 'hasApplicableLaw its provision');
  }
  const forbid = byId.get('urn:grondslag:rule:avg.9.1');
  check(!!forbid && ((forbid[DPV + 'hasRule'] || [])[0] || {})['@type'].includes(DPV + 'Prohibition'), 'avg.9.1 is a dpv:Prohibition');
  const broader = (id) => ids(byId.get(id) || {}, 'http://www.w3.org/2004/02/skos/core#broader');
  check(broader('urn:grondslag:basis:avg.6.1.e').includes(GDPR + 'A6-1-e'), 'avg.6.1.e under eu-gdpr:A6-1-e');
  check(broader('urn:grondslag:basis:avg.6.1.c').includes(GDPR + 'A6-1-c'), 'avg.6.1.c under eu-gdpr:A6-1-c');
  check(broader('urn:grondslag:basis:avg.9.2.g').includes(GDPR + 'A9-2-g'), 'avg.9.2.g under eu-gdpr:A9-2-g');
  check(broader('urn:grondslag:basis:uavg.33.1.a').includes(GDPR + 'A10'), 'uavg.33.1.a under eu-gdpr:A10');
  const zorg = byId.get('urn:grondslag:data:zorgtraject');
  check(!!zorg && types(zorg).includes(DPV + 'SpecialCategoryPersonalData'), 'zorgtraject is special category');
  console.log(passed + ' passed, ' + failed + ' failed');
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.log('FAIL  ' + e.stack); process.exit(1); });
