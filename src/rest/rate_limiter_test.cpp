#include <rest/rate_limiter.h>

#include <gtest/gtest.h>

namespace rest {
namespace {

using namespace std::chrono_literals;

TEST(RestRateLimiter, BurstThenRefill)
{
    RateLimiter limiter{{.rate_per_second = 2, .burst = 3, .max_clients = 100}};
    const auto t0 = RateLimiter::Clock::time_point{} + 1000s;
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Consume("a", t0).allowed) << i;
    const auto refused = limiter.Consume("a", t0);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after_seconds, 1);
    // Another client has its own bucket.
    EXPECT_TRUE(limiter.Consume("b", t0).allowed);
    // Half a second buys one token at 2/s.
    EXPECT_TRUE(limiter.Consume("a", t0 + 500ms).allowed);
    EXPECT_FALSE(limiter.Consume("a", t0 + 500ms).allowed);
    // A long pause refills only up to the burst.
    const auto later = t0 + 1h;
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Consume("a", later).allowed);
    EXPECT_FALSE(limiter.Consume("a", later).allowed);
}

TEST(RestRateLimiter, RetryAfterRoundsUp)
{
    RateLimiter limiter{{.rate_per_second = 0.1, .burst = 1, .max_clients = 100}};
    const auto t0 = RateLimiter::Clock::time_point{} + 5s;
    EXPECT_TRUE(limiter.Consume("a", t0).allowed);
    const auto refused = limiter.Consume("a", t0 + 1s);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after_seconds, 9);
}

TEST(RestRateLimiter, DisabledAllowsEverything)
{
    RateLimiter limiter{{}};
    EXPECT_FALSE(limiter.Enabled());
    for (int i = 0; i < 1000; ++i) EXPECT_TRUE(limiter.Consume("a", {}).allowed);
    EXPECT_EQ(limiter.TrackedClients(), 0U);
}

TEST(RestRateLimiter, TableStaysBounded)
{
    RateLimiter limiter{{.rate_per_second = 1, .burst = 5, .max_clients = 64}};
    auto now = RateLimiter::Clock::time_point{} + 10s;
    for (int i = 0; i < 10000; ++i) {
        now += 1ms;
        EXPECT_TRUE(limiter.Consume("client" + std::to_string(i), now).allowed);
        EXPECT_LE(limiter.TrackedClients(), 64U);
    }
}

} // namespace
} // namespace rest
