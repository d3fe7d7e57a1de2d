// Reading and writing fixed-width integers in big- and little-endian byte order.
//
// The hash functions are specified over big-endian (SHA family) or little-endian
// (RIPEMD-160, SipHash) words; these helpers make that explicit at each use. All are
// pure functions on caller-owned memory, safe from any thread.
#ifndef BITNODE_CRYPTO_BYTEORDER_H
#define BITNODE_CRYPTO_BYTEORDER_H

#include <cstdint>
#include <cstring>

namespace crypto {

// memcpy + a byte swap compiles to a single load or store plus bswap (or movbe) on every
// compiler we support, without the alignment assumptions of a pointer cast.

inline uint32_t ReadLE32(const uint8_t* p)
{
    uint32_t v;
    std::memcpy(&v, p, 4);
    if constexpr (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) v = __builtin_bswap32(v);
    return v;
}

inline uint64_t ReadLE64(const uint8_t* p)
{
    uint64_t v;
    std::memcpy(&v, p, 8);
    if constexpr (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) v = __builtin_bswap64(v);
    return v;
}

inline uint32_t ReadBE32(const uint8_t* p)
{
    uint32_t v;
    std::memcpy(&v, p, 4);
    if constexpr (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) v = __builtin_bswap32(v);
    return v;
}

inline uint64_t ReadBE64(const uint8_t* p)
{
    uint64_t v;
    std::memcpy(&v, p, 8);
    if constexpr (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) v = __builtin_bswap64(v);
    return v;
}

inline void WriteLE32(uint8_t* p, uint32_t v)
{
    if constexpr (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) v = __builtin_bswap32(v);
    std::memcpy(p, &v, 4);
}

inline void WriteLE64(uint8_t* p, uint64_t v)
{
    if constexpr (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) v = __builtin_bswap64(v);
    std::memcpy(p, &v, 8);
}

inline void WriteBE32(uint8_t* p, uint32_t v)
{
    if constexpr (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) v = __builtin_bswap32(v);
    std::memcpy(p, &v, 4);
}

inline void WriteBE64(uint8_t* p, uint64_t v)
{
    if constexpr (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) v = __builtin_bswap64(v);
    std::memcpy(p, &v, 8);
}

} // namespace crypto

#endif // BITNODE_CRYPTO_BYTEORDER_H
