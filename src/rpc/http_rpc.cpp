#include <rpc/http_rpc.h>

#include <net/http_server.h>
#include <rpc/auth.h>
#include <rpc/protocol.h>
#include <rpc/request.h>
#include <rpc/table.h>
#include <util/json.h>

#include <thread>

namespace rpc {

using util::JsonValue;

static constexpr const char* WWW_AUTH_HEADER_DATA = "Basic realm=\"jsonrpc\"";

static net::HttpResponse JsonReply(int status, const JsonValue& reply)
{
    return net::HttpResponse::Make(status, reply.Write() + "\n", "application/json");
}

/** A legacy (1.0) error reply: the HTTP status tells the error class. */
static net::HttpResponse ErrorReply(const RpcError& error, const JsonRpcRequest& request)
{
    int status = net::HTTP_INTERNAL_SERVER_ERROR;
    if (error.Code() == RPC_INVALID_REQUEST) status = net::HTTP_BAD_REQUEST;
    if (error.Code() == RPC_METHOD_NOT_FOUND) status = net::HTTP_NOT_FOUND;
    return JsonReply(status, JsonRpcReplyObj(JsonValue{}, error.ToJson(), request.id, request.json_version));
}

static net::HttpResponse Unauthorized()
{
    net::HttpResponse response = net::HttpResponse::Make(net::HTTP_UNAUTHORIZED);
    response.headers.emplace_back("WWW-Authenticate", WWW_AUTH_HEADER_DATA);
    return response;
}

JsonRpcHttpHandler::JsonRpcHttpHandler(const RpcTable& table, const RpcAuthenticator& auth, std::any context)
    : JsonRpcHttpHandler(table, auth, std::move(context), Options{})
{}

JsonRpcHttpHandler::JsonRpcHttpHandler(const RpcTable& table, const RpcAuthenticator& auth, std::any context,
                                       Options options)
    : m_table(table), m_auth(auth), m_context(std::move(context)), m_options(options)
{}

net::HttpResponse JsonRpcHttpHandler::Handle(const net::HttpRequest& request) const
{
    if (request.method != net::HttpMethod::POST) {
        return net::HttpResponse::Make(net::HTTP_BAD_METHOD, "JSONRPC server handles only POST requests");
    }
    const auto authorization = request.GetHeader("authorization");
    if (!authorization) return Unauthorized();
    std::string user;
    if (!m_auth.CheckAuthorizationHeader(*authorization, user)) {
        // Deters brute-forcing; a node whose RPC port is exposed has worse problems.
        std::this_thread::sleep_for(m_options.auth_failure_delay);
        return Unauthorized();
    }
    return HandleAuthorized(request, user);
}

net::HttpResponse JsonRpcHttpHandler::HandleAuthorized(const net::HttpRequest& http_request,
                                                       const std::string& user) const
{
    JsonRpcRequest request;
    request.context = m_context;
    request.peer_address = http_request.PeerString();
    request.auth_user = user;
    request.table = &m_table;
    try {
        auto parsed = util::ParseJson(http_request.body);
        if (!parsed) throw RpcError(RPC_PARSE_ERROR, "Parse error");
        const JsonValue& body = *parsed;
        request.uri = http_request.target;

        if (body.IsObject()) {
            request.Parse(body);
            // 1.0 errors escape as exceptions and choose the HTTP status; 2.0 errors are
            // part of a 200 reply.
            const bool catch_errors = request.json_version == JsonRpcVersion::V2;
            JsonValue reply = JsonRpcExec(m_table, request, catch_errors);
            // Notifications run, but get no reply.
            if (request.IsNotification()) return net::HttpResponse::Make(net::HTTP_NO_CONTENT);
            return JsonReply(net::HTTP_OK, reply);
        }
        if (body.IsArray()) {
            JsonValue replies = JsonValue::Array();
            // One request object is reused, as Core does: a member that is not an object
            // is answered with the id and version of the member before it.
            for (const JsonValue& member : body.Values()) {
                JsonValue reply;
                try {
                    request.Parse(member);
                    reply = JsonRpcExec(m_table, request, /*catch_errors=*/true);
                } catch (const RpcError& e) {
                    reply = JsonRpcReplyObj(JsonValue{}, e.ToJson(), request.id, request.json_version);
                }
                if (!request.IsNotification()) replies.PushBack(std::move(reply));
            }
            // An empty batch gets an empty array (old clients expect it); a batch of
            // notifications only gets nothing.
            if (replies.empty() && !body.empty()) return net::HttpResponse::Make(net::HTTP_NO_CONTENT);
            return JsonReply(net::HTTP_OK, replies);
        }
        throw RpcError(RPC_PARSE_ERROR, "Top-level object parse error");
    } catch (const RpcError& e) {
        return ErrorReply(e, request);
    } catch (const std::exception& e) {
        return ErrorReply(RpcError(RPC_PARSE_ERROR, e.what()), request);
    }
}

void RegisterJsonRpcHandlers(net::HttpServer& server, const JsonRpcHttpHandler& handler)
{
    server.RegisterHandler("/", /*exact_match=*/true, [&handler](const net::HttpRequest& request, std::string_view) {
        return handler.Handle(request);
    });
}

void UnregisterJsonRpcHandlers(net::HttpServer& server) { server.UnregisterHandler("/", /*exact_match=*/true); }

} // namespace rpc
