#include <rest/core_rest_json.h>

#include <mempool/txmempool.h>
#include <node/context.h>
#include <primitives/streams.h>
#include <rest/url.h>
#include <rpc/block_json.h>
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

JsonValue FallbackHeaderJson(node::NodeContext& node, const chain::BlockInfo& info)
{
    const int tip = node.GetHeight();
    char version_hex[9];
    std::snprintf(version_hex, sizeof(version_hex), "%08x", static_cast<uint32_t>(info.header.version));
    char bits[9];
    std::snprintf(bits, sizeof(bits), "%08x", info.header.bits);
    JsonValue out = JsonValue::Object();
    out.PushKV("hash", info.hash.GetHex());
    out.PushKV("confirmations", info.in_active_chain ? tip - info.height + 1 : -1);
    out.PushKV("height", info.height);
    out.PushKV("version", info.header.version);
    out.PushKV("versionHex", std::string{version_hex});
    out.PushKV("merkleroot", info.header.hash_merkle_root.GetHex());
    out.PushKV("time", static_cast<int64_t>(info.header.time));
    out.PushKV("mediantime", info.median_time_past);
    out.PushKV("nonce", static_cast<uint64_t>(info.header.nonce));
    out.PushKV("bits", std::string{bits});
    if (auto target = rpc::TargetFromBits(info.header.bits)) out.PushKV("target", target->GetHex());
    out.PushKV("difficulty", rpc::GetDifficulty(info.header.bits));
    out.PushKV("chainwork", info.chain_work.GetHex());
    out.PushKV("nTx", static_cast<uint64_t>(info.tx_count));
    if (info.height > 0) out.PushKV("previousblockhash", info.header.hash_prev_block.GetHex());
    if (info.next_hash) out.PushKV("nextblockhash", info.next_hash->GetHex());
    return out;
}

JsonValue FallbackBlockJson(node::NodeContext& node, const std::vector<uint8_t>& raw, const chain::BlockInfo& info,
                            bool tx_details)
{
    primitives::Block block;
    primitives::DeserializeFromBytes(raw, primitives::TX_WITH_WITNESS(block), "block");
    JsonValue full = rpc::BlockToJson(block, node.Params().GetAddressParams());
    JsonValue out = FallbackHeaderJson(node, info);
    for (const char* key : {"strippedsize", "size", "weight"}) {
        if (const JsonValue* value = full.Find(key)) out.PushKV(key, *value);
    }
    if (tx_details) {
        if (const JsonValue* txs = full.Find("tx")) out.PushKV("tx", *txs);
    } else {
        JsonValue txids = JsonValue::Array();
        for (const auto& tx : block.vtx) txids.PushBack(tx->GetHash().GetHex());
        out.PushKV("tx", std::move(txids));
    }
    return out;
}

JsonValue FallbackChainInfoJson(node::NodeContext& node)
{
    const node::BlockchainInfo info = node.GetBlockchainInfo();
    JsonValue out = JsonValue::Object();
    out.PushKV("chain", info.chain);
    out.PushKV("blocks", info.blocks);
    out.PushKV("headers", info.headers);
    out.PushKV("bestblockhash", info.best_block_hash.GetHex());
    char bits[9];
    std::snprintf(bits, sizeof(bits), "%08x", info.bits);
    out.PushKV("bits", std::string{bits});
    out.PushKV("target", primitives::ArithToUint256(info.target).GetHex());
    out.PushKV("difficulty", info.difficulty);
    out.PushKV("time", info.time);
    out.PushKV("mediantime", info.median_time);
    out.PushKV("verificationprogress", info.verification_progress);
    out.PushKV("initialblockdownload", info.initial_block_download);
    out.PushKV("chainwork", info.chain_work.GetHex());
    out.PushKV("size_on_disk", info.size_on_disk);
    out.PushKV("pruned", info.pruned);
    out.PushKV("warnings", JsonValue::Array());
    return out;
}

JsonValue FallbackMempoolInfoJson(node::NodeContext& node)
{
    const node::MempoolInfo info = node.GetMempoolInfo();
    JsonValue out = JsonValue::Object();
    out.PushKV("loaded", info.loaded);
    out.PushKV("size", info.size);
    out.PushKV("bytes", info.bytes);
    out.PushKV("usage", info.usage);
    out.PushKV("total_fee", util::ValueFromAmount(info.total_fee));
    out.PushKV("maxmempool", info.maxmempool);
    out.PushKV("mempoolminfee", util::ValueFromAmount(info.mempoolminfee));
    out.PushKV("minrelaytxfee", util::ValueFromAmount(info.minrelaytxfee));
    out.PushKV("incrementalrelayfee", util::ValueFromAmount(info.incrementalrelayfee));
    out.PushKV("unbroadcastcount", info.unbroadcastcount);
    out.PushKV("fullrbf", info.fullrbf);
    return out;
}

JsonValue FallbackMempoolContentsJson(node::NodeContext& node, bool verbose, bool sequence)
{
    const std::vector<mempool::EntryInfo> entries = node.GetMempoolEntries();
    if (!verbose) {
        JsonValue txids = JsonValue::Array();
        for (const auto& entry : entries) txids.PushBack(entry.tx->GetHash().GetHex());
        if (!sequence) return txids;
        JsonValue out = JsonValue::Object();
        out.PushKV("txids", std::move(txids));
        out.PushKV("mempool_sequence", node.Mempool().GetSequence());
        return out;
    }
    JsonValue out = JsonValue::Object();
    for (const auto& entry : entries) {
        JsonValue item = JsonValue::Object();
        item.PushKV("vsize", entry.vsize);
        item.PushKV("weight", entry.tx->GetWeight());
        item.PushKV("time", entry.time);
        item.PushKV("height", entry.height);
        item.PushKV("descendantcount", entry.descendant_count);
        item.PushKV("descendantsize", entry.descendant_size);
        item.PushKV("ancestorcount", entry.ancestor_count);
        item.PushKV("ancestorsize", entry.ancestor_size);
        item.PushKV("wtxid", entry.tx->GetWitnessHash().GetHex());
        JsonValue fees = JsonValue::Object();
        fees.PushKV("base", util::ValueFromAmount(entry.fee));
        fees.PushKV("modified", util::ValueFromAmount(entry.modified_fee));
        fees.PushKV("ancestor", util::ValueFromAmount(entry.ancestor_fees));
        fees.PushKV("descendant", util::ValueFromAmount(entry.descendant_fees));
        item.PushKV("fees", std::move(fees));
        JsonValue depends = JsonValue::Array();
        for (const auto& parent : entry.parents) depends.PushBack(parent.GetHex());
        item.PushKV("depends", std::move(depends));
        out.PushKV(entry.tx->GetHash().GetHex(), std::move(item));
    }
    return out;
}

} // namespace rest
