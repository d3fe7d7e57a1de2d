// Small string helpers: trimming, splitting, strict integer parsing.
#ifndef BITNODE_UTIL_STRINGS_H
#define BITNODE_UTIL_STRINGS_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace util {

std::string_view TrimString(std::string_view s, std::string_view pattern = " \f\n\r\t\v");
std::vector<std::string> SplitString(std::string_view s, char sep);
std::string ToLower(std::string_view s);

/** Parse a whole string as a decimal integer; nullopt on any junk, sign misuse or overflow. */
std::optional<int64_t> ParseInt64(std::string_view s);
std::optional<uint64_t> ParseUInt64(std::string_view s);

} // namespace util

#endif // BITNODE_UTIL_STRINGS_H
