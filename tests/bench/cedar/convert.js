'use strict';
// Neutral peer requests (model.js) -> requests of grondslag's decision contract,
// for the policy set in policies/ (the same five rules as policies.cedar).
//
//   node convert.js IN.ndjson OUT.ndjson        (a file of neutral requests)
//   require('./convert').toContract(neutralRequest)
//
// Mapping:
//   sender                 -> sender, lower-cased (DJI -> dji, OM -> om)
//   recipient.type         -> recipient (the contract names a kind of recipient,
//                             not an organisation; recipient.id only matters
//                             through recipient_is_return_municipality)
//   category               -> data: [category] (one item per request)
//   purpose                -> purpose
//   consents, withdrawn    -> facts.toestemmingen: per consented category a record
//                             {categorie, gegeven: 2024-01-01}; if also withdrawn,
//                             ingetrokken: 2024-06-01 (before the request date, so
//                             withdrawn counts as no consent, as in Cedar's rules).
//                             A withdrawal of a consent never given has no record.
//                             Medical consent is marked uitdrukkelijk (explicit),
//                             which Cedar's rule R4 calls it.
//   risk_flag              -> facts.risk_flag
//   recipient_is_return_municipality -> facts.return_municipality
//   (every request)        -> date: 2025-01-01, id: the neutral id
const fs = require('fs');
const readline = require('readline');

const DATE = '2025-01-01';
const GIVEN = '2024-01-01';
const WITHDRAWN = '2024-06-01';

function toContract(r) {
  const toestemmingen = [];
  for (const c of r.consents) {
    const rec = { categorie: c, gegeven: GIVEN };
    if (r.withdrawn.includes(c)) rec.ingetrokken = WITHDRAWN;
    if (c === 'medical') rec.uitdrukkelijk = true;
    toestemmingen.push(rec);
  }
  return {
    id: r.id,
    date: DATE,
    sender: r.sender.toLowerCase(),
    recipient: r.recipient.type,
    purpose: r.purpose,
    data: [r.category],
    facts: {
      toestemmingen,
      risk_flag: r.risk_flag,
      return_municipality: r.recipient_is_return_municipality,
    },
  };
}

async function main(inFile, outFile) {
  const out = fs.createWriteStream(outFile);
  const rl = readline.createInterface({ input: fs.createReadStream(inFile), crlfDelay: Infinity });
  let n = 0, buf = [];
  for await (const line of rl) {
    if (!line) continue;
    buf.push(JSON.stringify(toContract(JSON.parse(line))));
    n++;
    if (buf.length >= 10000) { if (!out.write(buf.join('\n') + '\n')) await new Promise((r) => out.once('drain', r)); buf = []; }
  }
  if (buf.length) out.write(buf.join('\n') + '\n');
  await new Promise((r) => out.end(r));
  console.error(`converted ${n} requests: ${inFile} -> ${outFile}`);
}

module.exports = { toContract, DATE };
if (require.main === module) {
  if (process.argv.length < 4) { console.error('usage: node convert.js IN.ndjson OUT.ndjson'); process.exit(2); }
  main(process.argv[2], process.argv[3]).catch((e) => { console.error(e); process.exit(1); });
}
