// Invalid blocks: marking a failed block and its descendants, the best header and best
// invalid block that follow from it, and the invalidateblock / reconsiderblock operations.
#include <chain/chainstate_manager.h>
#include <chain/notifications.h>

namespace chain {

using consensus::BlockValidationResult;
using consensus::BlockValidationState;
using storage::BLOCK_FAILED_CHILD;
using storage::BLOCK_FAILED_MASK;
using storage::BLOCK_FAILED_VALID;

void ChainstateManager::SetBlockFailureFlags(BlockIndex* invalid)
{
    for (auto& [hash, index] : m_blockman->Index()) {
        if (&index != invalid && index.GetAncestor(invalid->height) == invalid) {
            index.status = (index.status & ~static_cast<uint32_t>(BLOCK_FAILED_VALID)) | BLOCK_FAILED_CHILD;
            m_blockman->SetDirty(&index);
            m_candidates.erase(&index);
        }
    }
}

void ChainstateManager::RecalculateBestHeader()
{
    m_best_header = m_chain.Tip();
    for (auto& [hash, index] : m_blockman->Index()) {
        if (!(index.status & BLOCK_FAILED_MASK) && (!m_best_header || m_best_header->chain_work < index.chain_work)) {
            m_best_header = &index;
        }
    }
}

void ChainstateManager::InvalidChainFound(BlockIndex* index)
{
    if (!m_best_invalid || index->chain_work > m_best_invalid->chain_work) m_best_invalid = index;
    SetBlockFailureFlags(index);
    if (m_best_header && m_best_header->GetAncestor(index->height) == index) RecalculateBestHeader();
    if (m_options.log) {
        Log("InvalidChainFound: invalid block=" + index->hash.GetHex() + " height=" + std::to_string(index->height));
        if (const BlockIndex* tip = m_chain.Tip()) {
            Log("InvalidChainFound:  current best=" + tip->hash.GetHex() + " height=" + std::to_string(tip->height));
        }
    }
}

void ChainstateManager::InvalidBlockFound(BlockIndex* index, const BlockValidationState& state)
{
    // A mutated block says nothing about the block with its hash: do not mark the hash.
    if (state.GetResult() == BlockValidationResult::BLOCK_MUTATED) return;
    index->status |= BLOCK_FAILED_VALID;
    m_blockman->SetDirty(index);
    m_candidates.erase(index);
    InvalidChainFound(index);
}

bool ChainstateManager::InvalidateBlockLocked(BlockValidationState& state, BlockIndex* index)
{
    const BlockIndex* old_tip = m_chain.Tip();
    // Walk the tip back until the block is off the active chain.
    while (m_chain.Contains(index)) {
        if (!DisconnectTip(state)) return false;
    }
    index->status |= BLOCK_FAILED_VALID;
    m_blockman->SetDirty(index);
    m_candidates.erase(index);
    InvalidChainFound(index);

    // The chain went back: blocks that now have as much work as the tip may be candidates
    // again (PruneBlockIndexCandidates dropped them when the tip was higher).
    for (auto& [hash, entry] : m_blockman->Index()) {
        if (entry.IsValid(storage::BLOCK_VALID_TRANSACTIONS) && entry.HaveNumChainTxs() &&
            !BlockIndexWorkComparator{}(&entry, m_chain.Tip())) {
            m_candidates.insert(&entry);
        }
    }
    if (m_chain.Tip() != old_tip && m_options.signals) {
        m_options.signals->UpdatedBlockTip(m_chain.Tip(), m_chain.Tip(), IsInitialBlockDownloadLocked());
    }
    return true;
}

bool ChainstateManager::InvalidateBlock(BlockValidationState& state, const uint256& hash)
{
    {
        LOCK(m_chainstate_mutex);
        BlockIndex* index = m_blockman->LookupBlockIndex(hash);
        if (!index) return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "block-not-found", "Block not found");
        if (index->height == 0) {
            return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "genesis-invalidate",
                                 "The genesis block cannot be invalidated");
        }
        if (!InvalidateBlockLocked(state, index)) return false;
    }
    return ActivateBestChain(state);
}

void ChainstateManager::ResetBlockFailureFlags(BlockIndex* index)
{
    const int height = index->height;
    // The block and its descendants.
    for (auto& [hash, entry] : m_blockman->Index()) {
        if ((entry.status & BLOCK_FAILED_MASK) && entry.GetAncestor(height) == index) {
            entry.status &= ~static_cast<uint32_t>(BLOCK_FAILED_MASK);
            m_blockman->SetDirty(&entry);
            if (entry.IsValid(storage::BLOCK_VALID_TRANSACTIONS) && entry.HaveNumChainTxs() && m_chain.Tip() &&
                BlockIndexWorkComparator{}(m_chain.Tip(), &entry)) {
                m_candidates.insert(&entry);
            }
            if (&entry == m_best_invalid) m_best_invalid = nullptr;
        }
    }
    // Its ancestors.
    for (BlockIndex* walk = index; walk; walk = walk->prev) {
        if (walk->status & BLOCK_FAILED_MASK) {
            walk->status &= ~static_cast<uint32_t>(BLOCK_FAILED_MASK);
            m_blockman->SetDirty(walk);
            if (walk == m_best_invalid) m_best_invalid = nullptr;
        }
    }
    RecalculateBestHeader();
}

bool ChainstateManager::ReconsiderBlock(BlockValidationState& state, const uint256& hash)
{
    {
        LOCK(m_chainstate_mutex);
        BlockIndex* index = m_blockman->LookupBlockIndex(hash);
        if (!index) return state.Invalid(BlockValidationResult::BLOCK_CONSENSUS, "block-not-found", "Block not found");
        ResetBlockFailureFlags(index);
    }
    return ActivateBestChain(state);
}

} // namespace chain
