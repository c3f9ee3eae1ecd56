#!/usr/bin/env bash
# Validates `grondslag export --dpv` with the npm `jsonld` package, installed at
# test run time into TOOLS_DIR (in the build tree; never committed).
# Usage: dpv_jsonld.sh GRONDSLAG SOURCE_DIR TOOLS_DIR
set -euo pipefail
bin=$1
src=$2
tools=$3
here=$(cd "$(dirname "$0")" && pwd)
command -v node > /dev/null && command -v npm > /dev/null || { echo "FAIL: node and npm are needed (scripts/install-deps.sh)"; exit 1; }
if [ ! -f "$tools/node_modules/jsonld/package.json" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --no-save --loglevel=error jsonld@8 > "$tools/npm.log" 2>&1 \
    || { echo "FAIL: npm install jsonld"; cat "$tools/npm.log"; exit 1; }
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" export --dpv --policies "$src/policies" --out "$work/dpv.json"
purposes=$(cat "$src"/policies/*.gsl | grep -c -E '^[[:space:]]*purpose[[:space:]]')
categories=$(cat "$src"/policies/*.gsl | grep -c -E '^[[:space:]]*category[[:space:]]')
special=$(cat "$src"/policies/*.gsl | grep -c -E '^[[:space:]]*category[[:space:]].*class SPEC')
echo "export: $(stat -c %s "$work/dpv.json") bytes; the policies declare $purposes purposes, $categories categories"
node "$here/dpv_check.js" "$tools/node_modules" "$work/dpv.json" "$purposes" "$categories" "$special"
