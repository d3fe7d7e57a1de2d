#include <script/base58.h>

#include <crypto/hash.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstring>

namespace script {
namespace {

constexpr std::string_view ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Digit value of each byte, -1 for bytes outside the alphabet. Built once at compile time. */
constexpr std::array<int8_t, 256> MakeDigitTable()
{
    std::array<int8_t, 256> table{};
    table.fill(-1);
    for (size_t i = 0; i < ALPHABET.size(); ++i) table[static_cast<uint8_t>(ALPHABET[i])] = static_cast<int8_t>(i);
    return table;
}
constexpr std::array<int8_t, 256> DIGITS = MakeDigitTable();

/** The C locale's isspace, without depending on the process locale. */
constexpr bool IsSpace(char c)
{
    return c == ' ' || c == '\f' || c == '\n' || c == '\r' || c == '\t' || c == '\v';
}

std::array<uint8_t, 4> Checksum(util::ByteSpan payload)
{
    const auto hash = crypto::Hash256Of(payload);
    return {hash[0], hash[1], hash[2], hash[3]};
}

} // namespace

std::string EncodeBase58(util::ByteSpan input)
{
    size_t zeroes = 0;
    while (zeroes < input.size() && input[zeroes] == 0) ++zeroes;
    input = input.subspan(zeroes);

    // Big-endian base-58 digits; 138/100 bounds log(256)/log(58) from above.
    std::vector<uint8_t> digits(input.size() * 138 / 100 + 1);
    size_t used = 0; // digits at the end of `digits` that are in use
    for (const uint8_t byte : input) {
        unsigned carry = byte;
        size_t i = 0;
        for (auto it = digits.rbegin(); (carry != 0 || i < used) && it != digits.rend(); ++it, ++i) {
            carry += 256u * *it;
            *it = static_cast<uint8_t>(carry % 58);
            carry /= 58;
        }
        assert(carry == 0);
        used = i;
    }
    auto it = digits.end() - static_cast<std::ptrdiff_t>(used);
    while (it != digits.end() && *it == 0) ++it;

    std::string out(zeroes, '1');
    out.reserve(zeroes + static_cast<size_t>(digits.end() - it));
    for (; it != digits.end(); ++it) out += ALPHABET[*it];
    return out;
}

std::optional<std::vector<uint8_t>> DecodeBase58(std::string_view str, size_t max_len)
{
    if (str.find('\0') != std::string_view::npos) return std::nullopt;
    size_t pos = 0;
    while (pos < str.size() && IsSpace(str[pos])) ++pos;

    size_t zeroes = 0;
    while (pos < str.size() && str[pos] == '1') {
        if (++zeroes > max_len) return std::nullopt;
        ++pos;
    }

    // Big-endian base-256 bytes; 733/1000 bounds log(58)/log(256) from above.
    std::vector<uint8_t> bytes((str.size() - pos) * 733 / 1000 + 1);
    size_t used = 0;
    for (; pos < str.size() && !IsSpace(str[pos]); ++pos) {
        int carry = DIGITS[static_cast<uint8_t>(str[pos])];
        if (carry < 0) return std::nullopt;
        size_t i = 0;
        for (auto it = bytes.rbegin(); (carry != 0 || i < used) && it != bytes.rend(); ++it, ++i) {
            carry += 58 * *it;
            *it = static_cast<uint8_t>(carry % 256);
            carry /= 256;
        }
        assert(carry == 0);
        used = i;
        if (used + zeroes > max_len) return std::nullopt;
    }
    while (pos < str.size() && IsSpace(str[pos])) ++pos;
    if (pos != str.size()) return std::nullopt;

    std::vector<uint8_t> out(zeroes, 0);
    out.insert(out.end(), bytes.end() - static_cast<std::ptrdiff_t>(used), bytes.end());
    return out;
}

std::string EncodeBase58Check(util::ByteSpan input)
{
    std::vector<uint8_t> data(input.begin(), input.end());
    const auto check = Checksum(input);
    data.insert(data.end(), check.begin(), check.end());
    return EncodeBase58(data);
}

std::optional<std::vector<uint8_t>> DecodeBase58Check(std::string_view str, size_t max_len)
{
    const size_t limit = max_len > SIZE_MAX - 4 ? SIZE_MAX : max_len + 4;
    auto data = DecodeBase58(str, limit);
    if (!data || data->size() < 4) return std::nullopt;
    const size_t payload_size = data->size() - 4;
    const auto check = Checksum(util::ByteSpan{data->data(), payload_size});
    if (!std::equal(check.begin(), check.end(), data->begin() + static_cast<std::ptrdiff_t>(payload_size))) {
        return std::nullopt;
    }
    data->resize(payload_size);
    return data;
}

} // namespace script
