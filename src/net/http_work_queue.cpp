#include <net/http_work_queue.h>

#include <algorithm>

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
    while (true) {
        WorkItem item;
        {
            WAIT_LOCK(m_mutex, lock);
            m_cv.Wait(lock, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return !m_running || !m_queue.empty(); });
            if (m_queue.empty()) return; // interrupted and drained
            item = std::move(m_queue.front());
            m_queue.pop_front();
        }
        item();
    }
}

} // namespace net
