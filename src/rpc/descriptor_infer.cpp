#include <rpc/descriptor_infer.h>

#include <crypto/xonly.h>
#include <script/addresstype.h>
#include <script/standard.h>
#include <util/hex.h>

#include <array>
#include <cstdint>
#include <optional>

namespace rpc {

namespace {

/** One step of the BIP380 checksum: a BCH code over GF(32), generator constants from the BIP. */
uint64_t PolyMod(uint64_t c, unsigned value)
{
    const auto top = static_cast<uint8_t>(c >> 35);
    c = ((c & 0x7ffffffffULL) << 5) ^ value;
    static constexpr std::array<uint64_t, 5> GENERATOR{0xf5dee51989, 0xa9fdca3312, 0x1bab10e32d, 0x3706b1677a,
                                                       0x644d626ffd};
    for (size_t i = 0; i < GENERATOR.size(); ++i) {
        if (top >> i & 1) c ^= GENERATOR[i];
    }
    return c;
}

/** Public key encodings Core's descriptors accept: compressed (02/03) or uncompressed (04), not hybrid. */
bool IsNonHybridPubKey(util::ByteSpan key)
{
    if (key.size() == script::COMPRESSED_PUBKEY_SIZE) return key[0] == 0x02 || key[0] == 0x03;
    if (key.size() == script::UNCOMPRESSED_PUBKEY_SIZE) return key[0] == 0x04;
    return false;
}

/** The descriptor body (without checksum). */
std::string InferBody(const script::Script& spk, const script::AddressParams& params)
{
    std::vector<std::vector<uint8_t>> solutions;
    const script::TxoutType type = script::Solver(spk, solutions);

    if (type == script::TxoutType::PUBKEY && IsNonHybridPubKey(solutions[0])) {
        return "pk(" + util::HexStr(solutions[0]) + ")";
    }
    if (type == script::TxoutType::MULTISIG) {
        // solutions: {m, key1, ..., keyn, n}
        std::string body = "multi(" + std::to_string(solutions.front()[0]);
        bool ok = true;
        for (size_t i = 1; i + 1 < solutions.size() && ok; ++i) {
            ok = IsNonHybridPubKey(solutions[i]);
            body += "," + util::HexStr(solutions[i]);
        }
        if (ok) return body + ")";
    }
    if (type == script::TxoutType::WITNESS_V1_TAPROOT) {
        const auto key = crypto::XOnlyPubKey::FromBytes(solutions[0]);
        if (key && key->IsFullyValid()) return "rawtr(" + util::HexStr(solutions[0]) + ")";
    }
    script::TxDestination dest;
    if (script::ExtractDestination(spk, dest) && script::GetScriptForDestination(dest) == spk) {
        const std::string address = script::EncodeDestination(dest, params);
        if (!address.empty()) return "addr(" + address + ")";
    }
    return "raw(" + util::HexStr(spk.span()) + ")";
}

/** pk() or multi() of a script inside P2WSH, where only compressed keys are allowed; "" otherwise. */
std::string InferWitnessBody(const script::Script& witness_script)
{
    std::vector<std::vector<uint8_t>> solutions;
    const script::TxoutType type = script::Solver(witness_script, solutions);
    auto compressed = [](const std::vector<uint8_t>& key) {
        return key.size() == script::COMPRESSED_PUBKEY_SIZE && (key[0] == 0x02 || key[0] == 0x03);
    };
    if (type == script::TxoutType::PUBKEY && compressed(solutions[0])) {
        return "pk(" + util::HexStr(solutions[0]) + ")";
    }
    if (type == script::TxoutType::MULTISIG) {
        std::string body = "multi(" + std::to_string(solutions.front()[0]);
        for (size_t i = 1; i + 1 < solutions.size(); ++i) {
            if (!compressed(solutions[i])) return "";
            body += "," + util::HexStr(solutions[i]);
        }
        return body + ")";
    }
    return "";
}

} // namespace

std::string DescriptorChecksum(std::string_view descriptor)
{
    // Character positions in this set: the low 5 bits are one symbol per character, the
    // high bits of three characters are packed into one extra symbol (BIP380).
    static constexpr std::string_view INPUT_CHARSET = "0123456789()[],'/*abcdefgh@:$%{}"
                                                      "IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~"
                                                      "ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
    static constexpr std::string_view CHECKSUM_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    uint64_t c = 1;
    unsigned groups = 0;
    int grouped = 0;
    for (const char ch : descriptor) {
        const size_t pos = INPUT_CHARSET.find(ch);
        if (pos == std::string_view::npos) return "";
        c = PolyMod(c, pos & 31);
        groups = groups * 3 + static_cast<unsigned>(pos >> 5);
        if (++grouped == 3) {
            c = PolyMod(c, groups);
            groups = 0;
            grouped = 0;
        }
    }
    if (grouped > 0) c = PolyMod(c, groups);
    for (int i = 0; i < 8; ++i) c = PolyMod(c, 0);
    c ^= 1;

    std::string out(8, ' ');
    for (int i = 0; i < 8; ++i) out[i] = CHECKSUM_CHARSET[(c >> (5 * (7 - i))) & 31];
    return out;
}

std::string AddChecksum(std::string_view descriptor)
{
    return std::string(descriptor) + "#" + DescriptorChecksum(descriptor);
}

std::string InferDescriptor(const script::Script& script_pub_key, const script::AddressParams& params)
{
    return AddChecksum(InferBody(script_pub_key, params));
}

std::string InferWitnessScriptDescriptor(const script::Script& witness_script, const script::AddressParams& params)
{
    const std::string inner = InferWitnessBody(witness_script);
    if (!inner.empty()) return AddChecksum("wsh(" + inner + ")");
    const script::TxDestination dest = script::WitnessV0ScriptHash::FromScript(witness_script);
    return AddChecksum("addr(" + script::EncodeDestination(dest, params) + ")");
}

} // namespace rpc
