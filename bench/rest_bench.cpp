// The REST layers' own per-request work, without sockets: splitting and decoding a request
// target, matching it in a route table the size of /api/v1's, and building the OpenAPI
// document and an SSE fan-out. Each is reported against the HTTP JSON-RPC path's measured
// ceiling on this machine (PERFORMANCE.md: 70 k calls/s over keep-alive with a minimal
// server), so the figure reads as "how much of a request's budget this part takes".
#include "bench_util.h"

#include <rest/events.h>
#include <rest/routes.h>
#include <rest/url.h>

#include <memory>
#include <string>
#include <vector>

namespace {

constexpr double HTTP_REQUESTS_PER_SECOND = 70'000;

rest::RouteTable ApiLikeTable()
{
    rest::RouteTable table;
    const char* patterns[] = {
        "/api/v1/blockchain", "/api/v1/blockchain/blocks", "/api/v1/blockchain/blocks/latest",
        "/api/v1/blockchain/blocks/{hash}", "/api/v1/blockchain/blocks/height/{height}",
        "/api/v1/transactions/mempool", "/api/v1/transactions/mempool/{txid}", "/api/v1/transactions/{txid}",
        "/api/v1/transactions/address/{address}", "/api/v1/addresses/{address}/balance",
        "/api/v1/addresses/{address}/utxos", "/api/v1/mining/info", "/api/v1/mining/policy", "/api/v1/status",
        "/api/v1/peers", "/api/v1/openapi.json", "/api/v1/events"};
    for (const char* pattern : patterns) {
        rest::ApiRoute route;
        route.pattern = pattern;
        route.tag = "bench";
        route.summary = "a route";
        for (const char* name : {"hash", "height", "txid", "address"}) {
            if (std::string_view{pattern}.find(std::string{"{"} + name + "}") != std::string_view::npos) {
                route.params.push_back({name, rest::ApiParam::In::PATH, "string", "a parameter", true});
            }
        }
        route.handler = [](const rest::ApiRequest&) { return net::HttpResponse{}; };
        table.Add(std::move(route));
    }
    return table;
}

void BM_RestParseAndRoute(benchmark::State& state)
{
    const rest::RouteTable table = ApiLikeTable();
    const std::string target =
        "/api/v1/addresses/bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080/utxos?page=2&limit=50";
    for (auto _ : state) {
        auto parsed = rest::ParseTarget(target);
        auto match = table.Match(net::HttpMethod::GET, parsed->segments);
        benchmark::DoNotOptimize(match);
    }
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations()), HTTP_REQUESTS_PER_SECOND, "req",
                              "HTTP JSON-RPC calls over keep-alive, minimal server");
}
BENCHMARK(BM_RestParseAndRoute);

void BM_RestOpenApiDocument(benchmark::State& state)
{
    const rest::RouteTable table = ApiLikeTable();
    for (auto _ : state) {
        std::string text = rest::BuildOpenApi(table, "0.1.0").Write();
        benchmark::DoNotOptimize(text);
    }
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations()), HTTP_REQUESTS_PER_SECOND, "req",
                              "HTTP JSON-RPC calls over keep-alive, minimal server");
}
BENCHMARK(BM_RestOpenApiDocument);

/** A subscriber that keeps up: counts bytes, never queues. */
class NullStream : public net::HttpStream
{
public:
    bool Send(std::string data) override
    {
        m_bytes += data.size();
        return true;
    }
    size_t PendingBytes() const override { return 0; }
    bool IsOpen() const override { return true; }
    void Close() override {}

private:
    size_t m_bytes{0};
};

void BM_RestEventFanout32(benchmark::State& state)
{
    rest::EventHub hub{32, 1 << 20};
    for (int i = 0; i < 32; ++i) hub.Subscribe(std::make_shared<NullStream>());
    const std::string data =
        R"({"txid":"4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b","wtxid":"4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b","vsize":141,"sequence":7})";
    for (auto _ : state) hub.Publish("mempool_add", data);
    bench::ReportAgainstLimit(state, static_cast<double>(state.iterations()), HTTP_REQUESTS_PER_SECOND, "event",
                              "one event to 32 subscribers vs HTTP calls/s");
}
BENCHMARK(BM_RestEventFanout32);

} // namespace
