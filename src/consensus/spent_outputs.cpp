#include <consensus/spent_outputs.h>

#include <util/hex.h>
#include <util/json.h>

#include <string>
#include <unordered_set>

namespace consensus {

using util::Error;
using util::JsonValue;

util::Result<std::vector<SpentOutput>> ParseSpentOutputs(std::string_view json)
{
    auto parsed = util::ParseJson(json);
    if (!parsed) return Error{"spent outputs: " + parsed.error()};
    if (!parsed->IsArray())
        return Error{"spent outputs: expected a JSON array of {\"value\", \"script_pubkey\"} objects"};
    std::vector<SpentOutput> result;
    result.reserve(parsed->size());
    for (size_t i = 0; i < parsed->size(); ++i) {
        const JsonValue& entry = (*parsed)[i];
        const std::string where = "spent outputs entry " + std::to_string(i) + ": ";
        if (!entry.IsObject()) return Error{where + "not an object"};
        const JsonValue* value = entry.Find("value");
        const std::optional<int64_t> amount = value && value->IsNum() ? value->GetInt64() : std::nullopt;
        if (!amount) return Error{where + "\"value\" must be an integer number of satoshis"};
        const JsonValue* script = entry.Find("script_pubkey");
        if (!script || !script->IsStr()) return Error{where + "\"script_pubkey\" must be a hex string"};
        auto script_bytes = util::TryParseHex(script->GetStr());
        if (!script_bytes) return Error{where + "\"script_pubkey\" is not valid hex"};
        SpentOutput out;
        out.out = primitives::TxOut{*amount, std::move(*script_bytes)};
        if (const JsonValue* height = entry.Find("height")) {
            const std::optional<int64_t> h = height->IsNum() ? height->GetInt64() : std::nullopt;
            if (!h || *h < 0 || *h > 0x7fffffff) return Error{where + "\"height\" must be a block height"};
            out.height = static_cast<int>(*h);
        }
        if (const JsonValue* coinbase = entry.Find("coinbase")) {
            if (!coinbase->IsBool()) return Error{where + "\"coinbase\" must be true or false"};
            out.coinbase = coinbase->GetBool();
        }
        result.push_back(std::move(out));
    }
    return result;
}

util::Result<SpentCoins> BuildSpentCoinsView(const primitives::Block& block, const std::vector<SpentOutput>& spent)
{
    SpentCoins coins;
    // Outputs of any transaction of the block come from the block itself, never from the
    // view: so spending an output of a later transaction still fails, as it must.
    std::unordered_set<primitives::Txid, TxidHasher> block_txids;
    for (const primitives::TransactionRef& tx : block.vtx) block_txids.insert(tx->GetHash());
    size_t next = 0;
    for (const primitives::TransactionRef& tx : block.vtx) {
        if (!tx->IsCoinBase()) {
            for (const primitives::TxIn& in : tx->vin) {
                if (next == spent.size()) {
                    return Error{"the spent outputs list " + std::to_string(spent.size()) +
                                 " outputs, fewer than the block's non-coinbase inputs"};
                }
                const SpentOutput& entry = spent[next++];
                if (block_txids.count(in.prevout.hash) != 0) continue;
                if (entry.coinbase && !entry.height) {
                    return Error{"spent output " + std::to_string(next - 1) +
                                 " is a coinbase output without a \"height\": its maturity cannot be checked"};
                }
                if (!entry.height) coins.heights_known = false;
                coins.view.AddCoin(in.prevout, Coin{entry.out, entry.height.value_or(0), entry.coinbase});
            }
        }
    }
    if (next != spent.size()) {
        return Error{"the spent outputs list " + std::to_string(spent.size()) + " outputs, but the block has " +
                     std::to_string(next) + " non-coinbase inputs"};
    }
    return coins;
}

} // namespace consensus
