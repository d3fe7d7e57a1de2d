// Plain values exchanged between the HTTP server and its handlers: a parsed request, the
// response a handler returns, the status codes bitnode uses, and the handler signature.
//
// Nothing here touches sockets or Boost: a handler is an ordinary function from an
// HttpRequest to an HttpResponse, so the JSON-RPC and REST layers can be unit-tested
// without a server. doc/http-rpc.md describes the server's limits and status codes.
//
// Thread safety: value types. The server calls a handler from one of its worker threads,
// several handlers may run at once, so a handler must be safe to call concurrently.
#ifndef BITNODE_NET_HTTP_TYPES_H
#define BITNODE_NET_HTTP_TYPES_H

#include <cstdint>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace net {

/** HTTP status codes the server and the RPC layers answer with (Core's set, plus 413/431). */
enum HttpStatus : int {
    HTTP_OK = 200,
    HTTP_NO_CONTENT = 204,
    HTTP_BAD_REQUEST = 400,
    HTTP_UNAUTHORIZED = 401,
    HTTP_FORBIDDEN = 403,
    HTTP_NOT_FOUND = 404,
    HTTP_BAD_METHOD = 405,
    HTTP_PAYLOAD_TOO_LARGE = 413,
    HTTP_HEADER_FIELDS_TOO_LARGE = 431,
    HTTP_INTERNAL_SERVER_ERROR = 500,
    HTTP_SERVICE_UNAVAILABLE = 503,
};

/** The request methods handlers see; anything else is answered 405 by the server itself. */
enum class HttpMethod { GET, POST, HEAD, PUT, OPTIONS };

std::string_view HttpMethodName(HttpMethod method);

struct HttpRequest {
    HttpMethod method{HttpMethod::GET};
    /** The request target as sent, e.g. "/" or "/rest/block/<hash>.json?x=1". */
    std::string target;
    /** Header fields in the order received, names as the client spelled them. */
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /** Numeric address of the client ("127.0.0.1", "::1") and its port. */
    std::string peer_address;
    uint16_t peer_port{0};

    /** Value of the first header with this name (compared case-insensitively), if any. */
    std::optional<std::string> GetHeader(std::string_view name) const;
    /** "127.0.0.1:5000" or "[::1]:5000", as Core's ToStringAddrPort prints peers. */
    std::string PeerString() const;
};

/**
 * The sending side of a streamed response (server-sent events): the server gives one to
 * HttpResponse::stream after it has sent the response head. Send never blocks; it queues
 * the bytes for the connection's I/O thread. The holder watches PendingBytes to drop a
 * client that does not keep up. The connection closes when the client goes away, on
 * Close, or when the server stops; after that Send returns false.
 * Thread safety: every method may be called from any thread.
 */
class HttpStream
{
public:
    virtual ~HttpStream() = default;
    /** Queue bytes for the client; false (and nothing queued) once the connection is closed. */
    virtual bool Send(std::string data) = 0;
    /** Bytes queued and not yet written to the socket. */
    virtual size_t PendingBytes() const = 0;
    virtual bool IsOpen() const = 0;
    /** Close the connection; bytes still queued are dropped. */
    virtual void Close() = 0;
};

struct HttpResponse {
    int status{HTTP_OK};
    /** Extra header fields; the server adds Content-Length and Connection itself. */
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /**
     * If set, the response is a stream: the head goes out without Content-Length and with
     * "Connection: close", `body` is ignored, and this is called (on the worker thread)
     * with the stream the handler's producer writes the body to until either side closes.
     */
    std::function<void(std::shared_ptr<HttpStream>)> stream;

    /** A response with a status, a body and (if not empty) a Content-Type. */
    static HttpResponse Make(int status, std::string body = {}, std::string content_type = {});
};

/**
 * Answers one request. `path` is the part of the target after the prefix the handler was
 * registered for. Exceptions escaping a handler become "500 Internal Server Error".
 */
using HttpHandler = std::function<HttpResponse(const HttpRequest& request, std::string_view path)>;

} // namespace net

#endif // BITNODE_NET_HTTP_TYPES_H
