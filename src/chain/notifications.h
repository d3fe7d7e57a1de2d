// Validation notifications: what the chainstate tells the rest of the node (mempool,
// wallet, indexes, peers, RPC event streams) about changes to the chain.
//
// A listener derives from ValidationInterface, overrides the events it cares about and is
// registered with a ValidationSignals object. The chainstate enqueues events in the order
// they happen (while it holds its lock, so the order is exact); one notification thread
// owned by ValidationSignals calls the listeners in that order. Listeners therefore run
// without any validation lock held and may call back into the ChainstateManager.
//
// A listener must not block on the chainstate making progress from inside a callback
// (SyncWithValidationInterfaceQueue from the notification thread would wait for itself).
// The chainstate waits for the queue to drain before it connects more blocks when more
// than MAX_PENDING_CALLBACKS events are waiting, so a slow listener slows validation
// instead of letting the queue grow without bound.
//
// BlockIndex pointers passed to listeners stay valid while their ChainstateManager lives;
// without the chainstate lock only their immutable fields may be read (block_index.h).
//
// Thread safety: every method of ValidationSignals may be called from any thread.
#ifndef BITNODE_CHAIN_NOTIFICATIONS_H
#define BITNODE_CHAIN_NOTIFICATIONS_H

#include <chain/chain.h>
#include <consensus/validation_state.h>
#include <primitives/block.h>
#include <primitives/transaction.h>
#include <util/sync.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace chain {

class BlockIndex;

class ValidationInterface
{
public:
    virtual ~ValidationInterface() = default;

    /**
     * The active chain's tip changed to new_tip (after a batch of connects and
     * disconnects). fork is the last block the old and new chains share (null on the
     * first tip). initial_download: whether the node still considers itself syncing.
     */
    virtual void UpdatedBlockTip(const BlockIndex* /*new_tip*/, const BlockIndex* /*fork*/, bool /*initial_download*/) {}
    /** A block was connected to the active chain (in chain order). */
    virtual void BlockConnected(const std::shared_ptr<const primitives::Block>& /*block*/, const BlockIndex* /*index*/) {}
    /** A block was disconnected from the active chain (tip first). */
    virtual void BlockDisconnected(const std::shared_ptr<const primitives::Block>& /*block*/,
                                   const BlockIndex* /*index*/)
    {
    }
    /** A block handed to ProcessNewBlock was checked: state says whether it was accepted. */
    virtual void BlockChecked(const std::shared_ptr<const primitives::Block>& /*block*/,
                              const consensus::BlockValidationState& /*state*/)
    {
    }
    /** The chainstate was written to disk; locator names its tip. */
    virtual void ChainStateFlushed(const BlockLocator& /*locator*/) {}
    /** A transaction entered the mempool (sent by the mempool, not the chainstate). */
    virtual void TransactionAddedToMempool(const primitives::TransactionRef& /*tx*/, uint64_t /*mempool_sequence*/) {}
};

class ValidationSignals
{
public:
    /** Above this many pending events the chainstate waits for the queue before connecting more. */
    static constexpr size_t MAX_PENDING_CALLBACKS = 10;

    /** Starts the notification thread. */
    ValidationSignals();
    /** Delivers everything still queued, then stops the thread. */
    ~ValidationSignals();
    ValidationSignals(const ValidationSignals&) = delete;
    ValidationSignals& operator=(const ValidationSignals&) = delete;

    /** Events enqueued from now on reach the listener. */
    void RegisterListener(std::shared_ptr<ValidationInterface> listener) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /**
     * No event starts on the listener after this returns (one already running finishes;
     * the shared_ptr keeps the listener alive until it does).
     */
    void UnregisterListener(const ValidationInterface* listener) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void UnregisterAllListeners() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /**
     * Block until every event enqueued before this call has been delivered. Must not be
     * called from the notification thread or while holding a chainstate lock.
     */
    void SyncWithValidationInterfaceQueue() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Events enqueued and not yet delivered (including one being delivered). */
    size_t CallbacksPending() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Whether the calling thread is the notification thread. */
    bool OnNotificationThread() const { return std::this_thread::get_id() == m_thread.get_id(); }

    // Enqueue an event for every registered listener.
    void UpdatedBlockTip(const BlockIndex* new_tip, const BlockIndex* fork, bool initial_download)
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void BlockConnected(std::shared_ptr<const primitives::Block> block, const BlockIndex* index)
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void BlockDisconnected(std::shared_ptr<const primitives::Block> block, const BlockIndex* index)
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void BlockChecked(std::shared_ptr<const primitives::Block> block, const consensus::BlockValidationState& state)
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void ChainStateFlushed(BlockLocator locator) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void TransactionAddedToMempool(primitives::TransactionRef tx, uint64_t mempool_sequence)
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

private:
    using Event = std::function<void(ValidationInterface&)>;

    void Enqueue(Event event) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void ThreadMain() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    mutable util::Mutex m_mutex;
    util::ConditionVariable m_work_cv;
    util::ConditionVariable m_done_cv;
    std::vector<std::shared_ptr<ValidationInterface>> m_listeners GUARDED_BY(m_mutex);
    std::deque<Event> m_queue GUARDED_BY(m_mutex);
    /** Events enqueued so far / delivered so far: SyncWith... waits for the second to reach the first. */
    uint64_t m_enqueued GUARDED_BY(m_mutex){0};
    uint64_t m_delivered GUARDED_BY(m_mutex){0};
    bool m_stop GUARDED_BY(m_mutex){false};
    std::thread m_thread;
};

} // namespace chain

#endif // BITNODE_CHAIN_NOTIFICATIONS_H
