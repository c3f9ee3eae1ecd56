#!/usr/bin/env bash
# The main job on the shipped policies: install, build, check the policies,
# then decide every example request in examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
./build/engine/grondslag check policies
./build/engine/grondslag verify --policies policies --seal build/policies.bundle
for request in examples/*.json; do
  echo "== $request"
  ./build/engine/grondslag decide --bundle build/policies.bundle "$request"
done
