#include <rpc/block_json.h>

#include <primitives/arith_uint256.h>
#include <rpc/tx_json.h>

#include <cstdio>

namespace rpc {

using util::JsonValue;

double GetDifficulty(uint32_t bits)
{
    // Divide the difficulty-1 mantissa by this one, then shift by whole bytes from the
    // difficulty-1 exponent (29 = 0x1d). Same steps as Core, so the doubles agree bit for bit.
    int shift = (bits >> 24) & 0xff;
    double difficulty = double{0x0000ffff} / double(bits & 0x00ffffff);
    while (shift < 29) {
        difficulty *= 256.0;
        ++shift;
    }
    while (shift > 29) {
        difficulty /= 256.0;
        --shift;
    }
    return difficulty;
}

std::optional<primitives::uint256> TargetFromBits(uint32_t bits)
{
    bool negative = false;
    bool overflow = false;
    primitives::arith_uint256 target;
    target.SetCompact(bits, &negative, &overflow);
    if (negative || overflow || target == primitives::arith_uint256{0}) return std::nullopt;
    return primitives::ArithToUint256(target);
}

util::JsonValue BlockToJson(const primitives::Block& block, const script::AddressParams& params)
{
    JsonValue result = JsonValue::Object();
    result.PushKV("hash", block.GetHash().GetHex());
    result.PushKV("version", block.version);
    char version_hex[9];
    std::snprintf(version_hex, sizeof(version_hex), "%08x", static_cast<uint32_t>(block.version));
    result.PushKV("versionHex", version_hex);
    result.PushKV("merkleroot", block.hash_merkle_root.GetHex());
    result.PushKV("time", block.time);
    result.PushKV("nonce", block.nonce);
    char bits_hex[9];
    std::snprintf(bits_hex, sizeof(bits_hex), "%08x", block.bits);
    result.PushKV("bits", bits_hex);
    const auto target = TargetFromBits(block.bits);
    result.PushKV("target", target ? JsonValue{target->GetHex()} : JsonValue{});
    result.PushKV("difficulty", GetDifficulty(block.bits));
    result.PushKV("nTx", block.vtx.size());
    if (!block.hash_prev_block.IsNull()) result.PushKV("previousblockhash", block.hash_prev_block.GetHex());
    result.PushKV("strippedsize", primitives::GetBlockStrippedSize(block));
    result.PushKV("size", primitives::GetBlockTotalSize(block));
    result.PushKV("weight", primitives::GetBlockWeight(block));

    JsonValue txs = JsonValue::Array();
    for (const primitives::TransactionRef& tx : block.vtx) txs.PushBack(TxToJson(*tx, params, /*include_hex=*/true));
    result.PushKV("tx", std::move(txs));
    return result;
}

} // namespace rpc
