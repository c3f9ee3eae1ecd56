// The VS Code extension's glue (editors/vscode/extension.js) without VS Code: `vscode` and
// `vscode-languageclient/node` are stand-ins that record what the extension asks for. Checks that
// activation starts a client for grondslag files with `<grondslag.path> lsp`, that this command really is
// a language server (initialize, shutdown, exit with the binary given), and that deactivation stops it.
//   node extension_test.js ROOT GRONDSLAG
'use strict';
const Module = require('module');
const path = require('path');
const { spawnSync } = require('child_process');

const [root, binary] = process.argv.slice(2);
let failures = 0;
const check = (cond, what) => {
  console.log((cond ? 'ok    ' : 'FAIL  ') + what);
  if (!cond) failures++;
};

const made = [];
const stubs = {
  vscode: {
    workspace: { getConfiguration: (section) => ({ get: (key) => (section === 'grondslag' && key === 'path' ? binary : undefined) }) },
  },
  'vscode-languageclient/node': {
    LanguageClient: class {
      constructor(id, name, serverOptions, clientOptions) {
        Object.assign(this, { id, name, serverOptions, clientOptions, started: false, stopped: false });
        made.push(this);
      }
      start() { this.started = true; return Promise.resolve(); }
      stop() { this.stopped = true; return Promise.resolve(); }
    },
  },
};
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (Object.prototype.hasOwnProperty.call(stubs, request)) return stubs[request];
  return load.call(this, request, parent, isMain);
};

const manifest = require(path.join(root, 'editors/vscode/package.json'));
check(manifest.main === './extension.js' && manifest.activationEvents.includes('onLanguage:grondslag'),
  'the manifest activates extension.js for grondslag files');
check(manifest.contributes.configuration.properties['grondslag.path'].default === 'grondslag',
  'the setting grondslag.path defaults to grondslag on the PATH');
check(Boolean(manifest.dependencies['vscode-languageclient']), 'the manifest depends on vscode-languageclient');

const extension = require(path.join(root, 'editors/vscode/extension.js'));
const context = { subscriptions: [] };
(async () => {
  await extension.activate(context);
  const client = made[0];
  check(made.length === 1 && client.started, 'activation starts one language client');
  check(client.serverOptions.command === binary && JSON.stringify(client.serverOptions.args) === '["lsp"]',
    'the client runs `<grondslag.path> lsp`');
  check(JSON.stringify(client.clientOptions.documentSelector) === '[{"scheme":"file","language":"grondslag"}]',
    'for grondslag files');
  // The command the client runs is a language server.
  const frame = (m) => { const b = Buffer.from(JSON.stringify(m)); return `Content-Length: ${b.length}\r\n\r\n${b}`; };
  const session = frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }) +
    frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }) + frame({ jsonrpc: '2.0', method: 'exit' });
  const run = spawnSync(client.serverOptions.command, client.serverOptions.args, { input: session, timeout: 10000 });
  const out = run.stdout.toString();
  check(run.status === 0 && out.includes('"hoverProvider":true') && out.includes('"id":2,"jsonrpc":"2.0","result":null'),
    `that command answers initialize and shutdown and exits 0 (exit ${run.status})`);
  await extension.deactivate();
  check(client.stopped, 'deactivation stops the client');
  console.log(`${failures} failure(s)`);
  process.exit(failures ? 1 : 0);
})();
