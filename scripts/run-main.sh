#!/usr/bin/env bash
# The main job on the shipped policies: install, build, check the policies, prove them and seal
# them in a signed bundle, then decide every example request in examples/ from that bundle,
# checking its signature. The key pair is made once in build/ (a real deployment keeps the
# signing key with whoever verifies: docs/verification.md, "Trust model").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
./build/engine/grondslag check policies
if [ ! -f build/signing-key.pem ]; then
  (umask 077 && openssl genpkey -algorithm ed25519 -out build/signing-key.pem)
  openssl pkey -in build/signing-key.pem -pubout -out build/verification-key.pem
fi
./build/engine/grondslag verify --policies policies --seal build/policies.bundle --signing-key build/signing-key.pem
for request in examples/*.json; do
  echo "== $request"
  ./build/engine/grondslag decide --bundle build/policies.bundle --verification-key build/verification-key.pem "$request"
done
