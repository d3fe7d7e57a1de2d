// MempoolSync: the validation listener that keeps the mempool in step with the active
// chain (Core does this inside ConnectTip/DisconnectTip; here it runs on the notification
// thread, after the chainstate has released its lock).
//
//  - BlockConnected: the block's transactions, and everything conflicting with them, leave
//    the pool (TxMemPool::RemoveForBlock).
//  - BlockDisconnected: the block's transactions are remembered (events arrive tip first).
//  - UpdatedBlockTip after one or more disconnects: the remembered transactions, oldest
//    block first, go back into the pool and the pool is re-checked against the new tip
//    (mempool::UpdateMempoolForReorg with a ChainstateMempoolView taken under the
//    chainstate lock, then the mempool lock inside it: the node's lock order).
//
// Because this is asynchronous, a caller that needs the pool to reflect the current tip
// (a block template, a test, sendrawtransaction after generate) first calls
// ValidationSignals::SyncWithValidationInterfaceQueue() — never from the notification thread.
//
// Thread safety: the callbacks run on the notification thread only; m_disconnected is
// touched only there but guarded anyway so DisconnectedCount may be read from any thread.
#ifndef BITNODE_NODE_MEMPOOL_SYNC_H
#define BITNODE_NODE_MEMPOOL_SYNC_H

#include <chain/chainstate_manager.h>
#include <chain/notifications.h>
#include <mempool/txmempool.h>
#include <util/sync.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace node {

class MempoolSync final : public chain::ValidationInterface
{
public:
    /** chainman and pool must outlive the listener's registration. log may be empty. */
    MempoolSync(chain::ChainstateManager& chainman, mempool::TxMemPool& pool,
                std::function<void(const std::string&)> log = {});

    void BlockConnected(const std::shared_ptr<const primitives::Block>& block, const chain::BlockIndex* index) override
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void BlockDisconnected(const std::shared_ptr<const primitives::Block>& block,
                           const chain::BlockIndex* index) override EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void UpdatedBlockTip(const chain::BlockIndex* new_tip, const chain::BlockIndex* fork,
                         bool initial_download) override EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /** Transactions of disconnected blocks waiting for the next tip update. */
    size_t DisconnectedCount() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

private:
    chain::ChainstateManager& m_chainman;
    mempool::TxMemPool& m_pool;
    const std::function<void(const std::string&)> m_log;

    mutable util::Mutex m_mutex;
    /** Blocks disconnected since the last tip update, newest first (the order they arrive). */
    std::vector<std::shared_ptr<const primitives::Block>> m_disconnected GUARDED_BY(m_mutex);
};

} // namespace node

#endif // BITNODE_NODE_MEMPOOL_SYNC_H
