#include <rpc/util.h>

#include <node/context.h>
#include <rpc/protocol.h>
#include <script/standard.h>
#include <util/hex.h>

#include <any>
#include <cctype>

namespace rpc {

using util::JsonValue;
using R = RpcResult::Type;

node::NodeContext* MaybeNode(const RpcCall& call)
{
    const std::any& context = call.Request().context;
    if (const auto* node = std::any_cast<node::NodeContext*>(&context)) return *node;
    return nullptr;
}

node::NodeContext& EnsureNode(const RpcCall& call)
{
    node::NodeContext* node = MaybeNode(call);
    if (!node) throw RpcError(RPC_INTERNAL_ERROR, "Node context not found");
    return *node;
}

const consensus::ChainParams& EnsureChainParams(const RpcCall& call)
{
    if (node::NodeContext* node = MaybeNode(call)) return node->Params();
    const std::any& context = call.Request().context;
    if (const auto* params = std::any_cast<const consensus::ChainParams*>(&context); params && *params) {
        return **params;
    }
    throw RpcError(RPC_INTERNAL_ERROR, "Node context not found");
}

std::optional<int64_t> ParseFixedPoint(std::string_view text, int decimals)
{
    // Values must stay below 10^18 in the smallest unit, as in Core, so that every
    // accepted amount fits int64 with room for sums.
    constexpr int64_t UPPER_BOUND = 1'000'000'000'000'000'000 - 1;
    size_t pos = 0;
    const bool negative = pos < text.size() && text[pos] == '-';
    if (negative) ++pos;

    std::string digits;      // significant digits, integer and fraction together
    int fraction_digits = 0; // how many of them came after the point
    auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    if (pos < text.size() && text[pos] == '0') {
        ++pos; // a leading zero stands alone: "01" does not parse, as in Core
    } else if (pos < text.size() && text[pos] >= '1' && text[pos] <= '9') {
        while (pos < text.size() && is_digit(text[pos])) digits += text[pos++];
    } else {
        return std::nullopt;
    }
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        if (pos >= text.size() || !is_digit(text[pos])) return std::nullopt;
        while (pos < text.size() && is_digit(text[pos])) {
            digits += text[pos++];
            ++fraction_digits;
        }
    }
    int64_t exponent = 0;
    if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
        ++pos;
        bool exponent_negative = false;
        if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) exponent_negative = text[pos++] == '-';
        if (pos >= text.size() || !is_digit(text[pos])) return std::nullopt;
        while (pos < text.size() && is_digit(text[pos])) {
            exponent = exponent * 10 + (text[pos++] - '0');
            if (exponent > 10'000) return std::nullopt;
        }
        if (exponent_negative) exponent = -exponent;
    }
    if (pos != text.size()) return std::nullopt;

    // Drop trailing zeros (they add no precision), then scale to the smallest unit.
    size_t leading = digits.find_first_not_of('0');
    if (leading == std::string::npos) return int64_t{0};
    int64_t scale = decimals + exponent - fraction_digits;
    while (!digits.empty() && digits.back() == '0') {
        digits.pop_back();
        ++scale;
    }
    digits.erase(0, leading);
    if (scale < 0) return std::nullopt; // finer than the smallest unit
    if (static_cast<int64_t>(digits.size()) + scale > 18) return std::nullopt;
    int64_t value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    for (int64_t i = 0; i < scale; ++i) value *= 10;
    if (value > UPPER_BOUND) return std::nullopt;
    return negative ? -value : value;
}

primitives::Amount AmountFromValue(const JsonValue& value, int decimals)
{
    if (!value.IsNum() && !value.IsStr()) throw RpcError(RPC_TYPE_ERROR, "Amount is not a number or string");
    const std::string& text = value.IsNum() ? value.GetNumText() : value.GetStr();
    const std::optional<int64_t> amount = ParseFixedPoint(text, decimals);
    if (!amount) throw RpcError(RPC_TYPE_ERROR, "Invalid amount");
    if (!primitives::MoneyRange(*amount)) throw RpcError(RPC_TYPE_ERROR, "Amount out of range");
    return *amount;
}

primitives::Amount ParseFeeRate(const JsonValue& value)
{
    const primitives::Amount rate = AmountFromValue(value);
    if (rate >= primitives::COIN) {
        throw RpcError(RPC_INVALID_PARAMETER, "Fee rates larger than or equal to 1BTC/kvB are not accepted");
    }
    return rate;
}

primitives::uint256 ParseHashV(const JsonValue& value, std::string_view name)
{
    const std::string& hex = GetStrChecked(value);
    if (auto hash = primitives::uint256::FromHex(hex)) return *hash;
    if (hex.size() != 64) {
        throw RpcError(RPC_INVALID_PARAMETER, std::string{name} + " must be of length 64 (not " +
                                                  std::to_string(hex.size()) + ", for '" + hex + "')");
    }
    throw RpcError(RPC_INVALID_PARAMETER, std::string{name} + " must be hexadecimal string (not '" + hex + "')");
}

primitives::uint256 ParseHashO(const JsonValue& object, std::string_view key)
{
    const JsonValue* member = object.Find(key);
    static const JsonValue NUL;
    return ParseHashV(member ? *member : NUL, key);
}

std::vector<uint8_t> ParseHexV(const JsonValue& value, std::string_view name)
{
    const std::string hex = value.IsStr() ? value.GetStr() : std::string{};
    auto bytes = util::IsHex(hex) ? util::TryParseHex(hex) : std::nullopt;
    if (!bytes)
        throw RpcError(RPC_INVALID_PARAMETER, std::string{name} + " must be hexadecimal string (not '" + hex + "')");
    return std::move(*bytes);
}

std::string GetAllOutputTypes()
{
    using script::TxoutType;
    std::string out;
    for (TxoutType type :
         {TxoutType::NONSTANDARD, TxoutType::ANCHOR, TxoutType::PUBKEY, TxoutType::PUBKEYHASH, TxoutType::SCRIPTHASH,
          TxoutType::MULTISIG, TxoutType::NULL_DATA, TxoutType::WITNESS_V0_SCRIPTHASH, TxoutType::WITNESS_V0_KEYHASH,
          TxoutType::WITNESS_V1_TAPROOT, TxoutType::WITNESS_UNKNOWN}) {
        if (!out.empty()) out += ", ";
        out += script::GetTxnOutputType(type);
    }
    return out;
}

std::vector<RpcResult> ScriptPubKeyDoc()
{
    return {
        {R::STR, "asm", "Disassembly of the output script"},
        {R::STR, "desc", "Inferred descriptor for the output"},
        {R::STR_HEX, "hex", "The raw output script bytes, hex-encoded"},
        {R::STR, "address", /*optional=*/true, "The Bitcoin address (only if a well-defined address exists)"},
        {R::STR, "type", "The type (one of: " + GetAllOutputTypes() + ")"},
    };
}

std::vector<RpcResult> DecodeTxDoc(const std::string& txid_field_doc)
{
    return {
        {R::STR_HEX, "txid", txid_field_doc},
        {R::STR_HEX, "hash", "The transaction hash (differs from txid for witness transactions)"},
        {R::NUM, "size", "The serialized transaction size"},
        {R::NUM, "vsize", "The virtual transaction size (differs from size for witness transactions)"},
        {R::NUM, "weight", "The transaction's weight (between vsize*4-3 and vsize*4)"},
        {R::NUM, "version", "The version"},
        {R::NUM_TIME, "locktime", "The lock time"},
        {R::ARR,
         "vin",
         "",
         {
             {R::OBJ,
              "",
              "",
              {
                  {R::STR_HEX, "coinbase", /*optional=*/true, "The coinbase value (only if coinbase transaction)"},
                  {R::STR_HEX, "txid", /*optional=*/true, "The transaction id (if not coinbase transaction)"},
                  {R::NUM, "vout", /*optional=*/true, "The output number (if not coinbase transaction)"},
                  {R::OBJ,
                   "scriptSig",
                   /*optional=*/true,
                   "The script (if not coinbase transaction)",
                   {
                       {R::STR, "asm", "Disassembly of the signature script"},
                       {R::STR_HEX, "hex", "The raw signature script bytes, hex-encoded"},
                   }},
                  {R::ARR,
                   "txinwitness",
                   /*optional=*/true,
                   "",
                   {
                       {R::STR_HEX, "hex", "hex-encoded witness data (if any)"},
                   }},
                  {R::NUM, "sequence", "The script sequence number"},
              }},
         }},
        {R::ARR,
         "vout",
         "",
         {
             {R::OBJ,
              "",
              "",
              {
                  {R::STR_AMOUNT, "value", "The value in BTC"},
                  {R::NUM, "n", "index"},
                  {R::OBJ, "scriptPubKey", "", ScriptPubKeyDoc()},
              }},
         }},
    };
}

} // namespace rpc
