// Checking a run of consecutive headers from genesis, as a node accepting them one after
// another would (Core's AcceptBlockHeader for each): proof of work, linkage to the
// previous header, retargeting, time rules and version rules, with the chain's total work.
// This is what `bitnode-util verifyheaders` runs; the chain library validates headers
// against its block index instead.
//
// Thread safety: pure function.
#ifndef BITNODE_CONSENSUS_HEADER_CHAIN_H
#define BITNODE_CONSENSUS_HEADER_CHAIN_H

#include <consensus/params.h>
#include <consensus/validation_state.h>
#include <primitives/arith_uint256.h>
#include <primitives/block.h>
#include <primitives/uint256.h>

#include <cstdint>
#include <span>

namespace consensus {

struct HeaderChainResult {
    /** Valid, or the first failure with Core's reject reason. */
    BlockValidationState state;
    /** Height of the last header if all are valid, else of the first invalid one. */
    int height{-1};
    /** Hash of the last valid header (null if none). */
    primitives::uint256 tip;
    /** Sum of GetBlockProof over the valid headers, genesis included. */
    primitives::arith_uint256 chain_work;
};

/**
 * Check headers[0] (which must be the network's genesis) and every following header
 * against its predecessor. A header whose hash_prev_block is not the hash of the header
 * before it fails with "prev-blk-not-found" (BLOCK_MISSING_PREV), like a header whose
 * parent a node does not know; so does a first header that is not the genesis block.
 * `now` is the clock for the future-time rule (Unix seconds).
 */
HeaderChainResult VerifyHeaderChain(std::span<const primitives::BlockHeader> headers, const Params& params,
                                    int64_t now);

} // namespace consensus

#endif // BITNODE_CONSENSUS_HEADER_CHAIN_H
