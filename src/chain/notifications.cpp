#include <chain/notifications.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <utility>

namespace chain {

ValidationSignals::ValidationSignals() { m_thread = std::thread([this] { ThreadMain(); }); }

ValidationSignals::~ValidationSignals()
{
    {
        LOCK(m_mutex);
        m_stop = true;
    }
    m_work_cv.NotifyAll();
    m_thread.join();
}

void ValidationSignals::RegisterListener(std::shared_ptr<ValidationInterface> listener)
{
    LOCK(m_mutex);
    m_listeners.push_back(std::move(listener));
}

void ValidationSignals::UnregisterListener(const ValidationInterface* listener)
{
    LOCK(m_mutex);
    std::erase_if(m_listeners, [&](const auto& l) { return l.get() == listener; });
}

void ValidationSignals::UnregisterAllListeners()
{
    LOCK(m_mutex);
    m_listeners.clear();
}

void ValidationSignals::SyncWithValidationInterfaceQueue()
{
    if (OnNotificationThread()) {
        // Waiting here would wait for this very callback to return: a bug in the caller.
        std::fprintf(stderr, "bitnode: SyncWithValidationInterfaceQueue called from a validation listener\n");
        std::abort();
    }
    WAIT_LOCK(m_mutex, lock);
    const uint64_t target = m_enqueued;
    m_done_cv.Wait(lock, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_delivered >= target; });
}

size_t ValidationSignals::CallbacksPending() const
{
    LOCK(m_mutex);
    return static_cast<size_t>(m_enqueued - m_delivered);
}

void ValidationSignals::Enqueue(Event event)
{
    {
        LOCK(m_mutex);
        m_queue.push_back(std::move(event));
        ++m_enqueued;
    }
    m_work_cv.NotifyOne();
}

void ValidationSignals::ThreadMain()
{
    while (true) {
        Event event;
        std::vector<std::shared_ptr<ValidationInterface>> listeners;
        {
            WAIT_LOCK(m_mutex, lock);
            m_work_cv.Wait(lock, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_stop || !m_queue.empty(); });
            // Stop only once the queue is empty: events enqueued before destruction are delivered.
            if (m_queue.empty()) return;
            event = std::move(m_queue.front());
            m_queue.pop_front();
            // The listeners registered now; copies keep each alive through its callback.
            listeners = m_listeners;
        }
        for (const auto& listener : listeners) {
            try {
                event(*listener);
            } catch (const std::exception& e) {
                // A listener's bug must not stop the others from hearing about the chain.
                std::fprintf(stderr, "bitnode: a validation listener threw: %s\n", e.what());
            }
        }
        {
            LOCK(m_mutex);
            ++m_delivered;
        }
        m_done_cv.NotifyAll();
    }
}

void ValidationSignals::UpdatedBlockTip(const BlockIndex* new_tip, const BlockIndex* fork, bool initial_download)
{
    Enqueue([=](ValidationInterface& l) { l.UpdatedBlockTip(new_tip, fork, initial_download); });
}

void ValidationSignals::BlockConnected(std::shared_ptr<const primitives::Block> block, const BlockIndex* index)
{
    Enqueue([block = std::move(block), index](ValidationInterface& l) { l.BlockConnected(block, index); });
}

void ValidationSignals::BlockDisconnected(std::shared_ptr<const primitives::Block> block, const BlockIndex* index)
{
    Enqueue([block = std::move(block), index](ValidationInterface& l) { l.BlockDisconnected(block, index); });
}

void ValidationSignals::BlockChecked(std::shared_ptr<const primitives::Block> block,
                                     const consensus::BlockValidationState& state)
{
    Enqueue([block = std::move(block), state](ValidationInterface& l) { l.BlockChecked(block, state); });
}

void ValidationSignals::ChainStateFlushed(BlockLocator locator)
{
    Enqueue([locator = std::move(locator)](ValidationInterface& l) { l.ChainStateFlushed(locator); });
}

void ValidationSignals::TransactionAddedToMempool(primitives::TransactionRef tx, uint64_t mempool_sequence)
{
    Enqueue([tx = std::move(tx), mempool_sequence](ValidationInterface& l) {
        l.TransactionAddedToMempool(tx, mempool_sequence);
    });
}

} // namespace chain
