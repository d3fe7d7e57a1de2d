#include <rest/url.h>

#include <array>
#include <charconv>

namespace rest {

namespace {

int HexDigitValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/** Why a decoded path segment is refused, or nullptr if it is acceptable. */
const char* SegmentProblem(std::string_view segment)
{
    if (segment == "." || segment == "..") return "relative path segments are not allowed";
    for (const char c : segment) {
        if (c == '/' || c == '\\') return "encoded path separators are not allowed";
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "control characters are not allowed";
    }
    return nullptr;
}

struct FormatName {
    RestFormat format;
    std::string_view name;
};

// Core's order, which its error text lists.
constexpr std::array<FormatName, 3> FORMAT_NAMES{{
    {RestFormat::BINARY, "bin"},
    {RestFormat::HEX, "hex"},
    {RestFormat::JSON, "json"},
}};

} // namespace

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int high = HexDigitValue(text[i + 1]);
            const int low = HexDigitValue(text[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            out.push_back(static_cast<char>(high * 16 + low));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

util::Result<std::vector<std::pair<std::string, std::string>>> ParseQuery(std::string_view query)
{
    std::vector<std::pair<std::string, std::string>> pairs;
    size_t start = 0;
    while (start <= query.size()) {
        size_t end = query.find('&', start);
        if (end == std::string_view::npos) end = query.size();
        const std::string_view item = query.substr(start, end - start);
        if (!item.empty()) {
            const size_t eq = item.find('=');
            const std::string_view raw_key = item.substr(0, eq);
            const std::string_view raw_value = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
            auto key = PercentDecode(raw_key, /*plus_is_space=*/true);
            auto value = PercentDecode(raw_value, /*plus_is_space=*/true);
            if (!key || !value) return util::Error{"Invalid query string: malformed percent-encoding"};
            pairs.emplace_back(std::move(*key), std::move(*value));
        }
        start = end + 1;
    }
    return pairs;
}

util::Result<ParsedTarget> ParseTarget(std::string_view target)
{
    if (target.size() > MAX_TARGET_SIZE) return util::Error{"Request target too long"};
    if (target.empty() || target.front() != '/') return util::Error{"Request target must be an absolute path"};
    ParsedTarget parsed;
    const size_t question = target.find('?');
    const std::string_view path = target.substr(0, question);
    parsed.raw_path = std::string{path};
    if (question != std::string_view::npos) {
        auto query = ParseQuery(target.substr(question + 1));
        if (!query) return util::Error{query.error()};
        parsed.query = std::move(*query);
    }
    size_t start = 1;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view raw = path.substr(start, end - start);
        if (!raw.empty()) {
            auto segment = PercentDecode(raw, /*plus_is_space=*/false);
            if (!segment) return util::Error{"Invalid path: malformed percent-encoding"};
            if (const char* problem = SegmentProblem(*segment)) return util::Error{std::string{"Invalid path: "} + problem};
            parsed.segments.push_back(std::move(*segment));
        }
        start = end + 1;
    }
    return parsed;
}

std::optional<std::string> GetQueryParameter(const std::vector<std::pair<std::string, std::string>>& query,
                                             std::string_view key)
{
    for (const auto& [name, value] : query) {
        if (name == key) return value;
    }
    return std::nullopt;
}

RestFormat ParseDataFormat(std::string_view path_part, std::string& param)
{
    param = std::string{path_part.substr(0, path_part.rfind('?'))};
    const size_t dot = param.rfind('.');
    if (dot == std::string::npos) return RestFormat::UNDEF;
    const std::string_view suffix = std::string_view{param}.substr(dot + 1);
    for (const FormatName& entry : FORMAT_NAMES) {
        if (suffix == entry.name) {
            param.erase(dot);
            return entry.format;
        }
    }
    return RestFormat::UNDEF;
}

std::string AvailableDataFormatsString()
{
    std::string out;
    for (const FormatName& entry : FORMAT_NAMES) {
        if (!out.empty()) out += ", ";
        out += '.';
        out += entry.name;
    }
    return out;
}

std::optional<uint64_t> ParseBoundedUint(std::string_view text, uint64_t min, uint64_t max)
{
    if (text.empty() || text.size() > 20) return std::nullopt;
    uint64_t value{0};
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
    if (value < min || value > max) return std::nullopt;
    return value;
}

} // namespace rest
