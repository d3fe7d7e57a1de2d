#!/usr/bin/env bash
# Configures (once) and builds bitnode into build/ (binaries in build/bin/).
# Usage: scripts/build.sh [build-dir] [extra cmake -D options...]
set -euo pipefail
cd "$(dirname "$0")/.."
# Share ccache entries between checkouts in different folders (CI builds a fresh clone).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
BUILD_DIR=${1:-build}
shift || true
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DBITNODE_WERROR=ON "$@"
fi
cmake --build "$BUILD_DIR"
