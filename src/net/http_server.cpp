// HttpServer on Boost.Beast. One HttpSession per connection runs on its own strand and
// walks READING -> HANDLING (a worker runs the handler) -> WRITING -> READING ..., so a
// connection has at most one request in flight and pipelined requests are answered in
// the order they arrived (the bytes of the next request wait in the session's buffer).
#include <net/http_server.h>

#include <net/http_work_queue.h>
#include <util/sync.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <deque>
#include <optional>
#include <thread>
#include <unordered_map>

namespace net {

namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

/** What a connection over the cap receives before it is closed. */
constexpr std::string_view BUSY_RESPONSE =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 20\r\nConnection: close\r\n\r\nToo many connections";
constexpr std::string_view CONTINUE_RESPONSE = "HTTP/1.1 100 Continue\r\n\r\n";

struct PathHandler {
    std::string prefix;
    bool exact_match;
    std::shared_ptr<const HttpHandler> handler;
};

HttpIpAddress ToHttpAddress(const asio::ip::address& address)
{
    HttpIpAddress out;
    if (address.is_v4()) {
        const auto bytes = address.to_v4().to_bytes();
        std::copy(bytes.begin(), bytes.end(), out.bytes.begin());
        out.is_v4 = true;
    } else {
        const auto v6 = address.to_v6();
        if (v6.is_v4_mapped()) return ToHttpAddress(asio::ip::make_address_v4(asio::ip::v4_mapped, v6));
        const auto bytes = v6.to_bytes();
        std::copy(bytes.begin(), bytes.end(), out.bytes.begin());
    }
    return out;
}

std::optional<HttpMethod> ToHttpMethod(http::verb verb)
{
    switch (verb) {
    case http::verb::get:
        return HttpMethod::GET;
    case http::verb::post:
        return HttpMethod::POST;
    case http::verb::head:
        return HttpMethod::HEAD;
    case http::verb::put:
        return HttpMethod::PUT;
    case http::verb::options:
        return HttpMethod::OPTIONS;
    default:
        return std::nullopt;
    }
}

/**
 * A response as it goes on the wire. Content-Length always (except where HTTP forbids a
 * body); Connection says "close" when the server will close, and "keep-alive" to an
 * HTTP/1.0 client that asked for it.
 */
std::string SerializeResponse(const HttpResponse& response, unsigned version, bool keep_alive)
{
    std::string out = version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(response.status);
    out += ' ';
    out += http::obsolete_reason(http::int_to_status(static_cast<unsigned>(response.status)));
    out += "\r\n";
    for (const auto& [name, value] : response.headers) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    const bool bodiless = response.status == HTTP_NO_CONTENT || (response.status >= 100 && response.status < 200);
    // A stream's body runs until the connection closes, so it has no length.
    if (!bodiless && !response.stream) out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    if (!keep_alive) {
        out += "Connection: close\r\n";
    } else if (version == 10) {
        out += "Connection: keep-alive\r\n";
    }
    out += "\r\n";
    if (!bodiless && !response.stream) out += response.body;
    return out;
}

/** A malformed request (answered 400), as opposed to a closed or timed-out connection. */
bool IsProtocolError(const beast::error_code& ec)
{
    return ec.category() == http::make_error_code(http::error::bad_target).category() &&
           ec != http::error::end_of_stream && ec != http::error::partial_message;
}
} // namespace

class HttpSession;

class HttpServer::Impl : public std::enable_shared_from_this<HttpServer::Impl>
{
public:
    Impl(Options options, asio::io_context* shared_io)
        : m_options(std::move(options)),
          m_own_io(shared_io ? nullptr : std::make_unique<asio::io_context>(static_cast<int>(m_options.io_threads))),
          m_io(shared_io ? *shared_io : *m_own_io)
    {}

    util::Result<void> Start() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void Interrupt() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void Stop() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /** The handler for a target and the path after its prefix; nullptr if none matches. */
    std::shared_ptr<const HttpHandler> FindHandler(std::string_view target, std::string& path) const
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Hand a work item to the workers; false if the queue is full or stopped. */
    bool Enqueue(HttpWorkQueue::WorkItem& item) { return m_queue && m_queue->Enqueue(item); }
    void RemoveSession(HttpSession* session) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    const Options m_options;
    std::atomic<bool> m_interrupted{false};

    mutable util::Mutex m_mutex;
    std::vector<PathHandler> m_handlers GUARDED_BY(m_mutex);
    std::vector<HttpEndpoint> m_bound GUARDED_BY(m_mutex);
    std::vector<std::string> m_warnings GUARDED_BY(m_mutex);
    std::unordered_map<HttpSession*, std::weak_ptr<HttpSession>> m_sessions GUARDED_BY(m_mutex);

private:
    void Accept(const std::shared_ptr<tcp::acceptor>& acceptor);
    void OnAccept(const std::shared_ptr<tcp::acceptor>& acceptor, beast::error_code ec, tcp::socket socket)
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    bool IsAllowed(const HttpIpAddress& address) const;

    std::unique_ptr<asio::io_context> m_own_io;
    asio::io_context& m_io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> m_work_guard;
    std::vector<std::thread> m_io_threads;
    std::unique_ptr<HttpWorkQueue> m_queue;
    std::vector<std::shared_ptr<tcp::acceptor>> m_acceptors GUARDED_BY(m_mutex);
    util::ConditionVariable m_sessions_cv;
    bool m_started GUARDED_BY(m_mutex){false};
    bool m_stopped GUARDED_BY(m_mutex){false};
};

/** HttpStream of one session: queues bytes onto the session's strand. */
class HttpStreamImpl : public HttpStream
{
public:
    explicit HttpStreamImpl(std::weak_ptr<HttpSession> session) : m_session(std::move(session)) {}
    bool Send(std::string data) override;
    size_t PendingBytes() const override { return m_pending.load(); }
    bool IsOpen() const override { return m_open.load(); }
    void Close() override;

    /** From the session's strand. */
    void MarkClosed() { m_open = false; }
    void Written(size_t bytes) { m_pending -= bytes; }

private:
    const std::weak_ptr<HttpSession> m_session;
    std::atomic<bool> m_open{true};
    std::atomic<size_t> m_pending{0};
};

class HttpSession : public std::enable_shared_from_this<HttpSession>
{
public:
    HttpSession(std::shared_ptr<HttpServer::Impl> server, tcp::socket socket, bool allowed, std::string peer_address,
                uint16_t peer_port)
        : m_server(std::move(server)), m_stream(std::move(socket)), m_allowed(allowed),
          m_peer_address(std::move(peer_address)), m_peer_port(peer_port)
    {}
    ~HttpSession() { m_server->RemoveSession(this); }

    void Start()
    {
        asio::dispatch(m_stream.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
    }

    /** From Stop: close now if waiting for a request, else after the response in flight. */
    void CloseWhenIdle()
    {
        asio::post(m_stream.get_executor(), [self = shared_from_this()] {
            if (self->m_state == State::READING || self->m_state == State::STREAMING) self->Close();
        });
    }

    /**
     * From a worker thread: send the handler's response. The worker hands the bytes to the
     * kernel itself, so the client gets its answer without waiting for an I/O thread to
     * wake up; whatever does not fit in the socket buffer is written by the I/O thread.
     * This is safe because while a request is handled no operation is pending on the
     * socket and nothing else touches it (the session is in HANDLING; Stop leaves such
     * sessions alone until their response is out).
     */
    void Respond(const HttpResponse& response)
    {
        if (response.stream) return RespondStream(response);
        const bool keep_alive = m_request_keep_alive && !m_server->m_interrupted;
        std::string wire = SerializeResponse(response, m_request_version, keep_alive);
        size_t sent = 0;
        const int fd = m_stream.socket().native_handle();
        while (sent < wire.size()) {
            const ssize_t n = ::send(fd, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                sent += static_cast<size_t>(n);
            } else if (n < 0 && errno == EINTR) {
                continue;
            } else {
                break; // the buffer is full, or the connection broke: the I/O thread finds out
            }
        }
        if (sent == wire.size() && keep_alive && !m_server->m_interrupted) {
            // The usual case: everything went out and the connection stays open. Start
            // reading the next request from here as well, which spares the I/O thread a
            // wake-up per request. Nothing else can touch the session now: no operation
            // is pending on it, and Stop only queues its close request after the workers
            // have finished, so it runs after this.
            return ReadHeader();
        }
        asio::post(m_stream.get_executor(),
                   [self = shared_from_this(), wire = std::move(wire), sent, keep_alive]() mutable {
                       if (self->m_state == State::CLOSED) return;
                       wire.erase(0, sent);
                       if (wire.empty()) return self->AfterWrite({}, keep_alive);
                       self->StartWrite(std::move(wire), keep_alive);
                   });
    }

    /** From any thread (through HttpStreamImpl): queue stream bytes, or close. */
    void PostStreamData(std::string data)
    {
        asio::post(m_stream.get_executor(), [self = shared_from_this(), data = std::move(data)]() mutable {
            self->QueueStreamData(std::move(data));
        });
    }
    void PostClose()
    {
        asio::post(m_stream.get_executor(), [self = shared_from_this()] { self->Close(); });
    }

private:
    enum class State { READING, HANDLING, WRITING, STREAMING, CLOSED };

    /** From the worker: send the head, switch to STREAMING, hand the stream to the producer. */
    void RespondStream(const HttpResponse& response);
    void QueueStreamData(std::string data);
    void WriteNextStreamChunk();
    /** While streaming, a read only tells when the client goes away (what it sends is ignored). */
    void WatchForDisconnect();

    void ReadHeader();
    void OnHeader(beast::error_code ec);
    void ReadBody();
    void OnBody(beast::error_code ec);
    void Dispatch();
    /** Send a response the I/O thread made itself (errors, 404, 503). */
    void Write(const HttpResponse& response, bool force_close);
    void WriteError(int status, std::string body = {}) { Write(HttpResponse::Make(status, std::move(body)), true); }
    void StartWrite(std::string wire, bool keep_alive);
    void AfterWrite(beast::error_code ec, bool keep_alive);
    void Close();

    // First member, so the server (and the io_context it may own) outlives the socket.
    std::shared_ptr<HttpServer::Impl> m_server;
    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::string m_wire; //!< the response bytes an async write is sending
    State m_state{State::READING};
    const bool m_allowed;
    const std::string m_peer_address;
    const uint16_t m_peer_port;
    unsigned m_request_version{11};
    bool m_request_keep_alive{false};
    // Streaming state, touched only on the strand.
    std::shared_ptr<HttpStreamImpl> m_sink;
    std::deque<std::string> m_stream_queue;
    bool m_stream_writing{false};
    std::array<char, 256> m_discard{};
};

bool HttpStreamImpl::Send(std::string data)
{
    if (!m_open) return false;
    auto session = m_session.lock();
    if (!session) {
        m_open = false;
        return false;
    }
    m_pending += data.size();
    session->PostStreamData(std::move(data));
    return true;
}

void HttpStreamImpl::Close()
{
    m_open = false;
    if (auto session = m_session.lock()) session->PostClose();
}

void HttpSession::RespondStream(const HttpResponse& response)
{
    auto sink = std::make_shared<HttpStreamImpl>(weak_from_this());
    std::string head = SerializeResponse(response, m_request_version, /*keep_alive=*/false);
    asio::post(m_stream.get_executor(), [self = shared_from_this(), sink] {
        if (self->m_state == State::CLOSED) return sink->MarkClosed();
        self->m_state = State::STREAMING;
        self->m_sink = sink;
        self->m_stream.expires_never(); // a stream lives as long as both sides want it
        self->WatchForDisconnect();
    });
    // Posted in this order from this thread, so the strand runs them in this order: the
    // switch to STREAMING, the head, then whatever the producer sends.
    sink->Send(std::move(head));
    response.stream(sink);
}

void HttpSession::QueueStreamData(std::string data)
{
    if (m_state != State::STREAMING) return;
    m_stream_queue.push_back(std::move(data));
    if (!m_stream_writing) WriteNextStreamChunk();
}

void HttpSession::WriteNextStreamChunk()
{
    if (m_stream_queue.empty() || m_state != State::STREAMING) {
        m_stream_writing = false;
        return;
    }
    m_stream_writing = true;
    asio::async_write(m_stream, asio::buffer(m_stream_queue.front()),
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                          if (self->m_state != State::STREAMING) return;
                          const size_t bytes = self->m_stream_queue.front().size();
                          self->m_stream_queue.pop_front();
                          if (self->m_sink) self->m_sink->Written(bytes);
                          if (ec) return self->Close();
                          self->WriteNextStreamChunk();
                      });
}

void HttpSession::WatchForDisconnect()
{
    m_stream.async_read_some(asio::buffer(m_discard), [self = shared_from_this()](beast::error_code ec, size_t) {
        if (self->m_state != State::STREAMING) return;
        if (ec) return self->Close();
        self->WatchForDisconnect();
    });
}

void HttpSession::ReadHeader()
{
    if (m_server->m_interrupted) return Close();
    m_state = State::READING;
    m_parser.emplace();
    m_parser->header_limit(static_cast<uint32_t>(m_server->m_options.max_header_size));
    m_parser->body_limit(m_server->m_options.max_body_size);
    // One deadline for the whole request: a client trickling bytes cannot hold the
    // connection past it, and an idle keep-alive connection is closed when it passes.
    m_stream.expires_after(m_server->m_options.timeout);
    http::async_read_header(m_stream, m_buffer, *m_parser,
                            [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
}

void HttpSession::OnHeader(beast::error_code ec)
{
    if (ec == http::error::header_limit) return WriteError(HTTP_HEADER_FIELDS_TOO_LARGE);
    if (ec == http::error::body_limit) return WriteError(HTTP_PAYLOAD_TOO_LARGE);
    if (IsProtocolError(ec)) return WriteError(HTTP_BAD_REQUEST);
    if (ec) return Close(); // end of stream, timeout, reset, or closed by Stop

    const auto& header = m_parser->get();
    if (!m_parser->is_done() && beast::iequals(header[http::field::expect], "100-continue")) {
        // Clients such as curl wait for this before sending a large body.
        asio::async_write(m_stream, asio::buffer(CONTINUE_RESPONSE),
                          [self = shared_from_this()](beast::error_code write_ec, size_t) {
                              if (write_ec) return self->Close();
                              self->ReadBody();
                          });
        return;
    }
    ReadBody();
}

void HttpSession::ReadBody()
{
    // The body usually arrives with the header: parse what is buffered before reading
    // more, which spares an asynchronous round through the strand per request.
    while (!m_parser->is_done() && m_buffer.size() > 0) {
        beast::error_code ec;
        const size_t used = m_parser->put(m_buffer.data(), ec);
        m_buffer.consume(used);
        if (ec == http::error::need_more || (!ec && used == 0)) break;
        if (ec) return OnBody(ec);
    }
    if (m_parser->is_done()) return OnBody({});
    http::async_read(m_stream, m_buffer, *m_parser,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
}

void HttpSession::OnBody(beast::error_code ec)
{
    if (ec == http::error::body_limit) return WriteError(HTTP_PAYLOAD_TOO_LARGE);
    if (IsProtocolError(ec)) return WriteError(HTTP_BAD_REQUEST);
    if (ec) return Close();
    m_stream.expires_never(); // a handler may take as long as it needs
    Dispatch();
}

void HttpSession::Dispatch()
{
    auto& message = m_parser->get();
    m_request_version = message.version();
    m_request_keep_alive = message.keep_alive();

    if (m_server->m_interrupted) return WriteError(HTTP_SERVICE_UNAVAILABLE);
    if (!m_allowed) return WriteError(HTTP_FORBIDDEN);
    const auto method = ToHttpMethod(message.method());
    if (!method) return WriteError(HTTP_BAD_METHOD);

    HttpRequest request;
    request.method = *method;
    request.target = std::string{message.target()};
    for (const auto& field : message) {
        request.headers.emplace_back(std::string{field.name_string()}, std::string{field.value()});
    }
    request.body = std::move(message.body());
    request.peer_address = m_peer_address;
    request.peer_port = m_peer_port;
    m_parser.reset();

    std::string path;
    auto handler = m_server->FindHandler(request.target, path);
    if (!handler) return Write(HttpResponse::Make(HTTP_NOT_FOUND), /*force_close=*/false);

    m_state = State::HANDLING;
    HttpWorkQueue::WorkItem item = [self = shared_from_this(), handler = std::move(handler),
                                    request = std::move(request), path = std::move(path)] {
        HttpResponse response;
        try {
            response = (*handler)(request, path);
        } catch (const std::exception& e) {
            response = HttpResponse::Make(HTTP_INTERNAL_SERVER_ERROR, std::string{"Internal error: "} + e.what());
        } catch (...) {
            response = HttpResponse::Make(HTTP_INTERNAL_SERVER_ERROR, "Internal error");
        }
        self->Respond(response);
    };
    if (!m_server->Enqueue(item)) {
        Write(HttpResponse::Make(HTTP_SERVICE_UNAVAILABLE, "Work queue depth exceeded"), /*force_close=*/false);
    }
}

void HttpSession::Write(const HttpResponse& response, bool force_close)
{
    if (m_state == State::CLOSED) return;
    const bool keep_alive = m_request_keep_alive && !force_close && !m_server->m_interrupted;
    StartWrite(SerializeResponse(response, m_request_version, keep_alive), keep_alive);
}

void HttpSession::StartWrite(std::string wire, bool keep_alive)
{
    m_state = State::WRITING;
    m_wire = std::move(wire);
    m_stream.expires_after(m_server->m_options.timeout);
    asio::async_write(
        m_stream, asio::buffer(m_wire),
        [self = shared_from_this(), keep_alive](beast::error_code ec, size_t) { self->AfterWrite(ec, keep_alive); });
}

void HttpSession::AfterWrite(beast::error_code ec, bool keep_alive)
{
    if (ec || !keep_alive || m_server->m_interrupted) return Close();
    ReadHeader();
}

void HttpSession::Close()
{
    if (m_state == State::CLOSED) return;
    m_state = State::CLOSED;
    if (m_sink) m_sink->MarkClosed();
    m_stream_queue.clear();
    beast::error_code ignored;
    m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    m_stream.socket().close(ignored);
}

util::Result<void> HttpServer::Impl::Start()
{
    LOCK(m_mutex);
    if (m_started) return util::Error{"the HTTP server was already started"};
    m_started = true;
    for (const HttpEndpoint& endpoint : m_options.bind) {
        const std::string what = "address " + endpoint.host + " port " + std::to_string(endpoint.port);
        beast::error_code ec;
        tcp::resolver resolver{m_io};
        const auto results = resolver.resolve(endpoint.host, std::to_string(endpoint.port),
                                              tcp::resolver::numeric_service | tcp::resolver::passive, ec);
        if (ec || results.empty()) {
            m_warnings.push_back("Binding RPC on " + what + " failed: " + (ec ? ec.message() : "no address"));
            continue;
        }
        const tcp::endpoint local = results.begin()->endpoint();
        auto acceptor = std::make_shared<tcp::acceptor>(asio::make_strand(m_io));
        acceptor->open(local.protocol(), ec);
        if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec && local.protocol() == tcp::v6()) acceptor->set_option(asio::ip::v6_only(true), ec);
        if (!ec) acceptor->bind(local, ec);
        if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            m_warnings.push_back("Binding RPC on " + what + " failed: " + ec.message());
            continue;
        }
        m_bound.push_back({endpoint.host, acceptor->local_endpoint().port()});
        m_acceptors.push_back(acceptor);
    }
    if (m_acceptors.empty()) {
        std::string message = "Unable to bind any endpoint for RPC server";
        for (const std::string& warning : m_warnings) message += "; " + warning;
        return util::Error{message};
    }

    m_queue = std::make_unique<HttpWorkQueue>(m_options.work_queue_depth, m_options.worker_threads);
    for (const auto& acceptor : m_acceptors) Accept(acceptor);
    if (m_own_io) {
        m_work_guard.emplace(m_io.get_executor());
        const size_t threads = std::max<size_t>(m_options.io_threads, 1);
        for (size_t i = 0; i < threads; ++i) m_io_threads.emplace_back([this] { m_io.run(); });
    }
    return {};
}

void HttpServer::Impl::Accept(const std::shared_ptr<tcp::acceptor>& acceptor)
{
    acceptor->async_accept(asio::make_strand(m_io),
                           [self = shared_from_this(), acceptor](beast::error_code ec, tcp::socket socket) {
                               self->OnAccept(acceptor, ec, std::move(socket));
                           });
}

void HttpServer::Impl::OnAccept(const std::shared_ptr<tcp::acceptor>& acceptor, beast::error_code ec,
                                tcp::socket socket)
{
    if (ec == asio::error::operation_aborted || m_interrupted) return;
    if (ec) {
        // Out of file descriptors and the like: try again shortly instead of spinning.
        auto timer = std::make_shared<asio::steady_timer>(m_io, std::chrono::milliseconds{50});
        timer->async_wait([self = shared_from_this(), acceptor, timer](beast::error_code) { self->Accept(acceptor); });
        return;
    }
    beast::error_code peer_ec;
    const tcp::endpoint peer = socket.remote_endpoint(peer_ec);
    if (!peer_ec) {
        socket.set_option(tcp::no_delay(true), peer_ec);
        const HttpIpAddress address = ToHttpAddress(peer.address());
        std::shared_ptr<HttpSession> session;
        std::shared_ptr<tcp::socket> rejected;
        {
            LOCK(m_mutex);
            if (m_interrupted) return; // the socket closes as it goes out of scope
            if (m_sessions.size() < m_options.max_connections) {
                session = std::make_shared<HttpSession>(shared_from_this(), std::move(socket), IsAllowed(address),
                                                        address.ToString(), peer.port());
                m_sessions.emplace(session.get(), session);
            } else {
                rejected = std::make_shared<tcp::socket>(std::move(socket));
            }
        }
        if (session) {
            session->Start();
        } else {
            asio::async_write(*rejected, asio::buffer(BUSY_RESPONSE), [rejected](beast::error_code, size_t) {
                beast::error_code ignored;
                rejected->shutdown(tcp::socket::shutdown_send, ignored);
                rejected->close(ignored);
            });
        }
    }
    Accept(acceptor);
}

bool HttpServer::Impl::IsAllowed(const HttpIpAddress& address) const
{
    for (const HttpSubnet& subnet : LoopbackSubnets()) {
        if (subnet.Match(address)) return true;
    }
    for (const HttpSubnet& subnet : m_options.allow) {
        if (subnet.Match(address)) return true;
    }
    return false;
}

std::shared_ptr<const HttpHandler> HttpServer::Impl::FindHandler(std::string_view target, std::string& path) const
{
    LOCK(m_mutex);
    for (const PathHandler& entry : m_handlers) {
        const bool match = entry.exact_match ? target == entry.prefix : target.starts_with(entry.prefix);
        if (match) {
            path = std::string{target.substr(entry.prefix.size())};
            return entry.handler;
        }
    }
    return nullptr;
}

void HttpServer::Impl::RemoveSession(HttpSession* session)
{
    {
        LOCK(m_mutex);
        m_sessions.erase(session);
    }
    m_sessions_cv.NotifyAll();
}

void HttpServer::Impl::Interrupt()
{
    std::vector<std::shared_ptr<tcp::acceptor>> acceptors;
    {
        LOCK(m_mutex);
        m_interrupted = true;
        acceptors.swap(m_acceptors);
    }
    for (auto& acceptor : acceptors) {
        // Close on the acceptor's strand: its pending accept completes as aborted there.
        asio::post(acceptor->get_executor(), [acceptor] {
            beast::error_code ignored;
            acceptor->close(ignored);
        });
    }
    if (m_queue) m_queue->Interrupt();
}

void HttpServer::Impl::Stop()
{
    {
        LOCK(m_mutex);
        if (!m_started || m_stopped) return;
        m_stopped = true;
    }
    Interrupt();
    // Queued requests still run; their responses are posted before the close requests
    // below, so each reaches its client first.
    if (m_queue) m_queue->Join();
    std::vector<std::shared_ptr<HttpSession>> sessions;
    {
        LOCK(m_mutex);
        for (auto& [_, weak] : m_sessions) {
            if (auto session = weak.lock()) sessions.push_back(std::move(session));
        }
    }
    for (auto& session : sessions) session->CloseWhenIdle();
    sessions.clear();
    {
        WAIT_LOCK(m_mutex, lock);
        m_sessions_cv.Wait(lock, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_sessions.empty(); });
    }
    if (m_own_io) {
        m_work_guard.reset();
        for (std::thread& thread : m_io_threads) thread.join();
        m_io_threads.clear();
    }
}

HttpServer::HttpServer(Options options) : m_impl(std::make_shared<Impl>(std::move(options), nullptr)) {}

HttpServer::HttpServer(Options options, boost::asio::io_context& io)
    : m_impl(std::make_shared<Impl>(std::move(options), &io))
{}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::RegisterHandler(std::string prefix, bool exact_match, HttpHandler handler)
{
    LOCK(m_impl->m_mutex);
    m_impl->m_handlers.push_back(
        {std::move(prefix), exact_match, std::make_shared<const HttpHandler>(std::move(handler))});
}

void HttpServer::UnregisterHandler(const std::string& prefix, bool exact_match)
{
    LOCK(m_impl->m_mutex);
    auto& handlers = m_impl->m_handlers;
    for (auto it = handlers.begin(); it != handlers.end(); ++it) {
        if (it->prefix == prefix && it->exact_match == exact_match) {
            handlers.erase(it);
            return;
        }
    }
}

util::Result<void> HttpServer::Start() { return m_impl->Start(); }
void HttpServer::Interrupt() { m_impl->Interrupt(); }
void HttpServer::Stop() { m_impl->Stop(); }

std::vector<HttpEndpoint> HttpServer::BoundEndpoints() const
{
    LOCK(m_impl->m_mutex);
    return m_impl->m_bound;
}

std::vector<std::string> HttpServer::Warnings() const
{
    LOCK(m_impl->m_mutex);
    return m_impl->m_warnings;
}

size_t HttpServer::ConnectionCount() const
{
    LOCK(m_impl->m_mutex);
    return m_impl->m_sessions.size();
}

} // namespace net
