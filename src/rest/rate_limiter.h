// Per-client token-bucket rate limiting of the web API (answered 429 with Retry-After).
//
// Each client (by IP address) has a bucket holding up to `burst` tokens that refills at
// `rate_per_second`; a request takes one token, or is refused with the time until the
// next token. Buckets of clients that have been quiet long enough to be full again are
// dropped when the table grows past `max_clients`, so memory stays bounded however many
// addresses a client uses. The clock is a parameter, so tests run without sleeping.
//
// Thread safety: Consume may be called from many threads at once (one mutex, held only
// for a map lookup and a little arithmetic).
#ifndef BITNODE_REST_RATE_LIMITER_H
#define BITNODE_REST_RATE_LIMITER_H

#include <util/sync.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>

namespace rest {

class RateLimiter
{
public:
    using Clock = std::chrono::steady_clock;

    struct Options {
        /** Tokens added per second; 0 switches limiting off. */
        double rate_per_second{0};
        /** Bucket size: how many requests may come at once after a quiet spell. */
        double burst{1};
        /** Clients tracked at most before full buckets are pruned. */
        size_t max_clients{10000};
    };

    struct Decision {
        bool allowed{true};
        /** When refused: whole seconds until a token is available (at least 1). */
        int retry_after_seconds{0};
    };

    explicit RateLimiter(Options options) : m_options(options) {}

    bool Enabled() const { return m_options.rate_per_second > 0; }

    /** Take a token for `client` at time `now`. */
    Decision Consume(const std::string& client, Clock::time_point now) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /** Clients currently tracked. */
    size_t TrackedClients() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
    };
    void Prune(Clock::time_point now) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    const Options m_options;
    mutable util::Mutex m_mutex;
    std::unordered_map<std::string, Bucket> m_buckets GUARDED_BY(m_mutex);
};

} // namespace rest

#endif // BITNODE_REST_RATE_LIMITER_H
