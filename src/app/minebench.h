// bitnode-util minebench: how fast this machine mines. Runs the real proof-of-work
// solver (mining::Solve, midstate kernels, N threads splitting the nonce space) on a
// header whose target cannot be met, for a given time, and prints one line:
//     {"threads": N, "seconds": S, "hashes_per_second": H}
//
// Thread safety: RunMinebench keeps no state between calls; it starts and joins the
// solver's threads itself.
#ifndef BITNODE_APP_MINEBENCH_H
#define BITNODE_APP_MINEBENCH_H

#include <app/args.h>
#include <app/verify_commands.h>

#include <string_view>

namespace app {

inline constexpr std::string_view MINEBENCH_SUMMARY =
    "Measure the miner's hash rate (JSON: threads, seconds, hashes_per_second)";
inline constexpr std::string_view MINEBENCH_DETAILS =
    "Runs the proof-of-work solver on a block header whose target no hash can meet, with "
    "--threads threads (default 1) for --seconds seconds (default 5), and prints "
    "{\"threads\": N, \"seconds\": S, \"hashes_per_second\": H} on one line, H being the "
    "double-SHA-256 header hashes per second of all threads together.";

/** Register --threads and --seconds. */
void AddMinebenchOptions(ArgsSpec& spec);

/** The minebench command (prints its own output; exit status 0, or 1 with one error line). */
int RunMinebench(const VerifyCall& call);

} // namespace app

#endif // BITNODE_APP_MINEBENCH_H
