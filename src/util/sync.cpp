#include <util/sync.h>

#include <cstdio>
#include <cstdlib>

namespace util {

void LockMisuse(const char* what)
{
    std::fprintf(stderr, "bitnode: lock misuse: %s (a bug; please report it with this message)\n", what);
    std::fflush(stderr);
    std::abort();
}

void ConditionVariable::Wait(UniqueLock& lock)
{
    std::unique_lock<std::mutex> native = Adopt(lock);
    m_cv.wait(native);
    Readopt(lock, native);
}

std::unique_lock<std::mutex> ConditionVariable::Adopt(UniqueLock& lock)
{
    if (!lock.m_owns) LockMisuse("ConditionVariable wait on a UniqueLock that is not held");
    lock.m_mutex.m_owner.store(std::thread::id{}, std::memory_order_relaxed);
    return std::unique_lock<std::mutex>(lock.m_mutex.m_mutex, std::adopt_lock);
}

void ConditionVariable::Readopt(UniqueLock& lock, std::unique_lock<std::mutex>& native)
{
    // The wait returned with the std::mutex held again; hand it back to the UniqueLock.
    native.release();
    lock.m_mutex.m_owner.store(std::this_thread::get_id(), std::memory_order_relaxed);
}

} // namespace util
