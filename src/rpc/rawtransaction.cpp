// decoderawtransaction, decodescript and createrawtransaction: Core's raw transaction
// methods that need only the network's address parameters.
#include <rpc/decode.h>
#include <rpc/descriptor_infer.h>
#include <rpc/methods.h>
#include <rpc/protocol.h>
#include <rpc/table.h>
#include <rpc/tx_json.h>
#include <rpc/util.h>

#include <crypto/hash.h>
#include <script/address.h>
#include <script/asm.h>
#include <script/interpreter.h>
#include <script/standard.h>
#include <util/hex.h>

#include <set>

namespace rpc {

using util::JsonValue;
using T = RpcArg::Type;
using R = RpcResult::Type;

namespace {

/** Core's DEFAULT_RAWTX_VERSION and the standard version range createrawtransaction accepts. */
constexpr uint32_t DEFAULT_RAWTX_VERSION = 2;
constexpr uint32_t TX_MIN_STANDARD_VERSION = 1;
constexpr uint32_t TX_MAX_STANDARD_VERSION = 3;
/** Core's LOCKTIME_MAX and MAX_BIP125_RBF_SEQUENCE. */
constexpr int64_t LOCKTIME_MAX = 0xFFFFFFFF;
constexpr uint32_t MAX_BIP125_RBF_SEQUENCE = 0xfffffffd;

/** Core's CreateTxDoc: the arguments createrawtransaction (and later createpsbt) take. */
std::vector<RpcArg> CreateTxDoc()
{
    return {
        {"inputs",
         T::ARR,
         RpcArg::Optional::NO,
         "The inputs",
         {
             {"",
              T::OBJ,
              RpcArg::Optional::OMITTED,
              "",
              {
                  {"txid", T::STR_HEX, RpcArg::Optional::NO, "The transaction id"},
                  {"vout", T::NUM, RpcArg::Optional::NO, "The output number"},
                  {"sequence", T::NUM,
                   RpcArg::DefaultHint{"depends on the value of the 'replaceable' and 'locktime' arguments"},
                   "The sequence number"},
              }},
         }},
        {"outputs",
         T::ARR,
         RpcArg::Optional::NO,
         "The outputs specified as key-value pairs.\n"
         "Each key may only appear once, i.e. there can only be one 'data' output, and no address may be "
         "duplicated.\n"
         "At least one output of either type must be specified.\n"
         "For compatibility reasons, a dictionary, which holds the key-value pairs directly, is also\n"
         "                             accepted as second parameter.",
         {
             {"",
              T::OBJ_USER_KEYS,
              RpcArg::Optional::OMITTED,
              "",
              {
                  {"address", T::AMOUNT, RpcArg::Optional::NO,
                   "A key-value pair. The key (string) is the bitcoin address, the value (float or string) is the "
                   "amount in BTC"},
              }},
             {"",
              T::OBJ,
              RpcArg::Optional::OMITTED,
              "",
              {
                  {"data", T::STR_HEX, RpcArg::Optional::NO,
                   "A key-value pair. The key must be \"data\", the value is hex-encoded data that becomes a part of "
                   "an OP_RETURN output"},
              }},
         },
         RpcArgOptions{.skip_type_check = true}},
        {"locktime", T::NUM, RpcArg::Default{0}, "Raw locktime. Non-0 value also locktime-activates inputs"},
        {"replaceable", T::BOOL, RpcArg::Default{true},
         "Marks this transaction as BIP125-replaceable.\n"
         "Allows this transaction to be replaced by a transaction with higher fees. If provided, it is an error if "
         "explicit sequence numbers are incompatible."},
        {"version", T::NUM, RpcArg::Default{DEFAULT_RAWTX_VERSION}, "Transaction version"},
    };
}

void AddInputs(primitives::MutableTransaction& tx, const JsonValue& inputs_in, std::optional<bool> rbf)
{
    const JsonValue inputs = inputs_in.IsNull() ? JsonValue::Array() : inputs_in;
    CheckType(inputs, JsonValue::Type::ARR);
    for (const JsonValue& input : inputs.Values()) {
        CheckType(input, JsonValue::Type::OBJ);
        const primitives::Txid txid = primitives::Txid::FromUint256(ParseHashO(input, "txid"));
        const JsonValue* vout = input.Find("vout");
        if (!vout || !vout->IsNum()) throw RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, missing vout key");
        const int64_t n = GetIntChecked(*vout);
        if (n < 0) throw RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, vout cannot be negative");
        if (n > std::numeric_limits<int32_t>::max()) throw RpcError(RPC_MISC_ERROR, "JSON integer out of range");

        uint32_t sequence;
        if (rbf.value_or(true)) {
            sequence = MAX_BIP125_RBF_SEQUENCE;
        } else if (tx.lock_time != 0) {
            sequence = primitives::TxIn::MAX_SEQUENCE_NONFINAL;
        } else {
            sequence = primitives::TxIn::SEQUENCE_FINAL;
        }
        if (const JsonValue* seq = input.Find("sequence"); seq && seq->IsNum()) {
            const int64_t value = GetIntChecked(*seq);
            if (value < 0 || value > int64_t{primitives::TxIn::SEQUENCE_FINAL}) {
                throw RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, sequence number is out of range");
            }
            sequence = static_cast<uint32_t>(value);
        }
        tx.vin.emplace_back(primitives::OutPoint{txid, static_cast<uint32_t>(n)}, primitives::ScriptBytes{}, sequence);
    }
}

/**
 * The outputs as key-value pairs in order: an array of one-key objects is flattened as
 * Core's NormalizeOutputs does, keeping repeated keys so that they can be refused.
 */
std::vector<std::pair<std::string, JsonValue>> NormalizeOutputs(const JsonValue& outputs_in)
{
    if (outputs_in.IsNull()) {
        throw RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, output argument must be non-null");
    }
    std::vector<std::pair<std::string, JsonValue>> pairs;
    if (outputs_in.IsObject()) {
        for (size_t i = 0; i < outputs_in.size(); ++i) pairs.emplace_back(outputs_in.Keys()[i], outputs_in[i]);
        return pairs;
    }
    CheckType(outputs_in, JsonValue::Type::ARR);
    for (const JsonValue& output : outputs_in.Values()) {
        if (!output.IsObject()) {
            throw RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, key-value pair not an object as expected");
        }
        if (output.size() != 1) {
            throw RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, key-value pair must contain exactly one key");
        }
        pairs.emplace_back(output.Keys()[0], output[0]);
    }
    return pairs;
}

void AddOutputs(primitives::MutableTransaction& tx, const JsonValue& outputs_in, const script::AddressParams& params)
{
    std::set<script::TxDestination> seen;
    bool has_data = false;
    for (const auto& [key, value] : NormalizeOutputs(outputs_in)) {
        if (key == "data") {
            if (has_data) throw RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, duplicate key: data");
            has_data = true;
            // Core reads the value's text whatever its JSON type (getValStr).
            const JsonValue text{value.IsStr() ? value.GetStr() : value.IsNum() ? value.GetNumText() : std::string{}};
            const std::vector<uint8_t> data = ParseHexV(text, "Data");
            script::Script spk;
            spk << script::OP_RETURN << util::ByteSpan{data};
            tx.vout.emplace_back(0, primitives::ScriptBytes{spk.begin(), spk.end()});
            continue;
        }
        const script::TxDestination dest = script::DecodeDestination(key, params);
        const primitives::Amount amount = AmountFromValue(value);
        if (!script::IsValidDestination(dest)) {
            throw RpcError(RPC_INVALID_ADDRESS_OR_KEY, "Invalid Bitcoin address: " + key);
        }
        if (!seen.insert(dest).second) {
            throw RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, duplicated address: " + key);
        }
        const script::Script spk = script::GetScriptForDestination(dest);
        tx.vout.emplace_back(amount, primitives::ScriptBytes{spk.begin(), spk.end()});
    }
}

RpcMethod CreateRawTransactionMethod()
{
    return RpcMethod{
        "createrawtransaction",
        "Create a transaction spending the given inputs and creating new outputs.\n"
        "Outputs can be addresses or data.\n"
        "Returns hex-encoded raw transaction.\n"
        "Note that the transaction's inputs are not signed, and\n"
        "it is not stored in the wallet or transmitted to the network.\n",
        CreateTxDoc(),
        RpcResult{R::STR_HEX, "transaction", "hex string of the transaction"},
        RpcExamples{
            HelpExampleCli("createrawtransaction",
                           "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" \"[{\\\"address\\\":0.01}]\"") +
            HelpExampleCli("createrawtransaction",
                           "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\" \"[{\\\"data\\\":\\\"00010203\\\"}]\"") +
            HelpExampleRpc("createrawtransaction",
                           "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\", \"[{\\\"address\\\":0.01}]\"") +
            HelpExampleRpc("createrawtransaction",
                           "\"[{\\\"txid\\\":\\\"myid\\\",\\\"vout\\\":0}]\", \"[{\\\"data\\\":\\\"00010203\\\"}]\"")},
        [](const RpcCall& call) -> JsonValue {
            const consensus::ChainParams& params = EnsureChainParams(call);
            std::optional<bool> rbf;
            if (!call.Param(3).IsNull()) rbf = GetBoolChecked(call.Param(3));
            const int64_t version = call.ArgInt("version");

            primitives::MutableTransaction tx;
            if (const JsonValue& locktime = call.Param(2); !locktime.IsNull()) {
                const int64_t value = GetIntChecked(locktime);
                if (value < 0 || value > LOCKTIME_MAX) {
                    throw RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, locktime out of range");
                }
                tx.lock_time = static_cast<uint32_t>(value);
            }
            if (version < TX_MIN_STANDARD_VERSION || version > TX_MAX_STANDARD_VERSION) {
                throw RpcError(RPC_INVALID_PARAMETER, "Invalid parameter, version out of range(" +
                                                          std::to_string(TX_MIN_STANDARD_VERSION) + "~" +
                                                          std::to_string(TX_MAX_STANDARD_VERSION) + ")");
            }
            tx.version = static_cast<uint32_t>(version);
            AddInputs(tx, call.Param(0), rbf);
            AddOutputs(tx, call.Param(1), params.GetAddressParams());

            // BIP125: at least one input must signal when the caller asked for replaceability.
            if (rbf.value_or(false) && !tx.vin.empty()) {
                bool signals = false;
                for (const primitives::TxIn& in : tx.vin) signals |= in.sequence <= MAX_BIP125_RBF_SEQUENCE;
                if (!signals) {
                    throw RpcError(RPC_INVALID_PARAMETER,
                                   "Invalid parameter combination: Sequence number(s) contradict replaceable option");
                }
            }
            return EncodeHexTx(primitives::Transaction{std::move(tx)});
        },
    };
}

RpcMethod DecodeRawTransactionMethod()
{
    return RpcMethod{
        "decoderawtransaction",
        "Return a JSON object representing the serialized, hex-encoded transaction.",
        {
            {"hexstring", T::STR_HEX, RpcArg::Optional::NO, "The transaction hex string"},
            {"iswitness", T::BOOL, RpcArg::DefaultHint{"depends on heuristic tests"},
             "Whether the transaction hex is a serialized witness transaction.\n"
             "If iswitness is not present, heuristic tests will be used in decoding.\n"
             "If true, only witness deserialization will be tried.\n"
             "If false, only non-witness deserialization will be tried.\n"
             "This boolean should reflect whether the transaction has inputs\n"
             "(e.g. fully valid, or on-chain transactions), if known by the caller."},
        },
        RpcResult{R::OBJ, "", "", DecodeTxDoc("The transaction id")},
        RpcExamples{HelpExampleCli("decoderawtransaction", "\"hexstring\"") +
                    HelpExampleRpc("decoderawtransaction", "\"hexstring\"")},
        [](const RpcCall& call) -> JsonValue {
            const consensus::ChainParams& params = EnsureChainParams(call);
            const std::optional<bool> iswitness = call.MaybeArgBool("iswitness");
            const bool try_witness = iswitness.value_or(true);
            const bool try_no_witness = !iswitness.value_or(false);
            const std::string hex = call.ArgString("hexstring");
            auto bytes = util::IsHex(hex) ? util::TryParseHex(hex) : std::nullopt;
            if (!bytes) throw RpcError(RPC_DESERIALIZATION_ERROR, "TX decode failed");
            auto tx = DecodeTx(*bytes, try_no_witness, try_witness);
            if (!tx) throw RpcError(RPC_DESERIALIZATION_ERROR, "TX decode failed");
            return TxToJson(primitives::Transaction{std::move(*tx)}, params.GetAddressParams(), /*include_hex=*/false);
        },
    };
}

/** Core's ScriptToUniv with include_address: asm, desc, hex (if asked), address, type. */
JsonValue ScriptToJson(const script::Script& spk, bool include_hex, const std::string& desc,
                       const script::AddressParams& params)
{
    JsonValue out = JsonValue::Object();
    out.PushKV("asm", script::ScriptToAsmStr(spk));
    out.PushKV("desc", desc);
    if (include_hex) out.PushKV("hex", util::HexStr(spk.span()));
    std::vector<std::vector<uint8_t>> solutions;
    const script::TxoutType type = script::Solver(spk, solutions);
    script::TxDestination dest;
    if (script::ExtractDestination(spk, dest) && type != script::TxoutType::PUBKEY) {
        out.PushKV("address", script::EncodeDestination(dest, params));
    }
    out.PushKV("type", script::GetTxnOutputType(type));
    return out;
}

/** Whether a redeem script may be shown wrapped in P2SH (Core's checks in decodescript). */
bool CanWrap(const script::Script& spk, script::TxoutType type)
{
    using script::TxoutType;
    switch (type) {
    case TxoutType::MULTISIG:
    case TxoutType::NONSTANDARD:
    case TxoutType::PUBKEY:
    case TxoutType::PUBKEYHASH:
    case TxoutType::WITNESS_V0_KEYHASH:
    case TxoutType::WITNESS_V0_SCRIPTHASH:
        break;
    case TxoutType::NULL_DATA:
    case TxoutType::SCRIPTHASH:
    case TxoutType::WITNESS_UNKNOWN:
    case TxoutType::WITNESS_V1_TAPROOT:
    case TxoutType::ANCHOR:
        return false;
    }
    if (spk.IsUnspendable()) return false;
    // Every operation must parse and be a known opcode; OP_CHECKSIGADD and OP_SUCCESSx
    // only mean something in tapscript, so such scripts are not offered for wrapping.
    size_t pos = 0;
    script::Opcode op;
    while (pos < spk.size()) {
        if (!spk.GetOp(pos, op)) return false;
        // (OP_CHECKSIGADD lies above MAX_OPCODE, as in Core.)
        if (op > script::MAX_OPCODE || script::IsOpSuccess(op)) return false;
    }
    return true;
}

bool CanWrapP2wsh(script::TxoutType type, const std::vector<std::vector<uint8_t>>& solutions)
{
    using script::TxoutType;
    switch (type) {
    case TxoutType::MULTISIG:
    case TxoutType::PUBKEY:
        // Segwit signatures need compressed keys; the 1-byte solutions are multisig's counts.
        for (const auto& solution : solutions) {
            if (solution.size() != 1 && solution.size() != script::COMPRESSED_PUBKEY_SIZE) return false;
        }
        return true;
    case TxoutType::NONSTANDARD:
    case TxoutType::PUBKEYHASH:
        return true;
    default:
        return false;
    }
}

RpcMethod DecodeScriptMethod()
{
    return RpcMethod{
        "decodescript",
        "Decode a hex-encoded script.\n",
        {
            {"hexstring", T::STR_HEX, RpcArg::Optional::NO, "the hex-encoded script"},
        },
        RpcResult{
            R::OBJ,
            "",
            "",
            {
                {R::STR, "asm", "Disassembly of the script"},
                {R::STR, "desc", "Inferred descriptor for the script"},
                {R::STR, "type", "The output type (e.g. " + GetAllOutputTypes() + ")"},
                {R::STR, "address", /*optional=*/true, "The Bitcoin address (only if a well-defined address exists)"},
                {R::STR, "p2sh", /*optional=*/true,
                 "address of P2SH script wrapping this redeem script (not returned for types that should not "
                 "be wrapped)"},
                {R::OBJ,
                 "segwit",
                 /*optional=*/true,
                 "Result of a witness output script wrapping this redeem script (not returned for types that "
                 "should not be wrapped)",
                 {
                     {R::STR, "asm", "Disassembly of the output script"},
                     {R::STR_HEX, "hex", "The raw output script bytes, hex-encoded"},
                     {R::STR, "type",
                      "The type of the output script (e.g. witness_v0_keyhash or witness_v0_scripthash)"},
                     {R::STR, "address", /*optional=*/true,
                      "The Bitcoin address (only if a well-defined address exists)"},
                     {R::STR, "desc", "Inferred descriptor for the script"},
                     {R::STR, "p2sh-segwit", "address of the P2SH script wrapping this witness redeem script"},
                 }},
            }},
        RpcExamples{HelpExampleCli("decodescript", "\"hexstring\"") + HelpExampleRpc("decodescript", "\"hexstring\"")},
        [](const RpcCall& call) -> JsonValue {
            const script::AddressParams& params = EnsureChainParams(call).GetAddressParams();
            script::Script spk;
            if (const JsonValue& hex = call.Param(0); !GetStrChecked(hex).empty()) {
                spk = script::Script{ParseHexV(hex, "argument")};
            }
            JsonValue result = ScriptToJson(spk, /*include_hex=*/false, InferDescriptor(spk, params), params);

            std::vector<std::vector<uint8_t>> solutions;
            const script::TxoutType type = script::Solver(spk, solutions);
            if (!CanWrap(spk, type)) return result;
            result.PushKV("p2sh", script::EncodeDestination(script::ScriptHash::FromScript(spk), params));
            if (!CanWrapP2wsh(type, solutions)) return result;

            script::Script segwit;
            std::string desc;
            if (type == script::TxoutType::PUBKEY) {
                segwit = script::GetScriptForDestination(script::WitnessV0KeyHash::FromPubKey(solutions[0]));
                desc = InferDescriptor(segwit, params);
            } else if (type == script::TxoutType::PUBKEYHASH) {
                script::WitnessV0KeyHash hash;
                std::copy(solutions[0].begin(), solutions[0].end(), hash.hash.begin());
                segwit = script::GetScriptForDestination(hash);
                desc = InferDescriptor(segwit, params);
            } else {
                segwit = script::GetScriptForDestination(script::WitnessV0ScriptHash::FromScript(spk));
                desc = InferWitnessScriptDescriptor(spk, params);
            }
            JsonValue segwit_json = ScriptToJson(segwit, /*include_hex=*/true, desc, params);
            segwit_json.PushKV("p2sh-segwit",
                               script::EncodeDestination(script::ScriptHash::FromScript(segwit), params));
            result.PushKV("segwit", std::move(segwit_json));
            return result;
        },
    };
}

} // namespace

void RegisterRawTransactionRpcCommands(RpcTable& table)
{
    table.Register("rawtransactions", CreateRawTransactionMethod());
    table.Register("rawtransactions", DecodeRawTransactionMethod());
    table.Register("rawtransactions", DecodeScriptMethod());
}

} // namespace rpc
