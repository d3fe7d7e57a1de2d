// /api/v1 routes about the chain, transactions and the mempool.
#include <rest/rest_service.h>

#include <node/context.h>
#include <rest/url.h>
#include <rpc/block_json.h>
#include <rpc/decode.h>
#include <rpc/tx_json.h>
#include <util/hex.h>

#include <algorithm>

namespace rest {

namespace {

using net::HttpMethod;
using util::JsonValue;

ApiParam PathParam(std::string name, std::string type, std::string description)
{
    return {std::move(name), ApiParam::In::PATH, std::move(type), std::move(description), true};
}
ApiParam QueryParam(std::string name, std::string type, std::string description)
{
    return {std::move(name), ApiParam::In::QUERY, std::move(type), std::move(description), false};
}

JsonValue BlockSummary(const chain::BlockInfo& info)
{
    JsonValue out = JsonValue::Object();
    out.PushKV("hash", info.hash.GetHex());
    out.PushKV("height", info.height);
    out.PushKV("time", static_cast<int64_t>(info.header.time));
    out.PushKV("mediantime", info.median_time_past);
    out.PushKV("nTx", static_cast<uint64_t>(info.tx_count));
    char bits[9];
    std::snprintf(bits, sizeof(bits), "%08x", info.header.bits);
    out.PushKV("bits", std::string{bits});
    out.PushKV("difficulty", rpc::GetDifficulty(info.header.bits));
    if (info.height > 0) out.PushKV("previousblockhash", info.header.hash_prev_block.GetHex());
    return out;
}

/** Summaries of active-chain blocks from `top` downwards, `count` at most. */
JsonValue BlocksDownFrom(node::NodeContext& node, int top, size_t count)
{
    JsonValue blocks = JsonValue::Array();
    chain::ChainstateManager& chainman = node.Chainman();
    for (int height = top; height >= 0 && blocks.size() < count; --height) {
        const chain::BlockIndex* index = chainman.ActiveBlockAt(height);
        if (!index) continue; // the tip moved down meanwhile
        if (auto info = chainman.GetBlockInfo(index->hash)) blocks.PushBack(BlockSummary(*info));
    }
    return blocks;
}

/** A full block as getblock prints it (verbosity 2) plus where it sits in the chain. */
net::HttpResponse BlockAnswer(node::NodeContext& node, const primitives::uint256& hash)
{
    const auto info = node.GetBlockHeader(hash);
    if (!info) return ApiError(net::HTTP_NOT_FOUND, "Block " + hash.GetHex() + " not found");
    auto block = node.GetBlock(hash);
    if (!block) return ApiError(net::HTTP_NOT_FOUND, block.error());
    JsonValue out = rpc::BlockToJson(*block, node.Params().GetAddressParams());
    out.PushKV("height", info->height);
    const int tip = node.GetHeight();
    out.PushKV("confirmations", info->in_active_chain ? tip - info->height + 1 : -1);
    out.PushKV("in_active_chain", info->in_active_chain);
    out.PushKV("mediantime", info->median_time_past);
    out.PushKV("chainwork", info->chain_work.GetHex());
    if (info->next_hash) out.PushKV("nextblockhash", info->next_hash->GetHex());
    return ApiJson(out);
}

net::HttpResponse GetBlockchain(node::NodeContext& node)
{
    const node::BlockchainInfo info = node.GetBlockchainInfo();
    JsonValue out = JsonValue::Object();
    out.PushKV("chain", info.chain);
    out.PushKV("blocks", info.blocks);
    out.PushKV("headers", info.headers);
    out.PushKV("bestblockhash", info.best_block_hash.GetHex());
    out.PushKV("difficulty", info.difficulty);
    out.PushKV("time", info.time);
    out.PushKV("mediantime", info.median_time);
    out.PushKV("verificationprogress", info.verification_progress);
    out.PushKV("initialblockdownload", info.initial_block_download);
    out.PushKV("chainwork", info.chain_work.GetHex());
    out.PushKV("size_on_disk", info.size_on_disk);
    out.PushKV("pruned", info.pruned);
    out.PushKV("warnings", info.warnings);
    return ApiJson(out);
}

net::HttpResponse ListBlocks(node::NodeContext& node, const ApiRequest& request)
{
    Page page;
    if (auto error = ParsePage(request, page)) return *error;
    const int tip = node.GetHeight();
    const uint64_t total = static_cast<uint64_t>(tip) + 1;
    const uint64_t skip = (page.page - 1) * page.limit;
    JsonValue out = JsonValue::Object();
    out.PushKV("page", page.page);
    out.PushKV("limit", page.limit);
    out.PushKV("total", total);
    out.PushKV("pages", (total + page.limit - 1) / page.limit);
    out.PushKV("blocks",
               skip < total ? BlocksDownFrom(node, tip - static_cast<int>(skip), page.limit) : JsonValue::Array());
    return ApiJson(out);
}

net::HttpResponse LatestBlocks(node::NodeContext& node, const ApiRequest& request)
{
    Page page;
    if (auto error = ParsePage(request, page)) return *error;
    JsonValue out = JsonValue::Object();
    out.PushKV("blocks", BlocksDownFrom(node, node.GetHeight(), page.limit));
    return ApiJson(out);
}

net::HttpResponse BlockByHash(node::NodeContext& node, const ApiRequest& request)
{
    const std::string& text = request.PathParam("hash");
    const auto hash = primitives::uint256::FromHex(text);
    if (!hash) return ApiError(net::HTTP_BAD_REQUEST, "Invalid block hash (expected 64 hex digits)");
    return BlockAnswer(node, *hash);
}

net::HttpResponse BlockByHeight(node::NodeContext& node, const ApiRequest& request)
{
    const auto height = ParseBoundedUint(request.PathParam("height"), 0, INT32_MAX);
    if (!height) return ApiError(net::HTTP_BAD_REQUEST, "Invalid height (expected a whole number from 0)");
    const chain::BlockIndex* index = node.Chainman().ActiveBlockAt(static_cast<int>(*height));
    if (!index) return ApiError(net::HTTP_NOT_FOUND, "Block height out of range");
    return BlockAnswer(node, index->hash);
}

net::HttpResponse TransactionByTxid(node::NodeContext& node, const ApiRequest& request)
{
    const auto txid = primitives::Txid::FromHex(request.PathParam("txid"));
    if (!txid) return ApiError(net::HTTP_BAD_REQUEST, "Invalid txid (expected 64 hex digits)");
    auto lookup = node.FindTransaction(*txid);
    if (!lookup) return ApiError(net::HTTP_NOT_FOUND, lookup.error());
    JsonValue out = rpc::TxToJson(*lookup->tx, node.Params().GetAddressParams(), /*include_hex=*/true);
    out.PushKV("in_mempool", !lookup->block_hash.has_value());
    if (lookup->block_hash) {
        out.PushKV("blockhash", lookup->block_hash->GetHex());
        out.PushKV("blockheight", lookup->block_height);
        out.PushKV("blocktime", lookup->block_time);
        out.PushKV("confirmations", lookup->confirmations);
    }
    return ApiJson(out);
}

JsonValue EntryJson(const mempool::EntryInfo& entry)
{
    JsonValue out = JsonValue::Object();
    out.PushKV("txid", entry.tx->GetHash().GetHex());
    out.PushKV("wtxid", entry.tx->GetWitnessHash().GetHex());
    out.PushKV("vsize", entry.vsize);
    out.PushKV("weight", entry.tx->GetWeight());
    out.PushKV("fee", util::ValueFromAmount(entry.fee));
    out.PushKV("modified_fee", util::ValueFromAmount(entry.modified_fee));
    out.PushKV("time", entry.time);
    out.PushKV("height", entry.height);
    out.PushKV("ancestorcount", entry.ancestor_count);
    out.PushKV("ancestorsize", entry.ancestor_size);
    out.PushKV("descendantcount", entry.descendant_count);
    out.PushKV("descendantsize", entry.descendant_size);
    JsonValue parents = JsonValue::Array();
    for (const auto& parent : entry.parents) parents.PushBack(parent.GetHex());
    out.PushKV("depends", std::move(parents));
    return out;
}

net::HttpResponse ListMempool(node::NodeContext& node, const ApiRequest& request)
{
    Page page;
    if (auto error = ParsePage(request, page)) return *error;
    std::vector<mempool::EntryInfo> entries = node.GetMempoolEntries();
    // Newest first, then by txid, so pages are stable while nothing changes.
    std::sort(entries.begin(), entries.end(), [](const mempool::EntryInfo& a, const mempool::EntryInfo& b) {
        if (a.time != b.time) return a.time > b.time;
        return a.tx->GetHash().GetHex() < b.tx->GetHash().GetHex();
    });
    const node::MempoolInfo info = node.GetMempoolInfo();
    JsonValue out = JsonValue::Object();
    out.PushKV("size", info.size);
    out.PushKV("bytes", info.bytes);
    out.PushKV("usage", info.usage);
    out.PushKV("total_fee", util::ValueFromAmount(info.total_fee));
    out.PushKV("page", page.page);
    out.PushKV("limit", page.limit);
    out.PushKV("total", entries.size());
    JsonValue list = JsonValue::Array();
    const size_t skip = (page.page - 1) * page.limit;
    for (size_t i = skip; i < entries.size() && list.size() < page.limit; ++i) list.PushBack(EntryJson(entries[i]));
    out.PushKV("transactions", std::move(list));
    return ApiJson(out);
}

net::HttpResponse MempoolEntry(node::NodeContext& node, const ApiRequest& request)
{
    const auto txid = primitives::Txid::FromHex(request.PathParam("txid"));
    if (!txid) return ApiError(net::HTTP_BAD_REQUEST, "Invalid txid (expected 64 hex digits)");
    const auto entry = node.GetMempoolEntry(*txid);
    if (!entry) return ApiError(net::HTTP_NOT_FOUND, "Transaction not in mempool");
    return ApiJson(EntryJson(*entry));
}

net::HttpResponse SubmitTransaction(node::NodeContext& node, const ApiRequest& request)
{
    auto body = util::ParseJson(request.http.body);
    if (!body || !body->IsObject()) return ApiError(net::HTTP_BAD_REQUEST, "Body must be a JSON object {\"hex\": ...}");
    const JsonValue* hex = body->Find("hex");
    if (!hex || !hex->IsStr()) return ApiError(net::HTTP_BAD_REQUEST, "Missing string member \"hex\"");
    const auto bytes = util::TryParseHex(hex->GetStr());
    if (!bytes) return ApiError(net::HTTP_BAD_REQUEST, "TX decode failed: not hex");
    // Core's DecodeHexTx heuristic, as sendrawtransaction.
    auto decoded = rpc::DecodeTx(*bytes);
    if (!decoded) return ApiError(net::HTTP_BAD_REQUEST, "TX decode failed: " + decoded.error());
    const auto tx = std::make_shared<const primitives::Transaction>(std::move(*decoded));
    const node::SubmitResult result = node.SubmitTransaction(tx);
    switch (result.error) {
    case node::TransactionError::OK: {
        JsonValue out = JsonValue::Object();
        out.PushKV("txid", result.txid.GetHex());
        out.PushKV("wtxid", result.wtxid.GetHex());
        return ApiJson(out, 201);
    }
    case node::TransactionError::MISSING_INPUTS:
    case node::TransactionError::ALREADY_IN_UTXO_SET:
    case node::TransactionError::MEMPOOL_REJECTED:
        return ApiError(409, result.message);
    case node::TransactionError::MAX_FEE_EXCEEDED:
    case node::TransactionError::INVALID_PACKAGE:
        return ApiError(net::HTTP_BAD_REQUEST, result.message);
    case node::TransactionError::MEMPOOL_ERROR:
        return ApiError(net::HTTP_INTERNAL_SERVER_ERROR, result.message);
    }
    return ApiError(net::HTTP_INTERNAL_SERVER_ERROR, result.message);
}

} // namespace

void AddChainRoutes(RestService::Impl& service, RouteTable& table)
{
    node::NodeContext& node = service.m_node;
    table.Add(HttpMethod::GET, "/api/v1/blockchain", Role::READ, "blockchain", "Chain summary (getblockchaininfo)", {},
              [&node](const ApiRequest&) { return GetBlockchain(node); });
    table.Add(HttpMethod::GET, "/api/v1/blockchain/blocks", Role::READ, "blockchain",
              "Blocks of the active chain, newest first, one page at a time", PageParams(),
              [&node](const ApiRequest& r) { return ListBlocks(node, r); });
    table.Add(HttpMethod::GET, "/api/v1/blockchain/blocks/latest", Role::READ, "blockchain", "The newest blocks",
              {QueryParam("limit", "integer", "How many, 1 to " + std::to_string(MAX_PAGE_SIZE))},
              [&node](const ApiRequest& r) { return LatestBlocks(node, r); });
    table.Add(HttpMethod::GET, "/api/v1/blockchain/blocks/{hash}", Role::READ, "blockchain",
              "A block with its transactions", {PathParam("hash", "string", "Block hash (64 hex digits)")},
              [&node](const ApiRequest& r) { return BlockByHash(node, r); });
    table.Add(HttpMethod::GET, "/api/v1/blockchain/blocks/height/{height}", Role::READ, "blockchain",
              "The active chain's block at a height", {PathParam("height", "integer", "Block height")},
              [&node](const ApiRequest& r) { return BlockByHeight(node, r); });
    table.Add(HttpMethod::GET, "/api/v1/transactions/mempool", Role::READ, "transactions",
              "Mempool summary and its transactions, newest first", PageParams(),
              [&node](const ApiRequest& r) { return ListMempool(node, r); });
    table.Add(HttpMethod::GET, "/api/v1/transactions/mempool/{txid}", Role::READ, "transactions", "A mempool entry",
              {PathParam("txid", "string", "Transaction id (64 hex digits)")},
              [&node](const ApiRequest& r) { return MempoolEntry(node, r); });
    table.Add(HttpMethod::GET, "/api/v1/transactions/{txid}", Role::READ, "transactions",
              "A transaction from the mempool, or from a block with -txindex",
              {PathParam("txid", "string", "Transaction id (64 hex digits)")},
              [&node](const ApiRequest& r) { return TransactionByTxid(node, r); });
    ApiRoute submit;
    submit.method = HttpMethod::POST;
    submit.pattern = "/api/v1/transactions";
    submit.role = Role::READ;
    submit.tag = "transactions";
    submit.summary = "Submit a raw transaction to the mempool and relay it (sendrawtransaction)";
    submit.body_fields = {{"hex", ApiParam::In::QUERY, "string", "The serialized transaction in hex", true}};
    submit.success_status = 201;
    submit.handler = [&node](const ApiRequest& r) { return SubmitTransaction(node, r); };
    table.Add(std::move(submit));
}

} // namespace rest
