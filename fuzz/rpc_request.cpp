// Fuzz targets for what an RPC client can send before any method runs: the JSON-RPC
// request body (single or batch) and the HTTP Basic credentials (Base64).
// Malformed requests must be RpcError values (which become JSON-RPC error replies), never
// another exception or a crash; a parsed request has a string method and array/object
// params. Base64 decoding is strict, and what it accepts re-encodes to text that decodes
// to the same bytes.
#include "fuzz.h"

#include <rpc/auth.h>
#include <rpc/protocol.h>
#include <rpc/request.h>
#include <util/json.h>

#include <stdexcept>
#include <string>

namespace {

void CheckRequest(const util::JsonValue& value)
{
    rpc::JsonRpcRequest request;
    try {
        request.Parse(value);
    } catch (const rpc::RpcError& error) {
        FUZZ_CHECK(!error.Message().empty());
        (void)error.ToJson();
        return;
    }
    FUZZ_CHECK(request.params.IsArray() || request.params.IsObject());
    // The reply object for it can always be built and written.
    const util::JsonValue reply = rpc::JsonRpcReplyObj(util::JsonValue{}, util::JsonValue{}, request.id,
                                                       request.json_version);
    FUZZ_CHECK(util::ParseJson(reply.Write()).has_value());
}

} // namespace

FUZZ_TARGET(jsonrpc_request)
{
    const std::string_view text{reinterpret_cast<const char*>(buffer.data()), buffer.size()};
    const util::Result<util::JsonValue> parsed = util::ParseJson(text);
    if (!parsed) return;
    if (parsed->IsArray()) {
        for (const util::JsonValue& element : parsed->Values()) CheckRequest(element);
        try {
            (void)rpc::JsonRpcProcessBatchReply(*parsed);
        } catch (const std::runtime_error&) {
            // Documented answer to anything that is not an ordered batch reply.
        }
    } else {
        CheckRequest(*parsed);
    }
}

FUZZ_TARGET(base64)
{
    const std::string text(buffer.begin(), buffer.end());
    if (const std::optional<std::string> decoded = rpc::DecodeBase64(text)) {
        FUZZ_CHECK(text.size() % 4 == 0);
        FUZZ_CHECK(rpc::DecodeBase64(rpc::EncodeBase64(*decoded)) == decoded);
    }
    FUZZ_CHECK(rpc::DecodeBase64(rpc::EncodeBase64(text)) == text);
}
