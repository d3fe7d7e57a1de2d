// Bitcoin Core's /rest/ endpoints (its rest.cpp): the same paths, formats, limits, status
// codes and error texts. JSON bodies come from the RPC methods Core itself uses for them
// (getblock, getblockheader, getblockchaininfo, getmempoolinfo, getrawmempool,
// getdeploymentinfo) when the RPC table has them, so both interfaces print alike.
#include <rest/rest_service.h>

#include <chain/block_index.h>
#include <node/context.h>
#include <primitives/streams.h>
#include <rest/core_rest_json.h>
#include <rest/url.h>
#include <rpc/protocol.h>
#include <rpc/table.h>
#include <rpc/tx_json.h>
#include <util/hex.h>
#include <util/strings.h>

namespace rest {

namespace {

using util::JsonValue;

/** Core's MAX_GETUTXOS_OUTPOINTS and MAX_REST_HEADERS_RESULTS. */
constexpr size_t MAX_GETUTXOS_OUTPOINTS = 15;
constexpr uint64_t MAX_REST_HEADERS_RESULTS = 2000;

/** Core's RESTERR: plain text with CRLF. */
net::HttpResponse RestError(int status, const std::string& message)
{
    return net::HttpResponse::Make(status, message + "\r\n", "text/plain");
}

net::HttpResponse NoFormat()
{
    return RestError(net::HTTP_NOT_FOUND, "output format not found (available: " + AvailableDataFormatsString() + ")");
}
net::HttpResponse NoFormatJsonOnly()
{
    return RestError(net::HTTP_NOT_FOUND, "output format not found (available: json)");
}

net::HttpResponse Binary(std::vector<uint8_t> bytes)
{
    return net::HttpResponse::Make(net::HTTP_OK, std::string(bytes.begin(), bytes.end()), "application/octet-stream");
}
net::HttpResponse Hex(const std::vector<uint8_t>& bytes)
{
    return net::HttpResponse::Make(net::HTTP_OK, util::HexStr(bytes) + "\n", "text/plain");
}
net::HttpResponse Json(const JsonValue& value)
{
    return net::HttpResponse::Make(net::HTTP_OK, value.Write() + "\n", "application/json");
}

/** Core's SanitizeString(SAFE_CHARS_URI): keeps what may appear in a URI. */
std::string SanitizeUri(std::string_view text)
{
    static constexpr std::string_view SAFE =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*'();:@&=+$,/?#[]-_.~%";
    std::string out;
    for (const char c : text) {
        if (SAFE.find(c) != std::string_view::npos) out += c;
    }
    return out;
}

/** Core's "/rest/" handlers. */
class CoreRest
{
public:
    CoreRest(RestService::Impl& service, const net::HttpRequest& request)
        : m_service(service), m_node(service.m_node), m_request(request)
    {}

    net::HttpResponse Handle(std::string_view path);

private:
    std::optional<net::HttpResponse> CheckWarmup() const;
    std::optional<std::string> QueryParam(std::string_view key, std::optional<net::HttpResponse>& error) const;
    /** A method of the RPC table; nullopt if the table lacks it. Throws RpcError. */
    std::optional<JsonValue> CallRpc(const std::string& method, JsonValue params) const;
    /** A method every table built by RegisterAllRpcCommands has (an RpcError, so a 500, if not). */
    JsonValue RequiredRpc(const std::string& method, JsonValue params) const;

    net::HttpResponse Tx(std::string_view part);
    net::HttpResponse Block(std::string_view part, bool tx_details);
    net::HttpResponse Headers(std::string_view part);
    net::HttpResponse ChainInfo(std::string_view part);
    net::HttpResponse DeploymentInfo(std::string_view part);
    net::HttpResponse Mempool(std::string_view part);
    net::HttpResponse BlockHashByHeight(std::string_view part);
    net::HttpResponse SpentTxOuts(std::string_view part);
    net::HttpResponse BlockFilter(std::string_view part, bool headers);
    net::HttpResponse GetUtxos(std::string_view part);

    RestService::Impl& m_service;
    node::NodeContext& m_node;
    const net::HttpRequest& m_request;
};

std::optional<net::HttpResponse> CoreRest::CheckWarmup() const
{
    std::string status;
    if (m_service.m_rpc_table->IsInWarmup(&status)) {
        return RestError(net::HTTP_SERVICE_UNAVAILABLE, "Service temporarily unavailable: " + status);
    }
    return std::nullopt;
}

std::optional<std::string> CoreRest::QueryParam(std::string_view key, std::optional<net::HttpResponse>& error) const
{
    const std::string_view target = m_request.target;
    const size_t question = target.find('?');
    if (question == std::string_view::npos) return std::nullopt;
    auto query = ParseQuery(target.substr(question + 1));
    if (!query) {
        error = RestError(net::HTTP_BAD_REQUEST, "URI parsing failed, it likely contained RFC 3986 invalid characters");
        return std::nullopt;
    }
    return GetQueryParameter(*query, key);
}

std::optional<JsonValue> CoreRest::CallRpc(const std::string& method, JsonValue params) const
{
    return m_service.CallRpc(method, std::move(params), m_request);
}

JsonValue CoreRest::RequiredRpc(const std::string& method, JsonValue params) const
{
    if (auto json = CallRpc(method, std::move(params))) return std::move(*json);
    throw rpc::RpcError(rpc::RPC_METHOD_NOT_FOUND, "The RPC table given to the REST service lacks " + method);
}

net::HttpResponse CoreRest::Handle(std::string_view path)
{
    if (auto busy = CheckWarmup()) return *busy;
    // Core's uri_prefixes, in its order (first match wins).
    if (path.starts_with("tx/")) return Tx(path.substr(3));
    if (path.starts_with("block/notxdetails/")) return Block(path.substr(18), false);
    if (path.starts_with("block/")) return Block(path.substr(6), true);
    if (path.starts_with("blockfilter/")) return BlockFilter(path.substr(12), false);
    if (path.starts_with("blockfilterheaders/")) return BlockFilter(path.substr(19), true);
    if (path.starts_with("chaininfo")) return ChainInfo(path.substr(9));
    if (path.starts_with("mempool/")) return Mempool(path.substr(8));
    if (path.starts_with("headers/")) return Headers(path.substr(8));
    if (path.starts_with("getutxos")) return GetUtxos(path.substr(8));
    if (path.starts_with("deploymentinfo/")) return DeploymentInfo(path.substr(15));
    if (path.starts_with("deploymentinfo")) return DeploymentInfo(path.substr(14));
    if (path.starts_with("blockhashbyheight/")) return BlockHashByHeight(path.substr(18));
    if (path.starts_with("spenttxouts/")) return SpentTxOuts(path.substr(12));
    // No handler: Core's HTTP server answers 404 with an empty body.
    return net::HttpResponse::Make(net::HTTP_NOT_FOUND);
}

net::HttpResponse CoreRest::Tx(std::string_view part)
{
    std::string hash_str;
    const RestFormat format = ParseDataFormat(part, hash_str);
    const auto txid = primitives::Txid::FromHex(hash_str);
    if (!txid) return RestError(net::HTTP_BAD_REQUEST, "Invalid hash: " + hash_str);
    auto lookup = m_node.FindTransaction(*txid);
    if (!lookup) return RestError(net::HTTP_NOT_FOUND, hash_str + " not found");
    switch (format) {
    case RestFormat::BINARY:
        return Binary(primitives::SerializeToBytes(primitives::TX_WITH_WITNESS(*lookup->tx)));
    case RestFormat::HEX:
        return Hex(primitives::SerializeToBytes(primitives::TX_WITH_WITNESS(*lookup->tx)));
    case RestFormat::JSON: {
        // Core's TxToUniv with the block hash: "blockhash" before "hex".
        JsonValue out = rpc::TxToJson(*lookup->tx, m_node.Params().GetAddressParams(), /*include_hex=*/false);
        if (lookup->block_hash) out.PushKV("blockhash", lookup->block_hash->GetHex());
        out.PushKV("hex", rpc::EncodeHexTx(*lookup->tx));
        return Json(out);
    }
    case RestFormat::UNDEF:
        break;
    }
    return NoFormat();
}

net::HttpResponse CoreRest::Block(std::string_view part, bool tx_details)
{
    std::string hash_str;
    const RestFormat format = ParseDataFormat(part, hash_str);
    const auto hash = primitives::uint256::FromHex(hash_str);
    if (!hash) return RestError(net::HTTP_BAD_REQUEST, "Invalid hash: " + hash_str);
    const auto info = m_node.GetBlockHeader(*hash);
    if (!info) return RestError(net::HTTP_NOT_FOUND, hash_str + " not found");
    if ((info->status & storage::BLOCK_HAVE_DATA) == 0) {
        return RestError(net::HTTP_NOT_FOUND, hash_str + " not available (not fully downloaded)");
    }
    auto raw = m_node.Chainman().ReadRawBlock(*hash);
    if (!raw) return RestError(net::HTTP_NOT_FOUND, hash_str + " not found");
    switch (format) {
    case RestFormat::BINARY:
        return Binary(std::move(*raw));
    case RestFormat::HEX:
        return Hex(*raw);
    case RestFormat::JSON: {
        JsonValue params = JsonValue::Array();
        params.PushBack(hash_str);
        params.PushBack(tx_details ? 3 : 1);
        return Json(RequiredRpc("getblock", std::move(params)));
    }
    case RestFormat::UNDEF:
        break;
    }
    return NoFormat();
}

net::HttpResponse CoreRest::Headers(std::string_view part)
{
    std::string param;
    const RestFormat format = ParseDataFormat(part, param);
    const std::vector<std::string> path = util::SplitString(param, '/');
    std::string raw_count;
    std::string hash_str;
    if (path.size() == 2) {
        // The deprecated form /rest/headers/<count>/<hash>.
        hash_str = path[1];
        raw_count = path[0];
    } else if (path.size() == 1) {
        hash_str = path[0];
        std::optional<net::HttpResponse> error;
        raw_count = QueryParam("count", error).value_or("5");
        if (error) return *error;
    } else {
        return RestError(net::HTTP_BAD_REQUEST,
                         "Invalid URI format. Expected /rest/headers/<hash>.<ext>?count=<count>");
    }
    const auto count = ParseBoundedUint(raw_count, 1, MAX_REST_HEADERS_RESULTS);
    if (!count) {
        return RestError(net::HTTP_BAD_REQUEST, "Header count is invalid or out of acceptable range (1-" +
                                                    std::to_string(MAX_REST_HEADERS_RESULTS) + "): " + raw_count);
    }
    const auto hash = primitives::uint256::FromHex(hash_str);
    if (!hash) return RestError(net::HTTP_BAD_REQUEST, "Invalid hash: " + hash_str);

    // Walk the active chain up from the block (nothing if it is not on the active chain).
    std::vector<chain::BlockInfo> headers;
    chain::ChainstateManager& chainman = m_node.Chainman();
    std::optional<chain::BlockInfo> info = chainman.GetBlockInfo(*hash);
    while (info && info->in_active_chain && headers.size() < *count) {
        std::optional<primitives::uint256> next = info->next_hash;
        headers.push_back(std::move(*info));
        info.reset();
        if (next) info = chainman.GetBlockInfo(*next);
    }
    switch (format) {
    case RestFormat::BINARY:
    case RestFormat::HEX: {
        std::vector<uint8_t> bytes;
        primitives::VectorWriter writer{bytes};
        for (const chain::BlockInfo& header : headers) writer << header.header;
        return format == RestFormat::BINARY ? Binary(std::move(bytes)) : Hex(bytes);
    }
    case RestFormat::JSON: {
        JsonValue out = JsonValue::Array();
        for (const chain::BlockInfo& header : headers) {
            JsonValue params = JsonValue::Array();
            params.PushBack(header.hash.GetHex());
            params.PushBack(true);
            out.PushBack(RequiredRpc("getblockheader", std::move(params)));
        }
        return Json(out);
    }
    case RestFormat::UNDEF:
        break;
    }
    return NoFormat();
}

net::HttpResponse CoreRest::ChainInfo(std::string_view part)
{
    std::string param;
    if (ParseDataFormat(part, param) != RestFormat::JSON) return NoFormatJsonOnly();
    return Json(RequiredRpc("getblockchaininfo", JsonValue::Array()));
}

net::HttpResponse CoreRest::DeploymentInfo(std::string_view part)
{
    std::string hash_str;
    if (ParseDataFormat(part, hash_str) != RestFormat::JSON) return NoFormatJsonOnly();
    JsonValue params = JsonValue::Array();
    if (!hash_str.empty()) {
        const auto hash = primitives::uint256::FromHex(hash_str);
        if (!hash) return RestError(net::HTTP_BAD_REQUEST, "Invalid hash: " + hash_str);
        if (!m_node.GetBlockHeader(*hash)) return RestError(net::HTTP_BAD_REQUEST, "Block not found");
        params.PushBack(hash_str);
    }
    if (auto json = CallRpc("getdeploymentinfo", std::move(params))) return Json(*json);
    return RestError(net::HTTP_NOT_FOUND, "getdeploymentinfo is not available on this node");
}

net::HttpResponse CoreRest::Mempool(std::string_view part)
{
    std::string param;
    const RestFormat format = ParseDataFormat(part, param);
    if (param != "contents" && param != "info") {
        return RestError(net::HTTP_BAD_REQUEST, "Invalid URI format. Expected /rest/mempool/<info|contents>.json");
    }
    if (format != RestFormat::JSON) return NoFormatJsonOnly();
    if (param == "info") {
        return Json(RequiredRpc("getmempoolinfo", JsonValue::Array()));
    }
    std::optional<net::HttpResponse> error;
    const std::string raw_verbose = QueryParam("verbose", error).value_or("true");
    if (error) return *error;
    if (raw_verbose != "true" && raw_verbose != "false") {
        return RestError(net::HTTP_BAD_REQUEST,
                         "The \"verbose\" query parameter must be either \"true\" or \"false\".");
    }
    const std::string raw_sequence = QueryParam("mempool_sequence", error).value_or("false");
    if (error) return *error;
    if (raw_sequence != "true" && raw_sequence != "false") {
        return RestError(net::HTTP_BAD_REQUEST,
                         "The \"mempool_sequence\" query parameter must be either \"true\" or \"false\".");
    }
    const bool verbose = raw_verbose == "true";
    const bool sequence = raw_sequence == "true";
    if (verbose && sequence) {
        return RestError(net::HTTP_BAD_REQUEST,
                         "Verbose results cannot contain mempool sequence values. (hint: set \"verbose=false\")");
    }
    JsonValue params = JsonValue::Array();
    params.PushBack(verbose);
    params.PushBack(sequence);
    return Json(RequiredRpc("getrawmempool", std::move(params)));
}

net::HttpResponse CoreRest::BlockHashByHeight(std::string_view part)
{
    std::string height_str;
    const RestFormat format = ParseDataFormat(part, height_str);
    const auto height = ParseBoundedUint(height_str, 0, INT32_MAX);
    if (!height) return RestError(net::HTTP_BAD_REQUEST, "Invalid height: " + SanitizeUri(height_str));
    const chain::BlockIndex* index = m_node.Chainman().ActiveBlockAt(static_cast<int>(*height));
    if (!index) return RestError(net::HTTP_NOT_FOUND, "Block height out of range");
    switch (format) {
    case RestFormat::BINARY:
        return Binary(std::vector<uint8_t>(index->hash.begin(), index->hash.end()));
    case RestFormat::HEX:
        return net::HttpResponse::Make(net::HTTP_OK, index->hash.GetHex() + "\n", "text/plain");
    case RestFormat::JSON: {
        JsonValue out = JsonValue::Object();
        out.PushKV("blockhash", index->hash.GetHex());
        return Json(out);
    }
    case RestFormat::UNDEF:
        break;
    }
    return NoFormat();
}

net::HttpResponse CoreRest::SpentTxOuts(std::string_view part)
{
    std::string param;
    const RestFormat format = ParseDataFormat(part, param);
    const std::vector<std::string> path = util::SplitString(param, '/');
    if (path.size() != 1)
        return RestError(net::HTTP_BAD_REQUEST, "Invalid URI format. Expected /rest/spenttxouts/<hash>.<ext>");
    const std::string& hash_str = path[0];
    const auto hash = primitives::uint256::FromHex(hash_str);
    if (!hash) return RestError(net::HTTP_BAD_REQUEST, "Invalid hash: " + hash_str);
    const auto info = m_node.GetBlockHeader(*hash);
    if (!info) return RestError(net::HTTP_NOT_FOUND, hash_str + " not found");
    storage::BlockUndo undo;
    if (info->height > 0) {
        auto read = m_node.Chainman().ReadBlockUndo(*hash);
        if (!read) return RestError(net::HTTP_NOT_FOUND, hash_str + " undo not available");
        undo = std::move(*read);
    }
    switch (format) {
    case RestFormat::BINARY:
    case RestFormat::HEX: {
        // Per transaction (the coinbase first, with none) the outputs its inputs spent.
        std::vector<uint8_t> bytes;
        primitives::VectorWriter writer{bytes};
        primitives::WriteCompactSize(writer, undo.vtxundo.size() + 1);
        primitives::WriteCompactSize(writer, 0);
        for (const storage::TxUndo& tx_undo : undo.vtxundo) {
            primitives::WriteCompactSize(writer, tx_undo.prevout.size());
            for (const auto& coin : tx_undo.prevout) writer << coin.out;
        }
        return format == RestFormat::BINARY ? Binary(std::move(bytes)) : Hex(bytes);
    }
    case RestFormat::JSON: {
        JsonValue out = JsonValue::Array();
        out.PushBack(JsonValue::Array());
        for (const storage::TxUndo& tx_undo : undo.vtxundo) {
            JsonValue prevouts = JsonValue::Array();
            for (const auto& coin : tx_undo.prevout) {
                JsonValue prevout = JsonValue::Object();
                prevout.PushKV("value", util::ValueFromAmount(coin.out.value));
                prevout.PushKV("scriptPubKey", rpc::ScriptPubKeyToJson(script::Script{coin.out.script_pubkey},
                                                                       m_node.Params().GetAddressParams()));
                prevouts.PushBack(std::move(prevout));
            }
            out.PushBack(std::move(prevouts));
        }
        return Json(out);
    }
    case RestFormat::UNDEF:
        break;
    }
    return NoFormat();
}

net::HttpResponse CoreRest::BlockFilter(std::string_view part, bool headers)
{
    // bitnode keeps no compact block filter index (-blockfilterindex), so after Core's
    // checks of the URI every request ends where Core's does with the index disabled.
    std::string param;
    const RestFormat format = ParseDataFormat(part, param);
    const std::vector<std::string> uri_parts = util::SplitString(param, '/');
    std::string raw_blockhash;
    if (headers) {
        std::string raw_count;
        if (uri_parts.size() == 3) {
            raw_blockhash = uri_parts[2];
            raw_count = uri_parts[1];
        } else if (uri_parts.size() == 2) {
            raw_blockhash = uri_parts[1];
            std::optional<net::HttpResponse> error;
            raw_count = QueryParam("count", error).value_or("5");
            if (error) return *error;
        } else {
            return RestError(net::HTTP_BAD_REQUEST,
                             "Invalid URI format. Expected "
                             "/rest/blockfilterheaders/<filtertype>/<blockhash>.<ext>?count=<count>");
        }
        if (!ParseBoundedUint(raw_count, 1, MAX_REST_HEADERS_RESULTS)) {
            return RestError(net::HTTP_BAD_REQUEST, "Header count is invalid or out of acceptable range (1-" +
                                                        std::to_string(MAX_REST_HEADERS_RESULTS) + "): " + raw_count);
        }
    } else {
        if (uri_parts.size() != 2) {
            return RestError(net::HTTP_BAD_REQUEST,
                             "Invalid URI format. Expected /rest/blockfilter/<filtertype>/<blockhash>");
        }
        raw_blockhash = uri_parts[1];
    }
    if (!primitives::uint256::FromHex(raw_blockhash))
        return RestError(net::HTTP_BAD_REQUEST, "Invalid hash: " + raw_blockhash);
    if (uri_parts[0] != "basic") return RestError(net::HTTP_BAD_REQUEST, "Unknown filtertype " + uri_parts[0]);
    (void)format;
    return RestError(net::HTTP_BAD_REQUEST, "Index is not enabled for filtertype " + uri_parts[0]);
}

net::HttpResponse CoreRest::GetUtxos(std::string_view part)
{
    std::string param;
    const RestFormat format = ParseDataFormat(part, param);
    std::vector<std::string> uri_parts;
    if (param.size() > 1) uri_parts = util::SplitString(std::string_view{param}.substr(1), '/');

    std::string body = m_request.body;
    if (body.empty() && uri_parts.empty()) return RestError(net::HTTP_BAD_REQUEST, "Error: empty request");

    GetUtxosRequest query;
    bool input_parsed = false;
    if (!uri_parts.empty()) {
        auto parsed = ParseGetUtxosUri(uri_parts);
        if (!parsed) return RestError(net::HTTP_BAD_REQUEST, parsed.error());
        query = std::move(*parsed);
        input_parsed = true;
    }
    switch (format) {
    case RestFormat::HEX: {
        // Core decodes what hex it can and carries on with those bytes.
        auto bytes = util::TryParseHex(util::TrimString(body));
        body = bytes ? std::string(bytes->begin(), bytes->end()) : std::string{};
        [[fallthrough]];
    }
    case RestFormat::BINARY:
        if (!body.empty()) {
            if (input_parsed) {
                return RestError(net::HTTP_BAD_REQUEST,
                                 "Combination of URI scheme inputs and raw post data is not allowed");
            }
            auto parsed = ParseGetUtxosBody(body);
            if (!parsed) return RestError(net::HTTP_BAD_REQUEST, "Parse error");
            query = std::move(*parsed);
        }
        break;
    case RestFormat::JSON:
        if (!input_parsed) return RestError(net::HTTP_BAD_REQUEST, "Error: empty request");
        break;
    case RestFormat::UNDEF:
        return NoFormat();
    }
    if (query.outpoints.size() > MAX_GETUTXOS_OUTPOINTS) {
        return RestError(net::HTTP_BAD_REQUEST,
                         "Error: max outpoints exceeded (max: " + std::to_string(MAX_GETUTXOS_OUTPOINTS) +
                             ", tried: " + std::to_string(query.outpoints.size()) + ")");
    }
    const GetUtxosResult result = LookupUtxos(m_node, query);
    switch (format) {
    case RestFormat::BINARY:
        return Binary(SerializeGetUtxos(result));
    case RestFormat::HEX:
        return Hex(SerializeGetUtxos(result));
    case RestFormat::JSON:
        return Json(GetUtxosJson(m_node, result));
    case RestFormat::UNDEF:
        break;
    }
    return NoFormat();
}

} // namespace

net::HttpResponse RestService::Impl::HandleCoreRest(const net::HttpRequest& request, std::string_view path)
{
    const auto start = std::chrono::steady_clock::now();
    net::HttpResponse response;
    try {
        response = CoreRest{*this, request}.Handle(path);
    } catch (const rpc::RpcError& e) {
        response = RestError(net::HTTP_INTERNAL_SERVER_ERROR, e.Message());
    }
    Fixed(FixedEndpoint::CORE_REST).Record(response.status, std::chrono::steady_clock::now() - start);
    return response;
}

} // namespace rest
