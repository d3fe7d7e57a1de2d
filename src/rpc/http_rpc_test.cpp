// JSON-RPC end to end: an in-process HttpServer with the JSON-RPC handler on 127.0.0.1,
// driven over raw sockets. Status codes, reply shapes, batches, notifications, auth,
// limits and stop follow Core 30 (see doc/http-rpc.md).
#include <net/http_server.h>
#include <rpc/auth.h>
#include <rpc/http_rpc.h>
#include <rpc/protocol.h>
#include <rpc/register.h>
#include <rpc/table.h>

#include <test/util/http_client.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

using namespace std::chrono_literals;
using testutil::RawHttpConnection;
using testutil::RawHttpResponse;

namespace {

// Core's functional test rpc_users.py: this -rpcauth line belongs to this password.
constexpr const char* CORE_RPCAUTH =
    "rt:93648e835a54c573682c2eb19f882535$7681e9c5b74bdd85e78166031d2058e1069b3ed7ed967c93fc63abba06f31144";
constexpr const char* CORE_RPCAUTH_PASSWORD = "cA773lm788buwYe4g4WT+05pKyNruVKjQ25x3n0DQcM=";

rpc::RpcServerHooks ShutdownHook(std::function<void()> hook)
{
    rpc::RpcServerHooks hooks;
    hooks.request_shutdown = std::move(hook);
    return hooks;
}

std::string Basic(std::string_view user_colon_password)
{
    return "Authorization: Basic " + rpc::EncodeBase64(user_colon_password) + "\r\n";
}

class JsonRpcHttpTest : public ::testing::Test
{
protected:
    void SetUp() override { Start(); }

    void Start(net::HttpServer::Options options = {})
    {
        m_table = std::make_unique<rpc::RpcTable>(ShutdownHook([this] { ++m_shutdowns; }));
        rpc::RegisterAllRpcCommands(*m_table);
        m_table->SetWarmupFinished();
        m_auth.AddPlaintext("user", "pass");
        ASSERT_TRUE(m_auth.AddRpcAuth(CORE_RPCAUTH));
        m_handler = std::make_unique<rpc::JsonRpcHttpHandler>(*m_table, m_auth);
        options.bind = {{"127.0.0.1", 0}};
        m_server = std::make_unique<net::HttpServer>(options);
        rpc::RegisterJsonRpcHandlers(*m_server, *m_handler);
        ASSERT_TRUE(m_server->Start());
        m_port = m_server->BoundEndpoints().at(0).port;
    }

    void TearDown() override { m_server->Stop(); }

    RawHttpResponse Post(std::string_view body, const std::string& auth = Basic("user:pass"),
                         std::string_view target = "/")
    {
        RawHttpConnection conn{m_port};
        EXPECT_TRUE(conn.Send(RawHttpConnection::Request("POST", target, body, auth)));
        auto response = conn.ReadResponse();
        EXPECT_TRUE(response) << body;
        return response.value_or(RawHttpResponse{});
    }

    std::unique_ptr<rpc::RpcTable> m_table;
    rpc::RpcAuthenticator m_auth;
    std::unique_ptr<rpc::JsonRpcHttpHandler> m_handler;
    std::unique_ptr<net::HttpServer> m_server;
    uint16_t m_port{0};
    std::atomic<int> m_shutdowns{0};
};

TEST_F(JsonRpcHttpTest, Version1RepliesAndStatusCodes)
{
    auto r = Post(R"({"method":"echo","params":["x"],"id":1})");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("Content-Type"), "application/json");
    EXPECT_EQ(r.body, "{\"result\":[\"x\"],\"error\":null,\"id\":1}\n");

    r = Post(R"({"method":"nosuch","id":"a"})");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":\"a\"}\n");

    r = Post(R"({"method":"help","params":[1],"id":2})");
    EXPECT_EQ(r.status, 500) << "other errors are 500 in 1.0";
    EXPECT_NE(r.body.find("\"code\":-3"), std::string::npos);
    EXPECT_NE(r.body.find("JSON value of type number is not of expected type string"), std::string::npos);

    r = Post(R"({"id":3})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.body, "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"Missing method\"},\"id\":3}\n");

    r = Post(R"({"method":"echo"})");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "{\"result\":[],\"error\":null}\n") << "1.0 without id: reply without id";

    r = Post("{not json");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body, "{\"result\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"},\"id\":null}\n");

    r = Post("42");
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(
        r.body,
        "{\"result\":null,\"error\":{\"code\":-32700,\"message\":\"Top-level object parse error\"},\"id\":null}\n");
}

TEST_F(JsonRpcHttpTest, Version2RepliesAreAlways200)
{
    auto r = Post(R"({"jsonrpc":"2.0","method":"echo","params":[1],"id":9})");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "{\"jsonrpc\":\"2.0\",\"result\":[1],\"id\":9}\n");

    r = Post(R"({"jsonrpc":"2.0","method":"nosuch","id":9})");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"},\"id\":9}\n");

    r = Post(R"({"jsonrpc":"2.0","method":"echo","params":{"arg1":2},"id":null})");
    EXPECT_EQ(r.body, "{\"jsonrpc\":\"2.0\",\"result\":[null,2],\"id\":null}\n") << "named parameters";

    // A request the parser refuses is still an HTTP error, in the 2.0 dialect.
    r = Post(R"({"jsonrpc":"2.0","method":7,"id":1})");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.body,
              "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32600,\"message\":\"Method must be a string\"},\"id\":1}\n");
}

TEST_F(JsonRpcHttpTest, NotificationsGetNoBody)
{
    auto r = Post(R"({"jsonrpc":"2.0","method":"echo","params":[1]})");
    EXPECT_EQ(r.status, 204);
    EXPECT_EQ(r.body, "");
    r = Post(R"({"jsonrpc":"2.0","method":"nosuch"})");
    EXPECT_EQ(r.status, 204) << "not even errors are answered";

    // A notification still runs: `stop` without id asks for shutdown.
    r = Post(R"({"jsonrpc":"2.0","method":"stop"})");
    EXPECT_EQ(r.status, 204);
    EXPECT_EQ(m_shutdowns, 1);
}

TEST_F(JsonRpcHttpTest, Batches)
{
    auto r = Post(R"([{"jsonrpc":"2.0","method":"echo","params":["a"],"id":1},)"
                  R"({"method":"nosuch","id":2},)"
                  R"(5,)"
                  R"({"jsonrpc":"2.0","method":"echo","params":["n"]},)"
                  R"({"jsonrpc":"2.0","method":"uptime","params":[1],"id":3}])");
    EXPECT_EQ(r.status, 200);
    const auto reply = util::ParseJson(r.body);
    ASSERT_TRUE(reply);
    ASSERT_EQ(reply->size(), 4u) << r.body << " (the notification is dropped)";
    EXPECT_EQ((*reply)[0].Write(), R"({"jsonrpc":"2.0","result":["a"],"id":1})");
    EXPECT_EQ((*reply)[1].Write(), R"({"result":null,"error":{"code":-32601,"message":"Method not found"},"id":2})");
    // Core reuses one request object: the member that is not an object is answered with
    // the id and version of the member before it.
    EXPECT_EQ((*reply)[2].Write(),
              R"({"result":null,"error":{"code":-32600,"message":"Invalid Request object"},"id":2})");
    EXPECT_EQ((*reply)[3].Find("error")->Find("code")->Write(), "-1") << "uptime with an argument: help text";

    r = Post("[]");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "[]\n");

    r = Post(R"([{"jsonrpc":"2.0","method":"echo"},{"jsonrpc":"2.0","method":"echo"}])");
    EXPECT_EQ(r.status, 204);
    EXPECT_EQ(r.body, "");
}

TEST_F(JsonRpcHttpTest, Authentication)
{
    RawHttpConnection conn{m_port};
    ASSERT_TRUE(conn.Send(RawHttpConnection::Request("POST", "/", R"({"method":"uptime"})")));
    auto missing = conn.ReadResponse();
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 401);
    EXPECT_EQ(missing->Header("WWW-Authenticate"), "Basic realm=\"jsonrpc\"");

    RawHttpResponse r;
    for (const std::string& bad :
         {Basic("user:wrong"), Basic("nobody:pass"), Basic("userpass"), std::string{"Authorization: Basic !!!!\r\n"},
          std::string{"Authorization: Bearer x\r\n"}}) {
        const auto start = std::chrono::steady_clock::now();
        r = Post(R"({"method":"uptime"})", bad);
        EXPECT_EQ(r.status, 401) << bad;
        EXPECT_EQ(r.Header("WWW-Authenticate"), "Basic realm=\"jsonrpc\"");
        EXPECT_GE(std::chrono::steady_clock::now() - start, 240ms) << "a failed attempt is answered after a delay";
    }
    EXPECT_EQ(Post(R"({"method":"uptime"})", Basic(std::string{"rt:"} + CORE_RPCAUTH_PASSWORD)).status, 200);
    EXPECT_EQ(Post(R"({"method":"uptime"})", Basic(std::string{"rt:"} + CORE_RPCAUTH_PASSWORD + "x")).status, 401);

    // Only POST, and only at "/" exactly.
    RawHttpConnection get{m_port};
    ASSERT_TRUE(get.Send(RawHttpConnection::Request("GET", "/", "", Basic("user:pass"))));
    auto refused = get.ReadResponse();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 405);
    EXPECT_EQ(refused->body, "JSONRPC server handles only POST requests");
    EXPECT_EQ(Post(R"({"method":"uptime"})", Basic("user:pass"), "/other").status, 404);
}

TEST_F(JsonRpcHttpTest, KeepAliveAndPipelining)
{
    RawHttpConnection conn{m_port};
    std::string pipeline;
    for (int i = 0; i < 20; ++i) {
        pipeline += RawHttpConnection::Request(
            "POST", "/", R"({"method":"echo","params":[)" + std::to_string(i) + "],\"id\":" + std::to_string(i) + "}",
            Basic("user:pass"));
    }
    ASSERT_TRUE(conn.Send(pipeline));
    for (int i = 0; i < 20; ++i) {
        auto r = conn.ReadResponse();
        ASSERT_TRUE(r) << i;
        EXPECT_EQ(r->body,
                  "{\"result\":[" + std::to_string(i) + "],\"error\":null,\"id\":" + std::to_string(i) + "}\n");
    }
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(
            conn.Send(RawHttpConnection::Request("POST", "/", R"({"method":"uptime","id":1})", Basic("user:pass"))));
        auto r = conn.ReadResponse();
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200);
    }
    EXPECT_EQ(m_server->ConnectionCount(), 1u);
}

TEST_F(JsonRpcHttpTest, OversizedBodyIs413)
{
    RawHttpConnection conn{m_port};
    ASSERT_TRUE(conn.Send("POST / HTTP/1.1\r\nHost: x\r\n" + Basic("user:pass") + "Content-Length: 33554433\r\n\r\n"));
    auto r = conn.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
}

TEST_F(JsonRpcHttpTest, FullWorkQueueIs503)
{
    m_server->Stop();
    net::HttpServer::Options options;
    options.worker_threads = 1;
    options.work_queue_depth = 1;
    Start(options);
    // Occupy the only worker with `stop 600` (its hidden wait) and fill the queue.
    RawHttpConnection busy{m_port}, queued{m_port}, refused{m_port};
    ASSERT_TRUE(busy.Send(
        RawHttpConnection::Request("POST", "/", R"({"method":"stop","params":[600],"id":1})", Basic("user:pass"))));
    for (int i = 0; i < 200 && m_shutdowns == 0; ++i) std::this_thread::sleep_for(5ms);
    ASSERT_TRUE(
        queued.Send(RawHttpConnection::Request("POST", "/", R"({"method":"uptime","id":2})", Basic("user:pass"))));
    std::this_thread::sleep_for(100ms);
    ASSERT_TRUE(
        refused.Send(RawHttpConnection::Request("POST", "/", R"({"method":"uptime","id":3})", Basic("user:pass"))));
    auto r = refused.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    EXPECT_EQ(r->body, "Work queue depth exceeded");
    r = busy.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "{\"result\":\"bitnode stopping\",\"error\":null,\"id\":1}\n");
    r = queued.ReadResponse();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
}

TEST_F(JsonRpcHttpTest, StopRepliesBeforeTheServerStops)
{
    // The shutdown hook of a real node stops the HTTP server from another thread.
    std::promise<void> asked;
    m_server->Stop();
    m_table = std::make_unique<rpc::RpcTable>(ShutdownHook([&] { asked.set_value(); }));
    rpc::RegisterAllRpcCommands(*m_table);
    m_table->SetWarmupFinished();
    m_handler = std::make_unique<rpc::JsonRpcHttpHandler>(*m_table, m_auth);
    net::HttpServer::Options options;
    options.bind = {{"127.0.0.1", 0}};
    m_server = std::make_unique<net::HttpServer>(options);
    rpc::RegisterJsonRpcHandlers(*m_server, *m_handler);
    ASSERT_TRUE(m_server->Start());
    m_port = m_server->BoundEndpoints().at(0).port;
    std::thread node{[&] {
        asked.get_future().wait();
        m_server->Stop();
    }};
    auto r = Post(R"({"jsonrpc":"2.0","method":"stop","id":1})");
    node.join();
    EXPECT_EQ(r.body, "{\"jsonrpc\":\"2.0\",\"result\":\"bitnode stopping\",\"id\":1}\n");
    EXPECT_FALSE(RawHttpConnection{m_port}.Connected());
}

TEST(RpcAuth, Base64AndComparison)
{
    // RFC 4648 section 10.
    const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                           {"f", "Zg=="},
                                                           {"fo", "Zm8="},
                                                           {"foo", "Zm9v"},
                                                           {"foob", "Zm9vYg=="},
                                                           {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(rpc::EncodeBase64(plain), encoded);
        EXPECT_EQ(rpc::DecodeBase64(encoded), plain);
    }
    for (const char* bad : {"Zg", "Zg=", "Z===", "Zm9v!A==", "Zh==", "=Zm9"})
        EXPECT_FALSE(rpc::DecodeBase64(bad)) << bad;

    EXPECT_TRUE(rpc::TimingResistantEqual("", ""));
    EXPECT_TRUE(rpc::TimingResistantEqual("abc", "abc"));
    EXPECT_FALSE(rpc::TimingResistantEqual("abc", "abd"));
    EXPECT_FALSE(rpc::TimingResistantEqual("abc", "abcabc"));
    EXPECT_FALSE(rpc::TimingResistantEqual("abcabc", "abc"));
    EXPECT_FALSE(rpc::TimingResistantEqual("a", ""));
    EXPECT_FALSE(rpc::TimingResistantEqual("", "a"));
}

TEST(RpcAuth, RpcAuthLinesAndPlaintext)
{
    EXPECT_EQ(rpc::RpcAuthHash("93648e835a54c573682c2eb19f882535", CORE_RPCAUTH_PASSWORD),
              "7681e9c5b74bdd85e78166031d2058e1069b3ed7ed967c93fc63abba06f31144");
    rpc::RpcAuthenticator auth;
    EXPECT_TRUE(auth.Empty());
    ASSERT_TRUE(auth.AddRpcAuth(CORE_RPCAUTH));
    for (const char* bad : {"nouser", "a:b:c$d", "a:bc", "a:b$c$d"}) EXPECT_FALSE(auth.AddRpcAuth(bad)) << bad;
    ASSERT_TRUE(auth.AddRpcAuth("us$er:salt$" + rpc::RpcAuthHash("salt", "pw"))) << "a '$' in the user name is fine";
    auth.AddPlaintext("rpcuser💻", "rpcpassword🔑");
    EXPECT_TRUE(auth.CheckUserPassword("rt", CORE_RPCAUTH_PASSWORD));
    EXPECT_TRUE(auth.CheckUserPassword("us$er", "pw"));
    EXPECT_TRUE(auth.CheckUserPassword("rpcuser💻", "rpcpassword🔑"));
    EXPECT_FALSE(auth.CheckUserPassword("rpcuser💻", "rpcpassword"));
    EXPECT_FALSE(auth.CheckUserPassword("rt", ""));
    std::string user;
    EXPECT_TRUE(
        auth.CheckAuthorizationHeader("Basic " + rpc::EncodeBase64("rt:" + std::string{CORE_RPCAUTH_PASSWORD}), user));
    EXPECT_EQ(user, "rt");
    EXPECT_TRUE(auth.CheckAuthorizationHeader("Basic   " + rpc::EncodeBase64("us$er:pw") + " ", user))
        << "spaces trimmed";
    EXPECT_FALSE(auth.CheckAuthorizationHeader("basic " + rpc::EncodeBase64("us$er:pw"), user));
    EXPECT_FALSE(auth.CheckAuthorizationHeader("Basic " + rpc::EncodeBase64("us$er:pw:"), user))
        << "password includes the ':'";
}

TEST(RpcAuth, CookieFile)
{
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("bitnode-cookie-test-" + std::to_string(::getpid()));
    fs::create_directories(dir / "regtest");
    EXPECT_EQ(rpc::CookiePath(dir, "regtest"), dir / "regtest" / ".cookie");
    EXPECT_EQ(rpc::CookiePath(dir, "main"), dir / ".cookie");
    EXPECT_EQ(rpc::CookiePath(dir, "test"), dir / "testnet3" / ".cookie");
    EXPECT_EQ(rpc::CookiePath(dir, "regtest", "my.cookie"), dir / "regtest" / "my.cookie");
    EXPECT_EQ(rpc::CookiePath(dir, "regtest", "/abs/c"), fs::path{"/abs/c"});

    const fs::path path = rpc::CookiePath(dir, "regtest");
    auto credential = rpc::GenerateAuthCookie(path);
    ASSERT_TRUE(credential) << credential.error();
    ASSERT_EQ(credential->size(), 11u + 64u);
    EXPECT_EQ(credential->substr(0, 11), "__cookie__:");
    EXPECT_EQ(rpc::ReadAuthCookie(path), *credential);
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_FALSE(fs::exists(dir / "regtest" / ".cookie.tmp"));

    auto second = rpc::GenerateAuthCookie(path);
    ASSERT_TRUE(second);
    EXPECT_NE(*second, *credential) << "each start makes a new secret";

    rpc::RpcAuthenticator auth;
    auth.AddPlaintext("__cookie__", second->substr(11));
    std::string user;
    EXPECT_TRUE(auth.CheckAuthorizationHeader("Basic " + rpc::EncodeBase64(*rpc::ReadAuthCookie(path)), user));

    EXPECT_TRUE(rpc::DeleteAuthCookie(path));
    EXPECT_FALSE(rpc::ReadAuthCookie(path));
    EXPECT_FALSE(rpc::DeleteAuthCookie(path));
    EXPECT_FALSE(rpc::GenerateAuthCookie(dir / "missing-dir" / ".cookie"));

    {
        auto cookie = rpc::AuthCookie::Create(path);
        ASSERT_TRUE(cookie);
        EXPECT_EQ(rpc::ReadAuthCookie(path), cookie->Credential());
        EXPECT_EQ(cookie->Password().size(), 64u);
        rpc::AuthCookie moved = std::move(*cookie);
        EXPECT_TRUE(fs::exists(path));
    }
    EXPECT_FALSE(fs::exists(path)) << "deleted when the server stops";
    EXPECT_FALSE(rpc::AuthCookie::Create(dir / "missing-dir" / ".cookie"));
    fs::remove_all(dir);
}

} // namespace
