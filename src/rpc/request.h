// One JSON-RPC request and the reply objects around it, with Bitcoin Core 30's rules:
//
// - A request object has "method" (a string), optional "params" (array, object or null)
//   and optional "id". "jsonrpc": "2.0" selects JSON-RPC 2.0; "1.0" or no field is the
//   legacy 1.0 dialect; any other value is RPC_INVALID_REQUEST.
// - 1.0 replies always carry "result", "error" and "id" (one of result/error null);
//   2.0 replies carry "jsonrpc": "2.0" and only one of result/error.
// - A 2.0 request without "id" is a notification: it runs, and gets no reply.
//
// Thread safety: value types; the functions are pure.
#ifndef BITNODE_RPC_REQUEST_H
#define BITNODE_RPC_REQUEST_H

#include <util/json.h>

#include <any>
#include <optional>
#include <string>
#include <vector>

namespace rpc {

class RpcTable;

enum class JsonRpcVersion { V1_LEGACY, V2 };

class JsonRpcRequest
{
public:
    /** Present and null until parsed, as in Core (so early errors reply with "id": null). */
    std::optional<util::JsonValue> id = util::JsonValue{};
    std::string method;
    /** An array (positional) or an object (named), never null once parsed. */
    util::JsonValue params = util::JsonValue::Array();
    JsonRpcVersion json_version{JsonRpcVersion::V1_LEGACY};
    /** The HTTP target the request came in on ("/", later "/wallet/<name>"). */
    std::string uri;
    std::string auth_user;
    std::string peer_address;
    /** What the methods need from the node (NodeContext later); set by whoever serves RPC. */
    std::any context;
    /** The table executing the request, for methods about the server itself (help, getrpcinfo). */
    const RpcTable* table{nullptr};

    /** Fill method, params, id and version from a request object; throws RpcError. */
    void Parse(const util::JsonValue& request);
    bool IsNotification() const { return !id.has_value() && json_version == JsonRpcVersion::V2; }
};

/** A 2.0 request object, as bitnode-cli sends. */
util::JsonValue JsonRpcRequestObj(const std::string& method, util::JsonValue params, util::JsonValue id);
/** A reply object in the dialect of `version` (see the file comment). */
util::JsonValue JsonRpcReplyObj(util::JsonValue result, util::JsonValue error, std::optional<util::JsonValue> id,
                                JsonRpcVersion version);
/** {"code": code, "message": message}. */
util::JsonValue JsonRpcErrorObj(int code, const std::string& message);
/**
 * A batch reply ordered by the integer ids 0..n-1 the client gave its requests; throws
 * std::runtime_error if the reply is not such a batch.
 */
std::vector<util::JsonValue> JsonRpcProcessBatchReply(const util::JsonValue& reply);

/** Core's names of JSON types in messages: null, bool, object, array, string, number. */
const char* JsonTypeName(util::JsonValue::Type type);

} // namespace rpc

#endif // BITNODE_RPC_REQUEST_H
