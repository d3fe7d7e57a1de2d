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
  litecoind  # its litecoin-cli is bitcoin-cli 0.21: an independent RPC client for the interop tests
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
# bcoin 1.0.2 for the P2P interop tests (test/functional/test_bcoin_interop.py), into a cache
# directory, without its native build scripts (INTEROP.md); the tests skip if this fails.
BCOIN_DIR="${BITNODE_BCOIN_DIR:-$HOME/.cache/bitnode/bcoin-1.0.2}"
if command -v npm >/dev/null && [[ ! -f "$BCOIN_DIR/node_modules/bcoin/package.json" ]]; then
  mkdir -p "$BCOIN_DIR"
  [[ -f "$BCOIN_DIR/package.json" ]] || echo '{"name":"bitnode-bcoin-harness","private":true}' >"$BCOIN_DIR/package.json"
  (cd "$BCOIN_DIR" && npm install --ignore-scripts --no-audit --no-fund bcoin@1.0.2 >/dev/null 2>&1) ||
    echo "setup: npm could not install bcoin 1.0.2 (interop tests will be skipped)"
fi
# npm bitcoin-core@5, an independent JSON-RPC client for test/functional/test_rpc_interop.py
# (same cache scheme as bcoin; the test skips if this fails).
RPCCLIENT_DIR="${BITNODE_RPCCLIENT_DIR:-$HOME/.cache/bitnode/bitcoin-core-5}"
if command -v npm >/dev/null && [[ ! -f "$RPCCLIENT_DIR/node_modules/bitcoin-core/package.json" ]]; then
  mkdir -p "$RPCCLIENT_DIR"
  [[ -f "$RPCCLIENT_DIR/package.json" ]] || echo '{"name":"bitnode-rpc-client","private":true}' >"$RPCCLIENT_DIR/package.json"
  (cd "$RPCCLIENT_DIR" && npm install --no-audit --no-fund bitcoin-core@5 >/dev/null 2>&1) ||
    echo "setup: npm could not install bitcoin-core@5 (its interop test will be skipped)"
fi
echo "setup: all build and test dependencies are installed"
