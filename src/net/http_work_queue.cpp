#include <net/http_work_queue.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace net {

HttpWorkQueue::HttpWorkQueue(size_t max_depth, size_t threads) : m_max_depth(std::max<size_t>(max_depth, 1))
{
    threads = std::max<size_t>(threads, 1);
    m_threads.reserve(threads);
    for (size_t i = 0; i < threads; ++i) m_threads.emplace_back([this] { Run(); });
}

HttpWorkQueue::~HttpWorkQueue() { Join(); }

bool HttpWorkQueue::Enqueue(WorkItem& item)
{
    {
        LOCK(m_mutex);
        if (!m_running || m_queue.size() >= m_max_depth) return false;
        m_queue.push_back(std::move(item));
        m_queued.store(m_queue.size(), std::memory_order_release);
    }
    m_cv.NotifyOne();
    return true;
}

void HttpWorkQueue::Interrupt()
{
    {
        LOCK(m_mutex);
        m_running = false;
    }
    m_cv.NotifyAll();
}

void HttpWorkQueue::Join()
{
    Interrupt();
    for (std::thread& thread : m_threads) {
        if (thread.joinable()) thread.join();
    }
    m_threads.clear();
}

size_t HttpWorkQueue::Depth() const
{
    LOCK(m_mutex);
    return m_queue.size();
}

void HttpWorkQueue::Run()
{
    // How long one idle worker polls for the next item before it sleeps. A keep-alive
    // client usually sends its next request within tens of microseconds of the previous
    // answer; waking a sleeping worker costs about as much again (futex wake plus a
    // context switch), which was most of the time of a getblockcount round trip.
    constexpr auto POLL_TIME = std::chrono::microseconds{50};
    while (true) {
        if (m_queued.load(std::memory_order_acquire) == 0 && !m_polling.exchange(true, std::memory_order_acq_rel)) {
            const auto until = std::chrono::steady_clock::now() + POLL_TIME;
            while (m_queued.load(std::memory_order_acquire) == 0 && std::chrono::steady_clock::now() < until) {
                std::this_thread::yield();
            }
            m_polling.store(false, std::memory_order_release);
        }
        WorkItem item;
        {
            WAIT_LOCK(m_mutex, lock);
            m_cv.Wait(lock, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return !m_running || !m_queue.empty(); });
            if (m_queue.empty()) return; // interrupted and drained
            item = std::move(m_queue.front());
            m_queue.pop_front();
            m_queued.store(m_queue.size(), std::memory_order_release);
        }
        item();
    }
}

} // namespace net
