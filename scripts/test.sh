#!/usr/bin/env bash
# Sets up, builds and runs every test of bitnode: the quality gates (layering, clang-tidy
# on changed files, AddressSanitizer+UBSan unit tests, a short run of every fuzz target),
# then the release build's full suite (unit tests, consensus vectors, functional tests).
# It ends with ctest's summary of that suite. Usage: scripts/test.sh [--quick]
#   --quick   skip the sanitizer and fuzz stages (for a fast local loop)
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
JOBS=${BITNODE_JOBS:-$(nproc)}

stage() { printf '\n=== %s ===\n' "$*"; }
started=$(date +%s)

stage "setup"
scripts/setup.sh

stage "library direction"
python3 contrib/check-layering.py

if ((QUICK == 0)); then
  if [[ -x scripts/tidy.sh ]]; then
    # .ci/tidy-base names the last commit at which `scripts/tidy.sh --all` was clean;
    # CI checks every file changed since then (and the files that include them).
    stage "clang-tidy (files changed since $(cut -c1-12 .ci/tidy-base))"
    scripts/tidy.sh --base "$(cat .ci/tidy-base)"
  fi
  if [[ -x scripts/sanitize.sh ]]; then
    stage "AddressSanitizer + UndefinedBehaviorSanitizer: unit tests"
    scripts/sanitize.sh
  fi
  if [[ -x scripts/fuzz.sh ]]; then
    stage "fuzz targets (short run each)"
    scripts/fuzz.sh --seconds "${BITNODE_FUZZ_SECONDS:-5}"
  fi
fi

stage "release build (g++, warnings as errors)"
scripts/build.sh build

stage "test suite"
echo "elapsed before the suite: $(( $(date +%s) - started )) s"
cd build
ctest -j"$JOBS" --output-on-failure --timeout 900
