#include <util/sync.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

// A counter guarded the way the node's subsystems guard their state.
class Counter
{
public:
    void Add(int n) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex)
    {
        LOCK(m_mutex);
        m_value += n;
    }
    int Get() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex) { return WITH_LOCK(m_mutex, return m_value); }

private:
    mutable util::Mutex m_mutex;
    int m_value GUARDED_BY(m_mutex){0};
};

// A queue whose consumer blocks on a condition variable.
class BlockingQueue
{
public:
    void Push(int v) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex)
    {
        {
            LOCK(m_mutex);
            m_items.push_back(v);
        }
        m_cv.NotifyOne();
    }
    int Pop() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex)
    {
        WAIT_LOCK(m_mutex, lock);
        m_cv.Wait(lock, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return !m_items.empty(); });
        util::AssertLockHeld(m_mutex);
        const int v = m_items.front();
        m_items.pop_front();
        return v;
    }
    bool PopFor(std::chrono::milliseconds timeout, int& out) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex)
    {
        WAIT_LOCK(m_mutex, lock);
        if (!m_cv.WaitFor(lock, timeout, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return !m_items.empty(); })) {
            return false;
        }
        out = m_items.front();
        m_items.pop_front();
        return true;
    }

private:
    util::Mutex m_mutex;
    util::ConditionVariable m_cv;
    std::deque<int> m_items GUARDED_BY(m_mutex);
};

TEST(SyncTest, CounterIsExactUnderContention)
{
    Counter counter;
    constexpr int THREADS = 4, ROUNDS = 20000;
    std::vector<std::thread> threads;
    for (int t = 0; t < THREADS; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < ROUNDS; ++i) counter.Add(1);
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(counter.Get(), THREADS * ROUNDS);
}

TEST(SyncTest, HeldByCurrentThreadTracksTheOwner)
{
    util::Mutex mutex;
    EXPECT_FALSE(mutex.HeldByCurrentThread());
    {
        LOCK(mutex);
        EXPECT_TRUE(mutex.HeldByCurrentThread());
        bool seen_by_other = true;
        std::thread([&] { seen_by_other = mutex.HeldByCurrentThread(); }).join();
        EXPECT_FALSE(seen_by_other);
    }
    EXPECT_FALSE(mutex.HeldByCurrentThread());
}

TEST(SyncTest, TryLockFailsWhileAnotherThreadHolds)
{
    util::Mutex mutex;
    LOCK(mutex);
    bool got = false;
    std::thread([&] {
        if (mutex.try_lock()) {
            got = true;
            mutex.unlock();
        }
    }).join();
    EXPECT_FALSE(got);
}

TEST(SyncTest, UniqueLockUnlocksAndRelocks)
{
    util::Mutex mutex;
    WAIT_LOCK(mutex, lock);
    EXPECT_TRUE(lock.OwnsLock());
    lock.Unlock();
    EXPECT_FALSE(lock.OwnsLock());
    EXPECT_FALSE(mutex.HeldByCurrentThread());
    bool got = false;
    std::thread([&] {
        if (mutex.try_lock()) {
            got = true;
            mutex.unlock();
        }
    }).join();
    EXPECT_TRUE(got);
    lock.Lock();
    EXPECT_TRUE(mutex.HeldByCurrentThread());
}

TEST(SyncTest, ConditionVariableHandsItemsAcrossThreads)
{
    BlockingQueue queue;
    constexpr int ITEMS = 2000;
    long long sum = 0;
    std::thread consumer([&] {
        for (int i = 0; i < ITEMS; ++i) sum += queue.Pop();
    });
    for (int i = 1; i <= ITEMS; ++i) queue.Push(i);
    consumer.join();
    EXPECT_EQ(sum, static_cast<long long>(ITEMS) * (ITEMS + 1) / 2);
}

TEST(SyncTest, WaitForTimesOutWithoutItems)
{
    BlockingQueue queue;
    int out = 0;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_FALSE(queue.PopFor(20ms, out));
    EXPECT_GE(std::chrono::steady_clock::now() - start, 20ms);
    queue.Push(7);
    EXPECT_TRUE(queue.PopFor(20ms, out));
    EXPECT_EQ(out, 7);
}

// Misuse is a bug and must stop the process loudly rather than deadlock or corrupt state.
// These helpers commit the misuse on purpose, so clang's analysis (which would reject
// them at compile time) is switched off for them alone.
void LockTwice(util::Mutex& mutex) NO_THREAD_SAFETY_ANALYSIS
{
    mutex.lock();
    mutex.lock();
}
void UnlockWithoutLocking(util::Mutex& mutex) NO_THREAD_SAFETY_ANALYSIS { mutex.unlock(); }

using SyncDeathTest = ::testing::Test;

TEST(SyncDeathTest, RecursiveLockAborts)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    util::Mutex mutex;
    EXPECT_DEATH(LockTwice(mutex), "already holds");
}

TEST(SyncDeathTest, AssertLockHeldAbortsWhenNotHeld)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    util::Mutex mutex;
    EXPECT_DEATH(util::AssertLockHeld(mutex), "not held");
}

TEST(SyncDeathTest, UnlockByNonOwnerAborts)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    util::Mutex mutex;
    EXPECT_DEATH(UnlockWithoutLocking(mutex), "does not hold");
}

} // namespace
