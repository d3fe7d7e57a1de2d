#include <rest/core_rest_json.h>

#include <mempool/txmempool.h>
#include <node/context.h>
#include <primitives/streams.h>
#include <rest/url.h>
#include <rpc/tx_json.h>

namespace rest {

using util::JsonValue;

util::Result<GetUtxosRequest> ParseGetUtxosUri(const std::vector<std::string>& parts)
{
    GetUtxosRequest request;
    size_t first = 0;
    if (!parts.empty() && parts[0] == "checkmempool") {
        request.check_mempool = true;
        first = 1;
    }
    for (size_t i = first; i < parts.size(); ++i) {
        const std::string_view item = parts[i];
        const size_t dash = item.find('-');
        if (dash == std::string_view::npos || item.find('-', dash + 1) != std::string_view::npos) {
            return util::Error{"Parse error"};
        }
        const auto txid = primitives::Txid::FromHex(item.substr(0, dash));
        const auto n = ParseBoundedUint(item.substr(dash + 1), 0, UINT32_MAX);
        if (!txid || !n) return util::Error{"Parse error"};
        request.outpoints.emplace_back(*txid, static_cast<uint32_t>(*n));
    }
    if (request.outpoints.empty()) return util::Error{"Error: empty request"};
    return request;
}

std::optional<GetUtxosRequest> ParseGetUtxosBody(std::string_view body)
{
    const util::ByteSpan bytes{reinterpret_cast<const uint8_t*>(body.data()), body.size()};
    try {
        primitives::SpanReader reader{bytes};
        GetUtxosRequest request;
        uint8_t check = 0;
        reader >> check;
        request.check_mempool = check != 0;
        reader >> request.outpoints;
        if (!reader.empty()) return std::nullopt;
        return request;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

GetUtxosResult LookupUtxos(node::NodeContext& node, const GetUtxosRequest& request)
{
    GetUtxosResult result;
    chain::ChainstateManager& chainman = node.Chainman();
    // The chainstate first, then the mempool (the node's lock order), one lock at a time.
    std::vector<std::optional<primitives::TxOut>> found;
    std::vector<uint32_t> heights;
    if (const chain::BlockIndex* tip = chainman.ActiveTip()) {
        result.height = tip->height;
        result.tip = tip->hash;
    }
    for (const primitives::OutPoint& outpoint : request.outpoints) {
        auto coin = chainman.GetCoin(outpoint);
        found.push_back(coin ? std::optional<primitives::TxOut>{coin->out} : std::nullopt);
        heights.push_back(coin ? static_cast<uint32_t>(coin->height) : 0);
    }
    if (request.check_mempool) {
        mempool::TxMemPool& pool = node.Mempool();
        LOCK(pool.GetMutex());
        for (size_t i = 0; i < request.outpoints.size(); ++i) {
            if (pool.GetSpender(request.outpoints[i])) {
                found[i].reset();
            } else if (!found[i]) {
                if (auto coin = pool.GetMempoolCoin(request.outpoints[i])) {
                    found[i] = coin->out;
                    heights[i] = static_cast<uint32_t>(coin->height);
                }
            }
        }
    }
    for (size_t i = 0; i < found.size(); ++i) {
        result.hits.push_back(found[i].has_value());
        if (found[i]) result.coins.emplace_back(heights[i], std::move(*found[i]));
    }
    return result;
}

std::vector<uint8_t> SerializeGetUtxos(const GetUtxosResult& result)
{
    std::vector<uint8_t> bitmap((result.hits.size() + 7) / 8);
    for (size_t i = 0; i < result.hits.size(); ++i) {
        if (result.hits[i]) bitmap[i / 8] |= static_cast<uint8_t>(1U << (i % 8));
    }
    std::vector<uint8_t> out;
    primitives::VectorWriter writer{out};
    writer << static_cast<int32_t>(result.height) << result.tip << bitmap;
    primitives::WriteCompactSize(writer, result.coins.size());
    for (const auto& [height, txout] : result.coins) {
        // Core's CCoin: a zero where the transaction version once was, the height, the output.
        writer << uint32_t{0} << height << txout;
    }
    return out;
}

JsonValue GetUtxosJson(node::NodeContext& node, const GetUtxosResult& result)
{
    std::string bitmap;
    for (const bool hit : result.hits) bitmap += hit ? '1' : '0';
    JsonValue utxos = JsonValue::Array();
    for (const auto& [height, txout] : result.coins) {
        JsonValue utxo = JsonValue::Object();
        utxo.PushKV("height", static_cast<int32_t>(height));
        utxo.PushKV("value", util::ValueFromAmount(txout.value));
        utxo.PushKV("scriptPubKey",
                    rpc::ScriptPubKeyToJson(script::Script{txout.script_pubkey}, node.Params().GetAddressParams()));
        utxos.PushBack(std::move(utxo));
    }
    JsonValue out = JsonValue::Object();
    out.PushKV("chainHeight", result.height);
    out.PushKV("chaintipHash", result.tip.GetHex());
    out.PushKV("bitmap", bitmap);
    out.PushKV("utxos", std::move(utxos));
    return out;
}

} // namespace rest
