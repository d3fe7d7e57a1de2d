#include <util/time.h>

namespace util {

int64_t Clock::Now() const
{
    const int64_t mock = m_mock.load(std::memory_order_relaxed);
    if (mock != 0) return mock;
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int64_t MonotonicMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace util
