#include <util/strings.h>

#include <algorithm>
#include <charconv>
#include <type_traits>

namespace util {

std::string_view TrimString(std::string_view s, std::string_view pattern)
{
    const size_t begin = s.find_first_not_of(pattern);
    if (begin == std::string_view::npos) return {};
    const size_t end = s.find_last_not_of(pattern);
    return s.substr(begin, end - begin + 1);
}

std::vector<std::string> SplitString(std::string_view s, char sep)
{
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        const size_t pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            parts.emplace_back(s.substr(start));
            return parts;
        }
        parts.emplace_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

std::string ToLower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
    });
    return out;
}

template <typename T>
static std::optional<T> ParseWhole(std::string_view s)
{
    if (s.empty()) return std::nullopt;
    if (s.front() == '+') {
        s.remove_prefix(1); // std::from_chars does not take a leading '+'
        if (s.empty() || s.front() == '+' || s.front() == '-') return std::nullopt;
    }
    if constexpr (std::is_unsigned_v<T>) {
        if (s.front() == '-') return std::nullopt;
    }
    T value{};
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
    return value;
}

std::optional<int64_t> ParseInt64(std::string_view s) { return ParseWhole<int64_t>(s); }
std::optional<uint64_t> ParseUInt64(std::string_view s) { return ParseWhole<uint64_t>(s); }

} // namespace util
