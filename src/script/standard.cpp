#include <script/standard.h>

#include <cassert>
#include <optional>

namespace script {
namespace {

using Bytes = std::vector<uint8_t>;

/** Public key size implied by the first byte (0 if none). */
size_t PubKeySizeFromHeader(uint8_t header)
{
    if (header == 2 || header == 3) return COMPRESSED_PUBKEY_SIZE;
    if (header == 4 || header == 6 || header == 7) return UNCOMPRESSED_PUBKEY_SIZE;
    return 0;
}

bool MatchPayToPubkey(const Script& script, Bytes& pubkey)
{
    for (const size_t key_size : {UNCOMPRESSED_PUBKEY_SIZE, COMPRESSED_PUBKEY_SIZE}) {
        if (script.size() == key_size + 2 && script[0] == key_size && script[key_size + 1] == OP_CHECKSIG) {
            pubkey.assign(script.begin() + 1, script.begin() + 1 + static_cast<std::ptrdiff_t>(key_size));
            return IsValidPubKeySize(pubkey);
        }
    }
    return false;
}

bool MatchPayToPubkeyHash(const Script& script, Bytes& hash)
{
    if (script.size() == 25 && script[0] == OP_DUP && script[1] == OP_HASH160 && script[2] == 20 &&
        script[23] == OP_EQUALVERIFY && script[24] == OP_CHECKSIG) {
        hash.assign(script.begin() + 3, script.begin() + 23);
        return true;
    }
    return false;
}

/** Whether `data` was pushed with the shortest possible opcode (BIP62 rule 3). */
bool IsMinimalPush(const Bytes& data, Opcode op)
{
    if (data.empty()) return op == OP_0;
    if (data.size() == 1 && data[0] >= 1 && data[0] <= 16) return false; // OP_1..OP_16 exist
    if (data.size() == 1 && data[0] == 0x81) return false;                // OP_1NEGATE exists
    if (data.size() <= 75) return op == data.size();
    if (data.size() <= 255) return op == OP_PUSHDATA1;
    if (data.size() <= 65535) return op == OP_PUSHDATA2;
    return true;
}

/** A minimally encoded script number of at most 4 bytes, or nullopt. */
std::optional<int64_t> DecodeMinimalScriptNum(const Bytes& data)
{
    if (data.size() > 4) return std::nullopt;
    if (data.empty()) return 0;
    // The top byte may only be 0x00/0x80 if it is needed to hold the sign bit.
    if ((data.back() & 0x7f) == 0 && (data.size() == 1 || (data[data.size() - 2] & 0x80) == 0)) return std::nullopt;
    int64_t value = 0;
    for (size_t i = 0; i < data.size(); ++i) value |= int64_t{data[i]} << (8 * i);
    if (data.back() & 0x80) return -(value & ~(int64_t{0x80} << (8 * (data.size() - 1))));
    return value;
}

/** A number pushed as OP_1..OP_16 or as minimal data, within [min, max]. */
std::optional<int> GetSmallNumber(Opcode op, const Bytes& data, int min, int max)
{
    int64_t value;
    if (op >= OP_1 && op <= OP_16) {
        value = DecodeOpN(op);
    } else if (op > OP_0 && op <= OP_PUSHDATA4) {
        if (!IsMinimalPush(data, op)) return std::nullopt;
        const auto num = DecodeMinimalScriptNum(data);
        if (!num) return std::nullopt;
        value = *num;
    } else {
        return std::nullopt;
    }
    if (value < min || value > max) return std::nullopt;
    return static_cast<int>(value);
}

bool MatchMultisig(const Script& script, int& required, std::vector<Bytes>& keys)
{
    if (script.empty() || script[script.size() - 1] != OP_CHECKMULTISIG) return false;
    size_t pos = 0;
    Opcode op;
    Bytes data;
    if (!script.GetOp(pos, op, &data)) return false;
    const auto m = GetSmallNumber(op, data, 1, MAX_PUBKEYS_PER_MULTISIG);
    if (!m) return false;
    required = *m;
    while (script.GetOp(pos, op, &data) && IsValidPubKeySize(data)) keys.push_back(std::move(data));
    const auto n = GetSmallNumber(op, data, required, MAX_PUBKEYS_PER_MULTISIG);
    if (!n || keys.size() != static_cast<size_t>(*n)) return false;
    return pos + 1 == script.size();
}

/** OP_RETURN followed only by push opcodes (OP_RESERVED counts, as in Core). */
bool IsNullData(const Script& script)
{
    if (script.empty() || script[0] != OP_RETURN) return false;
    size_t pos = 1;
    Opcode op;
    while (pos < script.size()) {
        if (!script.GetOp(pos, op) || op > OP_16) return false;
    }
    return true;
}

} // namespace

std::string GetTxnOutputType(TxoutType type)
{
    switch (type) {
    case TxoutType::NONSTANDARD: return "nonstandard";
    case TxoutType::PUBKEY: return "pubkey";
    case TxoutType::PUBKEYHASH: return "pubkeyhash";
    case TxoutType::SCRIPTHASH: return "scripthash";
    case TxoutType::MULTISIG: return "multisig";
    case TxoutType::NULL_DATA: return "nulldata";
    case TxoutType::ANCHOR: return "anchor";
    case TxoutType::WITNESS_V0_KEYHASH: return "witness_v0_keyhash";
    case TxoutType::WITNESS_V0_SCRIPTHASH: return "witness_v0_scripthash";
    case TxoutType::WITNESS_V1_TAPROOT: return "witness_v1_taproot";
    case TxoutType::WITNESS_UNKNOWN: return "witness_unknown";
    }
    assert(false);
    return {};
}

bool IsValidPubKeySize(util::ByteSpan pubkey)
{
    return !pubkey.empty() && PubKeySizeFromHeader(pubkey[0]) == pubkey.size();
}

bool IsPayToAnchor(int version, util::ByteSpan program)
{
    return version == 1 && program.size() == 2 && program[0] == 0x4e && program[1] == 0x73;
}

bool IsPayToAnchor(const Script& script)
{
    return script.size() == 4 && script[0] == OP_1 && script[1] == 0x02 && script[2] == 0x4e && script[3] == 0x73;
}

TxoutType Solver(const Script& script_pub_key, std::vector<Bytes>& solutions)
{
    solutions.clear();

    // P2SH first: its template is fixed and most constrained.
    if (script_pub_key.IsPayToScriptHash()) {
        solutions.emplace_back(script_pub_key.begin() + 2, script_pub_key.begin() + 22);
        return TxoutType::SCRIPTHASH;
    }

    int version;
    Bytes program;
    if (script_pub_key.IsWitnessProgram(version, program)) {
        if (version == 0 && program.size() == WITNESS_V0_KEYHASH_SIZE) {
            solutions.push_back(std::move(program));
            return TxoutType::WITNESS_V0_KEYHASH;
        }
        if (version == 0 && program.size() == WITNESS_V0_SCRIPTHASH_SIZE) {
            solutions.push_back(std::move(program));
            return TxoutType::WITNESS_V0_SCRIPTHASH;
        }
        if (version == 1 && program.size() == WITNESS_V1_TAPROOT_SIZE) {
            solutions.push_back(std::move(program));
            return TxoutType::WITNESS_V1_TAPROOT;
        }
        if (IsPayToAnchor(version, program)) return TxoutType::ANCHOR;
        if (version != 0) {
            solutions.push_back(Bytes{static_cast<uint8_t>(version)});
            solutions.push_back(std::move(program));
            return TxoutType::WITNESS_UNKNOWN;
        }
        // Version 0 with any other program length can never be spent.
        return TxoutType::NONSTANDARD;
    }

    if (IsNullData(script_pub_key)) return TxoutType::NULL_DATA;

    Bytes data;
    if (MatchPayToPubkey(script_pub_key, data)) {
        solutions.push_back(std::move(data));
        return TxoutType::PUBKEY;
    }
    if (MatchPayToPubkeyHash(script_pub_key, data)) {
        solutions.push_back(std::move(data));
        return TxoutType::PUBKEYHASH;
    }

    int required = 0;
    std::vector<Bytes> keys;
    if (MatchMultisig(script_pub_key, required, keys)) {
        // required and keys.size() are both within 1..20, so one byte holds each.
        solutions.push_back(Bytes{static_cast<uint8_t>(required)});
        solutions.insert(solutions.end(), keys.begin(), keys.end());
        solutions.push_back(Bytes{static_cast<uint8_t>(keys.size())});
        return TxoutType::MULTISIG;
    }

    solutions.clear();
    return TxoutType::NONSTANDARD;
}

Script GetScriptForRawPubKey(util::ByteSpan pubkey)
{
    Script script;
    script << pubkey << OP_CHECKSIG;
    return script;
}

Script GetScriptForMultisig(int required, const std::vector<std::vector<uint8_t>>& keys)
{
    Script script;
    script.PushInt(required);
    for (const auto& key : keys) script << key;
    script.PushInt(static_cast<int64_t>(keys.size()));
    script << OP_CHECKMULTISIG;
    return script;
}

} // namespace script
