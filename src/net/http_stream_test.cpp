// HttpServer's streamed responses (HttpResponse::stream, used for server-sent events):
// the head goes out without Content-Length, chunks follow in order, the producer learns
// when the client goes away, and Stop closes open streams.
#include <net/http_server.h>

#include <test/util/http_client.h>

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

using namespace std::chrono_literals;

namespace {

/** Read from fd until `needle` has arrived (true) or the deadline passes / EOF (false). */
bool ReadUntil(int fd, std::string& received, std::string_view needle, std::chrono::milliseconds timeout = 10s)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (received.find(needle) == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd pfd{fd, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) return false;
        char buffer[4096];
        const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
        if (n <= 0) return false;
        received.append(buffer, static_cast<size_t>(n));
    }
    return true;
}

int Connect(uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

TEST(HttpServerStream, SendsChunksAndNoticesDisconnect)
{
    net::HttpServer::Options options;
    options.bind = {{"127.0.0.1", 0}};
    options.timeout = 500ms; // a stream must outlive the request timeout
    net::HttpServer server{options};
    std::promise<std::shared_ptr<net::HttpStream>> started;
    server.RegisterHandler("/stream", true, [&](const net::HttpRequest&, std::string_view) {
        auto response = net::HttpResponse::Make(net::HTTP_OK, "ignored", "text/event-stream");
        response.stream = [&](std::shared_ptr<net::HttpStream> stream) {
            EXPECT_TRUE(stream->Send("first\n"));
            started.set_value(std::move(stream));
        };
        return response;
    });
    ASSERT_TRUE(server.Start());
    const int fd = Connect(server.BoundEndpoints()[0].port);
    ASSERT_GE(fd, 0);
    const std::string request = testutil::RawHttpConnection::Request("GET", "/stream", "");
    ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    auto stream = started.get_future().get();
    std::string received;
    ASSERT_TRUE(ReadUntil(fd, received, "first\n"));
    EXPECT_EQ(received.find("HTTP/1.1 200 OK\r\n"), 0U);
    EXPECT_NE(received.find("Content-Type: text/event-stream\r\n"), std::string::npos);
    EXPECT_NE(received.find("Connection: close\r\n"), std::string::npos);
    EXPECT_EQ(received.find("Content-Length"), std::string::npos);
    EXPECT_EQ(received.find("ignored"), std::string::npos);

    std::this_thread::sleep_for(700ms); // past the request timeout: the stream stays open
    EXPECT_TRUE(stream->IsOpen());
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(stream->Send("chunk " + std::to_string(i) + "\n"));
    ASSERT_TRUE(ReadUntil(fd, received, "chunk 99\n"));
    EXPECT_LT(received.find("chunk 10\n"), received.find("chunk 11\n")) << "chunks arrive in order";
    for (int i = 0; i < 200 && stream->PendingBytes() != 0; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(stream->PendingBytes(), 0U);

    ::close(fd);
    for (int i = 0; i < 500 && stream->IsOpen(); ++i) std::this_thread::sleep_for(10ms);
    EXPECT_FALSE(stream->IsOpen()) << "the producer learns that the client left";
    EXPECT_FALSE(stream->Send("late\n"));
    server.Stop();
}

TEST(HttpServerStream, StopClosesOpenStreamsAndCloseEndsOne)
{
    net::HttpServer::Options options;
    options.bind = {{"127.0.0.1", 0}};
    net::HttpServer server{options};
    std::mutex mutex;
    std::vector<std::shared_ptr<net::HttpStream>> streams;
    server.RegisterHandler("/stream", true, [&](const net::HttpRequest&, std::string_view) {
        auto response = net::HttpResponse::Make(net::HTTP_OK, {}, "text/event-stream");
        response.stream = [&](const std::shared_ptr<net::HttpStream>& stream) {
            // Kept before the client can see anything, so the test finds it once "hello" arrives.
            std::lock_guard lock{mutex};
            streams.push_back(stream);
            stream->Send("hello\n");
        };
        return response;
    });
    ASSERT_TRUE(server.Start());
    const uint16_t port = server.BoundEndpoints()[0].port;
    const std::string request = testutil::RawHttpConnection::Request("GET", "/stream", "");
    int fds[2];
    for (int& fd : fds) {
        fd = Connect(port);
        ASSERT_GE(fd, 0);
        ASSERT_GT(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), 0);
        std::string received;
        ASSERT_TRUE(ReadUntil(fd, received, "hello\n"));
    }
    {
        std::lock_guard lock{mutex};
        ASSERT_EQ(streams.size(), 2U);
        streams[0]->Close();
    }
    std::string rest;
    EXPECT_FALSE(ReadUntil(fds[0], rest, "never", 5s)) << "Close ends the connection";
    server.Stop(); // returns although the second stream never ended by itself
    EXPECT_FALSE(ReadUntil(fds[1], rest, "never", 5s));
    {
        std::lock_guard lock{mutex};
        EXPECT_FALSE(streams[1]->IsOpen());
    }
    for (const int fd : fds) ::close(fd);
}

} // namespace
