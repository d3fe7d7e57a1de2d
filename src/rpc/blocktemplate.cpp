// getblocktemplate (BIP22/23/9/145 as Core 30 serves it): template mode on the active tip
// with the mempool's transactions, and proposal mode (TestBlockValidity). The client must
// send the "segwit" rule, as Core requires. Long polling is not supported: a longpollid
// is accepted and answered at once with the current template.
#include <rpc/block_json.h>
#include <rpc/decode.h>
#include <rpc/methods.h>
#include <rpc/protocol.h>
#include <rpc/table.h>
#include <rpc/util.h>

#include <chain/block_index.h>
#include <chain/chainstate_manager.h>
#include <consensus/validation_state.h>
#include <mining/assembler.h>
#include <net/connman.h>
#include <node/context.h>
#include <primitives/streams.h>
#include <script/script.h>
#include <storage/block_index_db.h>
#include <util/hex.h>
#include <util/sync.h>

#include <cstdio>
#include <map>
#include <set>

namespace rpc {

using util::JsonValue;
using T = RpcArg::Type;
using R = RpcResult::Type;

namespace {

/** Core's MAX_BLOCK_SIGOPS_COST, MAX_BLOCK_SERIALIZED_SIZE and MAX_BLOCK_WEIGHT. */
constexpr int64_t MAX_BLOCK_SIGOPS_COST = 80'000;
constexpr int64_t MAX_BLOCK_SERIALIZED_SIZE = 4'000'000;
constexpr int64_t MAX_BLOCK_WEIGHT = 4'000'000;

std::string Hex32(uint32_t value)
{
    char text[9];
    std::snprintf(text, sizeof(text), "%08x", value);
    return text;
}

/** BIP23 proposal: Core's answers for a known block, a stale parent, or the check's verdict. */
JsonValue Proposal(node::NodeContext& node, const JsonValue& request)
{
    const JsonValue* data = request.Find("data");
    if (!data || !data->IsStr()) throw RpcError(RPC_TYPE_ERROR, "Missing data String key for proposal");
    auto bytes = util::IsHex(data->GetStr()) ? util::TryParseHex(data->GetStr()) : std::nullopt;
    auto block = bytes ? DecodeBlock(*bytes) : util::Result<primitives::Block>{util::Error{""}};
    if (!block) throw RpcError(RPC_DESERIALIZATION_ERROR, "Block decode failed");
    chain::ChainstateManager& chainman = node.Chainman();
    if (const auto info = chainman.GetBlockInfo(block->GetHash())) {
        if ((info->status & storage::BLOCK_VALID_MASK) >= storage::BLOCK_VALID_SCRIPTS) return "duplicate";
        if (info->status & storage::BLOCK_FAILED_MASK) return "duplicate-invalid";
        return "duplicate-inconclusive";
    }
    consensus::BlockValidationState state;
    {
        LOCK(chainman.GetMutex());
        const chain::BlockIndex* tip = chainman.ActiveChain().Tip();
        if (!tip || block->hash_prev_block != tip->hash) return "inconclusive-not-best-prevblk";
        chainman.TestBlockValidity(state, *block, /*check_pow=*/false, /*check_merkle=*/true);
    }
    if (state.IsValid()) return JsonValue{};
    if (state.IsError()) throw RpcError(RPC_VERIFY_ERROR, state.ToString());
    return state.GetRejectReason().empty() ? std::string{"rejected"} : state.GetRejectReason();
}

RpcMethod GetBlockTemplateMethod()
{
    return RpcMethod{
        "getblocktemplate",
        "If the request parameters include a 'mode' key, that is used to explicitly select between the default "
        "'template' request or a 'proposal'.\n"
        "It returns data needed to construct a block to work on.\n"
        "For full specification, see BIPs 22, 23, 9, and 145:\n"
        "    https://github.com/bitcoin/bips/blob/master/bip-0022.mediawiki\n"
        "    https://github.com/bitcoin/bips/blob/master/bip-0023.mediawiki\n"
        "    https://github.com/bitcoin/bips/blob/master/bip-0009.mediawiki#getblocktemplate_changes\n"
        "    https://github.com/bitcoin/bips/blob/master/bip-0145.mediawiki\n",
        {
            {"template_request",
             T::OBJ,
             RpcArg::Optional::NO,
             "Format of the template",
             {
                 {"mode", T::STR, RpcArg::Optional::OMITTED,
                  "This must be set to \"template\", \"proposal\" (see BIP 23), or omitted"},
                 {"capabilities",
                  T::ARR,
                  RpcArg::Optional::OMITTED,
                  "A list of strings",
                  {
                      {"str", T::STR, RpcArg::Optional::OMITTED,
                       "client side supported feature, 'longpoll', 'coinbasevalue', 'proposal', 'serverlist', "
                       "'workid'"},
                  }},
                 {"rules",
                  T::ARR,
                  RpcArg::Optional::NO,
                  "A list of strings",
                  {
                      {"segwit", T::STR, RpcArg::Optional::NO, "(literal) indicates client side segwit support"},
                      {"str", T::STR, RpcArg::Optional::OMITTED, "other client side supported softfork deployment"},
                  }},
                 {"longpollid", T::STR, RpcArg::Optional::OMITTED,
                  "delay processing request until the result would vary significantly from the \"longpollid\" of a "
                  "prior template"},
                 {"data", T::STR_HEX, RpcArg::Optional::OMITTED,
                  "proposed block data to check, encoded in hexadecimal; valid only for mode=\"proposal\""},
             }},
        },
        {
            RpcResult{"If the proposal was accepted with mode=='proposal'", R::NONE, "", ""},
            RpcResult{"If the proposal was not accepted with mode=='proposal'", R::STR, "", "According to BIP22"},
            RpcResult{
                "Otherwise",
                R::OBJ,
                "",
                "",
                {
                    {R::NUM, "version", "The preferred block version"},
                    {R::ARR,
                     "rules",
                     "specific block rules that are to be enforced",
                     {{R::STR, "", "name of a rule the client must understand to some extent; see BIP 9 for format"}}},
                    {R::OBJ_DYN,
                     "vbavailable",
                     "set of pending, supported versionbit (BIP 9) softfork deployments",
                     {{R::NUM, "rulename",
                       "identifies the bit number as indicating acceptance and readiness for the named softfork "
                       "rule"}}},
                    {R::ARR, "capabilities", "", {{R::STR, "value", "A supported feature, for example 'proposal'"}}},
                    {R::NUM, "vbrequired", "bit mask of versionbits the server requires set in submissions"},
                    {R::STR, "previousblockhash", "The hash of current highest block"},
                    {R::ARR,
                     "transactions",
                     "contents of non-coinbase transactions that should be included in the next block",
                     {{R::OBJ,
                       "",
                       "",
                       {
                           {R::STR_HEX, "data", "transaction data encoded in hexadecimal (byte-for-byte)"},
                           {R::STR_HEX, "txid", "transaction hash excluding witness data, shown in byte-reversed hex"},
                           {R::STR_HEX, "hash", "transaction hash including witness data, shown in byte-reversed hex"},
                           {R::ARR,
                            "depends",
                            "array of numbers",
                            {{R::NUM, "",
                              "transactions before this one (by 1-based index in 'transactions' list) that must be "
                              "present in the final block if this one is"}}},
                           {R::NUM, "fee",
                            "difference in value between transaction inputs and outputs (in satoshis); for coinbase "
                            "transactions, this is a negative Number of the total collected block fees (ie, not "
                            "including the block subsidy); if key is not present, fee is unknown and clients MUST NOT "
                            "assume there isn't one"},
                           {R::NUM, "sigops",
                            "total SigOps cost, as counted for purposes of block limits; if key is not present, sigop "
                            "cost is unknown and clients MUST NOT assume it is zero"},
                           {R::NUM, "weight", "total transaction weight, as counted for purposes of block limits"},
                       }}}},
                    {R::OBJ_DYN,
                     "coinbaseaux",
                     "data that should be included in the coinbase's scriptSig content",
                     {{R::STR_HEX, "key", "values must be in the coinbase (keys may be ignored)"}}},
                    {R::NUM, "coinbasevalue",
                     "maximum allowable input to coinbase transaction, including the generation award and "
                     "transaction fees (in satoshis)"},
                    {R::STR, "longpollid", "an id to include with a request to longpoll on an update to this template"},
                    {R::STR, "target", "The hash target"},
                    {R::NUM_TIME, "mintime",
                     "The minimum timestamp appropriate for the next block time, expressed in UNIX epoch time. "
                     "Adjusted for the proposed BIP94 timewarp rule."},
                    {R::ARR,
                     "mutable",
                     "list of ways the block template may be changed",
                     {{R::STR, "value",
                       "A way the block template may be changed, e.g. 'time', 'transactions', 'prevblock'"}}},
                    {R::STR_HEX, "noncerange", "A range of valid nonces"},
                    {R::NUM, "sigoplimit", "limit of sigops in blocks"},
                    {R::NUM, "sizelimit", "limit of block size"},
                    {R::NUM, "weightlimit", /*optional=*/true, "limit of block weight"},
                    {R::NUM_TIME, "curtime",
                     "current timestamp in UNIX epoch time. Adjusted for the proposed BIP94 timewarp rule."},
                    {R::STR, "bits", "compressed target of next block"},
                    {R::NUM, "height", "The height of the next block"},
                    {R::STR_HEX, "signet_challenge", /*optional=*/true, "Only on signet"},
                    {R::STR_HEX, "default_witness_commitment", /*optional=*/true,
                     "a valid witness commitment for the unmodified block template"},
                }},
        },
        RpcExamples{HelpExampleCli("getblocktemplate", "'{\"rules\": [\"segwit\"]}'") +
                    HelpExampleRpc("getblocktemplate", "{\"rules\": [\"segwit\"]}")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            const JsonValue& request = call.Param(0);
            std::string mode = "template";
            std::set<std::string> client_rules;
            if (request.IsObject()) {
                if (const JsonValue* m = request.Find("mode"); m && m->IsStr()) {
                    mode = m->GetStr();
                } else if (m && !m->IsNull()) {
                    throw RpcError(RPC_INVALID_PARAMETER, "Invalid mode");
                }
                if (mode == "proposal") return Proposal(node, request);
                if (const JsonValue* rules = request.Find("rules"); rules && rules->IsArray()) {
                    for (const JsonValue& rule : rules->Values()) {
                        if (rule.IsStr()) client_rules.insert(rule.GetStr());
                    }
                }
            }
            if (mode != "template") throw RpcError(RPC_INVALID_PARAMETER, "Invalid mode");

            const consensus::ChainParams& params = node.Params();
            if (!params.IsTestChain()) {
                if (!node.Connman() || node.Connman()->GetNodeCount(net::ConnectionDirection::BOTH) == 0) {
                    throw RpcError(RPC_CLIENT_NOT_CONNECTED, "bitnode is not connected!");
                }
                if (node.Chainman().IsInitialBlockDownload()) {
                    throw RpcError(RPC_CLIENT_IN_INITIAL_DOWNLOAD,
                                   "bitnode is in initial sync and waiting for blocks...");
                }
            }
            if (params.GetChainType() == consensus::ChainType::SIGNET && !client_rules.count("signet")) {
                throw RpcError(RPC_INVALID_PARAMETER, "getblocktemplate must be called with the signet rule set "
                                                      "(call with {\"rules\": [\"segwit\", \"signet\"]})");
            }
            if (!client_rules.count("segwit")) {
                throw RpcError(RPC_INVALID_PARAMETER,
                               "getblocktemplate must be called with the segwit rule set (call with {\"rules\": "
                               "[\"segwit\"]})");
            }

            // The template must see the mempool in step with the tip (blocks reach it on the
            // notification thread).
            node.Signals().SyncWithValidationInterfaceQueue();
            script::Script op_true;
            op_true << script::OP_TRUE;
            auto made = mining::CreateNewBlock(node.Chainman(), &node.Mempool(),
                                               primitives::ScriptBytes{op_true.begin(), op_true.end()},
                                               node.Options().mining.assembler);
            if (!made) throw RpcError(RPC_INTERNAL_ERROR, made.error());
            const mining::BlockTemplate& tmpl = **made;
            const primitives::Block& block = tmpl.block;

            std::map<primitives::Txid, size_t> index_of;
            JsonValue transactions = JsonValue::Array();
            for (size_t i = 1; i < block.vtx.size(); ++i) {
                const primitives::Transaction& tx = *block.vtx[i];
                index_of[tx.GetHash()] = i;
                JsonValue entry = JsonValue::Object();
                entry.PushKV("data", util::HexStr(primitives::SerializeToBytes(primitives::TX_WITH_WITNESS(tx))));
                entry.PushKV("txid", tx.GetHash().GetHex());
                entry.PushKV("hash", tx.GetWitnessHash().GetHex());
                JsonValue depends = JsonValue::Array();
                for (const primitives::TxIn& in : tx.vin) {
                    if (auto it = index_of.find(in.prevout.hash); it != index_of.end()) depends.PushBack(it->second);
                }
                entry.PushKV("depends", std::move(depends));
                entry.PushKV("fee", i < tmpl.tx_fees.size() ? tmpl.tx_fees[i] : 0);
                entry.PushKV("sigops", i < tmpl.tx_sigops.size() ? tmpl.tx_sigops[i] : 0);
                entry.PushKV("weight", tx.GetWeight());
                transactions.PushBack(std::move(entry));
            }
            JsonValue capabilities = JsonValue::Array();
            capabilities.PushBack("proposal");
            JsonValue rules = JsonValue::Array();
            rules.PushBack("csv");
            rules.PushBack("!segwit");
            if (params.GetChainType() == consensus::ChainType::SIGNET) rules.PushBack("!signet");
            JsonValue mutable_fields = JsonValue::Array();
            mutable_fields.PushBack("time");
            mutable_fields.PushBack("transactions");
            mutable_fields.PushBack("prevblock");

            JsonValue result = JsonValue::Object();
            result.PushKV("capabilities", std::move(capabilities));
            result.PushKV("version", block.version);
            result.PushKV("rules", std::move(rules));
            result.PushKV("vbavailable", JsonValue::Object());
            result.PushKV("vbrequired", 0);
            result.PushKV("previousblockhash", block.hash_prev_block.GetHex());
            result.PushKV("transactions", std::move(transactions));
            result.PushKV("coinbaseaux", JsonValue::Object());
            result.PushKV("coinbasevalue", block.vtx[0]->vout[0].value);
            result.PushKV("longpollid", tmpl.LongPollId());
            result.PushKV("target", tmpl.target.GetHex());
            result.PushKV("mintime", tmpl.min_time);
            result.PushKV("mutable", std::move(mutable_fields));
            result.PushKV("noncerange", "00000000ffffffff");
            result.PushKV("sigoplimit", MAX_BLOCK_SIGOPS_COST);
            result.PushKV("sizelimit", MAX_BLOCK_SERIALIZED_SIZE);
            result.PushKV("weightlimit", MAX_BLOCK_WEIGHT);
            result.PushKV("curtime", block.time);
            result.PushKV("bits", Hex32(block.bits));
            result.PushKV("height", tmpl.height);
            if (params.GetChainType() == consensus::ChainType::SIGNET) {
                result.PushKV("signet_challenge", util::HexStr(params.GetConsensus().signet_challenge));
            }
            if (!tmpl.coinbase_commitment.empty()) {
                result.PushKV("default_witness_commitment", util::HexStr(tmpl.coinbase_commitment));
            }
            return result;
        },
    };
}

} // namespace

void RegisterBlockTemplateRpcCommand(RpcTable& table) { table.Register("mining", GetBlockTemplateMethod()); }

} // namespace rpc
