#include <consensus/block_verify.h>

#include <consensus/block_check.h>
#include <consensus/deployments.h>
#include <consensus/limits.h>
#include <consensus/median_time.h>
#include <consensus/script_flags.h>
#include <consensus/subsidy.h>
#include <consensus/tx_check.h>
#include <consensus/tx_verify.h>

#include <string>
#include <vector>

namespace consensus {

using primitives::Amount;
using primitives::Block;
using primitives::OutPoint;
using primitives::Transaction;
using primitives::TransactionRef;
using primitives::TxOut;
using primitives::uint256;

bool IsBIP30Enforced(int height, const uint256& block_hash, const std::optional<uint256>& bip34_ancestor_hash,
                     const Params& params)
{
    if (height >= BIP34_IMPLIES_BIP30_LIMIT) return true;
    if (IsBIP30Repeat(height, block_hash)) return false;
    // BIP34 makes coinbases unique, so BIP30 can be skipped above the BIP34 block, but only
    // on the chain that really has the BIP34 block Core knows.
    if (height <= params.bip34_height) return true;
    return !bip34_ancestor_hash || *bip34_ancestor_hash != params.bip34_hash;
}

namespace {

/** The index of the first input of tx that `coins` lacks. */
uint32_t FirstMissingInput(const Transaction& tx, const CoinsView& coins)
{
    for (uint32_t i = 0; i < tx.vin.size(); ++i) {
        if (!coins.HaveCoin(tx.vin[i].prevout)) return i;
    }
    return 0;
}

bool Fail(BlockValidationState& state, BlockVerifyStats& stats, size_t tx_index, std::string reason, std::string debug,
          std::optional<uint32_t> input = std::nullopt)
{
    stats.failed_tx = tx_index;
    stats.failed_input = input;
    return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, std::move(reason), std::move(debug));
}

/** Per-transaction part of ConnectBlockInputs for a non-coinbase tx: amounts, fees, BIP68. */
bool CheckSpends(const Transaction& tx, size_t tx_index, const std::vector<Coin>& spent, BlockValidationState& state,
                 const BlockContext& context, unsigned lock_time_flags, BlockVerifyStats& stats)
{
    Amount fee = 0;
    TxValidationState tx_state;
    if (!CheckTxInputs(tx, tx_state, spent, context.height, fee)) {
        return Fail(state, stats, tx_index, tx_state.GetRejectReason(),
                    tx_state.GetDebugMessage() + " in transaction " + tx.GetHash().GetHex());
    }
    stats.fees += fee;
    if (!primitives::MoneyRange(stats.fees)) {
        return Fail(state, stats, tx_index, "bad-txns-accumulated-fee-outofrange",
                    "accumulated fee in the block out of range");
    }
    if (context.parent_chain != nullptr && context.coin_heights_known) {
        std::vector<int> prev_heights;
        prev_heights.reserve(spent.size());
        for (const Coin& coin : spent) prev_heights.push_back(coin.height);
        if (!CheckSequenceLocks(tx, lock_time_flags, prev_heights, *context.parent_chain)) {
            return Fail(state, stats, tx_index, "bad-txns-nonfinal",
                        "contains a non-BIP68-final transaction " + tx.GetHash().GetHex());
        }
    }
    return true;
}

} // namespace

bool ConnectBlockInputs(const Block& block, BlockValidationState& state, const BlockContext& context,
                        const CoinsView& coins, const Params& params, ScriptCheckQueue& queue, BlockVerifyStats& stats)
{
    stats.hash = block.GetHash();
    // Core connects the genesis block without looking at its (unspendable) coinbase.
    if (stats.hash == params.hash_genesis_block) return true;

    BlockCoinsOverlay view{coins};
    ScriptCheckQueueControl control{queue};

    if (IsBIP30Enforced(context.height, stats.hash, context.bip34_ancestor_hash, params)) {
        for (size_t t = 0; t < block.vtx.size() && state.IsValid(); ++t) {
            const Transaction& tx = *block.vtx[t];
            for (uint32_t o = 0; o < tx.vout.size(); ++o) {
                if (coins.HaveCoin(OutPoint{tx.GetHash(), o})) {
                    Fail(state, stats, t, "bad-txns-BIP30", "tried to overwrite transaction");
                    break;
                }
            }
        }
    }

    const unsigned lock_time_flags = GetBlockLockTimeFlags(context.height, params);
    const script::ScriptVerifyFlags flags = GetBlockScriptFlags(context.height, stats.hash, params);
    stats.sequence_locks_checked = context.parent_chain != nullptr && context.coin_heights_known;

    // Script checks point into these until the queue completes; sized once so they never move.
    std::vector<script::PrecomputedTransactionData> txsdata(block.vtx.size());
    std::vector<ScriptCheck> checks;
    for (size_t t = 0; t < block.vtx.size() && state.IsValid(); ++t) {
        const Transaction& tx = *block.vtx[t];
        stats.inputs += tx.vin.size();
        std::vector<Coin> spent;
        if (!tx.IsCoinBase()) {
            std::optional<std::vector<Coin>> fetched = FetchSpentCoins(tx, view);
            if (!fetched) {
                Fail(state, stats, t, "bad-txns-inputs-missingorspent",
                     "CheckTxInputs: inputs missing/spent in transaction " + tx.GetHash().GetHex(),
                     FirstMissingInput(tx, view));
                break;
            }
            spent = std::move(*fetched);
            if (!CheckSpends(tx, t, spent, state, context, lock_time_flags, stats)) break;
        }

        stats.sigops_cost += GetTransactionSigOpCost(tx, spent, flags);
        if (stats.sigops_cost > MAX_BLOCK_SIGOPS_COST) {
            Fail(state, stats, t, "bad-blk-sigops", "too many sigops");
            break;
        }

        if (!tx.IsCoinBase()) {
            std::vector<TxOut> spent_outputs;
            spent_outputs.reserve(spent.size());
            for (Coin& coin : spent) spent_outputs.push_back(std::move(coin.out));
            txsdata[t].Init(tx, std::move(spent_outputs));
            checks.reserve(tx.vin.size());
            for (uint32_t i = 0; i < tx.vin.size(); ++i) checks.emplace_back(tx, t, i, flags, txsdata[t]);
            stats.script_checks += checks.size();
            control.Add(std::move(checks));
            checks.clear();
            for (const auto& in : tx.vin) view.Spend(in.prevout);
        }
        view.AddOutputs(tx, context.height);
    }

    stats.subsidy = GetBlockSubsidy(context.height, params);
    for (const TxOut& out : block.vtx[0]->vout) stats.coinbase_value += out.value;
    const Amount reward = stats.fees + stats.subsidy;
    if (state.IsValid() && stats.coinbase_value > reward) {
        Fail(state, stats, 0, "bad-cb-amount",
             "coinbase pays too much (actual=" + std::to_string(stats.coinbase_value) +
                 " vs limit=" + std::to_string(reward) + ")");
    }

    std::optional<ScriptFailure> failure = control.Complete();
    if (failure && state.IsValid()) {
        Fail(state, stats, failure->tx_index, BlockScriptFailureReason(failure->error), failure->debug, failure->input);
    }
    return state.IsValid();
}

namespace {

/** The first transaction CheckTransaction rejects (to name it after CheckBlock failed). */
std::optional<size_t> FirstBadTransaction(const Block& block)
{
    for (size_t t = 0; t < block.vtx.size(); ++t) {
        TxValidationState tx_state;
        if (!CheckTransaction(*block.vtx[t], tx_state)) return t;
    }
    return std::nullopt;
}

std::optional<size_t> FirstNonFinalTransaction(const Block& block, int height, int64_t cutoff)
{
    for (size_t t = 0; t < block.vtx.size(); ++t) {
        if (!IsFinalTx(*block.vtx[t], height, cutoff)) return t;
    }
    return std::nullopt;
}

} // namespace

bool VerifyBlock(const Block& block, BlockValidationState& state, const BlockContext& context, const CoinsView* coins,
                 const Params& params, ScriptCheckQueue& queue, BlockVerifyStats& stats)
{
    stats.hash = block.GetHash();
    stats.weight = primitives::GetBlockWeight(block);
    for (const TransactionRef& tx : block.vtx) stats.legacy_sigops += GetLegacySigOpCount(*tx);

    if (!CheckBlock(block, state, params, context.check_pow)) {
        const std::string& reason = state.GetRejectReason();
        if (reason.rfind("bad-txns-", 0) == 0 || reason == "bad-cb-length") {
            stats.failed_tx = FirstBadTransaction(block);
        } else if (reason == "bad-cb-multiple") {
            for (size_t t = 1; t < block.vtx.size(); ++t) {
                if (block.vtx[t]->IsCoinBase()) {
                    stats.failed_tx = t;
                    break;
                }
            }
        }
        return false;
    }

    // Before BIP113 the cutoff is the block's own time; after it, the parent's median time
    // past, which a tool without the parent chain can only bound by the block time.
    const int64_t prev_mtp = context.parent_chain != nullptr
                                 ? GetMedianTimePast(*context.parent_chain, context.parent_chain->Tip().height)
                                 : block.GetBlockTime();
    if (!ContextualCheckBlock(block, state, params, context.height, prev_mtp)) {
        const std::string& reason = state.GetRejectReason();
        if (reason == "bad-txns-nonfinal") {
            const int64_t cutoff =
                EnforceLockTimeMedianTimePast(context.height, params) ? prev_mtp : block.GetBlockTime();
            stats.failed_tx = FirstNonFinalTransaction(block, context.height, cutoff);
        } else if (reason == "bad-cb-height" || reason == "bad-witness-nonce-size") {
            stats.failed_tx = 0;
        }
        return false;
    }

    if (coins == nullptr) return true;
    return ConnectBlockInputs(block, state, context, *coins, params, queue, stats);
}

} // namespace consensus
