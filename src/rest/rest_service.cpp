// RestService: registration on the HTTP server, and the /api/v1 request pipeline
// (target parsing, CORS, rate limiting, routing, role checks, counters).
#include <rest/rest_service.h>

#include <net/http_server.h>
#include <node/context.h>
#include <rest/url.h>
#include <rpc/register.h>
#include <rpc/request.h>
#include <rpc/table.h>

#include <algorithm>

namespace rest {

namespace {

constexpr std::string_view API_PREFIX = "/api/v1";
constexpr std::string_view CORS_ALLOW_HEADERS = "X-API-Key, Content-Type";
constexpr std::string_view CORS_MAX_AGE = "600";
/** Idle event streams get a comment this often (proxies commonly drop connections idle for 60 s). */
constexpr std::chrono::seconds EVENT_HEARTBEAT_INTERVAL{15};

std::string AllowList(const std::vector<net::HttpMethod>& methods)
{
    std::vector<net::HttpMethod> sorted = methods;
    if (std::find(sorted.begin(), sorted.end(), net::HttpMethod::GET) != sorted.end()) {
        sorted.push_back(net::HttpMethod::HEAD);
    }
    sorted.push_back(net::HttpMethod::OPTIONS);
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::string out;
    for (const net::HttpMethod method : sorted) {
        if (!out.empty()) out += ", ";
        out += net::HttpMethodName(method);
    }
    return out;
}

} // namespace

void EndpointStats::Record(int status, std::chrono::steady_clock::duration elapsed)
{
    requests.fetch_add(1, std::memory_order_relaxed);
    if (status >= 400) errors.fetch_add(1, std::memory_order_relaxed);
    micros.fetch_add(static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()),
                     std::memory_order_relaxed);
}

RestService::Impl::Impl(node::NodeContext& node, RestOptions options)
    : m_node(node), m_options(std::move(options)),
      m_limiter({.rate_per_second = m_options.rate_limit_per_second, .burst = m_options.rate_limit_burst}),
      m_events(std::make_shared<EventHub>(m_options.max_event_clients, m_options.event_queue_bytes))
{
    // /rest/ prints Core's JSON by running the RPC methods that define it, so there is one
    // rendering of each block, header, chain and mempool answer.
    if (m_options.rpc_table) {
        m_rpc_table = m_options.rpc_table;
    } else {
        m_own_rpc_table = std::make_unique<rpc::RpcTable>();
        rpc::RegisterAllRpcCommands(*m_own_rpc_table);
        m_own_rpc_table->SetWarmupFinished();
        m_rpc_table = m_own_rpc_table.get();
    }
    AddChainRoutes(*this, m_routes);
    AddNodeRoutes(*this, m_routes);
    m_route_stats = std::make_unique<EndpointStats[]>(m_routes.Routes().size());
    m_openapi_body = BuildOpenApi(m_routes, m_options.version).Write() + "\n";
}

RestService::RestService(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
RestService::~RestService() = default;

std::optional<util::JsonValue> RestService::Impl::CallRpc(const std::string& method, util::JsonValue params,
                                                          const net::HttpRequest& request) const
{
    const rpc::RpcTable* table = m_rpc_table;
    if (!table->Find(method)) return std::nullopt;
    rpc::JsonRpcRequest call;
    call.method = method;
    call.params = std::move(params);
    call.context = &m_node;
    call.table = table;
    call.uri = request.target;
    call.peer_address = request.PeerString();
    return table->Execute(call);
}

void RestService::Impl::AddCorsHeaders(const net::HttpRequest& request, net::HttpResponse& response) const
{
    const auto origin = request.GetHeader("Origin");
    if (!origin || m_options.cors_origins.empty()) return;
    const auto& allowed = m_options.cors_origins;
    if (std::find(allowed.begin(), allowed.end(), "*") != allowed.end()) {
        response.headers.emplace_back("Access-Control-Allow-Origin", "*");
    } else if (std::find(allowed.begin(), allowed.end(), *origin) != allowed.end()) {
        response.headers.emplace_back("Access-Control-Allow-Origin", *origin);
        response.headers.emplace_back("Vary", "Origin");
    } else {
        return;
    }
    response.headers.emplace_back("Access-Control-Expose-Headers", "Retry-After");
}

net::HttpResponse RestService::Impl::HandleApi(const net::HttpRequest& request)
{
    const auto start = std::chrono::steady_clock::now();
    size_t route_index = SIZE_MAX;
    net::HttpResponse response;
    try {
        response = DispatchApi(request, &route_index);
    } catch (const std::exception& e) {
        response = ApiError(net::HTTP_INTERNAL_SERVER_ERROR, std::string{"Internal error: "} + e.what());
    }
    AddCorsHeaders(request, response);
    EndpointStats& stats =
        route_index < m_routes.Routes().size() ? m_route_stats[route_index] : Fixed(FixedEndpoint::API_UNROUTED);
    stats.Record(response.status, std::chrono::steady_clock::now() - start);
    return response;
}

net::HttpResponse RestService::Impl::DispatchApi(const net::HttpRequest& request, size_t* route_index)
{
    auto target = ParseTarget(request.target);
    if (!target) return ApiError(net::HTTP_BAD_REQUEST, target.error());

    if (m_limiter.Enabled()) {
        const auto decision = m_limiter.Consume(request.peer_address, RateLimiter::Clock::now());
        if (!decision.allowed) {
            m_rate_limited.fetch_add(1, std::memory_order_relaxed);
            auto response =
                ApiError(429, "Too many requests; retry after " + std::to_string(decision.retry_after_seconds) + " s");
            response.headers.emplace_back("Retry-After", std::to_string(decision.retry_after_seconds));
            return response;
        }
    }

    if (request.method == net::HttpMethod::OPTIONS) {
        // CORS preflight: say what the path allows; no key needed (browsers send none).
        const std::vector<net::HttpMethod> allowed = m_routes.MethodsFor(target->segments);
        if (allowed.empty()) return ApiError(net::HTTP_NOT_FOUND, "No such API route: " + target->raw_path);
        auto response = net::HttpResponse::Make(net::HTTP_NO_CONTENT);
        response.headers.emplace_back("Allow", AllowList(allowed));
        if (!m_options.cors_origins.empty()) {
            response.headers.emplace_back("Access-Control-Allow-Methods", AllowList(allowed));
            response.headers.emplace_back("Access-Control-Allow-Headers", std::string{CORS_ALLOW_HEADERS});
            response.headers.emplace_back("Access-Control-Max-Age", std::string{CORS_MAX_AGE});
        }
        return response;
    }
    std::vector<net::HttpMethod> allowed;
    auto match = m_routes.Match(request.method, target->segments, &allowed);
    if (!match) {
        if (allowed.empty()) return ApiError(net::HTTP_NOT_FOUND, "No such API route: " + target->raw_path);
        auto response = ApiError(net::HTTP_BAD_METHOD, std::string{net::HttpMethodName(request.method)} +
                                                           " is not allowed here; use " + AllowList(allowed));
        response.headers.emplace_back("Allow", AllowList(allowed));
        return response;
    }
    const ApiRoute& route = *match->route;
    *route_index = static_cast<size_t>(&route - m_routes.Routes().data());

    Role role = Role::NONE;
    switch (CheckAccess(m_options.keys, m_options.open_read, route.role, request.GetHeader("X-API-Key"), &role)) {
    case AccessResult::ALLOWED:
        break;
    case AccessResult::UNAUTHORIZED: {
        auto response = ApiError(net::HTTP_UNAUTHORIZED, "A valid API key is required (X-API-Key header)");
        response.headers.emplace_back("WWW-Authenticate", "X-API-Key");
        return response;
    }
    case AccessResult::FORBIDDEN:
        return ApiError(net::HTTP_FORBIDDEN, "This API key may not use this route (it needs the " +
                                                 std::string{RoleName(route.role)} + " role)");
    }

    ApiRequest api_request{request, std::move(match->path_params), std::move(target->query), role};
    net::HttpResponse response = route.handler(api_request);
    if (request.method == net::HttpMethod::HEAD && !response.stream) response.body.clear();
    return response;
}

std::unique_ptr<RestService> RegisterRestHandlers(net::HttpServer& server, node::NodeContext& node,
                                                  const RestOptions& options)
{
    auto service = std::make_unique<RestService>(std::make_unique<RestService::Impl>(node, options));
    RestService::Impl* impl = &service->Get();
    if (options.api) {
        // Both "/api/v1" itself and everything under it; the pipeline answers 404 for unknown paths.
        server.RegisterHandler(
            std::string{API_PREFIX}, false,
            [impl](const net::HttpRequest& request, std::string_view) { return impl->HandleApi(request); });
        if (options.events) {
            node.Signals().RegisterListener(impl->m_events);
            impl->m_listener_registered = true;
            impl->m_events->StartHeartbeat(EVENT_HEARTBEAT_INTERVAL);
        }
    }
    if (options.health) {
        server.RegisterHandler("/health", false, [impl](const net::HttpRequest& request, std::string_view) {
            return impl->HandleHealth(request);
        });
    }
    if (options.metrics) {
        server.RegisterHandler("/metrics", false, [impl](const net::HttpRequest& request, std::string_view) {
            return impl->HandleMetrics(request);
        });
    }
    if (options.core_rest) {
        server.RegisterHandler("/rest/", false, [impl](const net::HttpRequest& request, std::string_view path) {
            return impl->HandleCoreRest(request, path);
        });
    }
    return service;
}

void UnregisterRestHandlers(net::HttpServer& server, RestService& service)
{
    RestService::Impl& impl = service.Get();
    if (impl.m_options.api) server.UnregisterHandler(std::string{API_PREFIX}, false);
    if (impl.m_options.health) server.UnregisterHandler("/health", false);
    if (impl.m_options.metrics) server.UnregisterHandler("/metrics", false);
    if (impl.m_options.core_rest) server.UnregisterHandler("/rest/", false);
    if (impl.m_listener_registered.exchange(false)) impl.m_node.Signals().UnregisterListener(impl.m_events.get());
    impl.m_events->CloseAll();
}

} // namespace rest
