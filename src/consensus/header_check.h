// Block header rules (Bitcoin Core's CheckBlockHeader and ContextualCheckBlockHeader).
//
// Context-free: the hash meets the target the header claims ("high-hash").
// Contextual, given the chain the header extends (pow.h's HeaderAncestry ending at its
// parent) and the node's clock:
//   bad-diffbits          bits differ from GetNextWorkRequired (retarget, testnet rules)
//   time-too-old          time not after the parent's median time past
//   time-timewarp-attack  BIP94 networks: a period's first block more than 600 s before its parent
//   time-too-new          time more than 2 hours ahead of the clock (BLOCK_TIME_FUTURE)
//   bad-version(0x%08x)   version below 2/3/4 once BIP34/66/65 are active
// All but time-too-new are BLOCK_INVALID_HEADER, as in Core.
//
// Thread safety: pure functions; the ancestry is only read.
#ifndef BITNODE_CONSENSUS_HEADER_CHECK_H
#define BITNODE_CONSENSUS_HEADER_CHECK_H

#include <consensus/params.h>
#include <consensus/pow.h>
#include <consensus/validation_state.h>
#include <primitives/block.h>

#include <cstdint>

namespace consensus {

/** Proof of work of a lone header; false with "high-hash" if it fails. */
bool CheckBlockHeader(const primitives::BlockHeader& header, BlockValidationState& state, const Params& params,
                      bool check_pow = true);

/**
 * The rules that depend on the header's parent chain. `now` is the node's clock in Unix
 * seconds (the future-time limit is measured from it).
 */
bool ContextualCheckBlockHeader(const primitives::BlockHeader& header, BlockValidationState& state,
                                const HeaderAncestry& parent_chain, const Params& params, int64_t now);

} // namespace consensus

#endif // BITNODE_CONSENSUS_HEADER_CHECK_H
