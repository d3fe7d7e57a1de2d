// TestBlockValidity: every check a new block on the tip would face, with nothing stored
// (Core's TestBlockValidity; the miner runs it on each template, getblocktemplate's
// proposal mode on a miner's block).
#include <chain/chainstate_manager.h>

#include <consensus/block_check.h>
#include <consensus/header_check.h>

namespace chain {

using consensus::BlockValidationResult;
using consensus::BlockValidationState;

bool ChainstateManager::TestBlockValidity(BlockValidationState& state, const primitives::Block& block, bool check_pow,
                                          bool check_merkle)
{
    AssertLockHeld(m_chainstate_mutex);
    BlockIndex* tip = m_chain.Tip();
    if (!tip || block.hash_prev_block != tip->hash) {
        return state.Invalid(BlockValidationResult::BLOCK_INVALID_PREV, "inconclusive-not-best-prevblk");
    }
    const consensus::Params& params = GetConsensus();
    const BlockIndexAncestry parent_chain{*tip};
    if (!consensus::ContextualCheckBlockHeader(block, state, parent_chain, params, Now())) return false;
    if (!consensus::CheckBlock(block, state, params, check_pow, check_merkle)) return false;
    if (!consensus::ContextualCheckBlock(block, state, params, tip->height + 1, tip->GetMedianTimePast())) return false;

    // An index entry that lives only here: ConnectBlock reads its hash, height and parent.
    BlockIndex index{block};
    index.hash = block.GetHash();
    index.prev = tip;
    index.height = tip->height + 1;
    storage::CoinsViewCache view{m_coins_tip.get()};
    // ConnectBlock counts the work it does; a test is not work done on the chain.
    const ConnectStats saved_stats = m_stats;
    const bool ok = ConnectBlock(block, state, &index, view, /*just_check=*/true);
    m_stats = saved_stats;
    return ok;
}

} // namespace chain
