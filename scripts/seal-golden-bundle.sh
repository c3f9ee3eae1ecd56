#!/usr/bin/env bash
# Re-seals tests/golden/requests/explain.bundle from tests/golden/explain_policies with the test key
# (tests/golden/keys), without its compiled image: an image is tied to the engine build that wrote
# it, and the golden case must print the same on every build. Run after changing those policies.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
build/engine/grondslag verify --policies tests/golden/explain_policies --seal "$tmp/full.bundle" \
  --signing-key tests/golden/keys/test-signing-key.pem > /dev/null
python3 - "$tmp" <<'PY'
import hashlib, json, subprocess, sys
tmp = sys.argv[1]
first, body = open(f'{tmp}/full.bundle', 'rb').read().split(b'\n', 1)
header, rest = body.split(b'\n', 1)
h = json.loads(header)
sources = sum(s['bytes'] for s in h['sources'])
del h['compiled']
h['sealed'] = '2026-12-03T00:00:00Z'
body = json.dumps(h, separators=(',', ':'), sort_keys=True).encode() + b'\n' + rest[:sources]
line = b'grondslag-bundle/3 sha256:' + hashlib.sha256(body).hexdigest().encode()
open(f'{tmp}/line', 'wb').write(line)
signature = subprocess.check_output(['openssl', 'pkeyutl', '-sign', '-rawin', '-inkey',
                                     'tests/golden/keys/test-signing-key.pem', '-in', f'{tmp}/line'])
key_id = first.split(b' ')[3]
open('tests/golden/requests/explain.bundle', 'wb').write(line + b' signed ' + key_id + b' ' + signature.hex().encode() + b'\n' + body)
PY
