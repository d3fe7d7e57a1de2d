// /api/v1 routes about addresses, mining, the node itself, peers, the OpenAPI document
// and the event stream.
#include <rest/rest_service.h>

#include <mining/miner.h>
#include <net/connection.h>
#include <node/context.h>
#include <rest/url.h>
#include <rpc/protocol.h>
#include <rpc/util.h>
#include <script/address.h>
#include <script/addresstype.h>

#include <algorithm>
#include <map>

namespace rest {

namespace {

using net::HttpMethod;
using util::JsonValue;

ApiParam AddressParam() { return {"address", ApiParam::In::PATH, "string", "An address of the node's network", true}; }

/** The output script an address names, or an error answer. */
std::optional<primitives::ScriptBytes> AddressScript(node::NodeContext& node, const std::string& address,
                                                     net::HttpResponse& error)
{
    std::string reason;
    const script::TxDestination dest = script::DecodeDestination(address, node.Params().GetAddressParams(), &reason);
    if (!script::IsValidDestination(dest)) {
        error = ApiError(net::HTTP_BAD_REQUEST, "Invalid address" + (reason.empty() ? std::string{} : ": " + reason));
        return std::nullopt;
    }
    return script::GetScriptForDestination(dest).bytes();
}

/** One unspent output of an address, from scantxoutset. */
struct AddressUtxo {
    primitives::OutPoint outpoint;
    primitives::Amount value{0};
    int height{0};
    bool coinbase{false};
    std::string script_hex;
};

struct AddressScan {
    int height{0};
    std::string best_block;
    std::vector<AddressUtxo> utxos;
    primitives::Amount total{0};
};

/**
 * The address's unspent outputs through the RPC table's scantxoutset (which walks a
 * snapshot of the UTXO set outside the chainstate lock). An error answer when the
 * address is invalid or the node cannot scan.
 */
std::optional<AddressScan> ScanAddress(RestService::Impl& service, const ApiRequest& request,
                                       const std::string& address, net::HttpResponse& error)
{
    node::NodeContext& node = service.m_node;
    if (!AddressScript(node, address, error)) return std::nullopt;
    JsonValue descriptors = JsonValue::Array();
    descriptors.PushBack("addr(" + address + ")");
    JsonValue params = JsonValue::Array();
    params.PushBack("start");
    params.PushBack(std::move(descriptors));
    std::optional<JsonValue> reply;
    try {
        reply = service.CallRpc("scantxoutset", std::move(params), request.http);
    } catch (const rpc::RpcError& e) {
        error = ApiError(net::HTTP_SERVICE_UNAVAILABLE, "UTXO scan failed: " + e.Message());
        return std::nullopt;
    }
    if (!reply) {
        error = ApiError(net::HTTP_SERVICE_UNAVAILABLE, "This node cannot scan the UTXO set (no scantxoutset)");
        return std::nullopt;
    }
    AddressScan scan;
    const JsonValue* height = reply->Find("height");
    const JsonValue* best = reply->Find("bestblock");
    const JsonValue* unspents = reply->Find("unspents");
    if (!height || !height->IsNum() || !best || !best->IsStr() || !unspents || !unspents->IsArray()) {
        error = ApiError(net::HTTP_INTERNAL_SERVER_ERROR, "Unexpected scantxoutset answer");
        return std::nullopt;
    }
    scan.height = static_cast<int>(height->GetInt64().value_or(0));
    scan.best_block = best->GetStr();
    for (const JsonValue& item : unspents->Values()) {
        const JsonValue* txid = item.Find("txid");
        const JsonValue* vout = item.Find("vout");
        const JsonValue* amount = item.Find("amount");
        const auto parsed_txid = txid && txid->IsStr() ? primitives::Txid::FromHex(txid->GetStr()) : std::nullopt;
        const int64_t n = vout && vout->IsNum() ? vout->GetInt64().value_or(-1) : -1;
        const auto sats = amount && amount->IsNum() ? rpc::ParseFixedPoint(amount->GetNumText(), 8) : std::nullopt;
        if (!parsed_txid || n < 0 || n > UINT32_MAX || !sats) continue;
        AddressUtxo utxo;
        utxo.outpoint = primitives::OutPoint{*parsed_txid, static_cast<uint32_t>(n)};
        utxo.value = *sats;
        if (const JsonValue* h = item.Find("height"); h && h->IsNum())
            utxo.height = static_cast<int>(h->GetInt64().value_or(0));
        if (const JsonValue* cb = item.Find("coinbase"); cb && cb->IsBool()) utxo.coinbase = cb->GetBool();
        if (const JsonValue* spk = item.Find("scriptPubKey"); spk && spk->IsStr()) utxo.script_hex = spk->GetStr();
        scan.total += utxo.value;
        scan.utxos.push_back(std::move(utxo));
    }
    return scan;
}

/** What the mempool adds to and takes from an address. */
struct MempoolActivity {
    primitives::Amount received{0};
    primitives::Amount spent{0};
    std::vector<std::string> txids;
};

MempoolActivity ScanMempool(node::NodeContext& node, const primitives::ScriptBytes& script,
                            const std::vector<AddressUtxo>& confirmed)
{
    std::map<primitives::OutPoint, primitives::Amount> owned;
    for (const AddressUtxo& utxo : confirmed) owned.emplace(utxo.outpoint, utxo.value);
    std::vector<mempool::EntryInfo> entries = node.GetMempoolEntries();
    // Parents before children, so an output is known before a mempool child spends it.
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.ancestor_count < b.ancestor_count; });
    MempoolActivity activity;
    for (const mempool::EntryInfo& entry : entries) {
        bool touches = false;
        for (uint32_t n = 0; n < entry.tx->vout.size(); ++n) {
            if (entry.tx->vout[n].script_pubkey != script) continue;
            activity.received += entry.tx->vout[n].value;
            owned.emplace(primitives::OutPoint{entry.tx->GetHash(), n}, entry.tx->vout[n].value);
            touches = true;
        }
        for (const primitives::TxIn& in : entry.tx->vin) {
            auto it = owned.find(in.prevout);
            if (it == owned.end()) continue;
            activity.spent += it->second;
            touches = true;
        }
        if (touches) activity.txids.push_back(entry.tx->GetHash().GetHex());
    }
    return activity;
}

net::HttpResponse AddressBalance(RestService::Impl& service, const ApiRequest& request)
{
    node::NodeContext& node = service.m_node;
    const std::string& address = request.PathParam("address");
    net::HttpResponse error;
    const auto script = AddressScript(node, address, error);
    if (!script) return error;
    const auto scan = ScanAddress(service, request, address, error);
    if (!scan) return error;
    const MempoolActivity activity = ScanMempool(node, *script, scan->utxos);
    JsonValue out = JsonValue::Object();
    out.PushKV("address", address);
    out.PushKV("confirmed", util::ValueFromAmount(scan->total));
    out.PushKV("confirmed_sat", scan->total);
    out.PushKV("unconfirmed_received", util::ValueFromAmount(activity.received));
    out.PushKV("unconfirmed_spent", util::ValueFromAmount(activity.spent));
    out.PushKV("utxo_count", scan->utxos.size());
    out.PushKV("height", scan->height);
    out.PushKV("bestblock", scan->best_block);
    return ApiJson(out);
}

net::HttpResponse AddressUtxos(RestService::Impl& service, const ApiRequest& request)
{
    Page page;
    page.limit = MAX_PAGE_SIZE;
    if (auto bad = ParsePage(request, page)) return *bad;
    const std::string& address = request.PathParam("address");
    net::HttpResponse error;
    auto scan = ScanAddress(service, request, address, error);
    if (!scan) return error;
    std::vector<AddressUtxo>& utxos = scan->utxos;
    std::sort(utxos.begin(), utxos.end(), [](const auto& a, const auto& b) {
        if (a.height != b.height) return a.height > b.height;
        return a.outpoint < b.outpoint;
    });
    JsonValue list = JsonValue::Array();
    const size_t skip = (page.page - 1) * page.limit;
    for (size_t i = skip; i < utxos.size() && list.size() < page.limit; ++i) {
        const AddressUtxo& utxo = utxos[i];
        JsonValue item = JsonValue::Object();
        item.PushKV("txid", utxo.outpoint.hash.GetHex());
        item.PushKV("vout", utxo.outpoint.n);
        item.PushKV("value", util::ValueFromAmount(utxo.value));
        item.PushKV("value_sat", utxo.value);
        item.PushKV("height", utxo.height);
        item.PushKV("confirmations", scan->height - utxo.height + 1);
        item.PushKV("coinbase", utxo.coinbase);
        item.PushKV("scriptPubKey", utxo.script_hex);
        list.PushBack(std::move(item));
    }
    JsonValue out = JsonValue::Object();
    out.PushKV("address", address);
    out.PushKV("height", scan->height);
    out.PushKV("page", page.page);
    out.PushKV("limit", page.limit);
    out.PushKV("total", utxos.size());
    out.PushKV("utxos", std::move(list));
    return ApiJson(out);
}

net::HttpResponse AddressTransactions(RestService::Impl& service, const ApiRequest& request)
{
    Page page;
    if (auto bad = ParsePage(request, page)) return *bad;
    node::NodeContext& node = service.m_node;
    const std::string& address = request.PathParam("address");
    net::HttpResponse error;
    const auto script = AddressScript(node, address, error);
    if (!script) return error;
    const auto scan = ScanAddress(service, request, address, error);
    if (!scan) return error;
    const MempoolActivity activity = ScanMempool(node, *script, scan->utxos);
    // Mempool transactions first, then confirmed ones newest first (one row per txid).
    std::vector<std::pair<std::string, int>> rows; // txid, height (-1: mempool)
    for (const std::string& txid : activity.txids) rows.emplace_back(txid, -1);
    std::map<std::string, int> confirmed;
    for (const AddressUtxo& utxo : scan->utxos) confirmed.emplace(utxo.outpoint.hash.GetHex(), utxo.height);
    std::vector<std::pair<std::string, int>> by_height(confirmed.begin(), confirmed.end());
    std::sort(by_height.begin(), by_height.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    rows.insert(rows.end(), by_height.begin(), by_height.end());
    JsonValue list = JsonValue::Array();
    const size_t skip = (page.page - 1) * page.limit;
    for (size_t i = skip; i < rows.size() && list.size() < page.limit; ++i) {
        JsonValue item = JsonValue::Object();
        item.PushKV("txid", rows[i].first);
        item.PushKV("in_mempool", rows[i].second < 0);
        if (rows[i].second >= 0) item.PushKV("height", rows[i].second);
        list.PushBack(std::move(item));
    }
    JsonValue out = JsonValue::Object();
    out.PushKV("address", address);
    out.PushKV("scope", "mempool transactions touching the address, and transactions with unspent outputs to it");
    out.PushKV("page", page.page);
    out.PushKV("limit", page.limit);
    out.PushKV("total", rows.size());
    out.PushKV("transactions", std::move(list));
    return ApiJson(out);
}

JsonValue PolicyJson(node::NodeContext& node, const mining::MiningPolicy& policy)
{
    JsonValue out = JsonValue::Object();
    out.PushKV("mode", mining::MiningModeName(policy.mode));
    out.PushKV("mempool_threshold", policy.mempool_threshold);
    out.PushKV("interval_seconds", static_cast<double>(policy.interval.count()) / 1000.0);
    script::TxDestination dest;
    std::string address;
    if (!policy.coinbase_script.empty() && script::ExtractDestination(script::Script{policy.coinbase_script}, dest)) {
        address = script::EncodeDestination(dest, node.Params().GetAddressParams());
    }
    out.PushKV("address", address);
    return out;
}

net::HttpResponse MiningInfo(node::NodeContext& node)
{
    const mining::MiningInfo info = node.GetMiningInfo();
    JsonValue out = JsonValue::Object();
    out.PushKV("blocks", node.GetHeight());
    out.PushKV("blocks_mined", info.blocks_mined);
    out.PushKV("currentblockweight", info.current_block_weight);
    out.PushKV("currentblocktx", info.current_block_tx);
    out.PushKV("hashespersec", info.hashes_per_second);
    out.PushKV("total_hashes", info.total_hashes);
    out.PushKV("threads", info.threads);
    out.PushKV("running", info.running);
    out.PushKV("policy", PolicyJson(node, info.policy));
    out.PushKV("chain", node.Params().GetChainTypeString());
    return ApiJson(out);
}

net::HttpResponse GenerateToAddress(node::NodeContext& node, const ApiRequest& request)
{
    auto body = util::ParseJson(request.http.body);
    if (!body || !body->IsObject()) {
        return ApiError(net::HTTP_BAD_REQUEST, "Body must be a JSON object {\"nblocks\": n, \"address\": ...}");
    }
    const JsonValue* nblocks = body->Find("nblocks");
    const JsonValue* address = body->Find("address");
    const auto count = nblocks && nblocks->IsNum() ? nblocks->GetInt64() : std::nullopt;
    if (!count || *count < 1 || *count > MAX_API_GENERATE_BLOCKS) {
        return ApiError(net::HTTP_BAD_REQUEST,
                        "nblocks must be a whole number from 1 to " + std::to_string(MAX_API_GENERATE_BLOCKS));
    }
    if (!address || !address->IsStr()) return ApiError(net::HTTP_BAD_REQUEST, "Missing string member \"address\"");
    uint64_t max_tries = node::DEFAULT_MAX_TRIES;
    if (const JsonValue* tries = body->Find("maxtries")) {
        const auto value = tries->IsNum() ? tries->GetInt64() : std::nullopt;
        if (!value || *value < 1) return ApiError(net::HTTP_BAD_REQUEST, "maxtries must be a positive whole number");
        max_tries = static_cast<uint64_t>(*value);
    }
    net::HttpResponse error;
    const auto script = AddressScript(node, address->GetStr(), error);
    if (!script) return error;
    auto hashes = node.GenerateToScript(*script, static_cast<int>(*count), max_tries);
    if (!hashes) return ApiError(net::HTTP_INTERNAL_SERVER_ERROR, hashes.error());
    JsonValue list = JsonValue::Array();
    for (const auto& hash : *hashes) list.PushBack(hash.GetHex());
    JsonValue out = JsonValue::Object();
    out.PushKV("blocks", std::move(list));
    return ApiJson(out);
}

net::HttpResponse PutMiningPolicy(node::NodeContext& node, const ApiRequest& request)
{
    auto body = util::ParseJson(request.http.body);
    if (!body || !body->IsObject()) return ApiError(net::HTTP_BAD_REQUEST, "Body must be a JSON object");
    mining::MiningPolicy policy = node.GetMiningPolicy();
    if (const JsonValue* mode = body->Find("mode")) {
        const auto parsed = mode->IsStr() ? mining::MiningModeFromName(mode->GetStr()) : std::nullopt;
        if (!parsed) {
            return ApiError(net::HTTP_BAD_REQUEST, "mode must be one of off, on_demand, mempool_threshold, interval");
        }
        policy.mode = *parsed;
    }
    if (const JsonValue* threshold = body->Find("mempool_threshold")) {
        const auto value = threshold->IsNum() ? threshold->GetInt64() : std::nullopt;
        if (!value || *value < 1) return ApiError(net::HTTP_BAD_REQUEST, "mempool_threshold must be at least 1");
        policy.mempool_threshold = static_cast<size_t>(*value);
    }
    if (const JsonValue* interval = body->Find("interval_seconds")) {
        const double seconds = interval->IsNum() ? interval->GetDouble() : -1;
        if (!(seconds >= 0.001 && seconds <= 86400)) {
            return ApiError(net::HTTP_BAD_REQUEST, "interval_seconds must be from 0.001 to 86400");
        }
        policy.interval = std::chrono::milliseconds{static_cast<int64_t>(seconds * 1000)};
    }
    if (const JsonValue* address = body->Find("address")) {
        if (!address->IsStr()) return ApiError(net::HTTP_BAD_REQUEST, "address must be a string");
        if (address->GetStr().empty()) {
            policy.coinbase_script.clear();
        } else {
            net::HttpResponse error;
            const auto script = AddressScript(node, address->GetStr(), error);
            if (!script) return error;
            policy.coinbase_script = *script;
        }
    }
    node.SetMiningPolicy(policy);
    return ApiJson(PolicyJson(node, node.GetMiningPolicy()));
}

net::HttpResponse Status(node::NodeContext& node)
{
    const node::NodeStatus status = node.GetStatus();
    JsonValue out = JsonValue::Object();
    out.PushKV("network", status.network);
    out.PushKV("height", status.height);
    out.PushKV("bestblockhash", status.best_block_hash.GetHex());
    out.PushKV("peers", status.peers);
    out.PushKV("mempool_size", status.mempool_size);
    out.PushKV("mining_mode", status.mining_mode);
    out.PushKV("uptime", status.uptime_seconds);
    out.PushKV("version", status.version);
    out.PushKV("initialblockdownload", node.Chainman().IsInitialBlockDownload());
    return ApiJson(out);
}

net::HttpResponse Peers(node::NodeContext& node)
{
    JsonValue list = JsonValue::Array();
    if (net::ConnectionManager* connman = node.Connman()) {
        for (const net::ConnectionStats& stats : connman->GetNodeStats()) {
            JsonValue peer = JsonValue::Object();
            peer.PushKV("id", stats.id);
            peer.PushKV("addr", stats.addr.ToStringAddrPort());
            peer.PushKV("connection_type", net::ConnectionTypeAsString(stats.type));
            peer.PushKV("inbound", stats.type == net::ConnectionType::INBOUND);
            peer.PushKV("version", stats.version);
            peer.PushKV("subver", stats.user_agent);
            peer.PushKV("startingheight", stats.starting_height);
            peer.PushKV("conntime", stats.connected_time);
            peer.PushKV("bytessent", stats.bytes_sent);
            peer.PushKV("bytesrecv", stats.bytes_recv);
            list.PushBack(std::move(peer));
        }
    }
    JsonValue out = JsonValue::Object();
    out.PushKV("p2p_enabled", node.Connman() != nullptr);
    out.PushKV("peers", std::move(list));
    return ApiJson(out);
}

net::HttpResponse Events(const std::shared_ptr<EventHub>& hub, const ApiRequest& request)
{
    if (!hub->HasRoom()) return ApiError(net::HTTP_SERVICE_UNAVAILABLE, "Too many event stream subscribers");
    auto response = net::HttpResponse::Make(net::HTTP_OK, {}, "text/event-stream");
    response.headers.emplace_back("Cache-Control", "no-cache");
    response.headers.emplace_back("X-Accel-Buffering", "no");
    if (request.http.method == net::HttpMethod::HEAD) return response; // the head only, no subscription
    response.stream = [hub](const std::shared_ptr<net::HttpStream>& stream) {
        // Lost a race for the last place: end the stream at once rather than block.
        if (!hub->Subscribe(stream)) stream->Close();
    };
    return response;
}

} // namespace

void AddNodeRoutes(RestService::Impl& service, RouteTable& table)
{
    node::NodeContext& node = service.m_node;
    const std::vector<ApiParam> page_params = PageParams();
    std::vector<ApiParam> address_and_page{AddressParam()};
    address_and_page.insert(address_and_page.end(), page_params.begin(), page_params.end());

    table.Add(HttpMethod::GET, "/api/v1/transactions/address/{address}", Role::READ, "transactions",
              "Mempool transactions touching an address and transactions with unspent outputs to it", address_and_page,
              [&service](const ApiRequest& r) { return AddressTransactions(service, r); });
    table.Add(HttpMethod::GET, "/api/v1/addresses/{address}/balance", Role::READ, "addresses",
              "Confirmed balance of an address (UTXO set scan) and its unconfirmed changes", {AddressParam()},
              [&service](const ApiRequest& r) { return AddressBalance(service, r); });
    table.Add(HttpMethod::GET, "/api/v1/addresses/{address}/utxos", Role::READ, "addresses",
              "Unspent outputs of an address, newest first", address_and_page,
              [&service](const ApiRequest& r) { return AddressUtxos(service, r); });
    table.Add(HttpMethod::GET, "/api/v1/mining/info", Role::READ, "mining", "Miner state and hash rate", {},
              [&node](const ApiRequest&) { return MiningInfo(node); });
    ApiRoute& generate = table.Add(HttpMethod::POST, "/api/v1/mining/generatetoaddress", Role::ADMIN, "mining",
                                   "Mine blocks paying an address now (generatetoaddress)", {},
                                   [&node](const ApiRequest& r) { return GenerateToAddress(node, r); });
    generate.body_fields = {
        {"nblocks", ApiParam::In::QUERY, "integer", "Blocks to mine, 1 to " + std::to_string(MAX_API_GENERATE_BLOCKS),
         true},
        {"address", ApiParam::In::QUERY, "string", "Address the coinbase pays", true},
        {"maxtries", ApiParam::In::QUERY, "integer", "Nonces to try at most (default 1000000)", false}};
    table.Add(HttpMethod::GET, "/api/v1/mining/policy", Role::READ, "mining", "The miner's policy", {},
              [&node](const ApiRequest&) { return ApiJson(PolicyJson(node, node.GetMiningPolicy())); });
    ApiRoute& policy = table.Add(HttpMethod::PUT, "/api/v1/mining/policy", Role::ADMIN, "mining",
                                 "Change the miner's policy (members left out keep their value)", {},
                                 [&node](const ApiRequest& r) { return PutMiningPolicy(node, r); });
    policy.body_fields = {
        {"mode", ApiParam::In::QUERY, "string", "off, on_demand, mempool_threshold or interval", false},
        {"mempool_threshold", ApiParam::In::QUERY, "integer", "mempool_threshold: transactions that start a block",
         false},
        {"interval_seconds", ApiParam::In::QUERY, "number", "interval: seconds between blocks", false},
        {"address", ApiParam::In::QUERY, "string", "Address automatic blocks pay (\"\" for the default)", false}};
    table.Add(HttpMethod::GET, "/api/v1/status", Role::READ, "node", "The node at a glance", {},
              [&node](const ApiRequest&) { return Status(node); });
    table.Add(HttpMethod::GET, "/api/v1/peers", Role::ADMIN, "node", "Connected peers", {},
              [&node](const ApiRequest&) { return Peers(node); });
    RestService::Impl* impl = &service;
    table.Add(HttpMethod::GET, "/api/v1/openapi.json", Role::NONE, "node", "This API's OpenAPI 3 document", {},
              [impl](const ApiRequest&) {
                  return net::HttpResponse::Make(net::HTTP_OK, impl->m_openapi_body, "application/json");
              });
    if (service.m_options.events) {
        ApiRoute& events = table.Add(HttpMethod::GET, "/api/v1/events", Role::READ, "node",
                                     "Server-sent events: block, mempool_add, mempool_remove", {},
                                     [hub = service.m_events](const ApiRequest& r) { return Events(hub, r); });
        events.response_type = "text/event-stream";
    }
}

} // namespace rest
