#!/usr/bin/env bash
# Installs what bitnode needs to build and test, from Debian's and npm's registries.
# Idempotent: when everything is present it only checks, in well under a second.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config clang lld clang-tidy clang-format
  libclang-rt-14-dev llvm
  libsecp256k1-dev libleveldb-dev libboost1.81-dev libboost-json1.81-dev
  libcli11-dev libspdlog-dev libfmt-dev libsqlite3-dev
  googletest libgtest-dev libbenchmark-dev
  python3 python3-pytest python3-bitcoinlib
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: all build and test dependencies are installed"
