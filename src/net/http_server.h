// The HTTP/1.1 server behind JSON-RPC and REST (Core's httpserver, on Boost.Beast).
//
// Sockets are served by an io_context (its own threads, or one shared with the P2P
// connection manager); parsed requests are handed to a bounded worker pool
// (HttpWorkQueue) so no handler ever runs on an I/O thread. Per connection, requests are
// read and answered strictly one after another, so pipelined requests are answered in
// order and a connection never has two handlers running at once. doc/http-rpc.md lists
// the limits:
//   - request line + headers at most max_header_size (8 KiB; else 431 and close),
//     body at most max_body_size (Core's MAX_SIZE, 32 MiB; else 413 and close);
//   - a request must arrive within `timeout` of the server starting to wait for it (also
//     the keep-alive idle limit; slow clients are disconnected), a response must be sent
//     within `timeout`;
//   - at most max_connections open connections (one more gets 503 and is closed);
//   - at most work_queue_depth requests waiting for a worker (else 503 "Work queue depth
//     exceeded", as Core);
//   - clients outside the allow list (loopback is always allowed) get 403;
//   - methods other than GET/POST/HEAD/PUT/OPTIONS get 405, unregistered paths 404;
//   - a handler may answer with a stream (HttpResponse::stream, server-sent events): the
//     connection then stays open without a timeout until either side closes it or Stop.
// Handlers are found by path: exact matches and prefixes, first registered first tried.
//
// Lifecycle: construct, RegisterHandler, Start, ..., Interrupt (answer new requests with
// 503 and close), Stop (finish queued work, flush responses, close every connection,
// join threads). Stop must not be called from inside a handler.
//
// Thread safety: every public method may be called from any thread (Stop not from a
// handler). Handlers run concurrently on the worker threads.
#ifndef BITNODE_NET_HTTP_SERVER_H
#define BITNODE_NET_HTTP_SERVER_H

#include <net/http_access.h>
#include <net/http_types.h>
#include <util/result.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace net {

/** Core's MAX_SIZE: the largest request body accepted (32 MiB). */
inline constexpr size_t DEFAULT_HTTP_MAX_BODY_SIZE = 0x02000000;
/** Core's MAX_HEADERS_SIZE: request line and headers together. */
inline constexpr size_t DEFAULT_HTTP_MAX_HEADER_SIZE = 8192;
/** Core's -rpcworkqueue and -rpcthreads defaults. */
inline constexpr size_t DEFAULT_HTTP_WORKQUEUE = 16;
inline constexpr size_t DEFAULT_HTTP_THREADS = 4;
/** Core's -rpcservertimeout default. */
inline constexpr std::chrono::seconds DEFAULT_HTTP_SERVER_TIMEOUT{30};
/** Open connections at most; Core has no cap, this bounds memory and file descriptors. */
inline constexpr size_t DEFAULT_HTTP_MAX_CONNECTIONS = 256;

class HttpServer
{
public:
    struct Options {
        /** Where to listen; PlanHttpBind gives Core's defaults. Port 0 picks a free port. */
        std::vector<HttpEndpoint> bind{{"::1", 18443}, {"127.0.0.1", 18443}};
        /** Clients allowed besides loopback (-rpcallowip). */
        std::vector<HttpSubnet> allow;
        size_t max_connections{DEFAULT_HTTP_MAX_CONNECTIONS};
        size_t work_queue_depth{DEFAULT_HTTP_WORKQUEUE};
        size_t worker_threads{DEFAULT_HTTP_THREADS};
        /** Threads running the server's own io_context (unused with a shared one). */
        size_t io_threads{1};
        size_t max_body_size{DEFAULT_HTTP_MAX_BODY_SIZE};
        size_t max_header_size{DEFAULT_HTTP_MAX_HEADER_SIZE};
        std::chrono::milliseconds timeout{DEFAULT_HTTP_SERVER_TIMEOUT};
    };

    /** A server running its own io_context on options.io_threads threads. */
    explicit HttpServer(Options options);
    /**
     * A server on an io_context someone else runs (e.g. shared with P2P). It must be
     * running while the server is started and until Stop returns.
     */
    HttpServer(Options options, boost::asio::io_context& io);
    /** Stops the server if it is still running. */
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /**
     * Route requests whose target equals `prefix` (exact_match) or starts with it to
     * `handler`. May be called before or after Start.
     */
    void RegisterHandler(std::string prefix, bool exact_match, HttpHandler handler);
    void UnregisterHandler(const std::string& prefix, bool exact_match);

    /**
     * Bind every endpoint that can be bound and start serving. Succeeds if at least one
     * was bound (the others are listed in Warnings()); fails if none was.
     */
    util::Result<void> Start();
    /** Stop accepting; answer further requests with 503 and close their connections. */
    void Interrupt();
    /** Interrupt, run queued work, flush responses, close all connections, join threads. */
    void Stop();

    /** The endpoints actually bound (with the real port when 0 was asked for). */
    std::vector<HttpEndpoint> BoundEndpoints() const;
    /** Messages about endpoints that could not be bound. */
    std::vector<std::string> Warnings() const;
    /** Connections open right now. */
    size_t ConnectionCount() const;

    class Impl;

private:
    std::shared_ptr<Impl> m_impl;
};

} // namespace net

#endif // BITNODE_NET_HTTP_SERVER_H
