// Block rules that need no spent outputs (Bitcoin Core's CheckBlock, ContextualCheckBlock
// and the malleation checks around them).
//
// CheckBlock, context-free, in Core's order:
//   high-hash (INVALID_HEADER); bad-signet-blksig (signet networks);
//   bad-txnmrklroot, bad-txns-duplicate (MUTATED: the merkle tree, CVE-2012-2459);
//   bad-blk-length; bad-cb-missing; bad-cb-multiple; CheckTransaction's reasons for each
//   tx; bad-blk-sigops (legacy sigops only).
// ContextualCheckBlock, given the block's height and its parent's median time past:
//   bad-txns-nonfinal (nLockTime, BIP113 after CSV); bad-cb-height (BIP34);
//   bad-witness-nonce-size, bad-witness-merkle-match, unexpected-witness (MUTATED);
//   bad-blk-weight.
//
// Thread safety: pure functions.
#ifndef BITNODE_CONSENSUS_BLOCK_CHECK_H
#define BITNODE_CONSENSUS_BLOCK_CHECK_H

#include <consensus/params.h>
#include <consensus/validation_state.h>
#include <primitives/block.h>

#include <cstdint>

namespace consensus {

/** The header commits to exactly these transactions: bad-txnmrklroot / bad-txns-duplicate. */
bool CheckMerkleRoot(const primitives::Block& block, BlockValidationState& state);

/**
 * With expect_witness_commitment (segwit active) and a commitment output present, the
 * coinbase witness must be one 32-byte nonce and the commitment must match; otherwise no
 * transaction may carry a witness.
 */
bool CheckWitnessMalleation(const primitives::Block& block, bool expect_witness_commitment,
                            BlockValidationState& state);

/** Context-free block checks; check_pow and check_merkle_root as in Core (off for templates). */
bool CheckBlock(const primitives::Block& block, BlockValidationState& state, const Params& params,
                bool check_pow = true, bool check_merkle_root = true);

/**
 * Checks that need the block's height and, once CSV is active, its parent's median time
 * past (prev_median_time_past is ignored before that; pass anything for genesis).
 */
bool ContextualCheckBlock(const primitives::Block& block, BlockValidationState& state, const Params& params, int height,
                          int64_t prev_median_time_past);

/**
 * Whether the block's transactions may not be the ones its header commits to (Core's
 * IsBlockMutated): a merkle failure, 64-byte transactions in a block without a coinbase,
 * or (with check_witness_root) a witness malleation.
 */
bool IsBlockMutated(const primitives::Block& block, bool check_witness_root);

} // namespace consensus

#endif // BITNODE_CONSENSUS_BLOCK_CHECK_H
