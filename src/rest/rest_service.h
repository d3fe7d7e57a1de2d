// Internals of the REST service shared by its .cpp files: the state the handlers use
// (node, options, route table, rate limiter, event hub, request counters) and the
// functions each file contributes. Not part of the library's public interface (rest.h).
//
// Thread safety: the Impl is built before its handlers are registered and is read-only
// afterwards except for its own synchronised members (RateLimiter, EventHub, atomics).
#ifndef BITNODE_REST_REST_SERVICE_H
#define BITNODE_REST_REST_SERVICE_H

#include <net/http_types.h>
#include <rest/events.h>
#include <rest/rate_limiter.h>
#include <rest/rest.h>
#include <rest/routes.h>
#include <rpc/table.h>
#include <util/json.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace node {
class NodeContext;
} // namespace node

namespace rest {

/** Requests and time spent per endpoint, for /metrics (lock-free counters). */
struct EndpointStats {
    std::atomic<uint64_t> requests{0};
    std::atomic<uint64_t> errors{0}; //!< answers with status >= 400
    std::atomic<uint64_t> micros{0};
    void Record(int status, std::chrono::steady_clock::duration elapsed);
};

/** Endpoints outside the route table that /metrics reports. */
enum class FixedEndpoint { CORE_REST = 0, HEALTH, METRICS, API_UNROUTED, COUNT };

class RestService::Impl
{
public:
    Impl(node::NodeContext& node, RestOptions options);

    node::NodeContext& m_node;
    const RestOptions m_options;
    /** Without RestOptions::rpc_table the service registers Core's methods in a table of its own. */
    std::unique_ptr<rpc::RpcTable> m_own_rpc_table;
    /** The table CallRpc runs: the options' or our own; never null. */
    const rpc::RpcTable* m_rpc_table{nullptr};
    RouteTable m_routes;
    RateLimiter m_limiter;
    std::shared_ptr<EventHub> m_events;
    /** Parallel to m_routes.Routes(); sized once after the table is built. */
    std::unique_ptr<EndpointStats[]> m_route_stats;
    std::array<EndpointStats, static_cast<size_t>(FixedEndpoint::COUNT)> m_fixed_stats;
    /** The OpenAPI document, built once from the finished table (it never changes). */
    std::string m_openapi_body;
    std::atomic<uint64_t> m_rate_limited{0};
    std::atomic<bool> m_listener_registered{false};

    EndpointStats& Fixed(FixedEndpoint endpoint) { return m_fixed_stats[static_cast<size_t>(endpoint)]; }

    /** /api/v1/...: parse, CORS, rate limit, route, role check, handler. */
    net::HttpResponse HandleApi(const net::HttpRequest& request);
    /** /health and /metrics. */
    net::HttpResponse HandleHealth(const net::HttpRequest& request);
    net::HttpResponse HandleMetrics(const net::HttpRequest& request);
    /** Core's /rest/<path>: `path` is what follows "/rest/". */
    net::HttpResponse HandleCoreRest(const net::HttpRequest& request, std::string_view path);

    /**
     * Run a method of the RPC table for the node (Core's JSON renderings, scantxoutset);
     * nullopt when the table lacks the method. Throws rpc::RpcError.
     */
    std::optional<util::JsonValue> CallRpc(const std::string& method, util::JsonValue params,
                                           const net::HttpRequest& request) const;

private:
    net::HttpResponse DispatchApi(const net::HttpRequest& request, size_t* route_index);
    void AddCorsHeaders(const net::HttpRequest& request, net::HttpResponse& response) const;
};

// --- JSON answers of /api/v1 (api_json.cpp) ------------------------------------------

/** {"error":{"code":<status>,"message":<message>}} with the status. */
net::HttpResponse ApiError(int status, std::string_view message);
/** A JSON body with a trailing newline. */
net::HttpResponse ApiJson(const util::JsonValue& value, int status = net::HTTP_OK);

/** The page and limit query parameters, documented for the OpenAPI document. */
std::vector<ApiParam> PageParams();

/** ?page= (from 1) and ?limit= (1..MAX_PAGE_SIZE); an error response if malformed. */
struct Page {
    size_t page{1};
    size_t limit{DEFAULT_PAGE_SIZE};
};
std::optional<net::HttpResponse> ParsePage(const ApiRequest& request, Page& page);

/** The route table of /api/v1 (api_routes_chain.cpp, api_routes_node.cpp). */
void AddChainRoutes(RestService::Impl& service, RouteTable& table);
void AddNodeRoutes(RestService::Impl& service, RouteTable& table);

/** The /metrics text (metrics.cpp). */
std::string RenderMetrics(RestService::Impl& service);
/** /health's verdict and body (metrics.cpp). */
net::HttpResponse RenderHealth(RestService::Impl& service);

} // namespace rest

#endif // BITNODE_REST_REST_SERVICE_H
