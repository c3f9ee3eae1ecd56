// Starts `grondslag lsp` for .gsl files: the checker's diagnostics as you type, hover, go to definition,
// completion of declared names and formatting (editors/README.md). The path of the binary is the setting
// `grondslag.path` (default: `grondslag` on the PATH).
'use strict';
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('grondslag').get('path') || 'grondslag';
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = { documentSelector: [{ scheme: 'file', language: 'grondslag' }] };
  client = new LanguageClient('grondslag', 'grondslag', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
