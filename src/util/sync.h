// Mutexes that clang's thread-safety analysis understands, and the locks that hold them.
//
// util::Mutex wraps std::mutex and is annotated as a capability, so members declared
// GUARDED_BY(m_mutex) can only be touched under LOCK(m_mutex) in code clang accepts
// (util/threadsafety.h). There are no recursive mutexes: locking a Mutex the thread
// already holds aborts with a message instead of deadlocking, because re-entrancy hides
// which invariants hold. Usage:
//
//     mutable util::Mutex m_mutex;
//     int m_count GUARDED_BY(m_mutex){0};
//     void Add() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex) { LOCK(m_mutex); ++m_count; }
//
// Thread safety: Mutex, UniqueLock and ConditionVariable are the synchronisation
// primitives; a Mutex and a ConditionVariable may be shared by any number of threads, a
// UniqueLock belongs to the thread that created it.
#ifndef BITNODE_UTIL_SYNC_H
#define BITNODE_UTIL_SYNC_H

#include <util/threadsafety.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace util {

/** Aborts the process with a message about a misuse of a lock (a bug, never input). */
[[noreturn]] void LockMisuse(const char* what);

class CAPABILITY("mutex") Mutex
{
public:
    Mutex() = default;
    Mutex(const Mutex&) = delete;
    Mutex& operator=(const Mutex&) = delete;

    void lock() ACQUIRE()
    {
        if (HeldByCurrentThread()) LockMisuse("a thread locked a util::Mutex it already holds");
        m_mutex.lock();
        m_owner.store(std::this_thread::get_id(), std::memory_order_relaxed);
    }

    bool try_lock() TRY_ACQUIRE(true)
    {
        if (HeldByCurrentThread()) LockMisuse("a thread try-locked a util::Mutex it already holds");
        if (!m_mutex.try_lock()) return false;
        m_owner.store(std::this_thread::get_id(), std::memory_order_relaxed);
        return true;
    }

    void unlock() RELEASE()
    {
        if (!HeldByCurrentThread()) LockMisuse("a thread unlocked a util::Mutex it does not hold");
        m_owner.store(std::thread::id{}, std::memory_order_relaxed);
        m_mutex.unlock();
    }

    /**
     * True if the calling thread holds this mutex. Exact for the calling thread (only it can
     * store its own id), so it serves assertions; it says nothing reliable about others.
     */
    bool HeldByCurrentThread() const
    {
        return m_owner.load(std::memory_order_relaxed) == std::this_thread::get_id();
    }

    /** Lets EXCLUSIVE_LOCKS_REQUIRED(!m) name the negative capability. */
    const Mutex& operator!() const { return *this; }

private:
    friend class ConditionVariable;

    std::mutex m_mutex;
    std::atomic<std::thread::id> m_owner{};
};

/** Holds a Mutex from construction to destruction; can be released and retaken early. */
class SCOPED_CAPABILITY UniqueLock
{
public:
    explicit UniqueLock(Mutex& mutex) ACQUIRE(mutex) : m_mutex(mutex)
    {
        mutex.lock();
        m_owns = true;
    }
    ~UniqueLock() RELEASE()
    {
        if (m_owns) m_mutex.unlock();
    }
    UniqueLock(const UniqueLock&) = delete;
    UniqueLock& operator=(const UniqueLock&) = delete;

    /** Release before the end of the scope (e.g. before a slow call or a notification). */
    void Unlock() RELEASE()
    {
        if (!m_owns) LockMisuse("UniqueLock::Unlock on a lock that is not held");
        m_owns = false;
        m_mutex.unlock();
    }
    /** Take the mutex again after Unlock. */
    void Lock() ACQUIRE()
    {
        if (m_owns) LockMisuse("UniqueLock::Lock on a lock that is already held");
        m_mutex.lock();
        m_owns = true;
    }
    bool OwnsLock() const { return m_owns; }

private:
    friend class ConditionVariable;

    Mutex& m_mutex;
    bool m_owns{false};
};

/**
 * A condition variable that waits on a UniqueLock. Predicates that read guarded members
 * need the lock annotation on the lambda, because the analysis cannot see that Wait holds
 * it while calling them: `cv.Wait(lock, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { ... })`.
 */
class ConditionVariable
{
public:
    void NotifyOne() noexcept { m_cv.notify_one(); }
    void NotifyAll() noexcept { m_cv.notify_all(); }

    /** Release the lock, block until notified (or woken spuriously), retake the lock. */
    void Wait(UniqueLock& lock);

    /** Wait until pred() is true; pred runs with the lock held. */
    template <typename Predicate>
    void Wait(UniqueLock& lock, Predicate pred) NO_THREAD_SAFETY_ANALYSIS // see class comment
    {
        while (!pred()) Wait(lock);
    }

    /** Like Wait, but gives up at the deadline: returns pred() as it stands then. */
    template <typename Clock, typename Duration, typename Predicate>
    bool WaitUntil(UniqueLock& lock, const std::chrono::time_point<Clock, Duration>& deadline,
                   Predicate pred) NO_THREAD_SAFETY_ANALYSIS // see class comment
    {
        while (!pred()) {
            if (!WaitOnceUntil(lock, deadline)) return pred();
        }
        return true;
    }

    template <typename Rep, typename Period, typename Predicate>
    bool WaitFor(UniqueLock& lock, const std::chrono::duration<Rep, Period>& timeout, Predicate pred)
    {
        return WaitUntil(lock, std::chrono::steady_clock::now() + timeout, std::move(pred));
    }

private:
    /** One wait; false if the deadline passed. */
    template <typename Clock, typename Duration>
    bool WaitOnceUntil(UniqueLock& lock, const std::chrono::time_point<Clock, Duration>& deadline)
    {
        std::unique_lock<std::mutex> native = Adopt(lock);
        const bool notified = m_cv.wait_until(native, deadline) == std::cv_status::no_timeout;
        Readopt(lock, native);
        return notified;
    }
    // The std::mutex inside lock's Mutex, as a std::unique_lock the std::condition_variable
    // can wait on, with the owner record cleared while it waits and restored after.
    static std::unique_lock<std::mutex> Adopt(UniqueLock& lock);
    static void Readopt(UniqueLock& lock, std::unique_lock<std::mutex>& native);

    std::condition_variable m_cv;
};

/** Aborts unless the calling thread holds the mutex; tells the analysis that it does. */
inline void AssertLockHeld(const Mutex& mutex) ASSERT_EXCLUSIVE_LOCK(mutex)
{
    if (!mutex.HeldByCurrentThread()) LockMisuse("AssertLockHeld: the mutex is not held by this thread");
}

/** Aborts if the calling thread holds the mutex. */
inline void AssertLockNotHeld(const Mutex& mutex) EXCLUSIVE_LOCKS_REQUIRED(!mutex)
{
    if (mutex.HeldByCurrentThread()) LockMisuse("AssertLockNotHeld: the mutex is held by this thread");
}

} // namespace util

#define BITNODE_PASTE_(a, b) a##b
#define BITNODE_PASTE(a, b) BITNODE_PASTE_(a, b)

/** Hold the mutex until the end of the enclosing scope. */
#define LOCK(mutex) util::UniqueLock BITNODE_PASTE(bitnode_lock_, __COUNTER__)(mutex)
/** Hold the mutex in a named lock (for ConditionVariable waits and early Unlock). */
#define WAIT_LOCK(mutex, name) util::UniqueLock name(mutex)
/** Evaluate code (a statement, e.g. `return m_x;`) with the mutex held, as an expression. */
#define WITH_LOCK(mutex, code) ([&]() -> decltype(auto) { LOCK(mutex); code; }())

#endif // BITNODE_UTIL_SYNC_H
