#!/usr/bin/env bash
# Installs the Debian 12 packages grondslag builds with, when they are missing.
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config tao-pegtl-dev libz3-dev nlohmann-json3-dev libspdlog-dev
          libboost-dev libboost-test-dev libcli11-dev libsimdjson-dev libssl-dev curl openssl time python3 python3-jsonschema ccache
          graphviz chromium fonts-dejavu-core)   # `doc` renders flows.svg; the render test opens the pages
# node and npm run the editor-grammar and DPV tests; a node already on the PATH will do.
command -v node > /dev/null && command -v npm > /dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
