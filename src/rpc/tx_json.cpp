#include <rpc/tx_json.h>

#include <primitives/streams.h>
#include <rpc/descriptor_infer.h>
#include <script/addresstype.h>
#include <script/asm.h>
#include <script/standard.h>
#include <storage/undo.h>
#include <util/hex.h>

#include <cstdint>
#include <vector>

namespace rpc {

using util::JsonValue;

util::JsonValue ScriptPubKeyToJson(const script::Script& script_pub_key, const script::AddressParams& params)
{
    JsonValue out = JsonValue::Object();
    // Output scripts hold no signatures, so no sighash decoding in their asm.
    out.PushKV("asm", script::ScriptToAsmStr(script_pub_key, /*attempt_sighash_decode=*/false));
    out.PushKV("desc", InferDescriptor(script_pub_key, params));
    out.PushKV("hex", util::HexStr(script_pub_key.span()));

    std::vector<std::vector<uint8_t>> solutions;
    const script::TxoutType type = script::Solver(script_pub_key, solutions);
    script::TxDestination dest;
    if (script::ExtractDestination(script_pub_key, dest) && type != script::TxoutType::PUBKEY) {
        out.PushKV("address", script::EncodeDestination(dest, params));
    }
    out.PushKV("type", script::GetTxnOutputType(type));
    return out;
}

std::string EncodeHexTx(const primitives::Transaction& tx)
{
    return util::HexStr(primitives::SerializeToBytes(primitives::TX_WITH_WITNESS(tx)));
}

static JsonValue InputToJson(const primitives::TxIn& txin, bool coinbase, const storage::Coin* spent,
                             const script::AddressParams& params)
{
    JsonValue in = JsonValue::Object();
    if (coinbase) {
        in.PushKV("coinbase", util::HexStr(txin.script_sig));
    } else {
        in.PushKV("txid", txin.prevout.hash.GetHex());
        in.PushKV("vout", txin.prevout.n);
        JsonValue script_sig = JsonValue::Object();
        script_sig.PushKV("asm",
                          script::ScriptToAsmStr(script::Script{txin.script_sig}, /*attempt_sighash_decode=*/true));
        script_sig.PushKV("hex", util::HexStr(txin.script_sig));
        in.PushKV("scriptSig", std::move(script_sig));
    }
    if (!txin.witness.IsNull()) {
        JsonValue witness = JsonValue::Array();
        for (const auto& item : txin.witness.stack) witness.PushBack(util::HexStr(item));
        in.PushKV("txinwitness", std::move(witness));
    }
    if (spent) {
        JsonValue prevout = JsonValue::Object();
        prevout.PushKV("generated", spent->coinbase);
        prevout.PushKV("height", spent->height);
        prevout.PushKV("value", util::ValueFromAmount(spent->out.value));
        prevout.PushKV("scriptPubKey", ScriptPubKeyToJson(script::Script{spent->out.script_pubkey}, params));
        in.PushKV("prevout", std::move(prevout));
    }
    in.PushKV("sequence", txin.sequence);
    return in;
}

util::JsonValue TxToJson(const primitives::Transaction& tx, const script::AddressParams& params, bool include_hex)
{
    return TxToJson(tx, params, include_hex, /*undo=*/nullptr, /*show_prevout=*/false);
}

util::JsonValue TxToJson(const primitives::Transaction& tx, const script::AddressParams& params, bool include_hex,
                         const storage::TxUndo* undo, bool show_prevout, const primitives::uint256* block_hash)
{
    // Undo data that does not match the inputs is ignored rather than trusted.
    if (undo && undo->prevout.size() != tx.vin.size()) undo = nullptr;
    JsonValue entry = JsonValue::Object();
    entry.PushKV("txid", tx.GetHash().GetHex());
    entry.PushKV("hash", tx.GetWitnessHash().GetHex());
    // Core 28+ holds the version as uint32_t and prints it unsigned.
    entry.PushKV("version", tx.version);
    entry.PushKV("size", tx.GetTotalSize());
    entry.PushKV("vsize", tx.GetVirtualSize());
    entry.PushKV("weight", tx.GetWeight());
    entry.PushKV("locktime", tx.lock_time);

    const bool coinbase = tx.IsCoinBase();
    primitives::Amount total_in = 0;
    JsonValue vin = JsonValue::Array();
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const storage::Coin* spent = undo ? &undo->prevout[i] : nullptr;
        if (spent) total_in += spent->out.value;
        vin.PushBack(InputToJson(tx.vin[i], coinbase, show_prevout ? spent : nullptr, params));
    }
    entry.PushKV("vin", std::move(vin));

    primitives::Amount total_out = 0;
    JsonValue vout = JsonValue::Array();
    for (size_t i = 0; i < tx.vout.size(); ++i) {
        const primitives::TxOut& txout = tx.vout[i];
        total_out += txout.value;
        JsonValue out = JsonValue::Object();
        out.PushKV("value", util::ValueFromAmount(txout.value));
        out.PushKV("n", i);
        out.PushKV("scriptPubKey", ScriptPubKeyToJson(script::Script{txout.script_pubkey}, params));
        vout.PushBack(std::move(out));
    }
    entry.PushKV("vout", std::move(vout));
    if (undo) entry.PushKV("fee", util::ValueFromAmount(total_in - total_out));
    if (block_hash && !block_hash->IsNull()) entry.PushKV("blockhash", block_hash->GetHex());
    if (include_hex) entry.PushKV("hex", EncodeHexTx(tx));
    return entry;
}

} // namespace rpc
