// HttpServer over real loopback sockets: routing, keep-alive, pipelining order, the size
// limits, slow clients, the connection cap, the work queue, interrupt and stop.
#include <net/http_server.h>

#include <test/util/http_client.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

using namespace std::chrono_literals;
using testutil::RawHttpConnection;

namespace {

net::HttpServer::Options LoopbackOptions()
{
    net::HttpServer::Options options;
    options.bind = {{"127.0.0.1", 0}};
    return options;
}

/** Answers "<method> <path> <body>" for every request under /echo/. */
net::HttpResponse Echo(const net::HttpRequest& request, std::string_view path)
{
    std::string body{net::HttpMethodName(request.method)};
    body += ' ';
    body += path;
    body += ' ';
    body += request.body;
    return net::HttpResponse::Make(net::HTTP_OK, body, "text/plain");
}

class HttpServerTest : public ::testing::Test
{
protected:
    void StartServer(net::HttpServer::Options options = LoopbackOptions())
    {
        m_server = std::make_unique<net::HttpServer>(std::move(options));
        m_server->RegisterHandler("/echo/", false, Echo);
        m_server->RegisterHandler("/exact", true, [](const net::HttpRequest&, std::string_view path) {
            return net::HttpResponse::Make(net::HTTP_OK, "exact:" + std::string{path});
        });
        m_server->RegisterHandler("/throw", true, [](const net::HttpRequest&, std::string_view) -> net::HttpResponse {
            throw std::runtime_error("boom");
        });
        ASSERT_TRUE(m_server->Start());
        ASSERT_EQ(m_server->BoundEndpoints().size(), 1u);
        m_port = m_server->BoundEndpoints()[0].port;
        ASSERT_NE(m_port, 0);
    }

    std::unique_ptr<net::HttpServer> m_server;
    uint16_t m_port{0};
};

TEST_F(HttpServerTest, RoutesExactAndPrefixHandlers)
{
    StartServer();
    RawHttpConnection conn{m_port};
    ASSERT_TRUE(conn.Connected());

    ASSERT_TRUE(conn.Send(RawHttpConnection::Request("POST", "/echo/a/b?x=1", "hello")));
    auto response = conn.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "POST a/b?x=1 hello");
    EXPECT_EQ(response->Header("Content-Type"), "text/plain");

    ASSERT_TRUE(conn.Send(RawHttpConnection::Request("GET", "/exact", "")));
    response = conn.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, "exact:");

    ASSERT_TRUE(conn.Send(RawHttpConnection::Request("GET", "/exact/more", "")));
    response = conn.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 404) << "an exact handler does not take longer paths";

    ASSERT_TRUE(conn.Send(RawHttpConnection::Request("DELETE", "/echo/x", "")));
    response = conn.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 405);
    EXPECT_TRUE(conn.WaitClosed()) << "errors the server answers itself close the connection";

    RawHttpConnection conn2{m_port};
    ASSERT_TRUE(conn2.Send(RawHttpConnection::Request("GET", "/throw", "")));
    response = conn2.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 500);
    EXPECT_EQ(response->body, "Internal error: boom");

    m_server->UnregisterHandler("/exact", true);
    ASSERT_TRUE(conn2.Send(RawHttpConnection::Request("GET", "/exact", "")));
    response = conn2.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 404);
}

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection)
{
    StartServer();
    RawHttpConnection conn{m_port};
    for (int i = 0; i < 50; ++i) {
        const std::string body = "n" + std::to_string(i);
        ASSERT_TRUE(conn.Send(RawHttpConnection::Request("POST", "/echo/", body)));
        auto response = conn.ReadResponse();
        ASSERT_TRUE(response) << i;
        EXPECT_EQ(response->body, "POST  " + body);
    }
    EXPECT_EQ(m_server->ConnectionCount(), 1u);
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder)
{
    StartServer();
    // The first request is slow, so a server answering out of order would show it.
    m_server->RegisterHandler("/slow", true, [](const net::HttpRequest& request, std::string_view) {
        std::this_thread::sleep_for(100ms);
        return net::HttpResponse::Make(net::HTTP_OK, "slow " + request.body);
    });
    RawHttpConnection conn{m_port};
    std::string batch = RawHttpConnection::Request("POST", "/slow", "0");
    for (int i = 1; i < 6; ++i) batch += RawHttpConnection::Request("POST", "/echo/", std::to_string(i));
    ASSERT_TRUE(conn.Send(batch));
    auto first = conn.ReadResponse();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->body, "slow 0");
    for (int i = 1; i < 6; ++i) {
        auto response = conn.ReadResponse();
        ASSERT_TRUE(response) << i;
        EXPECT_EQ(response->body, "POST  " + std::to_string(i));
    }
}

TEST_F(HttpServerTest, Http10ClosesUnlessKeepAliveIsAsked)
{
    StartServer();
    RawHttpConnection conn{m_port};
    ASSERT_TRUE(conn.Send("GET /echo/ HTTP/1.0\r\n\r\n"));
    auto response = conn.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_TRUE(conn.WaitClosed());

    RawHttpConnection keep{m_port};
    for (int i = 0; i < 2; ++i) {
        ASSERT_TRUE(keep.Send("GET /echo/ HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
        response = keep.ReadResponse();
        ASSERT_TRUE(response);
        EXPECT_EQ(response->Header("Connection"), "keep-alive");
    }

    RawHttpConnection close{m_port};
    ASSERT_TRUE(close.Send(RawHttpConnection::Request("GET", "/echo/", "", "Connection: close\r\n")));
    response = close.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->Header("Connection"), "close");
    EXPECT_TRUE(close.WaitClosed());
}

TEST_F(HttpServerTest, OversizedBodyGets413WithoutReadingIt)
{
    StartServer();
    RawHttpConnection conn{m_port};
    // Only the header is sent: the declared length alone is enough to refuse.
    const std::string header =
        "POST /echo/ HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(net::DEFAULT_HTTP_MAX_BODY_SIZE + 1) +
        "\r\n\r\n";
    ASSERT_TRUE(conn.Send(header));
    auto response = conn.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
    EXPECT_TRUE(conn.WaitClosed());

    // A chunked body that grows past the limit is refused too.
    m_server.reset();
    auto options = LoopbackOptions();
    options.max_body_size = 1000;
    StartServer(options);
    RawHttpConnection chunked{m_port};
    std::string request = "POST /echo/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    request += "3e8\r\n" + std::string(1000, 'a') + "\r\n1\r\nb\r\n0\r\n\r\n";
    ASSERT_TRUE(chunked.Send(request));
    response = chunked.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);

    RawHttpConnection exact{m_port};
    ASSERT_TRUE(exact.Send(RawHttpConnection::Request("POST", "/echo/", std::string(1000, 'z'))));
    response = exact.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200) << "a body of exactly the limit is fine";
}

TEST_F(HttpServerTest, OversizedHeaderAndMalformedRequests)
{
    StartServer();
    RawHttpConnection big{m_port};
    ASSERT_TRUE(big.Send("GET /echo/ HTTP/1.1\r\nX-Filler: " + std::string(9000, 'x') + "\r\n\r\n"));
    auto response = big.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 431);
    EXPECT_TRUE(big.WaitClosed());

    for (const char* junk :
         {"NOT HTTP AT ALL\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /echo/ HTTP/1.1\r\nBad Header\r\n\r\n",
          "POST /echo/ HTTP/1.1\r\nContent-Length: nope\r\n\r\n"}) {
        RawHttpConnection conn{m_port};
        ASSERT_TRUE(conn.Send(junk));
        response = conn.ReadResponse();
        ASSERT_TRUE(response) << junk;
        EXPECT_EQ(response->status, 400) << junk;
        EXPECT_TRUE(conn.WaitClosed()) << junk;
    }
}

TEST_F(HttpServerTest, ExpectContinueGets100First)
{
    StartServer();
    RawHttpConnection conn{m_port};
    ASSERT_TRUE(conn.Send("POST /echo/ HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
    auto interim = conn.ReadResponse();
    ASSERT_TRUE(interim);
    EXPECT_EQ(interim->status, 100);
    ASSERT_TRUE(conn.Send("data"));
    auto response = conn.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "POST  data");
}

TEST_F(HttpServerTest, SlowAndIdleClientsAreDisconnected)
{
    auto options = LoopbackOptions();
    options.timeout = 300ms;
    StartServer(options);

    RawHttpConnection idle{m_port};
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(idle.WaitClosed(5s));
    const auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_GE(waited, 250ms);
    EXPECT_LT(waited, 3s);

    // A client trickling a header never gets past the deadline of its request.
    RawHttpConnection slow{m_port};
    bool closed = false;
    const std::string header = "POST /echo/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n";
    for (size_t i = 0; i < header.size() && !closed; ++i) {
        closed = !slow.Send(header.substr(i, 1));
        if (!closed) std::this_thread::sleep_for(50ms);
    }
    EXPECT_TRUE(closed || slow.WaitClosed(1s));

    // After a response, an idle keep-alive connection is closed as well.
    RawHttpConnection kept{m_port};
    ASSERT_TRUE(kept.Send(RawHttpConnection::Request("GET", "/echo/", "")));
    ASSERT_TRUE(kept.ReadResponse());
    EXPECT_TRUE(kept.WaitClosed(3s));
}

TEST_F(HttpServerTest, ConnectionCapAnswers503)
{
    auto options = LoopbackOptions();
    options.max_connections = 2;
    StartServer(options);
    RawHttpConnection a{m_port}, b{m_port};
    for (RawHttpConnection* conn : {&a, &b}) {
        ASSERT_TRUE(conn->Send(RawHttpConnection::Request("GET", "/echo/", "")));
        ASSERT_TRUE(conn->ReadResponse());
    }
    RawHttpConnection c{m_port};
    auto refused = c.ReadResponse();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 503);
    EXPECT_EQ(refused->body, "Too many connections");
    EXPECT_TRUE(c.WaitClosed());

    a.Send(RawHttpConnection::Request("GET", "/echo/", "", "Connection: close\r\n"));
    ASSERT_TRUE(a.ReadResponse());
    ASSERT_TRUE(a.WaitClosed());
    for (int i = 0; i < 100 && m_server->ConnectionCount() > 1; ++i) std::this_thread::sleep_for(10ms);
    RawHttpConnection d{m_port};
    ASSERT_TRUE(d.Send(RawHttpConnection::Request("GET", "/echo/", "")));
    auto served = d.ReadResponse();
    ASSERT_TRUE(served);
    EXPECT_EQ(served->status, 200) << "a freed slot is reused";
}

TEST_F(HttpServerTest, FullWorkQueueAnswers503)
{
    auto options = LoopbackOptions();
    options.worker_threads = 1;
    options.work_queue_depth = 1;
    StartServer(options);
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<int> entered{0};
    m_server->RegisterHandler("/block", true, [&](const net::HttpRequest&, std::string_view) {
        ++entered;
        released.wait();
        return net::HttpResponse::Make(net::HTTP_OK, "released");
    });
    RawHttpConnection running{m_port}, queued{m_port}, refused{m_port};
    ASSERT_TRUE(running.Send(RawHttpConnection::Request("GET", "/block", "")));
    for (int i = 0; i < 200 && entered == 0; ++i) std::this_thread::sleep_for(5ms);
    ASSERT_EQ(entered, 1);
    ASSERT_TRUE(queued.Send(RawHttpConnection::Request("GET", "/block", "")));
    std::this_thread::sleep_for(100ms); // let the server queue it
    ASSERT_TRUE(refused.Send(RawHttpConnection::Request("GET", "/block", "")));
    auto response = refused.ReadResponse();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 503);
    EXPECT_EQ(response->body, "Work queue depth exceeded");

    release.set_value();
    for (RawHttpConnection* conn : {&running, &queued}) {
        response = conn->ReadResponse();
        ASSERT_TRUE(response);
        EXPECT_EQ(response->body, "released");
    }
}

TEST_F(HttpServerTest, StopFlushesTheResponseInFlightAndInterruptRefusesNewWork)
{
    StartServer();
    std::promise<void> entered;
    m_server->RegisterHandler("/stop-me", true, [&](const net::HttpRequest&, std::string_view) {
        entered.set_value();
        std::this_thread::sleep_for(200ms);
        return net::HttpResponse::Make(net::HTTP_OK, "last words");
    });
    RawHttpConnection idle{m_port};
    RawHttpConnection busy{m_port};
    ASSERT_TRUE(busy.Send(RawHttpConnection::Request("GET", "/stop-me", "")));
    entered.get_future().wait();

    std::thread stopper{[&] { m_server->Stop(); }};
    auto response = busy.ReadResponse();
    stopper.join();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, "last words");
    EXPECT_EQ(response->Header("Connection"), "close");
    EXPECT_TRUE(busy.WaitClosed());
    EXPECT_TRUE(idle.WaitClosed());
    EXPECT_EQ(m_server->ConnectionCount(), 0u);
    RawHttpConnection after{m_port};
    EXPECT_FALSE(after.Connected()) << "the listening socket is closed";
}

TEST_F(HttpServerTest, InterruptAnswers503OnOpenConnections)
{
    StartServer();
    RawHttpConnection conn{m_port};
    ASSERT_TRUE(conn.Send(RawHttpConnection::Request("GET", "/echo/", "")));
    ASSERT_TRUE(conn.ReadResponse());
    m_server->Interrupt();
    // The session may notice the interrupt before reading (close) or after (503).
    if (conn.Send(RawHttpConnection::Request("GET", "/echo/", ""))) {
        auto response = conn.ReadResponse(2s);
        if (response) {
            EXPECT_EQ(response->status, 503);
        }
    }
    m_server->Stop();
}

TEST(HttpServerShared, RunsOnAnIoContextItDoesNotOwn)
{
    boost::asio::io_context io;
    auto guard = boost::asio::make_work_guard(io);
    std::thread runner{[&] { io.run(); }};
    {
        net::HttpServer server{LoopbackOptions(), io};
        server.RegisterHandler("/", false, Echo);
        ASSERT_TRUE(server.Start());
        RawHttpConnection conn{server.BoundEndpoints()[0].port};
        ASSERT_TRUE(conn.Send(RawHttpConnection::Request("PUT", "/x", "shared")));
        auto response = conn.ReadResponse();
        ASSERT_TRUE(response);
        EXPECT_EQ(response->body, "PUT x shared");
        server.Stop();
    }
    guard.reset();
    runner.join();
}

TEST(HttpServerBind, FailsWhenNothingCanBeBound)
{
    net::HttpServer::Options options;
    options.bind = {{"203.0.113.77", 0}}; // TEST-NET-3: never a local address
    net::HttpServer server{options};
    const auto started = server.Start();
    ASSERT_FALSE(started);
    EXPECT_NE(started.error().find("Unable to bind any endpoint for RPC server"), std::string::npos);
    EXPECT_EQ(server.Warnings().size(), 1u);
}

} // namespace
