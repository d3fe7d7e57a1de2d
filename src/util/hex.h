// Hexadecimal encoding and decoding.
//
// Decoding is strict: an odd length or a non-hex character is an error, never
// silently truncated. Both upper and lower case digits are accepted; encoding
// always produces lower case. Functions are pure and thread-safe.
#ifndef BITNODE_UTIL_HEX_H
#define BITNODE_UTIL_HEX_H

#include <util/span.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace util {

/** Lower-case hex of the bytes, in order. */
std::string HexStr(ByteSpan bytes);

/** Value of one hex digit, or -1. */
int HexDigit(char c);

/** True if s is non-empty, of even length and all hex digits. */
bool IsHex(std::string_view s);

/** Bytes of a hex string; nullopt if the string is not valid hex (odd length, bad digit). */
std::optional<std::vector<uint8_t>> TryParseHex(std::string_view s);

} // namespace util

#endif // BITNODE_UTIL_HEX_H
