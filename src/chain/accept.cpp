// Accepting headers and blocks into the block index and the block files (Core's
// AcceptBlockHeader, AcceptBlock, ReceivedBlockTransactions, ProcessNewBlock).
#include <chain/chainstate_manager.h>
#include <chain/notifications.h>

#include <consensus/block_check.h>
#include <consensus/deployments.h>
#include <consensus/header_check.h>

#include <deque>

namespace chain {

using consensus::BlockValidationResult;
using consensus::BlockValidationState;
using primitives::Block;
using storage::BLOCK_FAILED_MASK;
using storage::BLOCK_HAVE_DATA;
using storage::BLOCK_OPT_WITNESS;

bool ChainstateManager::AcceptBlockHeader(const primitives::BlockHeader& header, BlockValidationState& state,
                                          BlockIndex** index_out)
{
    const uint256 hash = header.GetHash();
    const consensus::Params& params = GetConsensus();
    if (hash != params.hash_genesis_block) {
        if (BlockIndex* known = m_blockman->LookupBlockIndex(hash)) {
            if (index_out) *index_out = known;
            if (known->status & BLOCK_FAILED_MASK) {
                return state.Invalid(BlockValidationResult::BLOCK_CACHED_INVALID, "duplicate-invalid");
            }
            return true;
        }
        if (!consensus::CheckBlockHeader(header, state, params)) return false;
        BlockIndex* prev = m_blockman->LookupBlockIndex(header.hash_prev_block);
        if (!prev) return state.Invalid(BlockValidationResult::BLOCK_MISSING_PREV, "prev-blk-not-found");
        if (prev->status & BLOCK_FAILED_MASK) {
            return state.Invalid(BlockValidationResult::BLOCK_INVALID_PREV, "bad-prevblk");
        }
        if (!consensus::ContextualCheckBlockHeader(header, state, BlockIndexAncestry{*prev}, params, Now())) {
            return false;
        }
    }
    BlockIndex* index = m_blockman->AddToBlockIndex(header, m_best_header);
    if (index_out) *index_out = index;
    return true;
}

bool ChainstateManager::ProcessNewBlockHeaders(std::span<const primitives::BlockHeader> headers,
                                               BlockValidationState& state, const BlockIndex** last_accepted)
{
    LOCK(m_chainstate_mutex);
    for (const primitives::BlockHeader& header : headers) {
        BlockIndex* index = nullptr;
        if (!AcceptBlockHeader(header, state, &index)) return false;
        if (last_accepted) *last_accepted = index;
    }
    return true;
}

void ChainstateManager::TryAddBlockIndexCandidate(BlockIndex* index)
{
    // Only blocks with at least the tip's work can become the tip.
    if (m_chain.Tip() && BlockIndexWorkComparator{}(index, m_chain.Tip())) return;
    m_candidates.insert(index);
}

void ChainstateManager::ReceivedBlockTransactions(const Block& block, BlockIndex* index, const storage::FlatFilePos& pos)
{
    index->tx_count = static_cast<uint32_t>(block.vtx.size());
    index->chain_tx_count = 0;
    index->file = pos.file;
    index->data_pos = pos.pos;
    index->undo_pos = 0;
    index->status |= BLOCK_HAVE_DATA;
    if (consensus::DeploymentActiveAtHeight(index->height, GetConsensus(), consensus::DEPLOYMENT_SEGWIT)) {
        index->status |= BLOCK_OPT_WITNESS;
    }
    index->RaiseValidity(storage::BLOCK_VALID_TRANSACTIONS);
    m_blockman->SetDirty(index);

    if (index->prev && !index->prev->HaveNumChainTxs()) {
        // An ancestor's data is still missing: this block waits until it arrives.
        if (index->prev->IsValid(storage::BLOCK_VALID_TREE)) m_blockman->Unlinked().emplace(index->prev, index);
        return;
    }
    // This block, and any descendants that were waiting for it, can now become the tip.
    std::deque<BlockIndex*> queue{index};
    auto& unlinked = m_blockman->Unlinked();
    while (!queue.empty()) {
        BlockIndex* linked = queue.front();
        queue.pop_front();
        linked->chain_tx_count = linked->tx_count + (linked->prev ? linked->prev->chain_tx_count : 0);
        linked->sequence_id = m_next_sequence_id++;
        TryAddBlockIndexCandidate(linked);
        auto [begin, end] = unlinked.equal_range(linked);
        for (auto it = begin; it != end; ++it) queue.push_back(it->second);
        unlinked.erase(begin, end);
    }
}

bool ChainstateManager::AcceptBlock(const std::shared_ptr<const Block>& block, BlockValidationState& state,
                                    BlockIndex** index_out, bool requested, const storage::FlatFilePos* known_pos,
                                    bool* new_block)
{
    if (new_block) *new_block = false;
    BlockIndex* index = nullptr;
    if (!AcceptBlockHeader(*block, state, &index)) return false;
    if (index_out) *index_out = index;

    if (index->status & BLOCK_HAVE_DATA) return true;
    if (!requested) {
        // Unasked-for blocks are stored only if they could soon be useful (anti-DoS, as Core).
        const BlockIndex* tip = m_chain.Tip();
        if (index->tx_count != 0) return true;
        if (tip && index->chain_work < tip->chain_work) return true;
        if (index->height > m_chain.Height() + MIN_BLOCKS_TO_KEEP) return true;
        if (index->chain_work < primitives::UintToArith256(GetConsensus().minimum_chain_work)) return true;
    }

    const consensus::Params& params = GetConsensus();
    const int64_t prev_mtp = index->prev ? index->prev->GetMedianTimePast() : 0;
    if (!consensus::CheckBlock(*block, state, params) ||
        !consensus::ContextualCheckBlock(*block, state, params, index->height, prev_mtp)) {
        if (state.IsInvalid()) InvalidBlockFound(index, state);
        return false;
    }

    if (new_block) *new_block = true;
    storage::FlatFilePos pos;
    if (known_pos) {
        pos = *known_pos;
        m_blockman->Files().UpdateBlockInfo(*block, index->height, pos);
    } else {
        auto written = m_blockman->WriteBlock(*block, index->height);
        if (!written) return FatalError(state, "Failed to write block: " + written.error());
        pos = *written;
    }
    ReceivedBlockTransactions(*block, index, pos);
    return true;
}

bool ChainstateManager::ProcessNewBlock(const std::shared_ptr<const Block>& block, bool force_processing,
                                        bool* new_block, BlockValidationState* state_out)
{
    AssertLockNotHeld(m_chainstate_mutex);
    if (new_block) *new_block = false;
    {
        BlockValidationState state;
        LOCK(m_chainstate_mutex);
        // A block failing the context-free checks is never marked invalid: its hash may be
        // shared by a valid block whose transactions were changed in transit.
        bool accepted = consensus::CheckBlock(*block, state, GetConsensus());
        if (accepted) accepted = AcceptBlock(block, state, nullptr, force_processing, nullptr, new_block);
        if (m_options.signals) m_options.signals->BlockChecked(block, state);
        if (state_out) *state_out = state;
        if (!accepted) {
            Log("ProcessNewBlock: AcceptBlock FAILED (" + state.ToString() + ")");
            return false;
        }
    }
    BlockValidationState state;
    if (!ActivateBestChain(state, block)) {
        Log("ProcessNewBlock: ActivateBestChain failed (" + state.ToString() + ")");
        if (state_out) *state_out = state;
        return false;
    }
    return true;
}

bool ChainstateManager::IsInitialBlockDownloadLocked() const
{
    if (m_finished_ibd.load(std::memory_order_relaxed)) return false;
    if (!m_blockfiles_indexed) return true;
    const BlockIndex* tip = m_chain.Tip();
    if (!tip) return true;
    if (tip->chain_work < primitives::UintToArith256(GetConsensus().minimum_chain_work)) return true;
    if (tip->GetBlockTime() < Now() - DEFAULT_MAX_TIP_AGE) return true;
    m_finished_ibd.store(true, std::memory_order_relaxed);
    return false;
}

} // namespace chain
