#!/usr/bin/env bash
# Line and branch coverage of the test suite (clang source-based coverage, llvm-cov).
# Builds build-cov/ with -DBITNODE_COVERAGE=ON, runs ctest (or the tests matching
# --filter), merges the profiles and writes:
#   build-cov/coverage/index.html   per-file report, source annotated with hit counts
#   build-cov/coverage/summary.txt  the per-file table printed at the end
# Test files, test helpers and system headers are left out of the figures.
# Usage: scripts/coverage.sh [--filter REGEX] [--jobs N]
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}

FILTER=""
JOBS=$(nproc)
while (($#)); do
  case "$1" in
    --filter) FILTER=$2; shift 2 ;;
    --jobs) JOBS=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "coverage.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

BUILD=${BITNODE_COV_DIR:-build-cov}
if [[ ! -f "$BUILD/build.ninja" ]]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DBITNODE_WERROR=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DBITNODE_COVERAGE=ON -DBITNODE_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$BUILD" -j "$JOBS"

PROFILES=$(cd "$BUILD" && pwd)/profiles
rm -rf "$PROFILES" "$BUILD/coverage"
mkdir -p "$PROFILES" "$BUILD/coverage"
ctest_args=(--test-dir "$BUILD" -j "$JOBS" --timeout 900)
[[ -n $FILTER ]] && ctest_args+=(-R "$FILTER")
status=0
# %m merges runs of one binary in place, %p keeps concurrent processes apart.
LLVM_PROFILE_FILE="$PROFILES/%p-%m.profraw" ctest "${ctest_args[@]}" || status=$?
((status == 0)) || echo "coverage: some tests failed; the figures cover what ran" >&2

llvm-profdata merge -sparse "$PROFILES"/*.profraw -o "$BUILD/coverage/all.profdata"
objects=()
for binary in "$BUILD"/test/* "$BUILD"/bin/*; do
  [[ -x $binary && -f $binary ]] && objects+=(-object "$binary")
done
# Sources are recorded as <build>/../src/..., so match on names, not on the build dir.
ignore='(_test\.cpp$|/src/test/|^/usr/|_empty\.cpp$)'
llvm-cov show "${objects[@]}" -instr-profile="$BUILD/coverage/all.profdata" -format=html \
  -show-line-counts-or-regions -ignore-filename-regex="$ignore" -output-dir="$BUILD/coverage" >/dev/null
llvm-cov report "${objects[@]}" -instr-profile="$BUILD/coverage/all.profdata" \
  -ignore-filename-regex="$ignore" >"$BUILD/coverage/summary.txt"
cat "$BUILD/coverage/summary.txt"
echo "coverage: open $BUILD/coverage/index.html (the TOTAL line above is the whole tree)"
exit "$status"
