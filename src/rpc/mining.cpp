// Core's mining RPC methods over NodeContext: generatetoaddress, generatetodescriptor,
// generateblock, getmininginfo, getnetworkhashps, submitblock, submitheader; and this
// node's mining policy methods, setminingpolicy and getminingpolicy (mining::Miner's
// policies: off, on_demand, mempool_threshold, interval).
#include <rpc/block_json.h>
#include <rpc/decode.h>
#include <rpc/descriptor.h>
#include <rpc/methods.h>
#include <rpc/protocol.h>
#include <rpc/table.h>
#include <rpc/util.h>

#include <chain/block_index.h>
#include <chain/chainstate_manager.h>
#include <chain/notifications.h>
#include <consensus/merkle.h>
#include <consensus/pow.h>
#include <consensus/validation_state.h>
#include <mining/miner.h>
#include <node/context.h>
#include <primitives/streams.h>
#include <script/address.h>
#include <util/hex.h>
#include <util/sync.h>

#include <cstdio>

namespace rpc {

using util::JsonValue;
using T = RpcArg::Type;
using R = RpcResult::Type;

namespace {

primitives::ScriptBytes ToBytes(const script::Script& script) { return {script.begin(), script.end()}; }

/** Core's getScriptFromDescriptor for the descriptors bitnode parses; nullopt if it does not parse. */
std::optional<primitives::ScriptBytes> ScriptFromDescriptor(const std::string& text,
                                                            const script::AddressParams& params, std::string& error)
{
    auto parsed = ParseDescriptor(text, params, /*require_checksum=*/false);
    if (!parsed) {
        error = parsed.error();
        return std::nullopt;
    }
    return ToBytes(parsed->script_pub_key);
}

JsonValue HashesToJson(const std::vector<primitives::uint256>& hashes)
{
    JsonValue out = JsonValue::Array();
    for (const primitives::uint256& hash : hashes) out.PushBack(hash.GetHex());
    return out;
}

JsonValue Generate(node::NodeContext& node, const primitives::ScriptBytes& script, int64_t nblocks, uint64_t max_tries)
{
    if (nblocks < 0 || nblocks > std::numeric_limits<int>::max()) nblocks = 0;
    auto hashes = node.GenerateToScript(script, static_cast<int>(nblocks), max_tries);
    if (!hashes) throw RpcError(RPC_INTERNAL_ERROR, hashes.error());
    return HashesToJson(*hashes);
}

int64_t IntArg(const JsonValue& value)
{
    const int64_t n = GetIntChecked(value);
    if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) {
        throw RpcError(RPC_MISC_ERROR, "JSON integer out of range");
    }
    return n;
}

RpcMethod GenerateToAddressMethod()
{
    return RpcMethod{
        "generatetoaddress",
        "Mine to a specified address and return the block hashes.",
        {
            {"nblocks", T::NUM, RpcArg::Optional::NO, "How many blocks are generated."},
            {"address", T::STR, RpcArg::Optional::NO, "The address to send the newly generated bitcoin to."},
            {"maxtries", T::NUM, RpcArg::Default{mining::DEFAULT_MAX_TRIES}, "How many iterations to try."},
        },
        RpcResult{R::ARR, "", "hashes of blocks generated", {{R::STR_HEX, "", "blockhash"}}},
        RpcExamples{"\nGenerate 11 blocks to myaddress\n" + HelpExampleCli("generatetoaddress", "11 \"myaddress\"") +
                    "If you are using the bitnode wallet, you can get a new address to send the newly generated "
                    "bitcoin to with:\n" +
                    HelpExampleCli("getnewaddress", "")},
        [](const RpcCall& call) -> JsonValue {
            const int64_t nblocks = IntArg(call.Param(0));
            const uint64_t max_tries =
                call.Param(2).IsNull() ? mining::DEFAULT_MAX_TRIES : static_cast<uint64_t>(IntArg(call.Param(2)));
            node::NodeContext& node = EnsureNode(call);
            const script::TxDestination dest =
                script::DecodeDestination(GetStrChecked(call.Param(1)), node.Params().GetAddressParams());
            if (!script::IsValidDestination(dest)) throw RpcError(RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address");
            return Generate(node, ToBytes(script::GetScriptForDestination(dest)), nblocks, max_tries);
        },
    };
}

RpcMethod GenerateToDescriptorMethod()
{
    return RpcMethod{
        "generatetodescriptor",
        "Mine to a specified descriptor and return the block hashes.",
        {
            {"num_blocks", T::NUM, RpcArg::Optional::NO, "How many blocks are generated."},
            {"descriptor", T::STR, RpcArg::Optional::NO, "The descriptor to send the newly generated bitcoin to."},
            {"maxtries", T::NUM, RpcArg::Default{mining::DEFAULT_MAX_TRIES}, "How many iterations to try."},
        },
        RpcResult{R::ARR, "", "hashes of blocks generated", {{R::STR_HEX, "", "blockhash"}}},
        RpcExamples{"\nGenerate 11 blocks to mydesc\n" + HelpExampleCli("generatetodescriptor", "11 \"mydesc\"")},
        [](const RpcCall& call) -> JsonValue {
            const int64_t nblocks = IntArg(call.Param(0));
            const uint64_t max_tries = static_cast<uint64_t>(call.ArgInt("maxtries"));
            node::NodeContext& node = EnsureNode(call);
            std::string error;
            const auto script =
                ScriptFromDescriptor(call.ArgString("descriptor"), node.Params().GetAddressParams(), error);
            if (!script) throw RpcError(RPC_INVALID_ADDRESS_OR_KEY, error);
            return Generate(node, *script, nblocks, max_tries);
        },
    };
}

RpcMethod GenerateBlockMethod()
{
    return RpcMethod{
        "generateblock",
        "Mine a set of ordered transactions to a specified address or descriptor and return the block hash.",
        {
            {"output", T::STR, RpcArg::Optional::NO,
             "The address or descriptor to send the newly generated bitcoin to."},
            {"transactions",
             T::ARR,
             RpcArg::Optional::NO,
             "An array of hex strings which are either txids or raw transactions.\n"
             "Txids must reference transactions currently in the mempool.\n"
             "All transactions must be valid and in valid order, otherwise the block will be rejected.",
             {
                 {"rawtx/txid", T::STR_HEX, RpcArg::Optional::OMITTED, ""},
             }},
            {"submit", T::BOOL, RpcArg::Default{true},
             "Whether to submit the block before the RPC call returns or to return it as hex."},
        },
        RpcResult{R::OBJ,
                  "",
                  "",
                  {
                      {R::STR_HEX, "hash", "hash of generated block"},
                      {R::STR_HEX, "hex", /*optional=*/true, "hex of generated block, only present when submit=false"},
                  }},
        RpcExamples{"\nGenerate a block to myaddress, with txs rawtx and mempool_txid\n" +
                    HelpExampleCli("generateblock", R"("myaddress" '["rawtx", "mempool_txid"]')")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            const script::AddressParams& params = node.Params().GetAddressParams();
            const std::string output = GetStrChecked(call.Param(0));
            std::string error;
            std::optional<primitives::ScriptBytes> script = ScriptFromDescriptor(output, params, error);
            if (!script) {
                const script::TxDestination dest = script::DecodeDestination(output, params);
                if (!script::IsValidDestination(dest)) {
                    throw RpcError(RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address or descriptor");
                }
                script = ToBytes(script::GetScriptForDestination(dest));
            }
            std::vector<primitives::TransactionRef> txs;
            for (const JsonValue& item : call.Param(1).Values()) {
                const std::string& text = GetStrChecked(item);
                if (auto txid = primitives::Txid::FromHex(text)) {
                    primitives::TransactionRef tx = node.Mempool().Get(*txid);
                    if (!tx) throw RpcError(RPC_INVALID_ADDRESS_OR_KEY, "Transaction " + text + " not in mempool.");
                    txs.push_back(std::move(tx));
                    continue;
                }
                auto bytes = util::IsHex(text) ? util::TryParseHex(text) : std::nullopt;
                auto tx = bytes ? DecodeTx(*bytes) : util::Result<primitives::MutableTransaction>{util::Error{""}};
                if (!tx) {
                    throw RpcError(RPC_DESERIALIZATION_ERROR, "Transaction decode failed for " + text +
                                                                  ". Make sure the tx has at least one input.");
                }
                txs.push_back(std::make_shared<const primitives::Transaction>(std::move(*tx)));
            }
            const bool submit = call.ArgBool("submit");
            auto block = node.Miner().GenerateBlock(*script, txs, submit);
            if (!block) {
                const std::string& message = block.error();
                throw RpcError(message.rfind("TestBlockValidity failed", 0) == 0 ? RPC_VERIFY_ERROR : RPC_MISC_ERROR,
                               message);
            }
            JsonValue out = JsonValue::Object();
            out.PushKV("hash", block->hash.GetHex());
            if (!submit && block->block) {
                out.PushKV("hex",
                           util::HexStr(primitives::SerializeToBytes(primitives::TX_WITH_WITNESS(*block->block))));
            }
            return out;
        },
    };
}

/** Core's GetNetworkHashPS over the active chain. */
double NetworkHashPs(node::NodeContext& node, int64_t lookup, int64_t height)
{
    if (lookup < -1 || lookup == 0) {
        throw RpcError(RPC_INVALID_PARAMETER, "Invalid nblocks. Must be a positive number or -1.");
    }
    chain::ChainstateManager& chainman = node.Chainman();
    const int tip_height = chainman.ActiveHeight();
    if (height < -1 || height > tip_height) {
        throw RpcError(RPC_INVALID_PARAMETER, "Block does not exist at specified height");
    }
    const chain::BlockIndex* pb = height >= 0 ? chainman.ActiveBlockAt(static_cast<int>(height)) : chainman.ActiveTip();
    if (!pb || pb->height == 0) return 0;
    if (lookup == -1) lookup = pb->height % node.Params().GetConsensus().DifficultyAdjustmentInterval() + 1;
    if (lookup > pb->height) lookup = pb->height;
    // Block index entries never move or die while the node runs, so the walk needs no lock.
    const chain::BlockIndex* pb0 = pb;
    int64_t min_time = pb0->GetBlockTime();
    int64_t max_time = min_time;
    for (int64_t i = 0; i < lookup && pb0->prev; ++i) {
        pb0 = pb0->prev;
        min_time = std::min(min_time, pb0->GetBlockTime());
        max_time = std::max(max_time, pb0->GetBlockTime());
    }
    if (min_time == max_time) return 0;
    const primitives::arith_uint256 work = pb->chain_work - pb0->chain_work;
    return work.getdouble() / static_cast<double>(max_time - min_time);
}

RpcMethod GetNetworkHashPsMethod()
{
    return RpcMethod{
        "getnetworkhashps",
        "Returns the estimated network hashes per second based on the last n blocks.\n"
        "Pass in [blocks] to override # of blocks, -1 specifies since last difficulty change.\n"
        "Pass in [height] to estimate the network speed at the time when a certain block was found.\n",
        {
            {"nblocks", T::NUM, RpcArg::Default{120},
             "The number of previous blocks to calculate estimate from, or -1 for blocks since last difficulty "
             "change."},
            {"height", T::NUM, RpcArg::Default{-1}, "To estimate at the time of the given height."},
        },
        RpcResult{R::NUM, "", "Hashes per second estimated"},
        RpcExamples{HelpExampleCli("getnetworkhashps", "") + HelpExampleRpc("getnetworkhashps", "")},
        [](const RpcCall& call) -> JsonValue {
            return NetworkHashPs(EnsureNode(call), IntArg(call.Arg("nblocks")), IntArg(call.Arg("height")));
        },
    };
}

std::string Hex32(uint32_t value)
{
    char text[9];
    std::snprintf(text, sizeof(text), "%08x", value);
    return text;
}

RpcMethod GetMiningInfoMethod()
{
    return RpcMethod{
        "getmininginfo",
        "Returns a json object containing mining-related information.",
        {},
        RpcResult{
            R::OBJ,
            "",
            "",
            {
                {R::NUM, "blocks", "The current block"},
                {R::NUM, "currentblockweight", /*optional=*/true,
                 "The block weight (including reserved weight for block header, txs count and coinbase tx) of the "
                 "last assembled block (only present if a block was ever assembled)"},
                {R::NUM, "currentblocktx", /*optional=*/true,
                 "The number of block transactions (excluding coinbase) of the last assembled block (only present if "
                 "a block was ever assembled)"},
                {R::STR_HEX, "bits", "The current nBits, compact representation of the block difficulty target"},
                {R::NUM, "difficulty", "The current difficulty"},
                {R::STR_HEX, "target", "The current target"},
                {R::NUM, "networkhashps", "The network hashes per second"},
                {R::NUM, "pooledtx", "The size of the mempool"},
                {R::STR_AMOUNT, "blockmintxfee", "Minimum feerate of packages selected for block inclusion in BTC/kvB"},
                {R::STR, "chain", "current network name (main, test, testnet4, signet, regtest)"},
                {R::STR_HEX, "signet_challenge", /*optional=*/true,
                 "The block challenge (aka. block script), in hexadecimal (only present if the current network is a "
                 "signet)"},
                {R::OBJ,
                 "next",
                 "The next block",
                 {
                     {R::NUM, "height", "The next height"},
                     {R::STR_HEX, "bits", "The next target nBits"},
                     {R::NUM, "difficulty", "The next difficulty"},
                     {R::STR_HEX, "target", "The next target"},
                 }},
                {R::ARR,
                 "warnings",
                 "any network and blockchain warnings (run with `-deprecatedrpc=warnings` to return the latest "
                 "warning as a single string)",
                 {
                     {R::STR, "", "warning"},
                 }},
            }},
        RpcExamples{HelpExampleCli("getmininginfo", "") + HelpExampleRpc("getmininginfo", "")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            const chain::BlockIndex* tip = node.Chainman().ActiveTip();
            if (!tip) throw RpcError(RPC_INTERNAL_ERROR, "Internal bug detected: no active tip");
            const mining::MiningInfo info = node.GetMiningInfo();
            const consensus::Params& consensus = node.Params().GetConsensus();
            JsonValue out = JsonValue::Object();
            out.PushKV("blocks", tip->height);
            if (info.current_block_weight > 0) {
                out.PushKV("currentblockweight", info.current_block_weight);
                out.PushKV("currentblocktx", info.current_block_tx);
            }
            out.PushKV("bits", Hex32(tip->bits));
            out.PushKV("difficulty", GetDifficulty(tip->bits));
            const auto target = TargetFromBits(tip->bits);
            out.PushKV("target", target ? JsonValue{target->GetHex()} : JsonValue{});
            out.PushKV("networkhashps", NetworkHashPs(node, 120, -1));
            out.PushKV("pooledtx", node.Mempool().Size());
            out.PushKV("blockmintxfee",
                       util::ValueFromAmount(node.Options().mining.assembler.block_min_fee_rate.GetFeePerK()));
            out.PushKV("chain", node.Params().GetChainTypeString());
            if (node.Params().GetChainType() == consensus::ChainType::SIGNET) {
                out.PushKV("signet_challenge", util::HexStr(consensus.signet_challenge));
            }
            const int64_t next_time = std::max(tip->GetMedianTimePast() + 1, node.Clock().Now());
            const uint32_t next_bits =
                consensus::GetNextWorkRequired(chain::BlockIndexAncestry{*tip}, next_time, consensus);
            JsonValue next = JsonValue::Object();
            next.PushKV("height", tip->height + 1);
            next.PushKV("bits", Hex32(next_bits));
            next.PushKV("difficulty", GetDifficulty(next_bits));
            const auto next_target = TargetFromBits(next_bits);
            next.PushKV("target", next_target ? JsonValue{next_target->GetHex()} : JsonValue{});
            out.PushKV("next", std::move(next));
            out.PushKV("warnings", JsonValue::Array());
            return out;
        },
    };
}

/** Catches the chainstate's verdict on one block (Core's submitblock_StateCatcher). */
class BlockStateCatcher final : public chain::ValidationInterface
{
public:
    explicit BlockStateCatcher(const primitives::uint256& hash) : m_hash{hash} {}

    void BlockChecked(const std::shared_ptr<const primitives::Block>& block,
                      const consensus::BlockValidationState& state) override EXCLUSIVE_LOCKS_REQUIRED(!m_mutex)
    {
        if (block->GetHash() != m_hash) return;
        LOCK(m_mutex);
        m_found = true;
        m_state = state;
    }

    std::optional<consensus::BlockValidationState> Result() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex)
    {
        LOCK(m_mutex);
        return m_found ? std::optional{m_state} : std::nullopt;
    }

private:
    const primitives::uint256 m_hash;
    mutable util::Mutex m_mutex;
    bool m_found GUARDED_BY(m_mutex){false};
    consensus::BlockValidationState m_state GUARDED_BY(m_mutex);
};

/** Core's BIP22ValidationResult. */
JsonValue Bip22Result(const consensus::BlockValidationState& state)
{
    if (state.IsValid()) return JsonValue{};
    if (state.IsError()) throw RpcError(RPC_VERIFY_ERROR, state.ToString());
    return state.GetRejectReason().empty() ? std::string{"rejected"} : state.GetRejectReason();
}

RpcMethod SubmitBlockMethod()
{
    return RpcMethod{
        "submitblock",
        "Attempts to submit new block to network.\n"
        "See https://en.bitcoin.it/wiki/BIP_0022 for full specification.\n",
        {
            {"hexdata", T::STR_HEX, RpcArg::Optional::NO, "the hex-encoded block data to submit"},
            {"dummy", T::STR, RpcArg::DefaultHint{"ignored"},
             "dummy value, for compatibility with BIP22. This value is ignored."},
        },
        {
            RpcResult{"If the block was accepted", R::NONE, "", ""},
            RpcResult{"Otherwise", R::STR, "", "According to BIP22"},
        },
        RpcExamples{HelpExampleCli("submitblock", "\"mydata\"") + HelpExampleRpc("submitblock", "\"mydata\"")},
        [](const RpcCall& call) -> JsonValue {
            const std::string& hex = GetStrChecked(call.Param(0));
            auto bytes = util::IsHex(hex) ? util::TryParseHex(hex) : std::nullopt;
            auto decoded = bytes ? DecodeBlock(*bytes) : util::Result<primitives::Block>{util::Error{""}};
            if (!decoded) throw RpcError(RPC_DESERIALIZATION_ERROR, "Block decode failed");
            primitives::Block block = std::move(*decoded);
            if (block.vtx.empty() || !block.vtx[0]->IsCoinBase()) {
                throw RpcError(RPC_DESERIALIZATION_ERROR, "Block does not start with a coinbase");
            }
            // Core's UpdateUncommittedBlockStructures: a block with a witness commitment whose
            // coinbase lacks the reserved value gets the all-zero one.
            if (consensus::GetWitnessCommitmentIndex(block) != consensus::NO_WITNESS_COMMITMENT &&
                block.vtx[0]->vin[0].witness.IsNull()) {
                primitives::MutableTransaction coinbase{*block.vtx[0]};
                coinbase.vin[0].witness.stack.assign(1, std::vector<uint8_t>(32, 0));
                block.vtx[0] = std::make_shared<const primitives::Transaction>(std::move(coinbase));
            }
            node::NodeContext& node = EnsureNode(call);
            auto shared = std::make_shared<const primitives::Block>(std::move(block));
            auto catcher = std::make_shared<BlockStateCatcher>(shared->GetHash());
            node.Signals().RegisterListener(catcher);
            bool new_block = false;
            consensus::BlockValidationState state;
            const bool accepted =
                node.Chainman().ProcessNewBlock(shared, /*force_processing=*/true, &new_block, &state);
            node.Signals().SyncWithValidationInterfaceQueue();
            node.Signals().UnregisterListener(catcher.get());
            if (!new_block && accepted) return "duplicate";
            if (auto caught = catcher->Result()) return Bip22Result(*caught);
            if (!accepted && !state.IsValid()) return Bip22Result(state);
            return "inconclusive";
        },
    };
}

RpcMethod SubmitHeaderMethod()
{
    return RpcMethod{
        "submitheader",
        "Decode the given hexdata as a header and submit it as a candidate chain tip if valid.\n"
        "Throws when the header is invalid.\n",
        {
            {"hexdata", T::STR_HEX, RpcArg::Optional::NO, "the hex-encoded block header data"},
        },
        RpcResult{R::NONE, "", "None"},
        RpcExamples{HelpExampleCli("submitheader", "\"aabbcc\"") + HelpExampleRpc("submitheader", "\"aabbcc\"")},
        [](const RpcCall& call) -> JsonValue {
            const std::string& hex = GetStrChecked(call.Param(0));
            auto bytes = util::IsHex(hex) ? util::TryParseHex(hex) : std::nullopt;
            primitives::BlockHeader header;
            bool ok = bytes && bytes->size() == 80;
            if (ok) {
                try {
                    primitives::DeserializeFromBytes(*bytes, header, "block header");
                } catch (const std::exception&) {
                    ok = false;
                }
            }
            if (!ok) throw RpcError(RPC_DESERIALIZATION_ERROR, "Block header decode failed");
            node::NodeContext& node = EnsureNode(call);
            if (!node.Chainman().LookupBlockIndex(header.hash_prev_block)) {
                throw RpcError(RPC_VERIFY_ERROR,
                               "Must submit previous header (" + header.hash_prev_block.GetHex() + ") first");
            }
            consensus::BlockValidationState state;
            node.Chainman().ProcessNewBlockHeaders(std::span<const primitives::BlockHeader>{&header, 1}, state);
            if (state.IsValid()) return JsonValue{};
            if (state.IsError()) throw RpcError(RPC_VERIFY_ERROR, state.ToString());
            throw RpcError(RPC_VERIFY_ERROR, state.GetRejectReason());
        },
    };
}

JsonValue PolicyToJson(const mining::MiningPolicy& policy, const script::AddressParams& params)
{
    JsonValue out = JsonValue::Object();
    out.PushKV("mode", mining::MiningModeName(policy.mode));
    out.PushKV("mempool_threshold", policy.mempool_threshold);
    out.PushKV("interval", static_cast<double>(policy.interval.count()) / 1000.0);
    if (!policy.coinbase_script.empty()) {
        const script::Script spk{policy.coinbase_script};
        script::TxDestination dest;
        if (script::ExtractDestination(spk, dest)) out.PushKV("address", script::EncodeDestination(dest, params));
        out.PushKV("script", util::HexStr(policy.coinbase_script));
    }
    return out;
}

std::vector<RpcResult> PolicyDoc()
{
    return {
        {R::STR, "mode", "off, on_demand, mempool_threshold or interval"},
        {R::NUM, "mempool_threshold", "mempool_threshold mode: mine when the mempool holds this many transactions"},
        {R::NUM, "interval", "interval mode: seconds between blocks"},
        {R::STR, "address", /*optional=*/true, "where automatic blocks pay, if set and it has an address"},
        {R::STR_HEX, "script", /*optional=*/true, "the output script automatic blocks pay to, if set"},
    };
}

RpcMethod GetMiningPolicyMethod()
{
    return RpcMethod{
        "getminingpolicy",
        "Returns the node's automatic mining policy (bitnode only).\n",
        {},
        RpcResult{R::OBJ, "", "", PolicyDoc()},
        RpcExamples{HelpExampleCli("getminingpolicy", "") + HelpExampleRpc("getminingpolicy", "")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            return PolicyToJson(node.GetMiningPolicy(), node.Params().GetAddressParams());
        },
    };
}

RpcMethod SetMiningPolicyMethod()
{
    return RpcMethod{
        "setminingpolicy",
        "Sets the node's automatic mining policy (bitnode only).\n"
        "Modes: \"off\" and \"on_demand\" mine only when asked (generatetoaddress, generateblock, ...);\n"
        "\"mempool_threshold\" mines a block whenever the mempool holds at least 'threshold' transactions;\n"
        "\"interval\" mines a block every 'interval' seconds.\n"
        "Automatic modes pay to 'address' (or the node's -mineaddress).\n",
        {
            {"mode", T::STR, RpcArg::Optional::NO, "off, on_demand, mempool_threshold or interval"},
            {"options",
             T::OBJ_NAMED_PARAMS,
             RpcArg::Optional::OMITTED,
             "",
             {
                 {"threshold", T::NUM, RpcArg::Default{1}, "mempool_threshold: transactions that trigger a block"},
                 {"interval", T::NUM, RpcArg::Default{600}, "interval: seconds between blocks (may be fractional)"},
                 {"address", T::STR, RpcArg::Optional::OMITTED, "address (or descriptor) automatic blocks pay to"},
             }},
        },
        RpcResult{R::OBJ, "", "the policy now in force", PolicyDoc()},
        RpcExamples{HelpExampleCli("setminingpolicy", "\"interval\" '{\"interval\": 30}'") +
                    HelpExampleCliNamed("setminingpolicy", {{"mode", "mempool_threshold"}, {"threshold", 5}}) +
                    HelpExampleRpc("setminingpolicy", "\"on_demand\"")},
        [](const RpcCall& call) -> JsonValue {
            node::NodeContext& node = EnsureNode(call);
            const script::AddressParams& params = node.Params().GetAddressParams();
            const std::string mode_name = call.ArgString("mode");
            const auto mode = mining::MiningModeFromName(mode_name);
            if (!mode) {
                throw RpcError(RPC_INVALID_PARAMETER,
                               "Unknown mining mode '" + mode_name + "' (off, on_demand, mempool_threshold, interval)");
            }
            mining::MiningPolicy policy = node.GetMiningPolicy();
            policy.mode = *mode;
            const JsonValue options = call.Param(1).IsNull() ? JsonValue::Object() : call.Param(1);
            if (const JsonValue* threshold = options.Find("threshold")) {
                const int64_t value = GetIntChecked(*threshold);
                if (value < 1) throw RpcError(RPC_INVALID_PARAMETER, "threshold must be at least 1");
                policy.mempool_threshold = static_cast<size_t>(value);
            }
            if (const JsonValue* interval = options.Find("interval")) {
                CheckType(*interval, JsonValue::Type::NUM);
                const double seconds = interval->GetDouble();
                if (!(seconds >= 0.01 && seconds <= 86400.0 * 365)) {
                    throw RpcError(RPC_INVALID_PARAMETER, "interval must be between 0.01 and 31536000 seconds");
                }
                policy.interval = std::chrono::milliseconds{static_cast<int64_t>(seconds * 1000)};
            }
            if (const JsonValue* address = options.Find("address")) {
                const std::string& text = GetStrChecked(*address);
                std::string error;
                auto script = ScriptFromDescriptor(text, params, error);
                if (!script) {
                    const script::TxDestination dest = script::DecodeDestination(text, params);
                    if (!script::IsValidDestination(dest)) {
                        throw RpcError(RPC_INVALID_ADDRESS_OR_KEY, "Error: Invalid address or descriptor");
                    }
                    script = ToBytes(script::GetScriptForDestination(dest));
                }
                policy.coinbase_script = std::move(*script);
            }
            node.SetMiningPolicy(policy);
            return PolicyToJson(node.GetMiningPolicy(), params);
        },
    };
}

} // namespace

void RegisterMiningRpcCommands(RpcTable& table)
{
    table.Register("mining", GetMiningInfoMethod());
    table.Register("mining", GetMiningPolicyMethod());
    table.Register("mining", GetNetworkHashPsMethod());
    table.Register("mining", SetMiningPolicyMethod());
    table.Register("mining", SubmitBlockMethod());
    table.Register("mining", SubmitHeaderMethod());
    table.Register("generating", GenerateBlockMethod());
    table.Register("generating", GenerateToAddressMethod());
    table.Register("generating", GenerateToDescriptorMethod());
}

} // namespace rpc
