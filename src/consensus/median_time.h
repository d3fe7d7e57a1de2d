// Median time past (BIP113): the median of the times of a block and its ten predecessors,
// the clock that lock times and the "time-too-old" rule use because no miner controls it.
//
// Reads the chain through pow.h's HeaderAncestry, so the chain library (block index) and
// tools (a vector of headers) share it. Thread safety: pure function.
#ifndef BITNODE_CONSENSUS_MEDIAN_TIME_H
#define BITNODE_CONSENSUS_MEDIAN_TIME_H

#include <consensus/pow.h>

#include <cstdint>

namespace consensus {

/**
 * Median time past of the block at `height` in `chain` (0 <= height <= chain.Tip().height):
 * the median of the times of blocks max(0, height - 10) .. height; with an even count
 * (near genesis) the upper of the two middle values.
 */
int64_t GetMedianTimePast(const HeaderAncestry& chain, int height);

} // namespace consensus

#endif // BITNODE_CONSENSUS_MEDIAN_TIME_H
