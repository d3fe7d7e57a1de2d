// Time with a mockable clock.
//
// GetTime() returns the mock time when one is set (tests, regtest's setmocktime),
// otherwise the system clock. A Clock object rather than a global is passed to
// subsystems that need time; SetMockTime acts on that object only.
#ifndef BITNODE_UTIL_TIME_H
#define BITNODE_UTIL_TIME_H

#include <atomic>
#include <chrono>
#include <cstdint>

namespace util {

class Clock
{
public:
    /** Seconds since the Unix epoch: the mock time if set, else the system time. */
    int64_t Now() const;
    /** 0 clears the mock time. Thread-safe. */
    void SetMockTime(int64_t seconds) { m_mock.store(seconds, std::memory_order_relaxed); }

private:
    std::atomic<int64_t> m_mock{0};
};

/** Monotonic microseconds, for measuring durations. */
int64_t MonotonicMicros();

} // namespace util

#endif // BITNODE_UTIL_TIME_H
