// The slow reference encodings; see reference_encodings.h. This file holds no fuzz target.
#include "reference_encodings.h"

#include <crypto/sha256.h>

#include <algorithm>
#include <array>

namespace fuzz::reference {
namespace {

constexpr std::string_view BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::string_view BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr uint32_t BECH32M_CONST = 0x2bc830a3;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

std::array<uint8_t, 32> DoubleSha256(const Bytes& data)
{
    const auto once = crypto::Sha256{}.Write(data).Finalize();
    return crypto::Sha256{}.Write(once).Finalize();
}

uint32_t Bech32Polymod(const Bytes& values)
{
    constexpr uint32_t GEN[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    uint32_t chk = 1;
    for (uint8_t v : values) {
        const uint32_t top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ v;
        for (int i = 0; i < 5; ++i) {
            if ((top >> i) & 1) chk ^= GEN[i];
        }
    }
    return chk;
}

// A witness-program scriptPubKey: OP_n, then one direct push of the program.
Bytes WitnessScript(int version, const Bytes& program)
{
    Bytes script{static_cast<uint8_t>(version == 0 ? 0x00 : 0x50 + version), static_cast<uint8_t>(program.size())};
    script.insert(script.end(), program.begin(), program.end());
    return script;
}

std::string Lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
}

} // namespace

std::optional<Bytes> DecodeBase58(std::string_view str, size_t max_len)
{
    if (str.find('\0') != std::string_view::npos) return std::nullopt;
    while (!str.empty() && IsSpace(str.front())) str.remove_prefix(1);
    while (!str.empty() && IsSpace(str.back())) str.remove_suffix(1);
    size_t zeros = 0;
    while (zeros < str.size() && str[zeros] == '1') ++zeros;
    Bytes number; // big-endian, no leading zero bytes
    for (char c : str.substr(zeros)) {
        const size_t digit = BASE58_ALPHABET.find(c);
        if (digit == std::string_view::npos) return std::nullopt;
        unsigned carry = static_cast<unsigned>(digit);
        for (size_t i = number.size(); i-- > 0;) {
            carry += 58u * number[i];
            number[i] = static_cast<uint8_t>(carry & 0xff);
            carry >>= 8;
        }
        while (carry != 0) {
            number.insert(number.begin(), static_cast<uint8_t>(carry & 0xff));
            carry >>= 8;
        }
    }
    if (zeros + number.size() > max_len) return std::nullopt;
    Bytes out(zeros, 0);
    out.insert(out.end(), number.begin(), number.end());
    return out;
}

std::optional<Bytes> DecodeBase58Check(std::string_view str, size_t max_len)
{
    const size_t limit = max_len > SIZE_MAX - 4 ? max_len : max_len + 4;
    std::optional<Bytes> raw = DecodeBase58(str, limit);
    if (!raw || raw->size() < 4) return std::nullopt;
    const Bytes payload(raw->begin(), raw->end() - 4);
    const auto hash = DoubleSha256(payload);
    if (!std::equal(hash.begin(), hash.begin() + 4, raw->end() - 4)) return std::nullopt;
    return payload;
}

Bech32Decoded DecodeBech32(std::string_view str, size_t limit)
{
    if (str.size() > limit) return {};
    bool lower = false, upper = false;
    for (char c : str) {
        if (c < 33 || c > 126) return {};
        lower |= c >= 'a' && c <= 'z';
        upper |= c >= 'A' && c <= 'Z';
    }
    if (lower && upper) return {};
    const std::string s = Lower(str);
    const size_t sep = s.rfind('1');
    if (sep == std::string::npos || sep == 0 || s.size() - sep - 1 < 6) return {};
    Bytes values;
    for (char c : s.substr(sep + 1)) {
        const size_t v = BECH32_CHARSET.find(c);
        if (v == std::string_view::npos) return {};
        values.push_back(static_cast<uint8_t>(v));
    }
    const std::string hrp = s.substr(0, sep);
    Bytes expanded;
    for (char c : hrp) expanded.push_back(static_cast<uint8_t>(static_cast<uint8_t>(c) >> 5));
    expanded.push_back(0);
    for (char c : hrp) expanded.push_back(static_cast<uint8_t>(c & 31));
    expanded.insert(expanded.end(), values.begin(), values.end());
    const uint32_t check = Bech32Polymod(expanded);
    Bech32Decoded out;
    if (check == 1) {
        out.kind = Bech32Kind::BECH32;
    } else if (check == BECH32M_CONST) {
        out.kind = Bech32Kind::BECH32M;
    } else {
        return {};
    }
    out.hrp = hrp;
    out.data.assign(values.begin(), values.end() - 6);
    return out;
}

std::optional<Bytes> ConvertBits(const Bytes& in, int from_bits, int to_bits, bool pad)
{
    // Spell the bit stream out one bit at a time: slow and obviously right.
    std::vector<int> bits;
    for (uint8_t v : in) {
        if (v >> from_bits) return std::nullopt;
        for (int i = from_bits - 1; i >= 0; --i) bits.push_back((v >> i) & 1);
    }
    Bytes out;
    size_t i = 0;
    for (; i + static_cast<size_t>(to_bits) <= bits.size(); i += static_cast<size_t>(to_bits)) {
        int v = 0;
        for (int j = 0; j < to_bits; ++j) v = v << 1 | bits[i + static_cast<size_t>(j)];
        out.push_back(static_cast<uint8_t>(v));
    }
    const size_t left = bits.size() - i;
    if (pad) {
        if (left > 0) {
            int v = 0;
            for (size_t j = 0; j < static_cast<size_t>(to_bits); ++j) v = v << 1 | (i + j < bits.size() ? bits[i + j] : 0);
            out.push_back(static_cast<uint8_t>(v));
        }
    } else {
        if (left >= static_cast<size_t>(from_bits)) return std::nullopt;
        for (; i < bits.size(); ++i) {
            if (bits[i]) return std::nullopt;
        }
    }
    return out;
}

std::optional<Bytes> AddressToScript(const std::string& str, const Network& net)
{
    const bool is_bech32 = Lower(str.substr(0, net.hrp.size())) == net.hrp;
    if (!is_bech32) {
        const std::optional<Bytes> data = DecodeBase58Check(str, 21);
        if (!data || data->size() != 21) return std::nullopt;
        const Bytes hash(data->begin() + 1, data->end());
        Bytes script;
        if ((*data)[0] == net.pubkey_prefix) {
            script = {0x76, 0xa9, 20};
            script.insert(script.end(), hash.begin(), hash.end());
            script.insert(script.end(), {0x88, 0xac});
        } else if ((*data)[0] == net.script_prefix) {
            script = {0xa9, 20};
            script.insert(script.end(), hash.begin(), hash.end());
            script.push_back(0x87);
        } else {
            return std::nullopt;
        }
        return script;
    }
    const Bech32Decoded dec = DecodeBech32(str, 90);
    if (dec.kind == Bech32Kind::INVALID || dec.data.empty() || dec.hrp != net.hrp) return std::nullopt;
    const int version = dec.data[0];
    if ((version == 0) != (dec.kind == Bech32Kind::BECH32)) return std::nullopt;
    const std::optional<Bytes> program = ConvertBits(Bytes(dec.data.begin() + 1, dec.data.end()), 5, 8, false);
    if (!program) return std::nullopt;
    if (version == 0 && program->size() != 20 && program->size() != 32) return std::nullopt;
    if (version > 16 || program->size() < 2 || program->size() > 40) return std::nullopt;
    return WitnessScript(version, *program);
}

std::optional<Secret> DecodeWif(std::string_view str, const Network& net)
{
    const std::optional<Bytes> data = DecodeBase58Check(str, 34);
    if (!data || data->empty() || (*data)[0] != net.secret_prefix) return std::nullopt;
    const bool compressed = data->size() == 34 && data->back() == 1;
    if (data->size() != 33 && !compressed) return std::nullopt;
    Secret secret{Bytes(data->begin() + 1, data->begin() + 33), compressed};
    // 0 < key < n, the secp256k1 group order, compared as big-endian byte strings.
    static constexpr uint8_t ORDER[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                          0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                          0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
    const bool zero = std::all_of(secret.key.begin(), secret.key.end(), [](uint8_t b) { return b == 0; });
    const bool below_order = std::lexicographical_compare(secret.key.begin(), secret.key.end(), ORDER, ORDER + 32);
    if (zero || !below_order) return std::nullopt;
    return secret;
}

} // namespace fuzz::reference
