// ChainstateMempoolView: MempoolChainView over a chain::ChainstateManager, for the node
// (and the integration tests). It reads the active tip's UTXO cache, height, median time
// past and ancestry, and the next block's script flags.
//
// Thread safety: construct it and use it only while holding chainman.GetMutex() (the
// chainstate lock), then take the mempool lock inside (lock order: chainstate, mempool).
// It must not outlive that lock: the tip and the coins cache may change afterwards.
#ifndef BITNODE_MEMPOOL_CHAINSTATE_VIEW_H
#define BITNODE_MEMPOOL_CHAINSTATE_VIEW_H

#include <chain/block_index.h>
#include <chain/chainstate_manager.h>
#include <mempool/chain_view.h>
#include <storage/consensus_coins.h>

namespace mempool {

class ChainstateMempoolView final : public MempoolChainView
{
public:
    explicit ChainstateMempoolView(chain::ChainstateManager& chainman) EXCLUSIVE_LOCKS_REQUIRED(chainman.GetMutex());

    std::optional<consensus::Coin> GetCoin(const primitives::OutPoint& outpoint) const override
    {
        return m_coins.GetCoin(outpoint);
    }
    int TipHeight() const override { return m_tip.height; }
    int64_t TipMedianTimePast() const override { return m_median_time_past; }
    const consensus::HeaderAncestry& TipAncestry() const override { return m_ancestry; }
    script::ScriptVerifyFlags NextBlockScriptFlags() const override { return m_next_flags; }

private:
    const chain::BlockIndex& m_tip;
    chain::BlockIndexAncestry m_ancestry;
    storage::ConsensusCoinsView m_coins;
    int64_t m_median_time_past;
    script::ScriptVerifyFlags m_next_flags;
};

} // namespace mempool

#endif // BITNODE_MEMPOOL_CHAINSTATE_VIEW_H
