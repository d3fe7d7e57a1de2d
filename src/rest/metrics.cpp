// /health (liveness and readiness) and /metrics (Prometheus text).
#include <rest/rest_service.h>

#include <mining/miner.h>
#include <net/connman.h>
#include <node/context.h>
#include <rest/prometheus.h>
#include <rpc/table.h>

namespace rest {

namespace {

double Seconds(int64_t micros) { return static_cast<double>(micros) / 1e6; }

struct Readiness {
    bool chain_loaded{false};
    bool initial_block_download{true};
    bool rpc_warmup_finished{true};
    bool mempool_loaded{false};
    std::optional<std::string> fatal_error;
    bool shutting_down{false};
    int height{-1};

    bool Ready() const
    {
        return chain_loaded && !initial_block_download && rpc_warmup_finished && !fatal_error && !shutting_down;
    }
};

Readiness CheckReadiness(RestService::Impl& service)
{
    node::NodeContext& node = service.m_node;
    Readiness r;
    r.shutting_down = node.ShutdownRequested();
    r.fatal_error = node.FatalError();
    r.mempool_loaded = node.MempoolLoaded();
    if (service.m_options.rpc_table) r.rpc_warmup_finished = !service.m_options.rpc_table->IsInWarmup();
    if (!r.shutting_down) {
        r.height = node.GetHeight();
        r.chain_loaded = node.Chainman().ActiveTip() != nullptr;
        r.initial_block_download = node.Chainman().IsInitialBlockDownload();
    }
    return r;
}

void WriteEndpoint(PrometheusWriter& out, const std::string& endpoint, const EndpointStats& stats)
{
    const PrometheusLabels labels{{"endpoint", endpoint}};
    out.Sample("bitnode_http_requests_total", labels, static_cast<double>(stats.requests.load()));
}

} // namespace

net::HttpResponse RenderHealth(RestService::Impl& service)
{
    const Readiness r = CheckReadiness(service);
    util::JsonValue checks = util::JsonValue::Object();
    checks.PushKV("chain_loaded", r.chain_loaded);
    checks.PushKV("initial_block_download", r.initial_block_download);
    checks.PushKV("rpc_warmup_finished", r.rpc_warmup_finished);
    checks.PushKV("mempool_loaded", r.mempool_loaded);
    checks.PushKV("shutting_down", r.shutting_down);
    checks.PushKV("fatal_error", r.fatal_error ? util::JsonValue{*r.fatal_error} : util::JsonValue{});
    util::JsonValue out = util::JsonValue::Object();
    out.PushKV("status", r.Ready() ? "ok" : "unavailable");
    out.PushKV("live", true);
    out.PushKV("ready", r.Ready());
    out.PushKV("height", r.height);
    out.PushKV("version", service.m_options.version);
    out.PushKV("checks", std::move(checks));
    return net::HttpResponse::Make(r.Ready() ? net::HTTP_OK : net::HTTP_SERVICE_UNAVAILABLE, out.Write() + "\n",
                                   "application/json");
}

std::string RenderMetrics(RestService::Impl& service)
{
    node::NodeContext& node = service.m_node;
    PrometheusWriter out;
    const Readiness r = CheckReadiness(service);

    out.Family("bitnode_info", "Version and network of this node.", "gauge");
    out.Sample("bitnode_info", {{"version", service.m_options.version}, {"network", node.Params().GetChainTypeString()}},
               1);
    out.Gauge("bitnode_up", "1 while the node is ready to serve (see /health).", r.Ready() ? 1 : 0);
    out.Gauge("bitnode_uptime_seconds", "Seconds since the node started.", static_cast<double>(node.Uptime()));
    if (r.shutting_down) return out.Text(); // subsystems may be going away

    const node::BlockchainInfo chain_info = node.GetBlockchainInfo();
    out.Gauge("bitnode_blocks", "Height of the active chain's tip.", chain_info.blocks);
    out.Gauge("bitnode_headers", "Height of the best known header.", chain_info.headers);
    out.Gauge("bitnode_initial_block_download", "1 while the node is in initial block download.",
              chain_info.initial_block_download ? 1 : 0);
    out.Gauge("bitnode_verification_progress", "Estimated share of the chain verified (0..1).",
              chain_info.verification_progress);

    const chain::ConnectStats connect = node.Chainman().GetConnectStats();
    out.Counter("bitnode_blocks_connected_total", "Blocks connected to the active chain since start.",
                static_cast<double>(connect.blocks_connected));
    out.Counter("bitnode_blocks_disconnected_total", "Blocks disconnected (reorganisations) since start.",
                static_cast<double>(connect.blocks_disconnected));
    out.Counter("bitnode_transactions_connected_total", "Transactions in connected blocks since start.",
                static_cast<double>(connect.transactions));
    out.Counter("bitnode_script_checks_total", "Input scripts verified while connecting blocks.",
                static_cast<double>(connect.script_checks));
    out.Counter("bitnode_block_verify_seconds_total",
                "Time spent validating blocks and updating coins (ConnectBlock).", Seconds(connect.connect_micros));
    out.Counter("bitnode_block_connect_seconds_total",
                "Time spent connecting tips overall (reading, validating, flushing).", Seconds(connect.connect_tip_micros));
    out.Counter("bitnode_chainstate_flush_seconds_total", "Time spent writing the chainstate to disk.",
                Seconds(connect.flush_micros));
    out.Counter("bitnode_chainstate_flushes_total", "Chainstate flushes since start.", static_cast<double>(connect.flushes));
    out.Gauge("bitnode_coins_cache_bytes", "Memory used by the coins cache.",
              static_cast<double>(node.Chainman().CoinsCacheUsage()));

    const node::MempoolInfo mempool = node.GetMempoolInfo();
    out.Gauge("bitnode_mempool_transactions", "Transactions in the mempool.", static_cast<double>(mempool.size));
    out.Gauge("bitnode_mempool_bytes", "Sum of the virtual sizes of mempool transactions.",
              static_cast<double>(mempool.bytes));
    out.Gauge("bitnode_mempool_usage_bytes", "Memory used by the mempool.", static_cast<double>(mempool.usage));
    out.Gauge("bitnode_mempool_fees_btc", "Total fees of mempool transactions in BTC.",
              static_cast<double>(mempool.total_fee) / 1e8);
    out.Gauge("bitnode_mempool_min_fee_rate", "Mempool minimum fee rate in sat/kvB.",
              static_cast<double>(mempool.mempoolminfee));

    const net::ConnectionManager* connman = node.Connman();
    out.Gauge("bitnode_peers", "Connected peers.",
              connman ? static_cast<double>(connman->GetNodeCount(net::ConnectionDirection::BOTH)) : 0);
    out.Family("bitnode_peers_by_direction", "Connected peers by direction.", "gauge");
    out.Sample("bitnode_peers_by_direction", {{"direction", "inbound"}},
               connman ? static_cast<double>(connman->GetNodeCount(net::ConnectionDirection::IN)) : 0);
    out.Sample("bitnode_peers_by_direction", {{"direction", "outbound"}},
               connman ? static_cast<double>(connman->GetNodeCount(net::ConnectionDirection::OUT)) : 0);

    const mining::MiningInfo mining = node.GetMiningInfo();
    out.Gauge("bitnode_mining_hashes_per_second", "Miner hash rate over the last few seconds.",
              mining.hashes_per_second);
    out.Counter("bitnode_mining_hashes_total", "Header hashes tried by the miner since start.",
                static_cast<double>(mining.total_hashes));
    out.Counter("bitnode_mining_blocks_total", "Blocks the miner found and the chain accepted.",
                static_cast<double>(mining.blocks_mined));

    if (const rpc::RpcTable* table = service.m_options.rpc_table) {
        out.Gauge("bitnode_rpc_active_commands", "JSON-RPC commands running right now.",
                  static_cast<double>(table->ActiveCommands().size()));
        const std::vector<rpc::RpcTable::MethodStats> methods = table->GetMethodStats();
        out.Family("bitnode_rpc_calls_total", "JSON-RPC calls by method (REST calls through the table included).",
                   "counter");
        for (const auto& m : methods) out.Sample("bitnode_rpc_calls_total", {{"method", m.method}}, static_cast<double>(m.calls));
        out.Family("bitnode_rpc_errors_total", "JSON-RPC calls that ended in an error, by method.", "counter");
        for (const auto& m : methods) out.Sample("bitnode_rpc_errors_total", {{"method", m.method}}, static_cast<double>(m.errors));
        out.Family("bitnode_rpc_call_seconds_total", "Time spent in JSON-RPC method handlers, by method.", "counter");
        for (const auto& m : methods) {
            out.Sample("bitnode_rpc_call_seconds_total", {{"method", m.method}}, Seconds(static_cast<int64_t>(m.micros)));
        }
    }

    // Requests served by the web layers, by endpoint (route pattern for /api/v1).
    const auto& routes = service.m_routes.Routes();
    std::vector<std::pair<std::string, const EndpointStats*>> endpoints;
    for (size_t i = 0; i < routes.size(); ++i) {
        endpoints.emplace_back(std::string{net::HttpMethodName(routes[i].method)} + " " + routes[i].pattern,
                               &service.m_route_stats[i]);
    }
    endpoints.emplace_back("/api/v1 (unrouted)", &service.Fixed(FixedEndpoint::API_UNROUTED));
    endpoints.emplace_back("/rest/", &service.Fixed(FixedEndpoint::CORE_REST));
    endpoints.emplace_back("/health", &service.Fixed(FixedEndpoint::HEALTH));
    endpoints.emplace_back("/metrics", &service.Fixed(FixedEndpoint::METRICS));
    out.Family("bitnode_http_requests_total", "REST/API requests answered, by endpoint.", "counter");
    for (const auto& [name, stats] : endpoints) WriteEndpoint(out, name, *stats);
    out.Family("bitnode_http_request_errors_total", "REST/API answers with status 400 or above, by endpoint.",
               "counter");
    for (const auto& [name, stats] : endpoints) {
        out.Sample("bitnode_http_request_errors_total", {{"endpoint", name}}, static_cast<double>(stats->errors.load()));
    }
    out.Family("bitnode_http_request_seconds_total", "Time spent answering REST/API requests, by endpoint.",
               "counter");
    for (const auto& [name, stats] : endpoints) {
        out.Sample("bitnode_http_request_seconds_total", {{"endpoint", name}},
                   Seconds(static_cast<int64_t>(stats->micros.load())));
    }
    out.Counter("bitnode_http_rate_limited_total", "API requests refused with 429.",
                static_cast<double>(service.m_rate_limited.load()));
    out.Gauge("bitnode_event_stream_clients", "Open /api/v1/events subscriptions.",
              static_cast<double>(service.m_events->ClientCount()));
    out.Counter("bitnode_events_published_total", "Events sent to the event stream.",
                static_cast<double>(service.m_events->EventsPublished()));
    out.Counter("bitnode_event_clients_dropped_total", "Event stream clients dropped for falling behind.",
                static_cast<double>(service.m_events->ClientsDropped()));
    return out.Text();
}

net::HttpResponse RestService::Impl::HandleHealth(const net::HttpRequest& request)
{
    const auto start = std::chrono::steady_clock::now();
    // Registered as a prefix so "/health?x" and "/health/live" reach here; other paths are 404.
    std::string_view path = request.target;
    path = path.substr(0, path.find('?'));
    net::HttpResponse response;
    if (path == "/health" || path == "/health/ready") {
        response = RenderHealth(*this);
    } else if (path == "/health/live") {
        response = net::HttpResponse::Make(net::HTTP_OK, "{\"status\":\"ok\",\"live\":true}\n", "application/json");
    } else {
        response = ApiError(net::HTTP_NOT_FOUND, "No such health endpoint (use /health, /health/live, /health/ready)");
    }
    Fixed(FixedEndpoint::HEALTH).Record(response.status, std::chrono::steady_clock::now() - start);
    return response;
}

net::HttpResponse RestService::Impl::HandleMetrics(const net::HttpRequest& request)
{
    const auto start = std::chrono::steady_clock::now();
    std::string_view path = request.target;
    path = path.substr(0, path.find('?'));
    net::HttpResponse response;
    if (path == "/metrics") {
        response = net::HttpResponse::Make(net::HTTP_OK, RenderMetrics(*this), std::string{PROMETHEUS_CONTENT_TYPE});
    } else {
        response = net::HttpResponse::Make(net::HTTP_NOT_FOUND, "Not found\n", "text/plain");
    }
    Fixed(FixedEndpoint::METRICS).Record(response.status, std::chrono::steady_clock::now() - start);
    return response;
}

} // namespace rest
