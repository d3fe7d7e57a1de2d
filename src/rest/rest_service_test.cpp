// The REST service end to end in one process: a regtest NodeContext (no P2P) in a
// temporary directory, an HttpServer on a free loopback port, and requests over real
// sockets. Checks the /api/v1 pipeline (roles, 401/403/404/405/429, CORS, traversal),
// the OpenAPI document against the routes served, Core's /rest/ formats and error texts,
// /health, /metrics and the event stream.
#include <rest/rest.h>
#include <rest/rest_service.h>

#include <consensus/chainparams.h>
#include <net/http_server.h>
#include <node/context.h>
#include <primitives/streams.h>
#include <script/address.h>
#include <script/addresstype.h>
#include <util/hex.h>
#include <util/json.h>

#include <test/util/http_client.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>
#include <unistd.h>

using testutil::RawHttpConnection;
using testutil::RawHttpResponse;

namespace rest {
namespace {

constexpr std::string_view READ_KEY = "rest-test-read-key-0123456789";
constexpr std::string_view ADMIN_KEY = "rest-test-admin-key-0123456789";

class RestServiceTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite()
    {
        s_dir = std::filesystem::temp_directory_path() / ("bitnode_rest_test_" + std::to_string(::getpid()));
        std::filesystem::remove_all(s_dir);
        std::filesystem::create_directories(s_dir);
        s_params = consensus::ChainParams::RegTest();
        node::NodeOptions options;
        options.datadir = s_dir;
        options.chain_params = s_params.get();
        options.persist_mempool = false;
        auto started = node::NodeContext::Start(std::move(options));
        ASSERT_TRUE(started) << started.error();
        s_node = std::move(*started);

        script::WitnessV0KeyHash dest;
        dest.hash.fill(0x42);
        s_address = script::EncodeDestination(dest, s_params->GetAddressParams());

        net::HttpServer::Options http;
        http.bind = {{"127.0.0.1", 0}};
        s_server = std::make_unique<net::HttpServer>(http);
        RestOptions rest;
        rest.core_rest = true;
        ASSERT_TRUE(rest.keys.Add(Role::READ, READ_KEY));
        ASSERT_TRUE(rest.keys.Add(Role::ADMIN, ADMIN_KEY));
        rest.cors_origins = {"https://explorer.example"};
        rest.version = "9.8.7";
        s_service = RegisterRestHandlers(*s_server, *s_node, rest);
        // A second API, open for reading and rate limited, under its own server.
        s_limited_server = std::make_unique<net::HttpServer>(http);
        RestOptions limited;
        limited.open_read = true;
        limited.rate_limit_per_second = 0.5;
        limited.rate_limit_burst = 3;
        limited.events = false;
        s_limited_service = RegisterRestHandlers(*s_limited_server, *s_node, limited);
        ASSERT_TRUE(s_server->Start());
        ASSERT_TRUE(s_limited_server->Start());
    }

    static void TearDownTestSuite()
    {
        if (s_server) {
            UnregisterRestHandlers(*s_server, *s_service);
            s_server->Stop();
        }
        if (s_limited_server) {
            UnregisterRestHandlers(*s_limited_server, *s_limited_service);
            s_limited_server->Stop();
        }
        s_service.reset();
        s_limited_service.reset();
        s_server.reset();
        s_limited_server.reset();
        if (s_node) s_node->Stop();
        s_node.reset();
        std::filesystem::remove_all(s_dir);
    }

    static uint16_t Port(const net::HttpServer& server) { return server.BoundEndpoints().at(0).port; }

    static RawHttpResponse Call(std::string_view method, std::string_view target, std::string_view key = {},
                                std::string_view body = {}, std::string extra = {}, net::HttpServer* server = nullptr)
    {
        RawHttpConnection conn{Port(server ? *server : *s_server)};
        if (!key.empty()) extra += "X-API-Key: " + std::string{key} + "\r\n";
        EXPECT_TRUE(conn.Send(RawHttpConnection::Request(method, target, body, extra)));
        auto response = conn.ReadResponse();
        EXPECT_TRUE(response) << method << " " << target;
        return response ? *response : RawHttpResponse{};
    }

    static util::JsonValue Json(const RawHttpResponse& response)
    {
        auto parsed = util::ParseJson(response.body);
        EXPECT_TRUE(parsed) << response.body;
        return parsed ? *parsed : util::JsonValue{};
    }

    static void Mine(int blocks)
    {
        const std::string body = "{\"nblocks\":" + std::to_string(blocks) + ",\"address\":\"" + s_address + "\"}";
        const auto response = Call("POST", "/api/v1/mining/generatetoaddress", ADMIN_KEY, body);
        ASSERT_EQ(response.status, 200) << response.body;
        ASSERT_EQ(Json(response).Find("blocks")->size(), static_cast<size_t>(blocks));
    }

    static inline std::filesystem::path s_dir;
    static inline std::unique_ptr<const consensus::ChainParams> s_params;
    static inline std::unique_ptr<node::NodeContext> s_node;
    static inline std::unique_ptr<net::HttpServer> s_server;
    static inline std::unique_ptr<net::HttpServer> s_limited_server;
    static inline std::unique_ptr<RestService> s_service;
    static inline std::unique_ptr<RestService> s_limited_service;
    static inline std::string s_address;
};

TEST_F(RestServiceTest, RolesDecideAccess)
{
    // Read route: no key 401, unknown key 401, read 200, admin 200.
    EXPECT_EQ(Call("GET", "/api/v1/blockchain").status, 401);
    EXPECT_EQ(Call("GET", "/api/v1/blockchain", "wrong-key-wrong-key-wrong").status, 401);
    EXPECT_EQ(Call("GET", "/api/v1/blockchain", READ_KEY).status, 200);
    EXPECT_EQ(Call("GET", "/api/v1/blockchain", ADMIN_KEY).status, 200);
    // Admin route: read 403, admin 200.
    EXPECT_EQ(Call("GET", "/api/v1/peers").status, 401);
    const auto forbidden = Call("GET", "/api/v1/peers", READ_KEY);
    EXPECT_EQ(forbidden.status, 403);
    const util::JsonValue error = Json(forbidden);
    ASSERT_TRUE(error.Find("error"));
    EXPECT_EQ(error.Find("error")->Find("code")->GetInt64(), 403);
    EXPECT_EQ(Call("GET", "/api/v1/peers", ADMIN_KEY).status, 200);
    EXPECT_EQ(Call("POST", "/api/v1/mining/generatetoaddress", READ_KEY, "{}").status, 403);
    // The OpenAPI document is public.
    EXPECT_EQ(Call("GET", "/api/v1/openapi.json").status, 200);
    // Address routes check the address first, then scan through scantxoutset (from the
    // service's own RPC table: none was given here).
    EXPECT_EQ(Call("GET", "/api/v1/addresses/notanaddress/balance", READ_KEY).status, 400);
    const auto balance = Call("GET", "/api/v1/addresses/" + s_address + "/balance", READ_KEY);
    ASSERT_EQ(balance.status, 200);
    EXPECT_EQ(Json(balance).Find("address")->GetStr(), s_address);
}

TEST_F(RestServiceTest, NotFoundMethodsCorsAndTraversal)
{
    auto response = Call("GET", "/api/v1/nothing/here", READ_KEY);
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(Json(response).Find("error")->Find("code")->GetInt64(), 404);
    response = Call("POST", "/api/v1/blockchain", ADMIN_KEY, "{}");
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(response.Header("Allow"), "GET, HEAD, OPTIONS");

    for (const char* bad : {"/api/v1/../../etc/passwd", "/api/v1/%2e%2e/%2e%2e/etc/passwd", "/api/v1/blockchain/%2F",
                            "/api/v1/blockchain/blocks/%zz"}) {
        EXPECT_EQ(Call("GET", bad, READ_KEY).status, 400) << bad;
    }
    EXPECT_EQ(Call("GET", "/api/../etc/passwd").status, 404);
    EXPECT_EQ(Call("GET", "/api/v1/status", READ_KEY).status, 200) << "still serving";

    // Preflight: no key needed; CORS headers only for configured origins.
    response = Call("OPTIONS", "/api/v1/mining/policy", {}, {}, "Origin: https://explorer.example\r\n");
    EXPECT_EQ(response.status, 204);
    EXPECT_EQ(response.Header("Access-Control-Allow-Origin"), "https://explorer.example");
    EXPECT_EQ(response.Header("Access-Control-Allow-Methods"), "GET, HEAD, PUT, OPTIONS");
    response = Call("GET", "/api/v1/status", READ_KEY, {}, "Origin: https://evil.example\r\n");
    EXPECT_EQ(response.status, 200);
    EXPECT_FALSE(response.Header("Access-Control-Allow-Origin"));
    response = Call("GET", "/api/v1/status", READ_KEY, {}, "Origin: https://explorer.example\r\n");
    EXPECT_EQ(response.Header("Access-Control-Allow-Origin"), "https://explorer.example");
}

TEST_F(RestServiceTest, RateLimitAndOpenRead)
{
    // Open read: no key needed for read routes, still needed for admin ones.
    int ok = 0;
    int limited = 0;
    std::optional<std::string> retry_after;
    for (int i = 0; i < 6; ++i) {
        const auto response = Call("GET", "/api/v1/status", {}, {}, {}, s_limited_server.get());
        if (response.status == 200) ++ok;
        if (response.status == 429) {
            ++limited;
            retry_after = response.Header("Retry-After");
        }
    }
    EXPECT_EQ(ok, 3) << "the burst";
    EXPECT_EQ(limited, 3);
    ASSERT_TRUE(retry_after);
    EXPECT_GE(std::stoi(*retry_after), 1);
}

TEST_F(RestServiceTest, OpenApiMatchesRoutes)
{
    const util::JsonValue doc = Json(Call("GET", "/api/v1/openapi.json"));
    EXPECT_EQ(doc.Find("info")->Find("version")->GetStr(), "9.8.7");
    std::set<std::string> documented;
    const util::JsonValue* paths = doc.Find("paths");
    for (size_t i = 0; i < paths->size(); ++i) {
        for (const std::string& method : (*paths)[i].Keys()) documented.insert(method + " " + paths->Keys()[i]);
    }
    std::set<std::string> served;
    for (const ApiRoute& route : s_service->Get().m_routes.Routes()) {
        std::string method{net::HttpMethodName(route.method)};
        for (char& c : method) c = static_cast<char>(std::tolower(c));
        served.insert(method + " " + route.pattern);
    }
    EXPECT_EQ(documented, served);
    EXPECT_TRUE(documented.count("get /api/v1/blockchain/blocks/{hash}"));
    EXPECT_TRUE(documented.count("post /api/v1/mining/generatetoaddress"));
    EXPECT_TRUE(documented.count("get /api/v1/events"));
}

TEST_F(RestServiceTest, BlocksThroughBothApis)
{
    Mine(3);
    const int height = s_node->GetHeight();
    ASSERT_GE(height, 3);

    const util::JsonValue latest = Json(Call("GET", "/api/v1/blockchain/blocks/latest?limit=2", READ_KEY));
    ASSERT_EQ(latest.Find("blocks")->size(), 2U);
    const util::JsonValue& top = (*latest.Find("blocks"))[0];
    EXPECT_EQ(top.Find("height")->GetInt64(), height);
    const std::string tip_hash = top.Find("hash")->GetStr();
    EXPECT_EQ((*latest.Find("blocks"))[1].Find("hash")->GetStr(), top.Find("previousblockhash")->GetStr());

    const util::JsonValue page = Json(Call("GET", "/api/v1/blockchain/blocks?page=2&limit=2", READ_KEY));
    EXPECT_EQ(page.Find("total")->GetInt64(), height + 1);
    EXPECT_EQ((*page.Find("blocks"))[0].Find("height")->GetInt64(), height - 2);
    EXPECT_EQ(Call("GET", "/api/v1/blockchain/blocks?limit=101", READ_KEY).status, 400);
    EXPECT_EQ(Call("GET", "/api/v1/blockchain/blocks?page=0", READ_KEY).status, 400);

    const util::JsonValue block = Json(Call("GET", "/api/v1/blockchain/blocks/" + tip_hash, READ_KEY));
    EXPECT_EQ(block.Find("hash")->GetStr(), tip_hash);
    EXPECT_EQ(block.Find("confirmations")->GetInt64(), 1);
    const util::JsonValue by_height =
        Json(Call("GET", "/api/v1/blockchain/blocks/height/" + std::to_string(height), READ_KEY));
    EXPECT_EQ(by_height.Find("hash")->GetStr(), tip_hash);
    EXPECT_EQ(Call("GET", "/api/v1/blockchain/blocks/height/99999", READ_KEY).status, 404);
    EXPECT_EQ(Call("GET", "/api/v1/blockchain/blocks/height/-1", READ_KEY).status, 400);
    EXPECT_EQ(Call("GET", "/api/v1/blockchain/blocks/xyz", READ_KEY).status, 400);
    EXPECT_EQ(Call("GET", "/api/v1/blockchain/blocks/" + std::string(64, '0'), READ_KEY).status, 404);

    // Core's /rest/: the same block in each format.
    auto hash_json = Call("GET", "/rest/blockhashbyheight/" + std::to_string(height) + ".json");
    EXPECT_EQ(Json(hash_json).Find("blockhash")->GetStr(), tip_hash);
    const auto raw = s_node->Chainman().ReadRawBlock(*primitives::uint256::FromHex(tip_hash));
    ASSERT_TRUE(raw);
    const auto bin = Call("GET", "/rest/block/" + tip_hash + ".bin");
    EXPECT_EQ(bin.status, 200);
    EXPECT_EQ(bin.Header("Content-Type"), "application/octet-stream");
    EXPECT_EQ(bin.body, std::string(raw->begin(), raw->end()));
    EXPECT_EQ(Call("GET", "/rest/block/" + tip_hash + ".hex").body, util::HexStr(*raw) + "\n");
    const util::JsonValue rest_block = Json(Call("GET", "/rest/block/notxdetails/" + tip_hash + ".json"));
    EXPECT_EQ(rest_block.Find("hash")->GetStr(), tip_hash);
    EXPECT_TRUE((*rest_block.Find("tx"))[0].IsStr());

    const auto headers = Call("GET", "/rest/headers/" + (*page.Find("blocks"))[0].Find("hash")->GetStr() + ".bin?count=5");
    EXPECT_EQ(headers.body.size(), 3 * 80U) << "from height-2 up to the tip";
    EXPECT_EQ(Call("GET", "/rest/headers/" + tip_hash + ".json?count=0").body,
              "Header count is invalid or out of acceptable range (1-2000): 0\r\n");
    // No known suffix: Core reads the whole component as the hash.
    EXPECT_EQ(Call("GET", "/rest/block/" + tip_hash + ".xml").body, "Invalid hash: " + tip_hash + ".xml\r\n");
    EXPECT_EQ(Call("GET", "/rest/block/" + tip_hash).body, "output format not found (available: .bin, .hex, .json)\r\n");
    const auto missing = Call("GET", "/rest/block/" + std::string(64, 'a') + ".json");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.body, std::string(64, 'a') + " not found\r\n");
    const auto invalid = Call("GET", "/rest/block/xyz.json");
    EXPECT_EQ(invalid.status, 400);
    EXPECT_EQ(invalid.body, "Invalid hash: xyz\r\n");
    EXPECT_EQ(Call("GET", "/rest/blockhashbyheight/abc.json").body, "Invalid height: abc\r\n");
    EXPECT_EQ(Call("GET", "/rest/chaininfo.bin").body, "output format not found (available: json)\r\n");
    EXPECT_EQ(Json(Call("GET", "/rest/chaininfo.json")).Find("blocks")->GetInt64(), height);
    EXPECT_EQ(Call("GET", "/rest/mempool/contents.json?verbose=true&mempool_sequence=true").status, 400);
    EXPECT_TRUE(Json(Call("GET", "/rest/mempool/info.json")).Find("size"));

    // getutxos: the tip's coinbase output 0 is unspent, output 99 does not exist.
    const std::string coinbase_txid = (*rest_block.Find("tx"))[0].GetStr();
    const util::JsonValue utxos = Json(Call("GET", "/rest/getutxos/checkmempool/" + coinbase_txid + "-0/" + coinbase_txid + "-99.json"));
    EXPECT_EQ(utxos.Find("bitmap")->GetStr(), "10");
    EXPECT_EQ(utxos.Find("chainHeight")->GetInt64(), height);
    EXPECT_EQ(Call("GET", "/rest/getutxos/" + coinbase_txid + "-x.json").body, "Parse error\r\n");
    EXPECT_EQ(Call("GET", "/rest/getutxos.json").body, "Error: empty request\r\n");
}

TEST_F(RestServiceTest, HealthAndMetrics)
{
    Mine(1); // leaves initial block download on regtest
    auto health = Call("GET", "/health");
    EXPECT_EQ(health.status, 200) << health.body;
    EXPECT_TRUE(Json(health).Find("ready")->GetBool());
    EXPECT_EQ(Call("GET", "/health/live").status, 200);
    const auto metrics = Call("GET", "/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_EQ(metrics.Header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_NE(metrics.body.find("\nbitnode_blocks " + std::to_string(s_node->GetHeight()) + "\n"), std::string::npos)
        << metrics.body;
    EXPECT_NE(metrics.body.find("bitnode_http_requests_total{endpoint=\"POST /api/v1/mining/generatetoaddress\"}"),
              std::string::npos);
}

TEST_F(RestServiceTest, EventStreamSeesNewBlocks)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(Port(*s_server));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    const std::string request =
        RawHttpConnection::Request("GET", "/api/v1/events", {}, "X-API-Key: " + std::string{READ_KEY} + "\r\n");
    ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    std::string stream;
    auto read_until = [&](const std::string& needle) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
        while (stream.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
            pollfd pfd{fd, POLLIN, 0};
            if (::poll(&pfd, 1, 100) <= 0) continue;
            char buffer[4096];
            const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
            if (n <= 0) break;
            stream.append(buffer, static_cast<size_t>(n));
        }
        return stream.find(needle) != std::string::npos;
    };
    ASSERT_TRUE(read_until(": connected\n\n")) << stream;
    EXPECT_EQ(stream.find("HTTP/1.1 200 OK\r\n"), 0U);
    EXPECT_NE(stream.find("Content-Type: text/event-stream\r\n"), std::string::npos);
    Mine(1);
    s_node->Signals().SyncWithValidationInterfaceQueue();
    const std::string tip = s_node->Chainman().ActiveTip()->hash.GetHex();
    EXPECT_TRUE(read_until("event: block\ndata: {\"hash\":\"" + tip + "\"")) << stream;
    ::close(fd);
    for (int i = 0; i < 500 && s_service->Get().m_events->ClientCount() != 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
    }
    EXPECT_EQ(s_service->Get().m_events->ClientCount(), 0U) << "a client that leaves is forgotten";
}

} // namespace
} // namespace rest
