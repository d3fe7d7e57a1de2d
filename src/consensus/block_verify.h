// Full validation of one block against the outputs it spends: Bitcoin Core's CheckBlock,
// ContextualCheckBlock and ConnectBlock, without writing anything (no UTXO or undo
// updates; the chainstate applies those itself). `bitnode-util verifyblock` runs it with
// the spent outputs from a file; the chain library will run it over its coins cache.
//
// ConnectBlockInputs (Core's ConnectBlock checks, in Core's order) per transaction:
//   BIP30 (bad-txns-BIP30, where Core enforces it), then for non-coinbase txs
//   bad-txns-inputs-missingorspent, bad-txns-premature-spend-of-coinbase,
//   bad-txns-inputvalues-outofrange, bad-txns-in-belowout, bad-txns-fee-outofrange,
//   bad-txns-accumulated-fee-outofrange, bad-txns-nonfinal (BIP68 sequence locks);
//   bad-blk-sigops (total sigop cost); the scripts, queued on a CheckQueue;
// then bad-cb-amount (coinbase above fees + subsidy) and, after the queue completes,
// block-script-verify-flag-failed (<script error>) for the first failing input.
// Script checks always go through the queue (with zero worker threads the calling thread
// runs them), so which failure is reported never depends on the thread count.
//
// Thread safety: the functions are re-entrant; the CheckQueue must not be used by
// anything else during a call (CheckQueueControl enforces that).
#ifndef BITNODE_CONSENSUS_BLOCK_VERIFY_H
#define BITNODE_CONSENSUS_BLOCK_VERIFY_H

#include <consensus/coins.h>
#include <consensus/params.h>
#include <consensus/pow.h>
#include <consensus/script_check.h>
#include <consensus/validation_state.h>
#include <primitives/amount.h>
#include <primitives/block.h>
#include <primitives/uint256.h>

#include <cstddef>
#include <cstdint>
#include <optional>

namespace consensus {

/** Where the block sits. */
struct BlockContext {
    /** Height of the block. */
    int height{0};
    /**
     * The chain ending at the block's parent, for BIP113 and BIP68 time locks; nullptr when
     * unknown (a tool checking one block). Then lock times by time are checked against the
     * block's own time, a weaker bound than the parent's median time past, and BIP68 locks
     * are not checked.
     */
    const HeaderAncestry* parent_chain{nullptr};
    /**
     * Whether the spent coins carry their real creation heights (BIP68 height locks and
     * coinbase maturity need them). A tool reading outputs without heights sets false.
     */
    bool coin_heights_known{true};
    /**
     * Hash of the ancestor at params.bip34_height, for Core's rule that BIP30 is implied by
     * BIP34 only on the chain with the known BIP34 block. nullopt: unknown, so BIP30 is
     * checked (always safe, it costs one lookup per output).
     */
    std::optional<primitives::uint256> bip34_ancestor_hash;
    /** Check the header's proof of work (Core's check_pow: off for block templates). */
    bool check_pow{true};
};

/** What validation measured, also when it failed (then up to the failure). */
struct BlockVerifyStats {
    primitives::uint256 hash;
    int64_t weight{0};
    /** Total sigop cost (legacy and P2SH sigops count 4, witness sigops 1). */
    int64_t sigops_cost{0};
    /** Legacy sigop count alone (what CheckBlock bounds). */
    int64_t legacy_sigops{0};
    primitives::Amount fees{0};
    primitives::Amount subsidy{0};
    primitives::Amount coinbase_value{0};
    size_t inputs{0};
    size_t script_checks{0};
    /** Whether BIP68 sequence locks were evaluated (see BlockContext). */
    bool sequence_locks_checked{false};
    /** The transaction (position in the block) and input a failure is about, if any. */
    std::optional<size_t> failed_tx;
    std::optional<uint32_t> failed_input;
};

/** ConnectBlock's checks against spent outputs (see above). Assumes CheckBlock passed. */
bool ConnectBlockInputs(const primitives::Block& block, BlockValidationState& state, const BlockContext& context,
                        const CoinsView& coins, const Params& params, ScriptCheckQueue& queue, BlockVerifyStats& stats);

/**
 * CheckBlock, ContextualCheckBlock, then ConnectBlockInputs: everything Core checks about
 * a block except its header's place in the header chain (header_check.h). With coins ==
 * nullptr the spent outputs are unknown and ConnectBlockInputs is skipped (the queue is
 * not used). Failures identify the transaction (and input) at fault in stats where one is.
 */
bool VerifyBlock(const primitives::Block& block, BlockValidationState& state, const BlockContext& context,
                 const CoinsView* coins, const Params& params, ScriptCheckQueue& queue, BlockVerifyStats& stats);

/** Whether Core checks BIP30 (no overwriting of unspent outputs) for this block. */
bool IsBIP30Enforced(int height, const primitives::uint256& block_hash,
                     const std::optional<primitives::uint256>& bip34_ancestor_hash, const Params& params);

} // namespace consensus

#endif // BITNODE_CONSENSUS_BLOCK_VERIFY_H
