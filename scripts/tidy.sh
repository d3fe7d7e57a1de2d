#!/usr/bin/env bash
# Runs clang-tidy with the checked-in .clang-tidy over bitnode's sources (src/, fuzz/,
# bench/); any finding fails. Compile commands come from build-tidy/ (configured with
# clang, never built). Usage:
#   scripts/tidy.sh [--changed]   files not yet clean on this machine: a file is
#                                 re-checked when it, a project header it includes,
#                                 its flags or .clang-tidy change (cache in
#                                 ~/.cache/bitnode/tidy, BITNODE_TIDY_CACHE overrides)
#   scripts/tidy.sh --base REF    files changed since git revision REF, and their includers
#   scripts/tidy.sh --all         every file
#   scripts/tidy.sh FILE...       just these files
#   scripts/tidy.sh --format      list files that differ from .clang-format (advisory)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--format" ]]; then
  differ=0
  while IFS= read -r file; do
    if ! clang-format --dry-run -Werror "$file" >/dev/null 2>&1; then echo "$file"; differ=$((differ + 1)); fi
  done < <(git ls-files 'src/*.cpp' 'src/*.h' 'fuzz/*.cpp' 'fuzz/*.h' 'bench/*.cpp' 'bench/*.h')
  echo "tidy --format: $differ file(s) differ from .clang-format (clang-format -i FILE fixes one)"
  exit 0
fi

BUILD=${BITNODE_TIDY_DIR:-build-tidy}
# Re-configure every time (a second or two): new files must be in compile_commands.json.
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DBITNODE_BUILD_FUZZ=ON >/dev/null
args=()
[[ "${1:-}" == "--changed" ]] && shift
exec python3 scripts/tidy.py --build "$BUILD" "$@"
