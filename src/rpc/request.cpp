#include <rpc/request.h>

#include <rpc/protocol.h>

#include <stdexcept>

namespace rpc {

using util::JsonValue;

JsonValue RpcError::ToJson() const { return JsonRpcErrorObj(m_code, m_message); }

void JsonRpcRequest::Parse(const JsonValue& request)
{
    if (!request.IsObject()) throw RpcError(RPC_INVALID_REQUEST, "Invalid Request object");

    // The id first, so every later error is reported with it.
    if (const JsonValue* found = request.Find("id")) {
        id = *found;
    } else {
        id = std::nullopt;
    }

    json_version = JsonRpcVersion::V1_LEGACY;
    if (const JsonValue* version = request.Find("jsonrpc"); version && !version->IsNull()) {
        if (!version->IsStr()) throw RpcError(RPC_INVALID_REQUEST, "jsonrpc field must be a string");
        // Some old documentation put "1.0" in requests; it means the legacy dialect.
        if (version->GetStr() == "1.0") {
            json_version = JsonRpcVersion::V1_LEGACY;
        } else if (version->GetStr() == "2.0") {
            json_version = JsonRpcVersion::V2;
        } else {
            throw RpcError(RPC_INVALID_REQUEST, "JSON-RPC version not supported");
        }
    }

    const JsonValue* method_value = request.Find("method");
    if (!method_value || method_value->IsNull()) throw RpcError(RPC_INVALID_REQUEST, "Missing method");
    if (!method_value->IsStr()) throw RpcError(RPC_INVALID_REQUEST, "Method must be a string");
    method = method_value->GetStr();

    const JsonValue* params_value = request.Find("params");
    if (!params_value || params_value->IsNull()) {
        params = JsonValue::Array();
    } else if (params_value->IsArray() || params_value->IsObject()) {
        params = *params_value;
    } else {
        throw RpcError(RPC_INVALID_REQUEST, "Params must be an array or object");
    }
}

JsonValue JsonRpcRequestObj(const std::string& method, JsonValue params, JsonValue id)
{
    JsonValue request = JsonValue::Object();
    request.PushKV("method", method);
    request.PushKV("params", std::move(params));
    request.PushKV("id", std::move(id));
    request.PushKV("jsonrpc", "2.0");
    return request;
}

JsonValue JsonRpcReplyObj(JsonValue result, JsonValue error, std::optional<JsonValue> id, JsonRpcVersion version)
{
    JsonValue reply = JsonValue::Object();
    if (version == JsonRpcVersion::V2) reply.PushKV("jsonrpc", "2.0");
    if (error.IsNull()) {
        reply.PushKV("result", std::move(result));
        if (version == JsonRpcVersion::V1_LEGACY) reply.PushKV("error", JsonValue{});
    } else {
        if (version == JsonRpcVersion::V1_LEGACY) reply.PushKV("result", JsonValue{});
        reply.PushKV("error", std::move(error));
    }
    if (id) reply.PushKV("id", std::move(*id));
    return reply;
}

JsonValue JsonRpcErrorObj(int code, const std::string& message)
{
    JsonValue error = JsonValue::Object();
    error.PushKV("code", code);
    error.PushKV("message", message);
    return error;
}

std::vector<JsonValue> JsonRpcProcessBatchReply(const JsonValue& reply)
{
    if (!reply.IsArray()) throw std::runtime_error("Batch must be an array");
    std::vector<JsonValue> batch(reply.size());
    for (const JsonValue& entry : reply.Values()) {
        if (!entry.IsObject()) throw std::runtime_error("Batch member must be an object");
        const JsonValue* id = entry.Find("id");
        const auto index = id && id->IsNum() ? id->GetInt64() : std::nullopt;
        if (!index || *index < 0) throw std::runtime_error("Batch member id must be an integer");
        if (static_cast<uint64_t>(*index) >= batch.size()) {
            throw std::runtime_error("Batch member id is larger than batch size");
        }
        batch[static_cast<size_t>(*index)] = entry;
    }
    return batch;
}

const char* JsonTypeName(JsonValue::Type type)
{
    switch (type) {
    case JsonValue::Type::NUL:
        return "null";
    case JsonValue::Type::BOOL:
        return "bool";
    case JsonValue::Type::OBJ:
        return "object";
    case JsonValue::Type::ARR:
        return "array";
    case JsonValue::Type::STR:
        return "string";
    case JsonValue::Type::NUM:
        return "number";
    }
    return "unknown";
}

} // namespace rpc
