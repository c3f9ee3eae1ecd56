#!/usr/bin/env bash
# The editor support under editors/: tokenises every shipped policy with the VS Code
# TextMate grammar and runs the grammar-test cases (cases/*.gsl, `# ^^^ scope` assertions).
# Installs vscode-textmate, vscode-oniguruma and vscode-tmgrammar-test with npm on first use
# (node_modules is never committed); node and npm come from scripts/install-deps.sh.
#   tests/editors/run.sh [ROOT]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "${1:-$HERE/../..}" && pwd)
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  echo "editors: node and npm are needed (scripts/install-deps.sh installs them)" >&2
  exit 1
fi
if [ ! -f "$HERE/node_modules/.installed" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.installed" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --silent) || { echo "editors: npm ci failed" >&2; exit 1; }
  touch "$HERE/node_modules/.installed"
fi
node "$HERE/tokenize.js" "$ROOT"
cd "$HERE"
node_modules/.bin/vscode-tmgrammar-test --config "$ROOT/editors/vscode/package.json" 'cases/*.gsl'
