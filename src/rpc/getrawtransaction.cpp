// getrawtransaction (Core's rpc/rawtransaction.cpp): the mempool, a given block, or the
// transaction index (-txindex), through NodeContext::FindTransaction, whose error
// messages are Core's.
#include <rpc/methods.h>
#include <rpc/protocol.h>
#include <rpc/table.h>
#include <rpc/tx_json.h>
#include <rpc/util.h>

#include <chain/chainstate_manager.h>
#include <node/context.h>
#include <storage/block_index_db.h>
#include <storage/undo.h>

#include <algorithm>

namespace rpc {

using util::JsonValue;
using T = RpcArg::Type;
using R = RpcResult::Type;

namespace {

/** Core's ParseVerbosity (default 0, booleans allowed). */
int Verbosity(const JsonValue& arg)
{
    if (arg.IsNull()) return 0;
    if (arg.IsBool()) return arg.GetBool() ? 1 : 0;
    const int64_t value = GetIntChecked(arg);
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
        throw RpcError(RPC_MISC_ERROR, "JSON integer out of range");
    }
    return static_cast<int>(value);
}

RpcMethod GetRawTransactionMethod()
{
    std::vector<RpcResult> verbose_doc{
        {R::BOOL, "in_active_chain", /*optional=*/true,
         "Whether specified block is in the active chain or not (only present with explicit \"blockhash\" argument)"},
        {R::STR_HEX, "blockhash", /*optional=*/true, "the block hash"},
        {R::NUM, "confirmations", /*optional=*/true, "The confirmations"},
        {R::NUM_TIME, "blocktime", /*optional=*/true, "The block time expressed in UNIX epoch time"},
        {R::NUM, "time", /*optional=*/true, "Same as \"blocktime\""},
        {R::STR_HEX, "hex", "The serialized, hex-encoded data for 'txid'"},
    };
    for (RpcResult& result : DecodeTxDoc("The transaction id (same as provided)"))
        verbose_doc.push_back(std::move(result));
    return RpcMethod{
        "getrawtransaction",
        "By default, this call only returns a transaction if it is in the mempool. If -txindex is enabled\n"
        "and no blockhash argument is passed, it will return the transaction if it is in the mempool or any block.\n"
        "If a blockhash argument is passed, it will return the transaction if\n"
        "the specified block is available and the transaction is in that block.\n\n"
        "Hint: Use gettransaction for wallet transactions.\n\n"
        "If verbosity is 0 or omitted, returns the serialized transaction as a hex-encoded string.\n"
        "If verbosity is 1, returns a JSON Object with information about the transaction.\n"
        "If verbosity is 2, returns a JSON Object with information about the transaction, including fee and prevout "
        "information.",
        {
            {"txid", T::STR_HEX, RpcArg::Optional::NO, "The transaction id"},
            {"verbosity|verbose", T::NUM, RpcArg::Default{0},
             "0 for hex-encoded data, 1 for a JSON object, and 2 for JSON object with fee and prevout",
             RpcArgOptions{.skip_type_check = true}},
            {"blockhash", T::STR_HEX, RpcArg::Optional::OMITTED, "The block in which to look for the transaction"},
        },
        {
            RpcResult{"if verbosity is not set or set to 0", R::STR, "data",
                      "The serialized transaction as a hex-encoded string for 'txid'"},
            RpcResult{"if verbosity is set to 1", R::OBJ, "", "", verbose_doc},
            RpcResult{"for verbosity = 2",
                      R::OBJ,
                      "",
                      "",
                      {
                          {R::ELISION, "", "Same output as verbosity = 1"},
                          {R::NUM, "fee", /*optional=*/true,
                           "transaction fee in BTC, omitted if block undo data is not available"},
                          {R::ARR,
                           "vin",
                           "",
                           {
                               {R::OBJ,
                                "",
                                "utxo being spent",
                                {
                                    {R::ELISION, "", "Same output as verbosity = 1"},
                                    {R::OBJ,
                                     "prevout",
                                     /*optional=*/true,
                                     "The previous output, omitted if block undo data is not available",
                                     {
                                         {R::BOOL, "generated", "Coinbase or not"},
                                         {R::NUM, "height", "The height of the prevout"},
                                         {R::STR_AMOUNT, "value", "The value in BTC"},
                                         {R::OBJ, "scriptPubKey", "", ScriptPubKeyDoc()},
                                     }},
                                }},
                           }},
                      }},
        },
        RpcExamples{HelpExampleCli("getrawtransaction", "\"mytxid\"") +
                    HelpExampleCli("getrawtransaction", "\"mytxid\" 1") +
                    HelpExampleRpc("getrawtransaction", "\"mytxid\", 1") +
                    HelpExampleCli("getrawtransaction", "\"mytxid\" 0 \"myblockhash\"") +
                    HelpExampleCli("getrawtransaction", "\"mytxid\" 1 \"myblockhash\"") +
                    HelpExampleCli("getrawtransaction", "\"mytxid\" 2 \"myblockhash\"")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            const auto txid = primitives::Txid::FromUint256(ParseHashV(call.Param(0), "parameter 1"));
            const int verbosity = Verbosity(call.Param(1));
            std::optional<primitives::uint256> block_hash;
            if (!call.Param(2).IsNull()) block_hash = ParseHashV(call.Param(2), "parameter 3");

            auto found = node.FindTransaction(txid, block_hash);
            if (!found) {
                const bool unavailable = found.error().rfind("Block not available", 0) == 0;
                throw RpcError(unavailable ? RPC_MISC_ERROR : RPC_INVALID_ADDRESS_OR_KEY,
                               unavailable ? std::string{"Block not available"} : found.error());
            }
            const primitives::Transaction& tx = *found->tx;
            if (verbosity <= 0) return EncodeHexTx(tx);

            JsonValue result = JsonValue::Object();
            if (block_hash) result.PushKV("in_active_chain", found->in_active_chain);

            // Verbosity 2: the spent coins from the block's undo data, when the block has it.
            std::optional<storage::TxUndo> undo;
            if (verbosity >= 2 && found->block_hash && !tx.IsCoinBase()) {
                chain::ChainstateManager& chainman = node.Chainman();
                const auto info = chainman.GetBlockInfo(*found->block_hash);
                if (info && (info->status & storage::BLOCK_HAVE_MASK) == storage::BLOCK_HAVE_MASK) {
                    auto block_undo = chainman.ReadBlockUndo(*found->block_hash);
                    if (!block_undo) {
                        throw RpcError(RPC_INTERNAL_ERROR,
                                       "Undo data expected but can't be read. This could be due to disk corruption or "
                                       "a conflict with a pruning event.");
                    }
                    auto block = chainman.ReadBlock(*found->block_hash);
                    if (!block) {
                        throw RpcError(RPC_INTERNAL_ERROR,
                                       "Block data expected but can't be read. This could be due to disk corruption "
                                       "or a conflict with a pruning event.");
                    }
                    auto it = std::find_if(block->vtx.begin(), block->vtx.end(),
                                           [&](const primitives::TransactionRef& t) { return t->GetHash() == txid; });
                    const auto index = static_cast<size_t>(it - block->vtx.begin());
                    if (it != block->vtx.end() && index > 0 && index - 1 < block_undo->vtxundo.size()) {
                        undo = block_undo->vtxundo[index - 1];
                    }
                }
            }
            JsonValue tx_json = TxToJson(tx, node.Params().GetAddressParams(), /*include_hex=*/true,
                                         undo ? &*undo : nullptr, /*show_prevout=*/verbosity >= 2);
            for (size_t i = 0; i < tx_json.size(); ++i) result.PushKV(tx_json.Keys()[i], tx_json[i]);
            if (found->block_hash) {
                result.PushKV("blockhash", found->block_hash->GetHex());
                if (found->in_active_chain) {
                    result.PushKV("confirmations", found->confirmations);
                    result.PushKV("time", found->block_time);
                    result.PushKV("blocktime", found->block_time);
                } else {
                    result.PushKV("confirmations", 0);
                }
            }
            return result;
        },
    };
}

} // namespace

void RegisterGetRawTransactionRpcCommand(RpcTable& table)
{
    table.Register("rawtransactions", GetRawTransactionMethod());
}

} // namespace rpc
