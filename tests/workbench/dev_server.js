#!/usr/bin/env node
// A small development server for the browser workbench: it serves the three files of
// engine/server/workbench/ at the paths `grondslag serve` will serve them (/, /workbench/workbench.js,
// /workbench/workbench.css), with the same Content-Security-Policy, and passes every other path
// (/v1/*, /ready, ...) to a running `grondslag serve`. The files are read on each request, so an edit
// shows on reload.
//   node dev_server.js --backend http://127.0.0.1:8181 [--listen 127.0.0.1:8180] [--root DIR]
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

function option(name, fallback) {
  const index = process.argv.indexOf(name);
  return index > 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

const root = path.resolve(option('--root', path.join(__dirname, '..', '..', 'engine', 'server', 'workbench')));
const backend = new URL(option('--backend', 'http://127.0.0.1:8181'));
const [host, port] = option('--listen', '127.0.0.1:8180').split(':');

const FILES = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/index.html': ['index.html', 'text/html; charset=utf-8'],
  '/workbench/workbench.js': ['workbench.js', 'text/javascript; charset=utf-8'],
  '/workbench/workbench.css': ['workbench.css', 'text/css; charset=utf-8'],
};

const server = http.createServer((request, response) => {
  const pathname = new URL(request.url, 'http://localhost').pathname;
  const file = FILES[pathname];
  if (file && request.method === 'GET') {
    fs.readFile(path.join(root, file[0]), (error, body) => {
      if (error) {
        response.writeHead(500, {'Content-Type': 'text/plain'});
        response.end(String(error));
        return;
      }
      response.writeHead(200, {
        'Content-Type': file[1],
        'Content-Security-Policy': "default-src 'self'",
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      response.end(body);
    });
    return;
  }
  const upstream = http.request({
    host: backend.hostname,
    port: backend.port,
    method: request.method,
    path: request.url,
    headers: {...request.headers, host: backend.host},
    timeout: 30000,
  }, (answer) => {
    response.writeHead(answer.statusCode, answer.headers);
    answer.pipe(response);
  });
  upstream.on('timeout', () => upstream.destroy(new Error('backend timeout')));
  upstream.on('error', (error) => {
    if (!response.headersSent) response.writeHead(502, {'Content-Type': 'application/json'});
    response.end(JSON.stringify({error: `dev server: backend ${backend.href}: ${error.message}`}));
  });
  request.pipe(upstream);
});

server.listen(Number(port), host, () => {
  const address = server.address();
  console.log(`workbench dev server on http://${address.address}:${address.port}/ (files from ${root}, API from ${backend.href})`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
