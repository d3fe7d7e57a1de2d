// Core's blockchain RPC methods over NodeContext: getblockcount, getbestblockhash,
// getblockhash, getblockheader, getblock (verbosity 0-3), getdifficulty, getchaintips,
// getblockchaininfo, gettxout, gettxoutsetinfo, invalidateblock, reconsiderblock.
#include <rpc/block_json.h>
#include <rpc/methods.h>
#include <rpc/protocol.h>
#include <rpc/table.h>
#include <rpc/tx_json.h>
#include <rpc/util.h>

#include <chain/chainstate_manager.h>
#include <consensus/validation_state.h>
#include <node/context.h>
#include <primitives/streams.h>
#include <storage/block_index_db.h>
#include <storage/undo.h>
#include <util/hex.h>
#include <util/sync.h>

#include <cstdio>

namespace rpc {

using util::JsonValue;
using T = RpcArg::Type;
using R = RpcResult::Type;

namespace {

const std::string UNIX_EPOCH_TIME = "UNIX epoch time";
const std::string EXAMPLE_BLOCK_HASH = "\"00000000c937983704a73af28acdec37b049d214adbda81d7e2a3dd146f6ed09\"";

std::string Hex32(uint32_t value)
{
    char text[9];
    std::snprintf(text, sizeof(text), "%08x", value);
    return text;
}

/** Core's blockheaderToJSON from the chainstate's view of one block. */
JsonValue HeaderToJson(const chain::BlockInfo& info, int tip_height)
{
    JsonValue result = JsonValue::Object();
    result.PushKV("hash", info.hash.GetHex());
    result.PushKV("confirmations", info.in_active_chain ? tip_height - info.height + 1 : -1);
    result.PushKV("height", info.height);
    result.PushKV("version", info.header.version);
    result.PushKV("versionHex", Hex32(static_cast<uint32_t>(info.header.version)));
    result.PushKV("merkleroot", info.header.hash_merkle_root.GetHex());
    result.PushKV("time", info.header.time);
    result.PushKV("mediantime", info.median_time_past);
    result.PushKV("nonce", info.header.nonce);
    result.PushKV("bits", Hex32(info.header.bits));
    const auto target = TargetFromBits(info.header.bits);
    result.PushKV("target", target ? JsonValue{target->GetHex()} : JsonValue{});
    result.PushKV("difficulty", GetDifficulty(info.header.bits));
    result.PushKV("chainwork", info.chain_work.GetHex());
    result.PushKV("nTx", info.tx_count);
    if (!info.header.hash_prev_block.IsNull()) result.PushKV("previousblockhash", info.header.hash_prev_block.GetHex());
    if (info.next_hash) result.PushKV("nextblockhash", info.next_hash->GetHex());
    return result;
}

chain::BlockInfo LookupBlock(node::NodeContext& node, const primitives::uint256& hash)
{
    std::optional<chain::BlockInfo> info = node.GetBlockHeader(hash);
    if (!info) throw RpcError(RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
    return *info;
}

/** Core's ParseVerbosity. */
int ParseVerbosity(const JsonValue& arg, int default_verbosity, bool allow_bool)
{
    if (arg.IsNull()) return default_verbosity;
    if (arg.IsBool()) {
        if (!allow_bool) throw RpcError(RPC_TYPE_ERROR, "Verbosity was boolean but only integer allowed");
        return arg.GetBool() ? 1 : 0;
    }
    const int64_t value = GetIntChecked(arg);
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
        throw RpcError(RPC_MISC_ERROR, "JSON integer out of range");
    }
    return static_cast<int>(value);
}

RpcMethod GetBlockCountMethod()
{
    return RpcMethod{
        "getblockcount",
        "Returns the height of the most-work fully-validated chain.\n"
        "The genesis block has height 0.\n",
        {},
        RpcResult{R::NUM, "", "The current block count"},
        RpcExamples{HelpExampleCli("getblockcount", "") + HelpExampleRpc("getblockcount", "")},
        [](const RpcCall& call) -> JsonValue { return EnsureNode(call).GetHeight(); },
    };
}

RpcMethod GetBestBlockHashMethod()
{
    return RpcMethod{
        "getbestblockhash",
        "Returns the hash of the best (tip) block in the most-work fully-validated chain.\n",
        {},
        RpcResult{R::STR_HEX, "", "the block hash, hex-encoded"},
        RpcExamples{HelpExampleCli("getbestblockhash", "") + HelpExampleRpc("getbestblockhash", "")},
        [](const RpcCall& call) -> JsonValue {
            const chain::BlockIndex* tip = EnsureNode(call).Chainman().ActiveTip();
            if (!tip) throw RpcError(RPC_INTERNAL_ERROR, "Internal bug detected: no active tip");
            return tip->hash.GetHex();
        },
    };
}

RpcMethod GetDifficultyMethod()
{
    return RpcMethod{
        "getdifficulty",
        "Returns the proof-of-work difficulty as a multiple of the minimum difficulty.\n",
        {},
        RpcResult{R::NUM, "", "the proof-of-work difficulty as a multiple of the minimum difficulty."},
        RpcExamples{HelpExampleCli("getdifficulty", "") + HelpExampleRpc("getdifficulty", "")},
        [](const RpcCall& call) -> JsonValue { return EnsureNode(call).GetBlockchainInfo().difficulty; },
    };
}

RpcMethod GetBlockHashMethod()
{
    return RpcMethod{
        "getblockhash",
        "Returns hash of block in best-block-chain at height provided.\n",
        {
            {"height", T::NUM, RpcArg::Optional::NO, "The height index"},
        },
        RpcResult{R::STR_HEX, "", "The block hash"},
        RpcExamples{HelpExampleCli("getblockhash", "1000") + HelpExampleRpc("getblockhash", "1000")},
        [](const RpcCall& call) -> JsonValue {
            const int64_t height = call.ArgInt("height");
            if (height < std::numeric_limits<int>::min() || height > std::numeric_limits<int>::max()) {
                throw RpcError(RPC_MISC_ERROR, "JSON integer out of range");
            }
            const chain::BlockIndex* index =
                height < 0 ? nullptr : EnsureNode(call).Chainman().ActiveBlockAt(static_cast<int>(height));
            if (!index) throw RpcError(RPC_INVALID_PARAMETER, "Block height out of range");
            return index->hash.GetHex();
        },
    };
}

std::vector<RpcResult> HeaderResultDoc(bool for_block)
{
    std::vector<RpcResult> doc{
        {R::STR_HEX, "hash", "the block hash (same as provided)"},
        {R::NUM, "confirmations", "The number of confirmations, or -1 if the block is not on the main chain"},
    };
    if (for_block) {
        doc.emplace_back(R::NUM, "size", "The block size");
        doc.emplace_back(R::NUM, "strippedsize", "The block size excluding witness data");
        doc.emplace_back(R::NUM, "weight", "The block weight as defined in BIP 141");
    }
    doc.emplace_back(R::NUM, "height", "The block height or index");
    doc.emplace_back(R::NUM, "version", "The block version");
    doc.emplace_back(R::STR_HEX, "versionHex", "The block version formatted in hexadecimal");
    doc.emplace_back(R::STR_HEX, "merkleroot", "The merkle root");
    if (for_block) {
        doc.emplace_back(R::ARR, "tx", "The transaction ids",
                         std::vector<RpcResult>{{R::STR_HEX, "", "The transaction id"}});
    }
    doc.emplace_back(R::NUM_TIME, "time", "The block time expressed in " + UNIX_EPOCH_TIME);
    doc.emplace_back(R::NUM_TIME, "mediantime", "The median block time expressed in " + UNIX_EPOCH_TIME);
    doc.emplace_back(R::NUM, "nonce", "The nonce");
    doc.emplace_back(R::STR_HEX, "bits", "nBits: compact representation of the block difficulty target");
    doc.emplace_back(R::STR_HEX, "target", "The difficulty target");
    doc.emplace_back(R::NUM, "difficulty", "The difficulty");
    doc.emplace_back(R::STR_HEX, "chainwork",
                     for_block ? "Expected number of hashes required to produce the chain up to this block (in hex)"
                               : "Expected number of hashes required to produce the current chain");
    doc.emplace_back(R::NUM, "nTx", "The number of transactions in the block");
    doc.emplace_back(R::STR_HEX, "previousblockhash", /*optional=*/true,
                     "The hash of the previous block (if available)");
    doc.emplace_back(R::STR_HEX, "nextblockhash", /*optional=*/true, "The hash of the next block (if available)");
    return doc;
}

RpcMethod GetBlockHeaderMethod()
{
    return RpcMethod{
        "getblockheader",
        "If verbose is false, returns a string that is serialized, hex-encoded data for blockheader 'hash'.\n"
        "If verbose is true, returns an Object with information about blockheader <hash>.\n",
        {
            {"blockhash", T::STR_HEX, RpcArg::Optional::NO, "The block hash"},
            {"verbose", T::BOOL, RpcArg::Default{true}, "true for a json object, false for the hex-encoded data"},
        },
        {
            RpcResult{"for verbose = true", R::OBJ, "", "", HeaderResultDoc(/*for_block=*/false)},
            RpcResult{"for verbose=false", R::STR_HEX, "",
                      "A string that is serialized, hex-encoded data for block 'hash'"},
        },
        RpcExamples{HelpExampleCli("getblockheader", EXAMPLE_BLOCK_HASH) +
                    HelpExampleRpc("getblockheader", EXAMPLE_BLOCK_HASH)},
        [](const RpcCall& call) -> JsonValue {
            const primitives::uint256 hash = ParseHashV(call.Param(0), "hash");
            const bool verbose = call.ArgBool("verbose");
            node::NodeContext& node = EnsureNode(call);
            const chain::BlockInfo info = LookupBlock(node, hash);
            if (!verbose) return util::HexStr(primitives::SerializeToBytes(info.header));
            return HeaderToJson(info, node.GetHeight());
        },
    };
}

const RpcResult& GetBlockVinDoc()
{
    static const RpcResult doc{R::ARR,
                               "vin",
                               "",
                               {
                                   {R::OBJ,
                                    "",
                                    "",
                                    {
                                        {R::ELISION, "", "The same output as verbosity = 2"},
                                        {R::OBJ,
                                         "prevout",
                                         "(Only if undo information is available)",
                                         {
                                             {R::BOOL, "generated", "Coinbase or not"},
                                             {R::NUM, "height", "The height of the prevout"},
                                             {R::STR_AMOUNT, "value", "The value in BTC"},
                                             {R::OBJ, "scriptPubKey", "", ScriptPubKeyDoc()},
                                         }},
                                    }},
                               }};
    return doc;
}

RpcMethod GetBlockMethod()
{
    return RpcMethod{
        "getblock",
        "If verbosity is 0, returns a string that is serialized, hex-encoded data for block 'hash'.\n"
        "If verbosity is 1, returns an Object with information about block <hash>.\n"
        "If verbosity is 2, returns an Object with information about block <hash> and information about each "
        "transaction.\n"
        "If verbosity is 3, returns an Object with information about block <hash> and information about each "
        "transaction, including prevout information for inputs (only for unpruned blocks in the current best "
        "chain).\n",
        {
            {"blockhash", T::STR_HEX, RpcArg::Optional::NO, "The block hash"},
            {"verbosity|verbose", T::NUM, RpcArg::Default{1},
             "0 for hex-encoded data, 1 for a JSON object, 2 for JSON object with transaction data, and 3 for JSON "
             "object with transaction data including prevout information for inputs",
             RpcArgOptions{.skip_type_check = true}},
        },
        {
            RpcResult{"for verbosity = 0", R::STR_HEX, "",
                      "A string that is serialized, hex-encoded data for block 'hash'"},
            RpcResult{"for verbosity = 1", R::OBJ, "", "", HeaderResultDoc(/*for_block=*/true)},
            RpcResult{"for verbosity = 2",
                      R::OBJ,
                      "",
                      "",
                      {
                          {R::ELISION, "", "Same output as verbosity = 1"},
                          {R::ARR,
                           "tx",
                           "",
                           {
                               {R::OBJ,
                                "",
                                "",
                                {
                                    {R::ELISION, "",
                                     "The transactions in the format of the getrawtransaction RPC. Different from "
                                     "verbosity = 1 \"tx\" result"},
                                    {R::NUM, "fee",
                                     "The transaction fee in BTC, omitted if block undo data is not available"},
                                }},
                           }},
                      }},
            RpcResult{"for verbosity = 3",
                      R::OBJ,
                      "",
                      "",
                      {
                          {R::ELISION, "", "Same output as verbosity = 2"},
                          {R::ARR, "tx", "", {{R::OBJ, "", "", {GetBlockVinDoc()}}}},
                      }},
        },
        RpcExamples{HelpExampleCli("getblock", EXAMPLE_BLOCK_HASH) + HelpExampleRpc("getblock", EXAMPLE_BLOCK_HASH)},
        [](const RpcCall& call) -> JsonValue {
            const primitives::uint256 hash = ParseHashV(call.Param(0), "blockhash");
            const int verbosity = ParseVerbosity(call.Param(1), /*default_verbosity=*/1, /*allow_bool=*/true);
            node::NodeContext& node = EnsureNode(call);
            const chain::BlockInfo info = LookupBlock(node, hash);
            if (!(info.status & storage::BLOCK_HAVE_DATA)) {
                throw RpcError(RPC_MISC_ERROR, "Block not available (not fully downloaded)");
            }
            chain::ChainstateManager& chainman = node.Chainman();
            if (verbosity <= 0) {
                auto raw = chainman.ReadRawBlock(hash);
                if (!raw) throw RpcError(RPC_MISC_ERROR, "Block not found on disk");
                return util::HexStr(*raw);
            }
            auto block = chainman.ReadBlock(hash);
            if (!block) throw RpcError(RPC_MISC_ERROR, "Block not found on disk");

            JsonValue result = HeaderToJson(info, node.GetHeight());
            result.PushKV("strippedsize", primitives::GetBlockStrippedSize(*block));
            result.PushKV("size", primitives::GetBlockTotalSize(*block));
            result.PushKV("weight", primitives::GetBlockWeight(*block));
            JsonValue txs = JsonValue::Array();
            if (verbosity == 1) {
                for (const primitives::TransactionRef& tx : block->vtx) txs.PushBack(tx->GetHash().GetHex());
            } else {
                // Undo data gives each transaction its fee (and, at verbosity 3, its prevouts).
                std::optional<storage::BlockUndo> undo;
                if ((info.status & storage::BLOCK_HAVE_UNDO) && info.height > 0) {
                    auto read = chainman.ReadBlockUndo(hash);
                    if (!read) {
                        throw RpcError(RPC_INTERNAL_ERROR,
                                       "Undo data expected but can't be read. This could be due to disk corruption or "
                                       "a conflict with a pruning event.");
                    }
                    undo = std::move(*read);
                }
                const script::AddressParams& params = node.Params().GetAddressParams();
                for (size_t i = 0; i < block->vtx.size(); ++i) {
                    const storage::TxUndo* tx_undo =
                        undo && i > 0 && i - 1 < undo->vtxundo.size() ? &undo->vtxundo[i - 1] : nullptr;
                    txs.PushBack(TxToJson(*block->vtx[i], params, /*include_hex=*/true, tx_undo,
                                          /*show_prevout=*/verbosity >= 3));
                }
            }
            result.PushKV("tx", std::move(txs));
            return result;
        },
    };
}

RpcMethod GetChainTipsMethod()
{
    return RpcMethod{
        "getchaintips",
        "Return information about all known tips in the block tree, including the main chain as well as orphaned "
        "branches.\n",
        {},
        RpcResult{R::ARR,
                  "",
                  "",
                  {{R::OBJ,
                    "",
                    "",
                    {
                        {R::NUM, "height", "height of the chain tip"},
                        {R::STR_HEX, "hash", "block hash of the tip"},
                        {R::NUM, "branchlen",
                         "zero for main chain, otherwise length of branch connecting the tip to the main chain"},
                        {R::STR, "status",
                         "status of the chain, \"active\" for the main chain\n"
                         "Possible values for status:\n"
                         "1.  \"invalid\"               This branch contains at least one invalid block\n"
                         "2.  \"headers-only\"          Not all blocks for this branch are available, but the headers "
                         "are valid\n"
                         "3.  \"valid-headers\"         All blocks are available for this branch, but they were never "
                         "fully validated\n"
                         "4.  \"valid-fork\"            This branch is not part of the active chain, but is fully "
                         "validated\n"
                         "5.  \"active\"                This is the tip of the active main chain, which is certainly "
                         "valid"},
                    }}}},
        RpcExamples{HelpExampleCli("getchaintips", "") + HelpExampleRpc("getchaintips", "")},
        [](const RpcCall& call) -> JsonValue {
            JsonValue result = JsonValue::Array();
            for (const chain::ChainTip& tip : EnsureNode(call).Chainman().GetChainTips()) {
                JsonValue entry = JsonValue::Object();
                entry.PushKV("height", tip.height);
                entry.PushKV("hash", tip.hash.GetHex());
                entry.PushKV("branchlen", tip.branch_length);
                entry.PushKV("status", tip.status);
                result.PushBack(std::move(entry));
            }
            return result;
        },
    };
}

RpcMethod GetBlockchainInfoMethod()
{
    return RpcMethod{
        "getblockchaininfo",
        "Returns an object containing various state info regarding blockchain processing.\n",
        {},
        RpcResult{
            R::OBJ,
            "",
            "",
            {
                {R::STR, "chain", "current network name (main, test, testnet4, signet, regtest)"},
                {R::NUM, "blocks", "the height of the most-work fully-validated chain. The genesis block has height 0"},
                {R::NUM, "headers", "the current number of headers we have validated"},
                {R::STR, "bestblockhash", "the hash of the currently best block"},
                {R::STR_HEX, "bits", "nBits: compact representation of the block difficulty target"},
                {R::STR_HEX, "target", "The difficulty target"},
                {R::NUM, "difficulty", "the current difficulty"},
                {R::NUM_TIME, "time", "The block time expressed in " + UNIX_EPOCH_TIME},
                {R::NUM_TIME, "mediantime", "The median block time expressed in " + UNIX_EPOCH_TIME},
                {R::NUM, "verificationprogress", "estimate of verification progress [0..1]"},
                {R::BOOL, "initialblockdownload",
                 "(debug information) estimate of whether this node is in Initial Block Download mode"},
                {R::STR_HEX, "chainwork", "total amount of work in active chain, in hexadecimal"},
                {R::NUM, "size_on_disk", "the estimated size of the block and undo files on disk"},
                {R::BOOL, "pruned", "if the blocks are subject to pruning"},
                {R::STR_HEX, "signet_challenge", /*optional=*/true,
                 "the block challenge (aka. block script), in hexadecimal (only present if the current network is a "
                 "signet)"},
                {R::ARR,
                 "warnings",
                 "any network and blockchain warnings (run with `-deprecatedrpc=warnings` to return the latest "
                 "warning as a single string)",
                 {
                     {R::STR, "", "warning"},
                 }},
            }},
        RpcExamples{HelpExampleCli("getblockchaininfo", "") + HelpExampleRpc("getblockchaininfo", "")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            const node::BlockchainInfo info = node.GetBlockchainInfo();
            JsonValue result = JsonValue::Object();
            result.PushKV("chain", info.chain);
            result.PushKV("blocks", info.blocks);
            result.PushKV("headers", info.headers);
            result.PushKV("bestblockhash", info.best_block_hash.GetHex());
            result.PushKV("bits", Hex32(info.bits));
            result.PushKV("target", info.target.GetHex());
            result.PushKV("difficulty", info.difficulty);
            result.PushKV("time", info.time);
            result.PushKV("mediantime", info.median_time);
            result.PushKV("verificationprogress", info.verification_progress);
            result.PushKV("initialblockdownload", info.initial_block_download);
            result.PushKV("chainwork", info.chain_work.GetHex());
            result.PushKV("size_on_disk", info.size_on_disk);
            result.PushKV("pruned", info.pruned);
            if (node.Params().GetChainType() == consensus::ChainType::SIGNET) {
                result.PushKV("signet_challenge", util::HexStr(node.Params().GetConsensus().signet_challenge));
            }
            JsonValue warnings = JsonValue::Array();
            if (!info.warnings.empty()) warnings.PushBack(info.warnings);
            result.PushKV("warnings", std::move(warnings));
            return result;
        },
    };
}

RpcMethod GetTxOutMethod()
{
    return RpcMethod{
        "gettxout",
        "Returns details about an unspent transaction output.\n",
        {
            {"txid", T::STR, RpcArg::Optional::NO, "The transaction id"},
            {"n", T::NUM, RpcArg::Optional::NO, "vout number"},
            {"include_mempool", T::BOOL, RpcArg::Default{true},
             "Whether to include the mempool. Note that an unspent output that is spent in the mempool won't appear."},
        },
        {
            RpcResult{"If the UTXO was not found", R::NONE, "", ""},
            RpcResult{"Otherwise",
                      R::OBJ,
                      "",
                      "",
                      {
                          {R::STR_HEX, "bestblock", "The hash of the block at the tip of the chain"},
                          {R::NUM, "confirmations", "The number of confirmations"},
                          {R::STR_AMOUNT, "value", "The transaction value in BTC"},
                          {R::OBJ,
                           "scriptPubKey",
                           "",
                           {
                               {R::STR, "asm", "Disassembly of the output script"},
                               {R::STR, "desc", "Inferred descriptor for the output"},
                               {R::STR_HEX, "hex", "The raw output script bytes, hex-encoded"},
                               {R::STR, "type", "The type, eg pubkeyhash"},
                               {R::STR, "address", /*optional=*/true,
                                "The Bitcoin address (only if a well-defined address exists)"},
                           }},
                          {R::BOOL, "coinbase", "Coinbase or not"},
                      }},
        },
        RpcExamples{"\nGet unspent transactions\n" + HelpExampleCli("listunspent", "") + "\nView the details\n" +
                    HelpExampleCli("gettxout", "\"txid\" 1") + "\nAs a JSON-RPC call\n" +
                    HelpExampleRpc("gettxout", "\"txid\", 1")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            const auto txid = primitives::Txid::FromUint256(ParseHashV(call.Param(0), "txid"));
            const int64_t n = GetIntChecked(call.Param(1));
            if (n < 0 || n > std::numeric_limits<uint32_t>::max()) {
                throw RpcError(RPC_MISC_ERROR, "JSON integer out of range");
            }
            const primitives::OutPoint outpoint{txid, static_cast<uint32_t>(n)};
            const bool include_mempool = call.ArgBool("include_mempool");
            // The mempool follows blocks on the notification thread: let it catch up first.
            if (include_mempool) node.Signals().SyncWithValidationInterfaceQueue();

            // Chainstate first, then the mempool (the node's lock order).
            chain::ChainstateManager& chainman = node.Chainman();
            std::optional<storage::Coin> coin;
            primitives::uint256 best;
            int best_height = 0;
            {
                LOCK(chainman.GetMutex());
                coin = chainman.CoinsTip().GetCoin(outpoint);
                best = chainman.CoinsTip().GetBestBlock();
                best_height = chainman.ActiveChain().Height();
            }
            int coin_height = coin ? static_cast<int>(coin->height) : 0;
            if (include_mempool) {
                mempool::TxMemPool& pool = node.Mempool();
                LOCK(pool.GetMutex());
                if (pool.GetSpender(outpoint)) return JsonValue{};
                if (!coin) {
                    if (auto mempool_coin = pool.GetMempoolCoin(outpoint)) {
                        coin = storage::Coin{mempool_coin->out, 0, mempool_coin->coinbase};
                        coin_height = mempool::MEMPOOL_HEIGHT;
                    }
                }
            }
            if (!coin) return JsonValue{};
            JsonValue result = JsonValue::Object();
            result.PushKV("bestblock", best.GetHex());
            result.PushKV("confirmations", coin_height == mempool::MEMPOOL_HEIGHT ? 0 : best_height - coin_height + 1);
            result.PushKV("value", util::ValueFromAmount(coin->out.value));
            result.PushKV("scriptPubKey", ScriptPubKeyToJson(script::Script{coin->out.script_pubkey},
                                                             node.Params().GetAddressParams()));
            result.PushKV("coinbase", coin->coinbase);
            return result;
        },
    };
}

RpcMethod GetTxOutSetInfoMethod()
{
    return RpcMethod{
        "gettxoutsetinfo",
        "Returns statistics about the unspent transaction output set.\n"
        "Note this call may take some time if you are not using coinstatsindex.\n",
        {
            {"hash_type", T::STR, RpcArg::Default{"hash_serialized_3"},
             "Which UTXO set hash should be calculated. Options: 'hash_serialized_3' (the legacy algorithm), "
             "'muhash', 'none'."},
            {"hash_or_height", T::NUM, RpcArg::DefaultHint{"the current best block"},
             "The block hash or height of the target height (only available with coinstatsindex).",
             RpcArgOptions{.skip_type_check = true,
                           .type_str = {"", "string or numeric"},
                           .client_format = ClientFormat::JSON_OR_STRING}},
            {"use_index", T::BOOL, RpcArg::Default{true}, "Use coinstatsindex, if available."},
        },
        RpcResult{R::OBJ,
                  "",
                  "",
                  {
                      {R::NUM, "height", "The block height (index) of the returned statistics"},
                      {R::STR_HEX, "bestblock", "The hash of the block at which these statistics are calculated"},
                      {R::NUM, "txouts", "The number of unspent transaction outputs"},
                      {R::NUM, "bogosize", "Database-independent, meaningless metric indicating the UTXO set size"},
                      {R::STR_HEX, "hash_serialized_3", /*optional=*/true,
                       "The serialized hash (only present if 'hash_serialized_3' hash_type is chosen)"},
                      {R::NUM, "transactions", /*optional=*/true,
                       "The number of transactions with unspent outputs (not available when coinstatsindex is used)"},
                      {R::NUM, "disk_size", /*optional=*/true,
                       "The estimated size of the chainstate on disk (not available when coinstatsindex is used)"},
                      {R::STR_AMOUNT, "total_amount", "The total amount of coins in the UTXO set"},
                  }},
        RpcExamples{HelpExampleCli("gettxoutsetinfo", "") + HelpExampleCli("gettxoutsetinfo", R"("none")") +
                    HelpExampleRpc("gettxoutsetinfo", "") + HelpExampleRpc("gettxoutsetinfo", R"("none")")},
        [](const RpcCall& call) -> JsonValue {
            const std::string hash_type = call.ArgString("hash_type");
            if (hash_type == "muhash") {
                throw RpcError(RPC_INVALID_PARAMETER, "hash_type 'muhash' is not supported by bitnode yet");
            }
            if (hash_type != "hash_serialized_3" && hash_type != "none") {
                throw RpcError(RPC_INVALID_PARAMETER, "'" + hash_type + "' is not a valid hash_type");
            }
            if (!call.Param(1).IsNull()) {
                throw RpcError(RPC_INVALID_PARAMETER, "Querying specific block heights requires coinstatsindex");
            }
            node::NodeContext& node = EnsureNode(call);
            auto info = node.Chainman().GetUtxoSetInfo([&node] { return !node.ShutdownRequested(); });
            if (!info) throw RpcError(RPC_INTERNAL_ERROR, "Unable to read UTXO set: " + info.error());
            JsonValue result = JsonValue::Object();
            result.PushKV("height", info->height);
            result.PushKV("bestblock", info->stats.best_block.GetHex());
            result.PushKV("txouts", info->stats.txouts);
            result.PushKV("bogosize", info->stats.bogo_size);
            if (hash_type == "hash_serialized_3")
                result.PushKV("hash_serialized_3", info->stats.hash_serialized.GetHex());
            result.PushKV("transactions", info->stats.transactions);
            result.PushKV("disk_size", info->stats.disk_size);
            if (!info->stats.total_amount) throw RpcError(RPC_INTERNAL_ERROR, "Unable to read UTXO set");
            result.PushKV("total_amount", util::ValueFromAmount(*info->stats.total_amount));
            return result;
        },
    };
}

RpcMethod VerifyChainMethod()
{
    return RpcMethod{
        "verifychain",
        "Verifies blockchain database.\n",
        {
            {"checklevel", T::NUM,
             RpcArg::DefaultHint{std::to_string(chain::DEFAULT_CHECKLEVEL) + ", range=0-4"},
             "How thorough the block verification is:\n"
             "- level 0 reads the blocks from disk\n"
             "- level 1 verifies block validity\n"
             "- level 2 verifies undo data\n"
             "- level 3 checks disconnection of tip blocks\n"
             "- level 4 tries to reconnect the blocks\n"
             "- each level includes the checks of the previous levels"},
            {"nblocks", T::NUM, RpcArg::DefaultHint{std::to_string(chain::DEFAULT_CHECKBLOCKS) + ", 0=all"},
             "The number of blocks to check."},
        },
        RpcResult{R::BOOL, "", "Verification finished successfully. If false, check debug.log for reason."},
        RpcExamples{HelpExampleCli("verifychain", "") + HelpExampleRpc("verifychain", "")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            const int check_level = call.Param(0).IsNull() ? chain::DEFAULT_CHECKLEVEL
                                                            : static_cast<int>(GetIntChecked(call.Param(0)));
            const int check_blocks = call.Param(1).IsNull() ? chain::DEFAULT_CHECKBLOCKS
                                                             : static_cast<int>(GetIntChecked(call.Param(1)));
            return JsonValue{node.Chainman().VerifyChain(check_level, check_blocks)};
        },
    };
}

RpcMethod InvalidateBlockMethod()
{
    return RpcMethod{
        "invalidateblock",
        "Permanently marks a block as invalid, as if it violated a consensus rule.\n",
        {
            {"blockhash", T::STR_HEX, RpcArg::Optional::NO, "the hash of the block to mark as invalid"},
        },
        RpcResult{R::NONE, "", ""},
        RpcExamples{HelpExampleCli("invalidateblock", "\"blockhash\"") +
                    HelpExampleRpc("invalidateblock", "\"blockhash\"")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            const primitives::uint256 hash = ParseHashV(call.Param(0), "blockhash");
            if (!node.Chainman().LookupBlockIndex(hash)) throw RpcError(RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
            consensus::BlockValidationState state;
            node.Chainman().InvalidateBlock(state, hash);
            if (state.IsValid()) node.Chainman().ActivateBestChain(state);
            if (!state.IsValid()) throw RpcError(RPC_DATABASE_ERROR, state.ToString());
            return JsonValue{};
        },
    };
}

RpcMethod ReconsiderBlockMethod()
{
    return RpcMethod{
        "reconsiderblock",
        "Removes invalidity status of a block, its ancestors and its descendants, reconsider them for activation.\n"
        "This can be used to undo the effects of invalidateblock.\n",
        {
            {"blockhash", T::STR_HEX, RpcArg::Optional::NO, "the hash of the block to reconsider"},
        },
        RpcResult{R::NONE, "", ""},
        RpcExamples{HelpExampleCli("reconsiderblock", "\"blockhash\"") +
                    HelpExampleRpc("reconsiderblock", "\"blockhash\"")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            const primitives::uint256 hash = ParseHashV(call.Param(0), "blockhash");
            if (!node.Chainman().LookupBlockIndex(hash)) throw RpcError(RPC_INVALID_ADDRESS_OR_KEY, "Block not found");
            consensus::BlockValidationState state;
            node.Chainman().ReconsiderBlock(state, hash);
            if (state.IsValid()) node.Chainman().ActivateBestChain(state);
            if (!state.IsValid()) throw RpcError(RPC_DATABASE_ERROR, state.ToString());
            return JsonValue{};
        },
    };
}

} // namespace

void RegisterBlockchainRpcCommands(RpcTable& table)
{
    table.Register("blockchain", GetBestBlockHashMethod());
    table.Register("blockchain", GetBlockMethod());
    table.Register("blockchain", GetBlockchainInfoMethod());
    table.Register("blockchain", GetBlockCountMethod());
    table.Register("blockchain", GetBlockHashMethod());
    table.Register("blockchain", GetBlockHeaderMethod());
    table.Register("blockchain", GetChainTipsMethod());
    table.Register("blockchain", GetDifficultyMethod());
    table.Register("blockchain", GetTxOutMethod());
    table.Register("blockchain", GetTxOutSetInfoMethod());
    table.Register("blockchain", VerifyChainMethod());
    table.Register("hidden", InvalidateBlockMethod());
    table.Register("hidden", ReconsiderBlockMethod());
}

} // namespace rpc
