// A bounded queue of work items and the worker threads that run them: where HTTP
// handlers execute, so the I/O threads never block on a slow RPC.
//
// Like Core's WorkQueue (-rpcthreads workers, -rpcworkqueue depth): the depth counts
// items waiting for a worker, not those running, and Enqueue refuses an item when the
// queue is full so the server can answer "503 Work queue depth exceeded" at once.
// Interrupt() refuses further items; the workers finish what is queued, then exit.
//
// Thread safety: Enqueue and Interrupt may be called from any thread. Join must not be
// called from a worker.
#ifndef BITNODE_NET_HTTP_WORK_QUEUE_H
#define BITNODE_NET_HTTP_WORK_QUEUE_H

#include <util/sync.h>

#include <atomic>
#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

namespace net {

class HttpWorkQueue
{
public:
    using WorkItem = std::function<void()>;

    /** Starts `threads` workers (at least one) serving a queue of at most `max_depth` (at least one). */
    HttpWorkQueue(size_t max_depth, size_t threads);
    ~HttpWorkQueue();
    HttpWorkQueue(const HttpWorkQueue&) = delete;
    HttpWorkQueue& operator=(const HttpWorkQueue&) = delete;

    /** Queue an item; false (and the item untouched) if the queue is full or interrupted. */
    bool Enqueue(WorkItem& item) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Refuse new items; workers drain the queue and exit. */
    void Interrupt() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Interrupt, then wait for every worker to exit. Idempotent. */
    void Join() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    size_t Depth() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

private:
    void Run() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    const size_t m_max_depth;
    /** Items queued (mirrors m_queue.size() so an idle worker can poll without the lock). */
    std::atomic<size_t> m_queued{0};
    /** Whether a worker is polling for the next item before it sleeps (at most one does). */
    std::atomic<bool> m_polling{false};
    mutable util::Mutex m_mutex;
    util::ConditionVariable m_cv;
    std::deque<WorkItem> m_queue GUARDED_BY(m_mutex);
    bool m_running GUARDED_BY(m_mutex){true};
    std::vector<std::thread> m_threads;
};

} // namespace net

#endif // BITNODE_NET_HTTP_WORK_QUEUE_H
