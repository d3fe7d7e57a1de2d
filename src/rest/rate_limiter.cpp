#include <rest/rate_limiter.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace rest {

RateLimiter::Decision RateLimiter::Consume(const std::string& client, Clock::time_point now)
{
    if (!Enabled()) return {};
    const double burst = std::max(m_options.burst, 1.0);
    LOCK(m_mutex);
    auto it = m_buckets.find(client);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_options.max_clients) Prune(now);
        it = m_buckets.emplace(client, Bucket{burst, now}).first;
    }
    Bucket& bucket = it->second;
    if (now > bucket.updated) {
        const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
        bucket.tokens = std::min(burst, bucket.tokens + elapsed * m_options.rate_per_second);
        bucket.updated = now;
    }
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return {};
    }
    const double wait = (1.0 - bucket.tokens) / m_options.rate_per_second;
    return {false, std::max(1, static_cast<int>(std::ceil(wait)))};
}

void RateLimiter::Prune(Clock::time_point now)
{
    const double burst = std::max(m_options.burst, 1.0);
    // A bucket that would be full by now carries no state worth keeping.
    std::erase_if(m_buckets, [&](const auto& item) {
        const double elapsed = std::chrono::duration<double>(now - item.second.updated).count();
        return item.second.tokens + elapsed * m_options.rate_per_second >= burst;
    });
    // Still full of busy clients: forget the oldest half rather than grow without bound.
    if (m_buckets.size() >= m_options.max_clients) {
        std::vector<Clock::time_point> times;
        times.reserve(m_buckets.size());
        for (const auto& item : m_buckets) times.push_back(item.second.updated);
        auto middle = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
        std::nth_element(times.begin(), middle, times.end());
        const Clock::time_point cutoff = *middle;
        std::erase_if(m_buckets, [&](const auto& item) { return item.second.updated <= cutoff; });
    }
}

size_t RateLimiter::TrackedClients() const
{
    LOCK(m_mutex);
    return m_buckets.size();
}

} // namespace rest
