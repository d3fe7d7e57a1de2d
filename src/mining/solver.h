// The proof-of-work search: finds a nonce (and, when the 2^32 nonces of a header are
// used up, a new coinbase extra nonce) that makes a block's hash meet a target.
//
// The inner loop hashes the header's last 16 bytes from the midstate of its first 64
// (crypto::Sha256D80Midstate, the fastest kernel the CPU has: SHA-NI interleaved lanes,
// AVX-512 or AVX2), a few hundred nonces per call, and compares the top 64 bits of each
// hash with the target's before any full comparison. N threads split the nonce space of
// each extra nonce into N equal slices; a thread that finishes its slice moves on to the
// next extra nonce by itself (recomputing the merkle root), so threads never wait for
// one another. Every CHECK_INTERVAL hashes each thread publishes its hash count and
// checks the stop conditions, which bounds the time to stop at well under a millisecond
// on current CPUs.
//
// Thread safety: Solve may be called from any thread; it runs the search on the calling
// thread (threads == 1) or on threads it starts and joins before returning. The stop
// predicate is called concurrently from the search threads.
#ifndef BITNODE_MINING_SOLVER_H
#define BITNODE_MINING_SOLVER_H

#include <primitives/arith_uint256.h>
#include <primitives/block.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>

namespace mining {

/** Hashes between two looks at the stop conditions (about 0.1 ms on one SHA-NI core). */
inline constexpr uint64_t CHECK_INTERVAL = 4096;

struct SolveOptions {
    /** Search threads (-genproclimit); 0 counts as 1. */
    unsigned threads{1};
    /** Give up after this many hashes in all (Core's generate maxtries); counted in CHECK_INTERVAL steps when threads > 1. */
    uint64_t max_tries{std::numeric_limits<uint64_t>::max()};
    /** Roll the coinbase extra nonce when a header's nonces are used up; otherwise stop (EXHAUSTED). */
    bool roll_extra_nonce{true};
    /** Height of the block (for the coinbase's BIP34 push when the extra nonce rolls). */
    int height{0};
    /** The extra nonce the block's coinbase carries now; rolling continues from here. */
    uint64_t extra_nonce{0};
    /** Checked every CHECK_INTERVAL hashes by each thread: true ends the search (STOPPED). */
    std::function<bool()> should_stop;
    /** If set, hashes are added here as they are done (for live hash-rate figures). */
    std::atomic<uint64_t>* hash_counter{nullptr};
};

enum class SolveStatus {
    FOUND,     //!< block now carries a solving nonce (and extra nonce)
    STOPPED,   //!< should_stop said so
    EXHAUSTED, //!< max_tries used up, or the nonces ran out without roll_extra_nonce
};

struct SolveResult {
    SolveStatus status{SolveStatus::STOPPED};
    /** Hashes computed by all threads. */
    uint64_t hashes{0};
    /** The extra nonce in the block's coinbase afterwards. */
    uint64_t extra_nonce{0};
};

/**
 * Search for a header hash <= target, starting at block.nonce (with threads == 1; threads
 * start at the beginning of their slices). On FOUND the block's nonce, coinbase and merkle
 * root are those of the solution; otherwise the block is unchanged.
 */
SolveResult Solve(primitives::Block& block, const primitives::arith_uint256& target, const SolveOptions& options);

/** Whether hash (a header hash in its usual byte order) is at most target. */
bool HashMeetsTarget(const uint8_t hash[32], const primitives::arith_uint256& target);

} // namespace mining

#endif // BITNODE_MINING_SOLVER_H
