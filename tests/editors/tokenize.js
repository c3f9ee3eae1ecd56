// Tokenises every shipped .gsl file with the TextMate grammar of editors/vscode
// (vscode-textmate + vscode-oniguruma, the engine VS Code uses) and checks each
// lexeme against an independent lexer of the language: every non-blank
// character gets a grondslag scope, keywords keyword scopes, comments, strings,
// dates, numbers, ids and operators theirs, and no token is `invalid`.
//
//   node tokenize.js ROOT [FILE...]     (default: the shipped policy files under ROOT)
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = path.resolve(process.argv[2] || path.join(__dirname, '..', '..'));
const grammarPath = path.join(root, 'editors', 'vscode', 'syntaxes', 'grondslag.tmLanguage.json');

function shippedFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') walk(p);
      else if (e.isFile() && e.name.endsWith('.gsl')) out.push(p);
    }
  };
  for (const d of ['policies', 'examples', 'tests/golden', 'tests/bench/cedar/policies']) walk(path.join(root, d));
  return out.sort();
}

// The scopes a word may have (a prefix of one of the token's scopes), by word.
const expected = new Map();
const expect = (words, scopes) => words.split(' ').forEach((w) => expected.set(w, scopes));
expect('module actor category fact provision rule', ['keyword.declaration.']);
expect('purpose', ['keyword.declaration.purpose', 'constant.language.any']);
expect('basis', ['keyword.declaration.basis', 'keyword.control.']);
expect('permit forbid prevails under from to for phase valid until when except retain log notify secrecy inform motivate shield use at least after cite says needs recipients',
  ['keyword.control.']);
expect('law lid onder kind class bwb celex cvdr rank open extend eu_verordening wet amvb ministeriele_regeling gemeentelijke_verordening bestuursregeling convenant',
  ['keyword.other.grondslag']);
expect('duty power', ['keyword.other.provision-kind.']);  // after a provision's id
expect('article', ['keyword.other.grondslag', 'support.type.']);  // a provision's article, or `list of article`
expect('and or not', ['keyword.operator.logical.']);
expect('in contains', ['keyword.operator.word.']);
expect('of', ['keyword.operator.word.', 'support.type.']);
expect('known', ['support.function.builtin.']);
expect('consent explicit', ['keyword.other.consent.']);
expect('date', ['variable.language.', 'support.type.']);
expect('sender recipient', ['variable.language.']);
expect('true false', ['constant.language.boolean.']);
expect('any anyone data', ['constant.language.any.']);
expect('bool int consents list text one record', ['support.type.']);
expect('day days month months year years', ['keyword.other.unit.']);
expect('ORD SPEC CRIM NID', ['support.constant.data-class.']);

const lexeme = /"(?:[^"\\]|\\.)*"?|#.*$|\d{4}-\d{2}-\d{2}(?![A-Za-z0-9_])|[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*|<=|>=|!=|[<>=+\-]|[,/:()[\]{}]|\S/g;

function expectedScopes(text, previousWord) {
  if (text.startsWith('#')) return ['comment.line.number-sign.grondslag'];
  if (text.startsWith('"')) return ['string.quoted.double.grondslag'];
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return ['constant.numeric.date.'];
  if (/^\d+$/.test(text)) return ['constant.numeric.integer.'];
  if (['bwb', 'celex', 'cvdr'].includes(previousWord)) return ['constant.other.source-id.'];
  if (previousWord === 'kind') return ['support.constant.basis-kind.'];
  if (/^[A-Za-z0-9_]/.test(text)) {
    if (expected.has(text)) return expected.get(text);
    return ['variable.other.', 'entity.name.'];
  }
  if (/^(<=|>=|!=|<|>|=)$/.test(text)) return ['keyword.operator.comparison.'];
  if (text === '+' || text === '-') return ['keyword.operator.arithmetic.'];
  return ['punctuation.'];
}

async function main() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.grondslag'
        ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
  });
  const grammar = await registry.loadGrammar('source.grondslag');
  const files = process.argv.length > 3 ? process.argv.slice(3) : shippedFiles();
  const failures = [];
  const counts = { files: 0, lines: 0, lexemes: 0, keywords: 0, comments: 0, strings: 0, dates: 0 };
  for (const file of files) {
    counts.files++;
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    let stack = vsctm.INITIAL;
    lines.forEach((line, i) => {
      counts.lines++;
      const result = grammar.tokenizeLine(line, stack);
      stack = result.ruleStack;
      const scopesAt = (col) => {
        const t = result.tokens.find((tok) => tok.startIndex <= col && col < tok.endIndex);
        return t ? t.scopes : [];
      };
      const where = `${path.relative(root, file)}:${i + 1}`;
      for (const tok of result.tokens)
        if (tok.scopes.some((s) => s.startsWith('invalid')))
          failures.push(`${where}:${tok.startIndex + 1}: invalid token '${line.slice(tok.startIndex, tok.endIndex)}'`);
      let previousWord = '';
      lexeme.lastIndex = 0;
      for (let m; (m = lexeme.exec(line)) !== null;) {
        const text = m[0];
        counts.lexemes++;
        const want = expectedScopes(text, previousWord);
        if (text.startsWith('#')) counts.comments++;
        else if (text.startsWith('"')) counts.strings++;
        else if (want[0] === 'constant.numeric.date.') counts.dates++;
        else if (want[0].startsWith('keyword.')) counts.keywords++;
        // Every character of the lexeme carries one of the wanted scopes.
        for (let col = m.index; col < m.index + text.length; col++) {
          const scopes = scopesAt(col);
          if (!scopes.some((s) => s !== 'source.grondslag' && want.some((w) => s.startsWith(w)))) {
            failures.push(`${where}:${col + 1}: '${text}' has scopes [${scopes.join(' ')}], expected ${want.join(' or ')}`);
            break;
          }
        }
        if (/^[A-Za-z0-9_]/.test(text)) previousWord = text;
        else if (!text.startsWith('#')) previousWord = '';
      }
    });
  }
  for (const f of failures.slice(0, 40)) console.log('FAIL ' + f);
  console.log(`tokenised ${counts.files} files, ${counts.lines} lines, ${counts.lexemes} lexemes ` +
    `(${counts.keywords} keywords, ${counts.comments} comments, ${counts.strings} strings, ${counts.dates} dates): ` +
    `${failures.length} failure(s)`);
  process.exit(failures.length === 0 && counts.files > 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
