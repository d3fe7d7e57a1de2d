// The fuzz target registry: FUZZ_TARGET(name) { ... } defines one libFuzzer target.
//
// All targets live in one binary, bitnode-fuzz; the environment variable FUZZ picks the
// target (FUZZ=list prints them all). A target gets the input as a byte span, must
// accept any bytes without crashing, hanging or leaking, and checks its invariants with
// FUZZ_CHECK, which aborts (a crash libFuzzer records) when one fails. Targets hold no
// state between inputs. See doc/quality.md for how to add one and how corpora are built.
#ifndef BITNODE_FUZZ_FUZZ_H
#define BITNODE_FUZZ_FUZZ_H

#include <cstddef>
#include <cstdint>
#include <span>

namespace fuzz {

using Buffer = std::span<const uint8_t>;
using TargetFn = void (*)(Buffer);
using InitFn = void (*)();

/** Called by FUZZ_TARGET at static initialisation; aborts on a duplicate name. */
bool RegisterTarget(const char* name, TargetFn run, InitFn init);

/** Prints the failed condition and where, then aborts. */
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line);

} // namespace fuzz

#define FUZZ_TARGET_INIT(name, init)                                                              \
    static void FuzzTarget_##name(fuzz::Buffer buffer);                                           \
    [[maybe_unused]] static const bool g_fuzz_registered_##name =                                 \
        fuzz::RegisterTarget(#name, FuzzTarget_##name, init);                                     \
    static void FuzzTarget_##name(fuzz::Buffer buffer)

#define FUZZ_TARGET(name) FUZZ_TARGET_INIT(name, nullptr)

/** Always checked (unlike assert, which NDEBUG removes). */
#define FUZZ_CHECK(cond)                                                                          \
    do {                                                                                          \
        if (!(cond)) fuzz::CheckFailed(#cond, __FILE__, __LINE__);                                \
    } while (0)

#endif // BITNODE_FUZZ_FUZZ_H
