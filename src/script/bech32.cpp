#include <script/bech32.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <optional>
#include <unordered_map>

namespace script::bech32 {
namespace {

constexpr std::string_view CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/** Value of each ASCII character in CHARSET (either case), -1 otherwise. */
constexpr std::array<int8_t, 128> MakeCharsetRev()
{
    std::array<int8_t, 128> rev{};
    rev.fill(-1);
    for (size_t i = 0; i < CHARSET.size(); ++i) {
        const char c = CHARSET[i];
        rev[static_cast<uint8_t>(c)] = static_cast<int8_t>(i);
        if (c >= 'a' && c <= 'z') rev[static_cast<uint8_t>(c - 'a' + 'A')] = static_cast<int8_t>(i);
    }
    return rev;
}
constexpr std::array<int8_t, 128> CHARSET_REV = MakeCharsetRev();

uint32_t EncodingConstant(Encoding encoding)
{
    assert(encoding == Encoding::BECH32 || encoding == Encoding::BECH32M);
    return encoding == Encoding::BECH32 ? 1 : 0x2bc830a3;
}

/**
 * One step of the BCH remainder computation: multiply the 30-bit remainder (six 5-bit
 * coefficients) by x, add `value`, and reduce modulo the BIP173 generator.
 */
constexpr uint32_t PolyModStep(uint32_t chk, uint8_t value)
{
    constexpr uint32_t GEN[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    const uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (int i = 0; i < 5; ++i) {
        if ((top >> i) & 1) chk ^= GEN[i];
    }
    return chk;
}

/** The BIP173 checksum residue of hrp-expansion || values (starting value 1). */
uint32_t PolyMod(std::string_view hrp, const std::vector<uint8_t>& values)
{
    uint32_t chk = 1;
    for (const char c : hrp) chk = PolyModStep(chk, static_cast<uint8_t>(c) >> 5);
    chk = PolyModStep(chk, 0);
    for (const char c : hrp) chk = PolyModStep(chk, static_cast<uint8_t>(c) & 0x1f);
    for (const uint8_t v : values) chk = PolyModStep(chk, v);
    return chk;
}

char LowerCase(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

/** Positions of characters outside '!'..'~' or of a case that contradicts an earlier letter. */
std::vector<int> BadCharacters(std::string_view str)
{
    std::vector<int> errors;
    bool lower = false;
    bool upper = false;
    for (size_t i = 0; i < str.size(); ++i) {
        const auto c = static_cast<unsigned char>(str[i]);
        if (c >= 'a' && c <= 'z') {
            if (upper) errors.push_back(static_cast<int>(i));
            else lower = true;
        } else if (c >= 'A' && c <= 'Z') {
            if (lower) errors.push_back(static_cast<int>(i));
            else upper = true;
        } else if (c < 33 || c > 126) {
            errors.push_back(static_cast<int>(i));
        }
    }
    return errors;
}

/** Split a string whose characters passed BadCharacters into lower-cased hrp and 5-bit values. */
struct Parts {
    std::string hrp;
    std::vector<uint8_t> values;
    size_t bad_char{std::string_view::npos}; //!< first character outside the charset
};

Parts SplitParts(std::string_view str, size_t sep)
{
    Parts parts;
    parts.hrp.reserve(sep);
    for (size_t i = 0; i < sep; ++i) parts.hrp += LowerCase(str[i]);
    parts.values.reserve(str.size() - sep - 1);
    for (size_t i = sep + 1; i < str.size(); ++i) {
        const int8_t v = CHARSET_REV[static_cast<uint8_t>(str[i]) & 0x7f];
        if (v < 0) {
            parts.bad_char = i;
            return parts;
        }
        parts.values.push_back(static_cast<uint8_t>(v));
    }
    return parts;
}

/**
 * Positions (in the data part, counted from its end) and values of at most two substitutions
 * that would turn `residue` into zero, found by using that the remainder is linear in the
 * values: an error e at distance p from the end adds e*x^p mod g. The code has distance 5
 * over address-sized strings, so a solution of weight <= 2 is unique when it exists.
 */
std::vector<size_t> FindErrorPositions(uint32_t residue, size_t length)
{
    // contribution[p * 32 + e] = remainder added by value e at distance p from the end.
    std::vector<uint32_t> contribution(length * 32, 0);
    for (uint8_t e = 1; e < 32; ++e) {
        uint32_t c = e;
        for (size_t p = 0; p < length; ++p) {
            contribution[p * 32 + e] = c;
            c = PolyModStep(c, 0);
        }
    }
    std::unordered_map<uint32_t, size_t> by_value; // contribution -> p
    by_value.reserve(length * 31);
    for (size_t p = 0; p < length; ++p) {
        for (uint8_t e = 1; e < 32; ++e) {
            if (contribution[p * 32 + e] == residue) return {p};
            by_value.emplace(contribution[p * 32 + e], p);
        }
    }
    for (size_t p1 = 0; p1 < length; ++p1) {
        for (uint8_t e1 = 1; e1 < 32; ++e1) {
            const auto it = by_value.find(residue ^ contribution[p1 * 32 + e1]);
            if (it != by_value.end() && it->second != p1) return {p1, it->second};
        }
    }
    return {};
}

} // namespace

std::string Encode(Encoding encoding, std::string_view hrp, const std::vector<uint8_t>& values)
{
    assert(std::none_of(hrp.begin(), hrp.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
    std::vector<uint8_t> with_checksum = values;
    with_checksum.insert(with_checksum.end(), CHECKSUM_SIZE, 0);
    const uint32_t mod = PolyMod(hrp, with_checksum) ^ EncodingConstant(encoding);

    std::string out;
    out.reserve(hrp.size() + 1 + values.size() + CHECKSUM_SIZE);
    out += hrp;
    out += SEPARATOR;
    for (const uint8_t v : values) {
        assert(v < 32);
        out += CHARSET[v];
    }
    for (size_t i = 0; i < CHECKSUM_SIZE; ++i) out += CHARSET[(mod >> (5 * (5 - i))) & 31];
    return out;
}

DecodeResult Decode(std::string_view str, size_t limit)
{
    if (!BadCharacters(str).empty()) return {};
    if (str.size() > limit) return {};
    const size_t sep = str.rfind(SEPARATOR);
    if (sep == std::string_view::npos || sep == 0 || sep + CHECKSUM_SIZE >= str.size()) return {};
    Parts parts = SplitParts(str, sep);
    if (parts.bad_char != std::string_view::npos) return {};

    const uint32_t check = PolyMod(parts.hrp, parts.values);
    Encoding encoding = Encoding::INVALID;
    if (check == EncodingConstant(Encoding::BECH32)) encoding = Encoding::BECH32;
    else if (check == EncodingConstant(Encoding::BECH32M)) encoding = Encoding::BECH32M;
    else return {};

    parts.values.resize(parts.values.size() - CHECKSUM_SIZE);
    return {encoding, std::move(parts.hrp), std::move(parts.values)};
}

std::pair<std::string, std::vector<int>> LocateErrors(std::string_view str, size_t limit)
{
    if (str.size() > limit) {
        std::vector<int> positions;
        for (size_t i = limit; i < str.size(); ++i) positions.push_back(static_cast<int>(i));
        return {"Bech32 string too long", std::move(positions)};
    }
    if (auto bad = BadCharacters(str); !bad.empty()) return {"Invalid character or mixed case", std::move(bad)};

    const size_t sep = str.rfind(SEPARATOR);
    if (sep == std::string_view::npos) return {"Missing separator", {}};
    if (sep == 0 || sep + CHECKSUM_SIZE >= str.size()) return {"Invalid separator position", {static_cast<int>(sep)}};

    const Parts parts = SplitParts(str, sep);
    if (parts.bad_char != std::string_view::npos) return {"Invalid Base 32 character", {static_cast<int>(parts.bad_char)}};

    // Try both checksum constants (the witness version may itself be an error) and keep the
    // explanation that needs the fewest substitutions.
    const uint32_t raw = PolyMod(parts.hrp, parts.values);
    std::vector<int> best;
    std::optional<Encoding> best_encoding;
    for (const Encoding encoding : {Encoding::BECH32, Encoding::BECH32M}) {
        const uint32_t residue = raw ^ EncodingConstant(encoding);
        if (residue == 0) return {"", {}};
        std::vector<int> positions;
        for (const size_t p : FindErrorPositions(residue, parts.values.size())) {
            positions.push_back(static_cast<int>(str.size() - p - 1));
        }
        std::sort(positions.begin(), positions.end());
        if (!positions.empty() && (best.empty() || positions.size() < best.size())) {
            best = std::move(positions);
            best_encoding = encoding;
        }
    }
    const char* message = best_encoding == Encoding::BECH32M ? "Invalid Bech32m checksum"
                        : best_encoding == Encoding::BECH32  ? "Invalid Bech32 checksum"
                                                             : "Invalid checksum";
    return {message, std::move(best)};
}

bool ConvertBits(int from_bits, int to_bits, bool pad, const std::vector<uint8_t>& in, std::vector<uint8_t>& out)
{
    assert(from_bits > 0 && from_bits <= 8 && to_bits > 0 && to_bits <= 8);
    uint32_t acc = 0;
    int bits = 0;
    const uint32_t max_value = (1u << to_bits) - 1;
    const uint32_t max_acc = (1u << (from_bits + to_bits - 1)) - 1;
    for (const uint8_t v : in) {
        if ((v >> from_bits) != 0) return false;
        acc = ((acc << from_bits) | v) & max_acc;
        bits += from_bits;
        while (bits >= to_bits) {
            bits -= to_bits;
            out.push_back(static_cast<uint8_t>((acc >> bits) & max_value));
        }
    }
    if (pad) {
        if (bits > 0) out.push_back(static_cast<uint8_t>((acc << (to_bits - bits)) & max_value));
    } else if (bits >= from_bits || ((acc << (to_bits - bits)) & max_value) != 0) {
        return false;
    }
    return true;
}

} // namespace script::bech32
