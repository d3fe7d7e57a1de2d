// The web layers of bitnode on the node's HTTP server: Bitcoin Core's /rest/ endpoints
// (behind -rest), the /api/v1 web API with API-key roles, rate limiting, CORS and its
// OpenAPI document, /health, /metrics (Prometheus) and the server-sent event stream at
// /api/v1/events. doc/rest.md and doc/api-v1.md describe what each path answers.
//
// Usage (bitnoded):
//     rest::RestOptions options;            // from flags, see doc/api-v1.md
//     options.rpc_table = &table;           // Core's JSON for chaininfo, mempool, block
//     auto service = rest::RegisterRestHandlers(http_server, node, options);
//     ...
//     rest::UnregisterRestHandlers(http_server, *service);  // before the node stops
//     service.reset();
//
// Requests run on the HTTP server's worker threads and call NodeContext, whose methods
// are thread-safe. The service owns the state the handlers share (rate-limit buckets,
// event subscribers, request counters); it must outlive its registration, and
// UnregisterRestHandlers must run before the NodeContext stops (it also detaches the
// event listener from the node's validation signals and closes open event streams).
//
// Thread safety: handlers run concurrently; RegisterRestHandlers / UnregisterRestHandlers
// must not race with each other.
#ifndef BITNODE_REST_REST_H
#define BITNODE_REST_REST_H

#include <rest/api_keys.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace net {
class HttpServer;
} // namespace net

namespace node {
class NodeContext;
} // namespace node

namespace rpc {
class RpcTable;
} // namespace rpc

namespace rest {

/** Largest page of list routes (?limit=). */
inline constexpr size_t MAX_PAGE_SIZE = 100;
/** Page size when ?limit= is not given. */
inline constexpr size_t DEFAULT_PAGE_SIZE = 10;
/** Most blocks one generatetoaddress call may mine through the web API. */
inline constexpr int MAX_API_GENERATE_BLOCKS = 1000;
/** Event stream subscribers at most (more get 503), and the bytes one may fall behind. */
inline constexpr size_t DEFAULT_MAX_EVENT_CLIENTS = 32;
inline constexpr size_t DEFAULT_EVENT_QUEUE_BYTES = 1 << 20;

struct RestOptions {
    /** -rest: Core's unauthenticated /rest/ endpoints. Off by default, as in Core. */
    bool core_rest{false};
    /** -api: the /api/v1 web API. */
    bool api{true};
    /** -apikey-read=, -apikey-admin=, -apikey-wallet=, -apikeyfile=. None by default. */
    ApiKeys keys;
    /** -apiopenread: read routes need no key. */
    bool open_read{false};
    /** -apiratelimit: requests per second per client IP on /api/v1 (0: no limit). */
    double rate_limit_per_second{0};
    /** -apiratelimitburst: requests a client may make at once. */
    double rate_limit_burst{20};
    /** -corsorigin: origins allowed to call /api/v1 from a browser ("*" for any). None by default. */
    std::vector<std::string> cors_origins;
    /** -metrics, -health, -apievents. */
    bool metrics{true};
    bool health{true};
    bool events{true};
    size_t max_event_clients{DEFAULT_MAX_EVENT_CLIENTS};
    size_t event_queue_bytes{DEFAULT_EVENT_QUEUE_BYTES};
    /**
     * The RPC table whose methods render Core's JSON (getblockchaininfo, getblock, ...) and
     * run scantxoutset; its warm-up also holds /rest/ back. Null: the service builds its own.
     */
    const rpc::RpcTable* rpc_table{nullptr};
    /** The version the OpenAPI document and /health report. */
    std::string version{"0.1.0"};
};

/** The state behind the registered handlers (what it holds lives in rest_service.h). */
class RestService
{
public:
    class Impl;
    explicit RestService(std::unique_ptr<Impl> impl);
    ~RestService();
    RestService(const RestService&) = delete;
    RestService& operator=(const RestService&) = delete;
    Impl& Get() { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

/** Register every enabled endpoint on `server`; the returned service must outlive the registration. */
std::unique_ptr<RestService> RegisterRestHandlers(net::HttpServer& server, node::NodeContext& node,
                                                  const RestOptions& options);
/** Remove the handlers, detach the event listener and close open event streams. */
void UnregisterRestHandlers(net::HttpServer& server, RestService& service);

} // namespace rest

#endif // BITNODE_REST_REST_H
