// The check queue under many threads: every check runs exactly once, the first failure
// (in the order added) is reported whatever the thread count, later checks are skipped
// after a failure, and the queue is reusable block after block.
#include <consensus/checkqueue.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <optional>
#include <vector>

namespace {

using consensus::CheckQueue;
using consensus::CheckQueueControl;

struct Counters {
    std::vector<std::atomic<int>> runs;
    explicit Counters(size_t n) : runs(n) {}
};

/** Fails (returning its own index) if its index is in the failing set; counts its runs. */
struct CountingCheck {
    Counters* counters;
    size_t index;
    const std::vector<bool>* failing;

    std::optional<size_t> operator()() const
    {
        counters->runs[index].fetch_add(1, std::memory_order_relaxed);
        // A little work, so threads genuinely overlap.
        volatile uint64_t x = index;
        for (int i = 0; i < 200; ++i) x = x * 6364136223846793005ULL + 1;
        if ((*failing)[index]) return index;
        return std::nullopt;
    }
};

/** Add `n` checks in batches of varying size, as a block's transactions would. */
std::optional<size_t> RunBlock(CheckQueue<CountingCheck>& queue, Counters& counters, const std::vector<bool>& failing)
{
    CheckQueueControl<CountingCheck> control{queue};
    size_t next = 0;
    size_t batch = 1;
    while (next < failing.size()) {
        std::vector<CountingCheck> checks;
        for (size_t i = 0; i < batch && next < failing.size(); ++i) checks.push_back({&counters, next++, &failing});
        control.Add(std::move(checks));
        batch = batch % 97 + 1;
    }
    return control.Complete();
}

TEST(CheckQueue, AllSucceedEachRunsOnce)
{
    constexpr size_t N = 100'000;
    for (unsigned workers : {0U, 1U, 3U, 15U}) {
        CheckQueue<CountingCheck> queue{workers};
        EXPECT_EQ(queue.WorkerCount(), workers);
        const std::vector<bool> failing(N, false);
        Counters counters{N};
        EXPECT_EQ(RunBlock(queue, counters, failing), std::nullopt);
        for (size_t i = 0; i < N; ++i)
            ASSERT_EQ(counters.runs[i].load(), 1) << "check " << i << ", " << workers << " workers";
    }
}

TEST(CheckQueue, FirstFailureWinsAndLaterChecksAreSkipped)
{
    constexpr size_t N = 200'000;
    for (unsigned workers : {0U, 1U, 2U, 7U, 31U}) {
        CheckQueue<CountingCheck> queue{workers};
        std::vector<bool> failing(N, false);
        failing[1'000] = true;
        failing[1'001] = true;
        failing[150'000] = true;
        Counters counters{N};
        EXPECT_EQ(RunBlock(queue, counters, failing), 1'000U) << workers << " workers";
        // Everything up to the first failure ran, once.
        for (size_t i = 0; i <= 1'000; ++i) ASSERT_EQ(counters.runs[i].load(), 1) << i;
        size_t ran = 0;
        for (size_t i = 0; i < N; ++i) ran += static_cast<size_t>(counters.runs[i].load());
        // Checks handed out after the failure was known were skipped: far fewer than all ran.
        EXPECT_LT(ran, N / 2) << workers << " workers";
    }
}

TEST(CheckQueue, ReusableAcrossBlocks)
{
    CheckQueue<CountingCheck> queue{4};
    for (int round = 0; round < 50; ++round) {
        const size_t n = 1'000 + static_cast<size_t>(round) * 37;
        std::vector<bool> failing(n, false);
        std::optional<size_t> expected;
        if (round % 3 == 1) {
            const size_t at = (static_cast<size_t>(round) * 7919) % n;
            failing[at] = true;
            expected = at;
        }
        Counters counters{n};
        EXPECT_EQ(RunBlock(queue, counters, failing), expected) << "round " << round;
    }
}

TEST(CheckQueue, EmptyBlockAndEarlyExit)
{
    CheckQueue<CountingCheck> queue{3};
    {
        CheckQueueControl<CountingCheck> control{queue};
        EXPECT_EQ(control.Complete(), std::nullopt);
    }
    // A control dropped without Complete still waits for its checks before releasing them.
    const std::vector<bool> failing(10'000, false);
    Counters counters{failing.size()};
    {
        CheckQueueControl<CountingCheck> control{queue};
        std::vector<CountingCheck> checks;
        for (size_t i = 0; i < failing.size(); ++i) checks.push_back({&counters, i, &failing});
        control.Add(std::move(checks));
    }
    for (size_t i = 0; i < failing.size(); ++i) ASSERT_EQ(counters.runs[i].load(), 1);
}

} // namespace
