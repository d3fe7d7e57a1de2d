// Consensus limits on blocks and transactions, and the lock-time flags validation passes
// around. These numbers are network rules (Bitcoin Core's consensus/consensus.h and chain.h):
// DO NOT CHANGE.
//
// Thread safety: constants only.
#ifndef BITNODE_CONSENSUS_LIMITS_H
#define BITNODE_CONSENSUS_LIMITS_H

#include <cstddef>
#include <cstdint>

namespace consensus {

/** Largest serialized block, witness included (a buffer bound, implied by the weight limit). */
inline constexpr size_t MAX_BLOCK_SERIALIZED_SIZE = 4'000'000;
/** Largest block weight (BIP141). */
inline constexpr int64_t MAX_BLOCK_WEIGHT = 4'000'000;
/** Largest total signature-operation cost of a block (legacy and P2SH sigops count 4 each). */
inline constexpr int64_t MAX_BLOCK_SIGOPS_COST = 80'000;
/** A coinbase output may be spent only this many blocks after the block that created it. */
inline constexpr int COINBASE_MATURITY = 100;

/** Lock-time flag: treat input sequence numbers as relative lock times (BIP68). */
inline constexpr unsigned LOCKTIME_VERIFY_SEQUENCE = 1U << 0;

/** A header's time may be at most this many seconds ahead of the node's clock. */
inline constexpr int64_t MAX_FUTURE_BLOCK_TIME = 2 * 60 * 60;
/** The median time past is the median of this many consecutive block times. */
inline constexpr int MEDIAN_TIME_SPAN = 11;

} // namespace consensus

#endif // BITNODE_CONSENSUS_LIMITS_H
