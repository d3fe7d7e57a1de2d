#include <consensus/block_check.h>

#include <consensus/deployments.h>
#include <consensus/header_check.h>
#include <consensus/limits.h>
#include <consensus/merkle.h>
#include <consensus/script_flags.h>
#include <consensus/signet.h>
#include <consensus/tx_check.h>
#include <consensus/tx_verify.h>
#include <script/script.h>

#include <algorithm>
#include <cstring>

namespace consensus {

using primitives::Block;
using primitives::TransactionRef;
using primitives::uint256;

bool CheckMerkleRoot(const Block& block, BlockValidationState& state)
{
    bool mutated = false;
    const uint256 root = BlockMerkleRoot(block, &mutated);
    if (block.hash_merkle_root != root) {
        return state.Invalid(BlockValidationResult::BLOCK_MUTATED, "bad-txnmrklroot", "hashMerkleRoot mismatch");
    }
    // CVE-2012-2459: a repeated run of transactions leaves the root unchanged.
    if (mutated)
        return state.Invalid(BlockValidationResult::BLOCK_MUTATED, "bad-txns-duplicate", "duplicate transaction");
    return true;
}

bool CheckWitnessMalleation(const Block& block, bool expect_witness_commitment, BlockValidationState& state)
{
    if (expect_witness_commitment) {
        const int commitment_index = GetWitnessCommitmentIndex(block);
        if (commitment_index != NO_WITNESS_COMMITMENT) {
            // A commitment output implies a coinbase with at least one input (CheckBlock ran).
            const auto& nonce_stack = block.vtx[0]->vin[0].witness.stack;
            if (nonce_stack.size() != 1 || nonce_stack[0].size() != 32) {
                return state.Invalid(BlockValidationResult::BLOCK_MUTATED, "bad-witness-nonce-size",
                                     "CheckWitnessMalleation : invalid witness reserved value size");
            }
            // The transaction tree already rules out duplicate leaves, so the witness tree's
            // mutation flag cannot add anything.
            const uint256 commitment =
                ComputeWitnessCommitment(BlockWitnessMerkleRoot(block), uint256{util::ByteSpan{nonce_stack[0]}});
            const auto& script = block.vtx[0]->vout[static_cast<size_t>(commitment_index)].script_pubkey;
            if (std::memcmp(commitment.data(), script.data() + 6, 32) != 0) {
                return state.Invalid(BlockValidationResult::BLOCK_MUTATED, "bad-witness-merkle-match",
                                     "CheckWitnessMalleation : witness merkle commitment mismatch");
            }
            return true;
        }
    }
    // Without a commitment, witness bytes would be unaccounted-for space in the block.
    for (const TransactionRef& tx : block.vtx) {
        if (tx->HasWitness()) {
            return state.Invalid(BlockValidationResult::BLOCK_MUTATED, "unexpected-witness",
                                 "CheckWitnessMalleation : unexpected witness data found");
        }
    }
    return true;
}

bool CheckBlock(const Block& block, BlockValidationState& state, const Params& params, bool check_pow,
                bool check_merkle_root)
{
    if (!CheckBlockHeader(block, state, params, check_pow)) return false;

    if (params.signet_blocks && check_pow && !CheckSignetBlockSolution(block, params)) {
        return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-signet-blksig",
                             "signet block signature validation failure");
    }

    if (check_merkle_root && !CheckMerkleRoot(block, state)) return false;

    // Everything that could be corruption in transit is checked above; from here on a
    // failure means the block itself breaks the rules. Witness data is not trusted yet, so
    // nothing below looks at it.
    if (block.vtx.empty() ||
        static_cast<int64_t>(block.vtx.size()) * primitives::WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT ||
        static_cast<int64_t>(primitives::GetBlockStrippedSize(block)) * primitives::WITNESS_SCALE_FACTOR >
            MAX_BLOCK_WEIGHT) {
        return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-blk-length", "size limits failed");
    }

    if (!block.vtx[0]->IsCoinBase()) {
        return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-missing", "first tx is not coinbase");
    }
    for (size_t i = 1; i < block.vtx.size(); ++i) {
        if (block.vtx[i]->IsCoinBase()) {
            return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-multiple", "more than one coinbase");
        }
    }

    for (const TransactionRef& tx : block.vtx) {
        TxValidationState tx_state;
        if (!CheckTransaction(*tx, tx_state)) {
            return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, tx_state.GetRejectReason(),
                                 "Transaction check failed (tx hash " + tx->GetHash().GetHex() + ") " +
                                     tx_state.GetDebugMessage());
        }
    }

    // An underestimate: P2SH and witness sigops need the spent outputs (block_verify.h).
    int64_t sigops = 0;
    for (const TransactionRef& tx : block.vtx) sigops += GetLegacySigOpCount(*tx);
    if (sigops * primitives::WITNESS_SCALE_FACTOR > MAX_BLOCK_SIGOPS_COST) {
        return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-blk-sigops", "out-of-bounds SigOpCount");
    }
    return true;
}

bool ContextualCheckBlock(const Block& block, BlockValidationState& state, const Params& params, int height,
                          int64_t prev_median_time_past)
{
    const int64_t lock_time_cutoff =
        EnforceLockTimeMedianTimePast(height, params) ? prev_median_time_past : block.GetBlockTime();
    for (const TransactionRef& tx : block.vtx) {
        if (!IsFinalTx(*tx, height, lock_time_cutoff)) {
            return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-txns-nonfinal", "non-final transaction");
        }
    }

    // BIP34: the coinbase script starts with the height, pushed as a script number.
    if (DeploymentActiveAtHeight(height, params, DEPLOYMENT_HEIGHTINCB)) {
        script::Script expect;
        expect.PushInt(height);
        const auto& script_sig = block.vtx[0]->vin[0].script_sig;
        if (script_sig.size() < expect.size() || !std::equal(expect.begin(), expect.end(), script_sig.begin())) {
            return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-cb-height",
                                 "block height mismatch in coinbase");
        }
    }

    if (!CheckWitnessMalleation(block, DeploymentActiveAtHeight(height, params, DEPLOYMENT_SEGWIT), state)) {
        return false;
    }

    // Only now is the witness bound to the header: before, a padded coinbase witness could
    // push the weight over the limit without changing the block hash.
    if (primitives::GetBlockWeight(block) > MAX_BLOCK_WEIGHT) {
        return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "bad-blk-weight",
                             "ContextualCheckBlock : weight limit failed");
    }
    return true;
}

bool IsBlockMutated(const Block& block, bool check_witness_root)
{
    BlockValidationState state;
    if (!CheckMerkleRoot(block, state)) return true;
    if (block.vtx.empty() || !block.vtx[0]->IsCoinBase()) {
        // A 64-byte transaction could pass for an inner merkle node; without a coinbase the
        // block is invalid anyway, so calling it mutated changes no consensus outcome.
        return std::any_of(block.vtx.begin(), block.vtx.end(),
                           [](const TransactionRef& tx) { return tx->GetStrippedSize() == 64; });
    }
    return !CheckWitnessMalleation(block, check_witness_root, state);
}

} // namespace consensus
