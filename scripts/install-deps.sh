#!/usr/bin/env bash
# Installs the Debian 12 packages grondslag builds with, when they are missing.
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config tao-pegtl-dev libz3-dev nlohmann-json3-dev libspdlog-dev
          libboost-test-dev libcli11-dev libsimdjson-dev
          graphviz chromium fonts-dejavu-core)   # `doc` renders flows.svg; the render test opens the pages
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
# The DPV export test installs the npm `jsonld` package at run time: it needs node and npm
# (any install of them; Debian's when there is none).
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  echo "installing: nodejs npm"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends nodejs npm
fi
