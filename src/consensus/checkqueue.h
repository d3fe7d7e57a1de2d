// CheckQueue: runs a block's independent checks (script verifications) on a pool of
// worker threads, with the validating thread joining in at the end.
//
// A check is any movable object whose operator() returns std::optional<R>: nullopt for
// success, a failure description otherwise. The owner (validation) adds checks in batches
// as it walks the block, so workers start while it is still looking at later
// transactions, then calls Complete(), which helps until every check has run and returns
// the overall result.
//
// The result is deterministic: of all failing checks it reports the one added first. Work
// is handed out in the order it was added, and once a check at position p is known to
// fail, checks after p are skipped (they can no longer change the answer) while those
// before p still run. So a failing block stops early and the reported transaction and
// input do not depend on timing or thread count.
//
// There is no global pool: each CheckQueue owns its threads (created in the constructor,
// joined in the destructor), and whoever validates blocks owns the queue.
//
// Thread safety: Add and Complete belong to one controlling thread at a time; hold a
// CheckQueueControl to claim the queue for one block. Workers only touch state guarded
// by m_mutex (plus the lock-free "first failure" hint, which only ever decreases).
#ifndef BITNODE_CONSENSUS_CHECKQUEUE_H
#define BITNODE_CONSENSUS_CHECKQUEUE_H

#include <util/sync.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace consensus {

template <typename Check, typename R = std::remove_cvref_t<decltype(std::declval<Check>()().value())>>
class CheckQueue
{
public:
    /** Largest number of checks a thread takes at once by default. */
    static constexpr size_t DEFAULT_BATCH_SIZE = 128;

    /**
     * Start `worker_threads` threads (0: Complete runs every check on the calling thread).
     * A thread takes at most `batch_size` checks at a time, fewer when little work is left
     * so that all threads finish together.
     */
    explicit CheckQueue(unsigned worker_threads, size_t batch_size = DEFAULT_BATCH_SIZE)
        : m_batch_size{std::max<size_t>(1, batch_size)}
    {
        m_workers.reserve(worker_threads);
        for (unsigned i = 0; i < worker_threads; ++i) m_workers.emplace_back([this] { Loop(/*master=*/false); });
    }

    CheckQueue(const CheckQueue&) = delete;
    CheckQueue& operator=(const CheckQueue&) = delete;

    ~CheckQueue()
    {
        {
            LOCK(m_mutex);
            m_stop = true;
        }
        m_worker_cv.NotifyAll();
        for (std::thread& t : m_workers) t.join();
    }

    /** Threads besides the one calling Complete. */
    unsigned WorkerCount() const { return static_cast<unsigned>(m_workers.size()); }

    /** Queue checks; they run in the order given (relative to each other and earlier batches). */
    void Add(std::vector<Check>&& checks) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex)
    {
        if (checks.empty()) return;
        const size_t count = checks.size();
        {
            LOCK(m_mutex);
            m_queue.insert(m_queue.end(), std::make_move_iterator(checks.begin()),
                           std::make_move_iterator(checks.end()));
            m_todo += count;
        }
        checks.clear();
        if (count == 1) {
            m_worker_cv.NotifyOne();
        } else {
            m_worker_cv.NotifyAll();
        }
    }

    /**
     * Work on the queued checks until all are done, then return the failure of the first
     * failing check (in the order added), or nullopt. Resets the queue for the next block.
     */
    std::optional<R> Complete() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex) { return Loop(/*master=*/true); }

    /** Held by CheckQueueControl: one block at a time. */
    util::Mutex m_control_mutex;

private:
    static constexpr uint64_t NO_FAILURE = std::numeric_limits<uint64_t>::max();

    /** Take the next checks in order; returns the sequence number of the first. */
    uint64_t ClaimBatch(std::vector<Check>& batch) EXCLUSIVE_LOCKS_REQUIRED(m_mutex)
    {
        const size_t available = m_queue.size() - m_head;
        const size_t threads = m_workers.size() + 1;
        // Big batches cost less locking; small ones at the end keep threads finishing together.
        const size_t take = std::clamp<size_t>(available / (2 * threads), 1, m_batch_size);
        const uint64_t first_seq = m_head_seq;
        const auto begin = m_queue.begin() + static_cast<std::ptrdiff_t>(m_head);
        batch.assign(std::make_move_iterator(begin),
                     std::make_move_iterator(begin + static_cast<std::ptrdiff_t>(take)));
        m_head += take;
        m_head_seq += take;
        if (m_head == m_queue.size()) {
            // Everything handed out: reuse the storage for later additions.
            m_queue.clear();
            m_head = 0;
        }
        return first_seq;
    }

    /** Record a failure at seq if it is the earliest so far. */
    void RecordFailure(uint64_t seq, R&& failure) EXCLUSIVE_LOCKS_REQUIRED(m_mutex)
    {
        if (seq < m_failure_seq_locked) {
            m_failure_seq_locked = seq;
            m_failure = std::move(failure);
            m_failure_hint.store(seq, std::memory_order_relaxed);
        }
    }

    std::optional<R> Loop(bool master) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex)
    {
        std::vector<Check> batch;
        batch.reserve(m_batch_size);
        uint64_t first_seq = 0;
        size_t finished = 0;
        while (true) {
            {
                WAIT_LOCK(m_mutex, lock);
                if (finished != 0) {
                    m_todo -= finished;
                    finished = 0;
                    if (m_todo == 0) m_master_cv.NotifyOne();
                }
                while (m_head == m_queue.size() && !m_stop) {
                    if (master && m_todo == 0) {
                        std::optional<R> result = std::move(m_failure);
                        m_failure.reset();
                        m_failure_seq_locked = NO_FAILURE;
                        m_failure_hint.store(NO_FAILURE, std::memory_order_relaxed);
                        return result;
                    }
                    (master ? m_master_cv : m_worker_cv).Wait(lock);
                }
                if (m_stop) return std::nullopt;
                first_seq = ClaimBatch(batch);
            }
            for (size_t i = 0; i < batch.size(); ++i) {
                const uint64_t seq = first_seq + i;
                // A check after a known failure cannot change the answer: skip it.
                if (seq > m_failure_hint.load(std::memory_order_relaxed)) continue;
                std::optional<R> failure = batch[i]();
                if (failure) {
                    // Failures are rare: recording one under the lock costs nothing that matters.
                    {
                        LOCK(m_mutex);
                        RecordFailure(seq, std::move(*failure));
                    }
                    // Everything after it in this batch comes later: skip.
                    break;
                }
            }
            finished = batch.size();
            batch.clear();
        }
    }

    const size_t m_batch_size;
    util::Mutex m_mutex;
    util::ConditionVariable m_worker_cv;
    util::ConditionVariable m_master_cv;
    /** Checks added; [m_head, end) are not handed out yet. */
    std::vector<Check> m_queue GUARDED_BY(m_mutex);
    size_t m_head GUARDED_BY(m_mutex){0};
    /** Sequence number (position in the order of Add, counted across batches) of m_queue[m_head]. */
    uint64_t m_head_seq GUARDED_BY(m_mutex){0};
    /** Checks added but not finished (queued or in a thread's batch). */
    size_t m_todo GUARDED_BY(m_mutex){0};
    std::optional<R> m_failure GUARDED_BY(m_mutex);
    uint64_t m_failure_seq_locked GUARDED_BY(m_mutex){NO_FAILURE};
    /**
     * m_failure_seq_locked, readable without the lock, for skipping. It only takes values
     * of real failures, so it never drops below the first failing check, and every check
     * up to that one still runs.
     */
    std::atomic<uint64_t> m_failure_hint{NO_FAILURE};
    bool m_stop GUARDED_BY(m_mutex){false};
    std::vector<std::thread> m_workers;
};

/**
 * Claims a CheckQueue for one block: Add checks through it, then Complete(). If the owner
 * leaves early (an error found before the scripts), the destructor still waits for the
 * queued checks, so nothing they reference is freed under the workers.
 */
template <typename Check, typename R = std::remove_cvref_t<decltype(std::declval<Check>()().value())>>
class SCOPED_CAPABILITY CheckQueueControl
{
public:
    explicit CheckQueueControl(CheckQueue<Check, R>& queue) ACQUIRE(queue.m_control_mutex)
        : m_queue{queue}, m_lock{queue.m_control_mutex}
    {}
    CheckQueueControl(const CheckQueueControl&) = delete;
    CheckQueueControl& operator=(const CheckQueueControl&) = delete;
    ~CheckQueueControl() RELEASE()
    {
        if (!m_done) m_queue.Complete();
    }

    void Add(std::vector<Check>&& checks) { m_queue.Add(std::move(checks)); }
    std::optional<R> Complete()
    {
        m_done = true;
        return m_queue.Complete();
    }

private:
    CheckQueue<Check, R>& m_queue;
    util::UniqueLock m_lock;
    bool m_done{false};
};

} // namespace consensus

#endif // BITNODE_CONSENSUS_CHECKQUEUE_H
