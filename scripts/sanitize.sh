#!/usr/bin/env bash
# Builds bitnode with clang and sanitizers and runs the unit tests under them.
#
# Usage: scripts/sanitize.sh [--thread] [--filter REGEX] [--all] [--jobs N]
#   (default)        AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/, every
#                    ctest test (unit tests, compile checks, functional tests)
#   --thread         ThreadSanitizer in build-tsan/, the threaded tests only: ctest names
#                    matching $BITNODE_TSAN_TESTS (see below) unless --filter/--all says
#   --filter REGEX   run only ctest tests matching REGEX
#   --all            with --thread: every test (slow: TSan costs 5-15x)
#   --jobs N         build and test parallelism (default: number of cores)
# Any sanitizer report aborts the test that made it, so ctest fails and prints it.
# Asserts stay on in these builds (no -DNDEBUG). Build dirs are reused (ccache helps too).
set -euo pipefail
cd "$(dirname "$0")/.."
# Share ccache entries between checkouts in different folders (CI clones elsewhere).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}

MODE=address
FILTER=""
ALL=0
JOBS=$(nproc)
while (($#)); do
  case "$1" in
    --thread) MODE=thread; shift ;;
    --filter) FILTER=$2; shift 2 ;;
    --all) ALL=1; shift ;;
    --jobs) JOBS=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "sanitize.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

# Suites that start threads carry one of these words in their name (doc/quality.md):
# the check queue, miner, notification thread, P2P and HTTP servers, thread pools, locks.
TSAN_TESTS=${BITNODE_TSAN_TESTS:-'Thread|Concurren|Parallel|Sync|Lock|Mutex|Queue|Pool|Miner|Mining|Notif|Scheduler|P2P|Net|Connman|Peer|Node|Http|Rpc|Rest|Server'}

if [[ $MODE == thread ]]; then
  BUILD=${BITNODE_TSAN_DIR:-build-tsan}
  SANITIZERS=thread
  export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:history_size=4}
  if [[ -z $FILTER && $ALL == 0 ]]; then FILTER=$TSAN_TESTS; fi
else
  BUILD=${BITNODE_ASAN_DIR:-build-asan}
  SANITIZERS=address,undefined
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fi

if [[ ! -f "$BUILD/build.ninja" ]]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DBITNODE_WERROR=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DBITNODE_SANITIZE=$SANITIZERS -DBITNODE_BUILD_BENCH=OFF >/dev/null
fi
started=$(date +%s)
cmake --build "$BUILD" -j "$JOBS"
built=$(date +%s)

ctest_args=(--test-dir "$BUILD" -j "$JOBS" --output-on-failure --timeout 900)
[[ -n $FILTER ]] && ctest_args+=(-R "$FILTER")
status=0
ctest "${ctest_args[@]}" || status=$?
echo "sanitize ($SANITIZERS): build $((built - started)) s, tests $(($(date +%s) - built)) s"
exit "$status"
