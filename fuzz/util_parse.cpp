// Fuzz targets for util's parsers: hex, decimal integers, string helpers, JSON.
// Each parser is checked against a deliberately simple reimplementation written here,
// or against its own inverse (parse → write → parse must be a fixed point).
#include "data_reader.h"
#include "fuzz.h"

#include <util/hex.h>
#include <util/json.h>
#include <util/strings.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace {

std::optional<std::vector<uint8_t>> ReferenceParseHex(std::string_view s)
{
    static constexpr std::string_view DIGITS = "0123456789abcdef";
    if (s.size() % 2 != 0) return std::nullopt;
    std::vector<uint8_t> out;
    for (size_t i = 0; i < s.size(); i += 2) {
        int byte = 0;
        for (size_t j = i; j < i + 2; ++j) {
            char c = s[j];
            if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
            const size_t v = DIGITS.find(c);
            if (c == '\0' || v == std::string_view::npos) return std::nullopt;
            byte = byte * 16 + static_cast<int>(v);
        }
        out.push_back(static_cast<uint8_t>(byte));
    }
    return out;
}

// Optional '+' (or '-' when signed), then one or more decimal digits, value in range.
template <typename T>
std::optional<T> ReferenceParseInt(std::string_view s)
{
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        if (negative && std::is_unsigned_v<T>) return std::nullopt;
        s.remove_prefix(1);
    }
    if (s.empty()) return std::nullopt;
    uint64_t magnitude = 0;
    bool overflow = false;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        const uint64_t digit = static_cast<uint64_t>(c - '0');
        if (magnitude > (UINT64_MAX - digit) / 10) overflow = true;
        magnitude = magnitude * 10 + digit;
    }
    if (overflow) return std::nullopt;
    const uint64_t max = static_cast<uint64_t>(std::numeric_limits<T>::max());
    if (negative) {
        if (magnitude > max + 1) return std::nullopt;
        return magnitude == max + 1 ? std::numeric_limits<T>::min() : static_cast<T>(-static_cast<int64_t>(magnitude));
    }
    if (magnitude > max) return std::nullopt;
    return static_cast<T>(magnitude);
}

} // namespace

FUZZ_TARGET(hex)
{
    const std::string text(buffer.begin(), buffer.end());
    const auto parsed = util::TryParseHex(text);
    FUZZ_CHECK(parsed == ReferenceParseHex(text));
    FUZZ_CHECK(util::IsHex(text) == (parsed.has_value() && !text.empty()));
    if (parsed) FUZZ_CHECK(util::HexStr(*parsed) == util::ToLower(text));
    // Encoding any bytes and decoding them gives the bytes back.
    const std::string encoded = util::HexStr(buffer);
    FUZZ_CHECK(encoded.size() == 2 * buffer.size());
    const auto decoded = util::TryParseHex(encoded);
    FUZZ_CHECK(decoded && std::equal(decoded->begin(), decoded->end(), buffer.begin(), buffer.end()));
}

FUZZ_TARGET(parse_int)
{
    const std::string text(buffer.begin(), buffer.end());
    FUZZ_CHECK(util::ParseInt64(text) == ReferenceParseInt<int64_t>(text));
    FUZZ_CHECK(util::ParseUInt64(text) == ReferenceParseInt<uint64_t>(text));
    if (const auto v = util::ParseInt64(text)) FUZZ_CHECK(util::ParseInt64(std::to_string(*v)) == v);
}

FUZZ_TARGET(strings)
{
    fuzz::DataReader reader{buffer};
    const char sep = static_cast<char>(reader.Integral<uint8_t>());
    const std::string pattern = reader.LengthPrefixedString();
    const std::string text = reader.RemainingString();

    // Splitting then joining with the separator restores the text.
    const std::vector<std::string> parts = util::SplitString(text, sep);
    FUZZ_CHECK(static_cast<size_t>(std::count(text.begin(), text.end(), sep)) + 1 == parts.size());
    std::string joined;
    for (size_t i = 0; i < parts.size(); ++i) joined += (i ? std::string(1, sep) : "") + parts[i];
    FUZZ_CHECK(joined == text);

    // Trimming removes only pattern characters, from both ends, and all of them there.
    const std::string_view trimmed = util::TrimString(text, pattern);
    const auto in_pattern = [&](char c) { return pattern.find(c) != std::string::npos; };
    if (!trimmed.empty()) {
        const size_t offset = static_cast<size_t>(trimmed.data() - text.data());
        FUZZ_CHECK(offset + trimmed.size() <= text.size());
        FUZZ_CHECK(!in_pattern(trimmed.front()) && !in_pattern(trimmed.back()));
        for (size_t i = 0; i < offset; ++i) FUZZ_CHECK(in_pattern(text[i]));
        for (size_t i = offset + trimmed.size(); i < text.size(); ++i) FUZZ_CHECK(in_pattern(text[i]));
    } else {
        for (char c : text) FUZZ_CHECK(in_pattern(c));
    }

    const std::string lower = util::ToLower(text);
    FUZZ_CHECK(lower.size() == text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const bool upper = text[i] >= 'A' && text[i] <= 'Z';
        FUZZ_CHECK(lower[i] == (upper ? static_cast<char>(text[i] + 32) : text[i]));
    }
}

FUZZ_TARGET(json)
{
    const std::string_view text{reinterpret_cast<const char*>(buffer.data()), buffer.size()};
    const util::Result<util::JsonValue> parsed = util::ParseJson(text);
    if (!parsed) {
        FUZZ_CHECK(!parsed.error().empty());
        return;
    }
    // What we write we must read back as the same value, in both layouts.
    for (unsigned indent : {0u, 2u}) {
        const std::string written = parsed->Write(indent);
        const util::Result<util::JsonValue> reparsed = util::ParseJson(written);
        FUZZ_CHECK(reparsed.has_value());
        FUZZ_CHECK(*reparsed == *parsed);
        FUZZ_CHECK(reparsed->Write(indent) == written);
    }
}
