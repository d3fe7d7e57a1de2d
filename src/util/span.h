// Byte-span helpers shared by every library.
#ifndef BITNODE_UTIL_SPAN_H
#define BITNODE_UTIL_SPAN_H

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace util {

using ByteSpan = std::span<const uint8_t>;
using WritableByteSpan = std::span<uint8_t>;

/** View the bytes of a string (no copy). */
inline ByteSpan AsBytes(std::string_view s)
{
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

} // namespace util

#endif // BITNODE_UTIL_SPAN_H
