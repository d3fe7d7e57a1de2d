// JSON-RPC over HTTP (Core's httprpc): the handler the HTTP server calls for POST /.
//
// Per request: only POST (else 405); an Authorization header is required (else 401 with
// `WWW-Authenticate: Basic realm="jsonrpc"`), a wrong one is answered 401 after a delay
// (250 ms, as Core, to slow down guessing); the body is one request object or a batch
// array. HTTP status as Core 30: JSON-RPC 2.0 requests and batches always get 200 with
// errors inside the reply; a 1.0 request's error gets 500, or 400 for
// RPC_INVALID_REQUEST, or 404 for RPC_METHOD_NOT_FOUND; notifications and
// all-notification batches get 204 and no body. Replies end with "\n".
//
// Thread safety: the handler is immutable and may run on many workers at once; the
// table and authenticator it refers to must outlive it.
#ifndef BITNODE_RPC_HTTP_RPC_H
#define BITNODE_RPC_HTTP_RPC_H

#include <net/http_types.h>

#include <any>
#include <chrono>
#include <string_view>

namespace net {
class HttpServer;
} // namespace net

namespace rpc {

class RpcAuthenticator;
class RpcTable;

class JsonRpcHttpHandler
{
public:
    struct Options {
        /** Sleep before answering a wrong password. */
        std::chrono::milliseconds auth_failure_delay{250};
    };

    JsonRpcHttpHandler(const RpcTable& table, const RpcAuthenticator& auth, std::any context = {});
    JsonRpcHttpHandler(const RpcTable& table, const RpcAuthenticator& auth, std::any context, Options options);

    net::HttpResponse Handle(const net::HttpRequest& request) const;

private:
    net::HttpResponse HandleAuthorized(const net::HttpRequest& request, const std::string& user) const;

    const RpcTable& m_table;
    const RpcAuthenticator& m_auth;
    const std::any m_context;
    const Options m_options;
};

/** Route POST / (exact, as Core) on `server` to `handler`, which must outlive the server's use of it. */
void RegisterJsonRpcHandlers(net::HttpServer& server, const JsonRpcHttpHandler& handler);
void UnregisterJsonRpcHandlers(net::HttpServer& server);

} // namespace rpc

#endif // BITNODE_RPC_HTTP_RPC_H
