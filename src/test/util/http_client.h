// A raw, blocking HTTP/1.1 client over POSIX sockets, for tests that must send exactly
// the bytes they choose (malformed requests, pipelining, slow clients) to an in-process
// server on loopback. Header-only so any test binary can use it without a CMake edit.
//
// Thread safety: one RawHttpConnection per thread.
#ifndef BITNODE_TEST_UTIL_HTTP_CLIENT_H
#define BITNODE_TEST_UTIL_HTTP_CLIENT_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace testutil {

struct RawHttpResponse {
    int status{0};
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    std::optional<std::string> Header(std::string_view name) const
    {
        for (const auto& [key, value] : headers) {
            if (key.size() != name.size()) continue;
            bool same = true;
            for (size_t i = 0; i < key.size() && same; ++i) {
                same = std::tolower(static_cast<unsigned char>(key[i])) ==
                       std::tolower(static_cast<unsigned char>(name[i]));
            }
            if (same) return value;
        }
        return std::nullopt;
    }
};

class RawHttpConnection
{
public:
    explicit RawHttpConnection(uint16_t port, const char* host = "127.0.0.1")
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        if (m_fd < 0) return;
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        inet_pton(AF_INET, host, &addr.sin_addr);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
            ::close(m_fd);
            m_fd = -1;
            return;
        }
        int one = 1;
        setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    ~RawHttpConnection()
    {
        if (m_fd >= 0) ::close(m_fd);
    }
    RawHttpConnection(const RawHttpConnection&) = delete;
    RawHttpConnection& operator=(const RawHttpConnection&) = delete;

    bool Connected() const { return m_fd >= 0; }

    bool Send(std::string_view bytes)
    {
        while (!bytes.empty()) {
            const ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            bytes.remove_prefix(static_cast<size_t>(n));
        }
        return true;
    }

    /** One response (interim 1xx responses included); nullopt on EOF or timeout first. */
    std::optional<RawHttpResponse> ReadResponse(std::chrono::milliseconds timeout = std::chrono::seconds{10})
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        size_t header_end;
        while ((header_end = m_buffer.find("\r\n\r\n")) == std::string::npos) {
            if (!Fill(deadline)) return std::nullopt;
        }
        RawHttpResponse response;
        const std::string head = m_buffer.substr(0, header_end);
        m_buffer.erase(0, header_end + 4);
        size_t line_end = head.find("\r\n");
        const std::string status_line = head.substr(0, line_end);
        const size_t space = status_line.find(' ');
        if (space == std::string::npos) return std::nullopt;
        response.status = std::atoi(status_line.c_str() + space + 1);
        while (line_end != std::string::npos) {
            const size_t start = line_end + 2;
            line_end = head.find("\r\n", start);
            const std::string line =
                head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
            const size_t colon = line.find(':');
            if (colon == std::string::npos) continue;
            size_t value_start = colon + 1;
            while (value_start < line.size() && line[value_start] == ' ') ++value_start;
            response.headers.emplace_back(line.substr(0, colon), line.substr(value_start));
        }
        size_t length = 0;
        if (auto content_length = response.Header("Content-Length"))
            length = std::strtoull(content_length->c_str(), nullptr, 10);
        while (m_buffer.size() < length) {
            if (!Fill(deadline)) return std::nullopt;
        }
        response.body = m_buffer.substr(0, length);
        m_buffer.erase(0, length);
        return response;
    }

    /** True if the server closes the connection (EOF or reset) within the timeout. */
    bool WaitClosed(std::chrono::milliseconds timeout = std::chrono::seconds{10})
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (true) {
            const int result = Fill(deadline);
            if (result == 0) return true;
            if (result < 0) return false;
        }
    }

    /** "POST <target> HTTP/1.1" with Host, Content-Length and any extra header lines. */
    static std::string Request(std::string_view method, std::string_view target, std::string_view body,
                               std::string_view extra_headers = {})
    {
        std::string out{method};
        out += ' ';
        out += target;
        out += " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
        out += extra_headers;
        out += "\r\n";
        out += body;
        return out;
    }

private:
    /** 1 read something, 0 EOF or error, -1 timeout. */
    int Fill(std::chrono::steady_clock::time_point deadline)
    {
        if (m_fd < 0) return 0;
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return -1;
        pollfd pfd{m_fd, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, static_cast<int>(left.count()));
        if (ready == 0) return -1;
        if (ready < 0) return errno == EINTR ? 1 : 0;
        char chunk[65536];
        const ssize_t n = ::recv(m_fd, chunk, sizeof(chunk), 0);
        if (n < 0 && errno == EINTR) return 1;
        if (n <= 0) return 0;
        m_buffer.append(chunk, static_cast<size_t>(n));
        return 1;
    }

    int m_fd{-1};
    std::string m_buffer;
};

} // namespace testutil

#endif // BITNODE_TEST_UTIL_HTTP_CLIENT_H
