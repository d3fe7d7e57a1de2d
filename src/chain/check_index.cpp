// CheckBlockIndex: the invariants that link the block index, the best-chain candidates and
// the active chain (a subset of Core's CheckBlockIndex), checked by tests after every step.
#include <chain/chainstate_manager.h>

#include <consensus/pow.h>

namespace chain {

using storage::BLOCK_FAILED_MASK;
using storage::BLOCK_HAVE_DATA;

namespace {

std::string Describe(const BlockIndex& index) { return index.hash.GetHex() + " (height " + std::to_string(index.height) + ")"; }

} // namespace

std::optional<std::string> ChainstateManager::CheckBlockIndex() const
{
    LOCK(m_chainstate_mutex);
    const BlockIndex* tip = m_chain.Tip();
    size_t roots = 0;
    for (const auto& [hash, index] : m_blockman->Index()) {
        if (hash != index.hash) return "entry keyed " + hash.GetHex() + " holds " + index.hash.GetHex();
        const BlockIndex* prev = index.prev;
        if (!prev) {
            ++roots;
            if (index.height != 0 || hash != GetConsensus().hash_genesis_block) {
                return "block without parent that is not genesis: " + Describe(index);
            }
        } else {
            if (prev->height + 1 != index.height) return "height does not follow the parent's: " + Describe(index);
            if (index.chain_work != prev->chain_work + consensus::GetBlockProof(index.bits)) {
                return "chain work is not the parent's plus the block's: " + Describe(index);
            }
            if (!index.skip || index.skip != prev->GetAncestor(index.skip->height)) {
                return "skip pointer is not an ancestor: " + Describe(index);
            }
            if ((prev->status & BLOCK_FAILED_MASK) && !(index.status & BLOCK_FAILED_MASK)) {
                return "child of a failed block is not marked failed: " + Describe(index);
            }
        }
        if (!index.IsValid(storage::BLOCK_VALID_TREE) && !(index.status & BLOCK_FAILED_MASK)) {
            return "entry below BLOCK_VALID_TREE: " + Describe(index);
        }
        if (((index.status & BLOCK_HAVE_DATA) != 0) != (index.tx_count > 0)) {
            return "BLOCK_HAVE_DATA disagrees with the transaction count: " + Describe(index);
        }
        const bool linked = index.tx_count > 0 && (!prev || prev->HaveNumChainTxs());
        if (linked != index.HaveNumChainTxs()) return "chain transaction count wrong: " + Describe(index);
        if (linked && index.chain_tx_count != index.tx_count + (prev ? prev->chain_tx_count : 0)) {
            return "chain transaction count is not the parent's plus the block's: " + Describe(index);
        }
        // A usable block at least as good as the tip must be a candidate.
        if (linked && !(index.status & BLOCK_FAILED_MASK) && index.IsValid(storage::BLOCK_VALID_TRANSACTIONS) && tip &&
            !BlockIndexWorkComparator{}(&index, tip) && !m_candidates.count(const_cast<BlockIndex*>(&index))) {
            return "usable block with at least the tip's work is not a candidate: " + Describe(index);
        }
        if (m_best_header && !(index.status & BLOCK_FAILED_MASK) && index.chain_work > m_best_header->chain_work) {
            return "best header " + Describe(*m_best_header) + " has less work than " + Describe(index);
        }
    }
    if (!m_blockman->Index().empty() && roots != 1) return std::to_string(roots) + " blocks without parent";

    for (const BlockIndex* candidate : m_candidates) {
        if (!candidate->IsValid(storage::BLOCK_VALID_TRANSACTIONS) || !candidate->HaveNumChainTxs()) {
            return "candidate without full data or failed: " + Describe(*candidate);
        }
        if (tip && BlockIndexWorkComparator{}(candidate, tip)) return "candidate worse than the tip: " + Describe(*candidate);
    }
    if (tip && !m_candidates.count(const_cast<BlockIndex*>(tip))) return "the tip is not a candidate";

    for (int h = 0; h <= m_chain.Height(); ++h) {
        const BlockIndex* block = m_chain[h];
        if (block->height != h || (h > 0 && block->prev != m_chain[h - 1])) return "active chain is not linked at " + std::to_string(h);
        if (block->status & BLOCK_FAILED_MASK) return "failed block on the active chain: " + Describe(*block);
        if (h > 0 && (!block->IsValid(storage::BLOCK_VALID_SCRIPTS) || !block->HaveUndo())) {
            return "active block not fully validated or without undo data: " + Describe(*block);
        }
    }
    if (tip && m_coins_tip->GetBestBlock() != tip->hash) return "the coins' best block is not the tip";

    for (const auto& [parent, child] : m_blockman->Unlinked()) {
        if (child->prev != parent || !child->HaveData() || parent->HaveNumChainTxs()) {
            return "unlinked entry is not waiting for its parent: " + Describe(*child);
        }
    }
    if (m_best_header && (m_best_header->status & BLOCK_FAILED_MASK)) return "the best header is failed";
    return std::nullopt;
}

} // namespace chain
