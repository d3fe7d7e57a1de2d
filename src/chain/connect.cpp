// ConnectBlock and DisconnectBlock: applying a block's effects to a UTXO view (with full
// validation through consensus::ConnectBlockInputs, undo data written to rev files) and
// reverting them from the undo data.
#include <chain/chainstate_manager.h>

#include <consensus/block_check.h>
#include <consensus/deployments.h>
#include <consensus/limits.h>
#include <primitives/streams.h>
#include <storage/consensus_coins.h>

#include <cassert>

namespace chain {

using consensus::BlockValidationResult;
using consensus::BlockValidationState;
using primitives::Block;
using primitives::OutPoint;
using primitives::Transaction;

namespace {

/** Most outputs a block can have (each output weighs at least 4 * 9 bytes): bounds AccessByTxid. */
constexpr uint32_t MAX_OUTPUTS_PER_BLOCK =
    static_cast<uint32_t>(consensus::MAX_BLOCK_WEIGHT / (primitives::WITNESS_SCALE_FACTOR * 9));

/** Any unspent output of txid in view (to recover metadata missing from very old undo records). */
const storage::Coin& AccessByTxid(const storage::CoinsViewCache& view, const primitives::Txid& txid)
{
    static const storage::Coin spent;
    for (uint32_t n = 0; n < MAX_OUTPUTS_PER_BLOCK; ++n) {
        const storage::Coin& coin = view.AccessCoin(OutPoint{txid, n});
        if (!coin.IsSpent()) return coin;
    }
    return spent;
}

/** Put back one spent coin from the undo data (Core's ApplyTxInUndo). */
DisconnectResult RestoreSpentCoin(storage::Coin&& undo, storage::CoinsViewCache& view, const OutPoint& outpoint)
{
    bool clean = true;
    // An unspent coin already there means the set was not what this block left behind.
    if (view.HaveCoin(outpoint)) clean = false;
    if (undo.height == 0) {
        // Undo records of old versions kept height and coinbase only with the last spent
        // output of a transaction; another output of the same transaction has them.
        const storage::Coin& alternate = AccessByTxid(view, outpoint.hash);
        if (alternate.IsSpent()) return DisconnectResult::FAILED;
        undo.height = alternate.height;
        undo.coinbase = alternate.coinbase;
    }
    view.AddCoin(outpoint, std::move(undo), /*possible_overwrite=*/!clean);
    return clean ? DisconnectResult::OK : DisconnectResult::UNCLEAN;
}

} // namespace

bool ChainstateManager::ConnectBlock(const Block& block, BlockValidationState& state, BlockIndex* index,
                                     storage::CoinsViewCache& view, bool just_check)
{
    assert(index && block.GetHash() == index->hash);
    const int64_t start = util::MonotonicMicros();
    const consensus::Params& params = GetConsensus();

    // Checked again: a block read back from disk may have been damaged there.
    BlockValidationState check_state;
    if (!consensus::CheckBlock(block, check_state, params, !just_check, !just_check)) {
        if (check_state.GetResult() == BlockValidationResult::BLOCK_MUTATED) {
            // Blocks are stored only after these checks passed, so the disk changed them.
            return FatalError(state, "Corrupt block found indicating potential hardware failure: block " +
                                         index->hash.GetHex() + " at height " + std::to_string(index->height) +
                                         " fails " + check_state.ToString() +
                                         ". Restart with -reindex to rebuild from the block files.");
        }
        state = check_state;
        return false;
    }

    const uint256 prev_hash = index->prev ? index->prev->hash : uint256{};
    if (prev_hash != view.GetBestBlock()) {
        return FatalError(state, "Internal error: connecting block " + index->hash.GetHex() +
                                     " to a UTXO set that is not at its parent.");
    }

    // The genesis block's coinbase is not spendable: Core never adds it to the UTXO set.
    if (index->hash == params.hash_genesis_block) {
        if (!just_check) view.SetBestBlock(index->hash);
        return true;
    }

    const BlockIndexAncestry parent_chain{*index->prev};
    consensus::BlockContext context;
    context.height = index->height;
    context.parent_chain = &parent_chain;
    context.coin_heights_known = true;
    if (const BlockIndex* bip34 = index->prev->GetAncestor(params.bip34_height)) context.bip34_ancestor_hash = bip34->hash;

    const storage::ConsensusCoinsView lookup{view};
    consensus::BlockVerifyStats verify_stats;
    if (!consensus::ConnectBlockInputs(block, state, context, lookup, params, m_script_queue, verify_stats)) {
        if (m_options.log) Log("ConnectBlock " + index->hash.GetHex() + " failed: " + state.ToString());
        return false;
    }

    // Valid: apply it, recording what each input spent.
    storage::BlockUndo undo;
    undo.vtxundo.reserve(block.vtx.size() - 1);
    for (const primitives::TransactionRef& tx : block.vtx) {
        if (!tx->IsCoinBase()) {
            storage::TxUndo& tx_undo = undo.vtxundo.emplace_back();
            tx_undo.prevout.resize(tx->vin.size());
            for (size_t i = 0; i < tx->vin.size(); ++i) {
                if (!view.SpendCoin(tx->vin[i].prevout, &tx_undo.prevout[i])) {
                    return FatalError(state, "Internal error: a coin validated for block " + index->hash.GetHex() +
                                                 " vanished before it could be spent.");
                }
            }
        }
        storage::AddCoins(view, *tx, index->height);
    }

    if (!just_check) {
        // A block connected before (then disconnected) keeps its undo record.
        if (!index->HaveUndo()) {
            if (auto written = m_blockman->WriteBlockUndo(undo, *index); !written) {
                return FatalError(state, "Failed to write undo data: " + written.error());
            }
        }
        if (index->RaiseValidity(storage::BLOCK_VALID_SCRIPTS)) m_blockman->SetDirty(index);
        view.SetBestBlock(index->hash);
    }

    m_stats.transactions += block.vtx.size();
    m_stats.script_checks += verify_stats.script_checks;
    m_stats.connect_micros += util::MonotonicMicros() - start;
    return true;
}

DisconnectResult ChainstateManager::DisconnectBlock(const Block& block, const BlockIndex* index,
                                                    storage::CoinsViewCache& view)
{
    auto read = m_blockman->ReadBlockUndo(*index);
    if (!read) {
        Log("DisconnectBlock(): failure reading undo data: " + read.error());
        return DisconnectResult::FAILED;
    }
    storage::BlockUndo& undo = *read;
    if (undo.vtxundo.size() + 1 != block.vtx.size()) {
        Log("DisconnectBlock(): block and undo data inconsistent for " + index->hash.GetHex());
        return DisconnectResult::FAILED;
    }

    // The two historical duplicate coinbases overwrote outputs that later blocks spent; a
    // mismatch there is expected, not a sign of a damaged UTXO set.
    const bool bip30_exception = consensus::IsBIP30Repeat(index->height, index->hash);
    bool clean = true;

    for (size_t t = block.vtx.size(); t-- > 0;) {
        const Transaction& tx = *block.vtx[t];
        const bool coinbase = tx.IsCoinBase();
        // Remove the outputs the block created; each must be there exactly as created.
        for (uint32_t o = 0; o < tx.vout.size(); ++o) {
            if (storage::IsUnspendableScript(tx.vout[o].script_pubkey)) continue;
            storage::Coin coin;
            const bool was_unspent = view.SpendCoin(OutPoint{tx.GetHash(), o}, &coin);
            if (!was_unspent || tx.vout[o] != coin.out || static_cast<int>(coin.height) != index->height ||
                coin.coinbase != coinbase) {
                if (!(coinbase && bip30_exception)) clean = false;
            }
        }
        // Put back what its inputs spent, last input first.
        if (t > 0) {
            storage::TxUndo& tx_undo = undo.vtxundo[t - 1];
            if (tx_undo.prevout.size() != tx.vin.size()) {
                Log("DisconnectBlock(): transaction and undo data inconsistent in " + index->hash.GetHex());
                return DisconnectResult::FAILED;
            }
            for (size_t i = tx.vin.size(); i-- > 0;) {
                const DisconnectResult res = RestoreSpentCoin(std::move(tx_undo.prevout[i]), view, tx.vin[i].prevout);
                if (res == DisconnectResult::FAILED) return DisconnectResult::FAILED;
                clean = clean && res != DisconnectResult::UNCLEAN;
            }
        }
    }

    view.SetBestBlock(index->prev ? index->prev->hash : uint256{});
    return clean ? DisconnectResult::OK : DisconnectResult::UNCLEAN;
}

} // namespace chain
