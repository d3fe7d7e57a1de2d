#include <node/mempool_sync.h>

#include <mempool/accept.h>
#include <mempool/chainstate_view.h>

#include <utility>

namespace node {

MempoolSync::MempoolSync(chain::ChainstateManager& chainman, mempool::TxMemPool& pool,
                         std::function<void(const std::string&)> log)
    : m_chainman(chainman), m_pool(pool), m_log(std::move(log))
{}

void MempoolSync::BlockConnected(const std::shared_ptr<const primitives::Block>& block, const chain::BlockIndex* index)
{
    m_pool.RemoveForBlock(block->vtx, index->height);
}

void MempoolSync::BlockDisconnected(const std::shared_ptr<const primitives::Block>& block,
                                    const chain::BlockIndex* /*index*/)
{
    LOCK(m_mutex);
    m_disconnected.push_back(block);
}

void MempoolSync::UpdatedBlockTip(const chain::BlockIndex* /*new_tip*/, const chain::BlockIndex* /*fork*/,
                                  bool /*initial_download*/)
{
    std::vector<std::shared_ptr<const primitives::Block>> blocks;
    {
        LOCK(m_mutex);
        blocks.swap(m_disconnected);
    }
    if (blocks.empty()) return;
    // Disconnects arrive tip first; the pool wants the oldest block's transactions first
    // so parents precede children.
    std::vector<primitives::TransactionRef> txs;
    for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) {
        for (const auto& tx : (*it)->vtx) {
            if (!tx->IsCoinBase()) txs.push_back(tx);
        }
    }
    size_t readded = 0;
    {
        LOCK(m_chainman.GetMutex());
        const mempool::ChainstateMempoolView view{m_chainman};
        readded = mempool::UpdateMempoolForReorg(m_pool, view, txs);
    }
    if (m_log) {
        m_log("Reorg: " + std::to_string(blocks.size()) + " block(s) disconnected, " + std::to_string(readded) +
              " of " + std::to_string(txs.size()) + " transaction(s) back in the mempool");
    }
}

size_t MempoolSync::DisconnectedCount() const
{
    LOCK(m_mutex);
    size_t count = 0;
    for (const auto& block : m_disconnected) count += block->vtx.size();
    return count;
}

} // namespace node
