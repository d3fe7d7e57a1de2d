#!/usr/bin/env bash
# Builds bitnode-fuzz (clang, libFuzzer + AddressSanitizer + UBSan) in build-fuzz/, builds
# seed corpora from ../shared/testdata, and runs every fuzz target (or the named ones)
# for a fixed time each, two at a time. Exits non-zero if any target crashes, leaks,
# hits undefined behaviour, times out on one input or fails a FUZZ_CHECK; the input
# that did it is kept in build-fuzz/crashes/ and the command to replay it is printed.
#
# Usage: scripts/fuzz.sh [--seconds N | --long] [--jobs N] [--list] [TARGET...]
#   --seconds N  time per target (default 5); 0 runs only the corpus, once
#   --long       600 s per target (the nightly/long mode)
#   --jobs N     targets run at once (default: number of cores)
#   --list       print the targets and exit
# Environment: BITNODE_FUZZ_DIR (default build-fuzz), BITNODE_TESTDATA (seed source).
set -euo pipefail
cd "$(dirname "$0")/.."
# Share ccache entries between checkouts in different folders (CI clones elsewhere).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}

SECONDS_PER_TARGET=5
JOBS=$(nproc)
LIST=0
TARGETS=()
while (($#)); do
  case "$1" in
    --seconds) SECONDS_PER_TARGET=$2; shift 2 ;;
    --long) SECONDS_PER_TARGET=600; shift ;;
    --jobs) JOBS=$2; shift 2 ;;
    --list) LIST=1; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done

BUILD=${BITNODE_FUZZ_DIR:-build-fuzz}
if [[ ! -f "$BUILD/build.ninja" ]]; then
  # Asserts stay on (no -DNDEBUG): an internal invariant that input can break is a bug.
  CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DBITNODE_WERROR=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DBITNODE_BUILD_FUZZ=ON -DBITNODE_SANITIZE=address,undefined \
    -DBITNODE_BUILD_TESTS=OFF -DBITNODE_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$BUILD" --target bitnode-fuzz
FUZZER=$BUILD/bin/bitnode-fuzz

if ((${#TARGETS[@]} == 0)); then
  mapfile -t TARGETS < <(FUZZ=list "$FUZZER")
fi
if ((LIST)); then
  printf '%s\n' "${TARGETS[@]}"
  exit 0
fi

/usr/bin/python3 scripts/fuzz-corpus.py --out "$BUILD/corpus" | tail -n +1 >"$BUILD/corpus.log"
mkdir -p "$BUILD/corpus-work" "$BUILD/crashes" "$BUILD/logs"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Runs one target; prints one summary line; returns libFuzzer's status.
run_target() {
  local target=$1 log="$BUILD/logs/$1.log" work="$BUILD/corpus-work/$1" seeds="$BUILD/corpus/$1"
  mkdir -p "$work" "$seeds"
  local args=(-timeout=30 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$BUILD/crashes/$target-")
  if ((SECONDS_PER_TARGET == 0)); then args+=(-runs=0); else args+=(-max_total_time="$SECONDS_PER_TARGET"); fi
  local status=0
  FUZZ=$target timeout --kill-after=10 $((SECONDS_PER_TARGET + 300)) "$FUZZER" "${args[@]}" "$work" "$seeds" \
    >"$log" 2>&1 || status=$?
  local runs cov
  # (|| true: a crash on the first input leaves no statistics, and pipefail is on.)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
  if ((status == 0)); then
    printf 'fuzz: %-20s ok      %8s runs  coverage %5s  corpus %s\n' "$target" "${runs:-?}" "${cov:-?}" \
      "$(find "$work" "$seeds" -type f | wc -l)"
  else
    printf 'fuzz: %-20s FAILED  (status %s) log %s\n' "$target" "$status" "$log"
    grep -E 'ERROR|SUMMARY|check failed|runtime error|Test unit written' "$log" | head -8 | sed 's/^/    /' || true
    local artifact
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | head -1 || true)
    if [[ -n "$artifact" ]]; then echo "    replay: FUZZ=$target $FUZZER $artifact"; fi
  fi
  return "$status"
}

started=$(date +%s)
failed=()
pids=()
names=()
for target in "${TARGETS[@]}"; do
  while (($(jobs -rp | wc -l) >= JOBS)); do wait -n || true; done
  run_target "$target" &
  pids+=($!)
  names+=("$target")
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed+=("${names[$i]}")
done

elapsed=$(($(date +%s) - started))
echo "fuzz: ${#TARGETS[@]} targets, ${SECONDS_PER_TARGET} s each, ${elapsed} s in all; failed: ${#failed[@]}"
if ((${#failed[@]})); then
  echo "fuzz: failing targets: ${failed[*]} (inputs in $BUILD/crashes/; make each a regression test)" >&2
  exit 1
fi
