// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit hash for hash tables that
// peers can fill (salted txid sets, compact-block short ids, address buckets).
//
// SipHasher is incremental; one object is not thread-safe, separate objects may be used
// concurrently. SipHashUint256 and SipHashUint256Extra are pure functions giving the same
// results as Bitcoin Core's functions of those names.
#ifndef BITNODE_CRYPTO_SIPHASH_H
#define BITNODE_CRYPTO_SIPHASH_H

#include <util/span.h>

#include <cstdint>
#include <span>

namespace crypto {

class SipHasher
{
public:
    /** Keyed with the 128-bit key k0 || k1 (k0 = little-endian bytes 0..7 of the key). */
    SipHasher(uint64_t k0, uint64_t k1);
    /** Hash 8 bytes given as a little-endian integer; only when a multiple of 8 bytes was written so far. */
    SipHasher& Write(uint64_t data);
    SipHasher& Write(util::ByteSpan data);
    /** The hash of everything written so far; the object stays usable for more writes. */
    uint64_t Finalize() const;

private:
    uint64_t m_v[4];
    uint64_t m_tail{0}; //!< bytes written since the last whole 8, little-endian
    uint8_t m_count{0}; //!< bytes written mod 256: only its low 8 bits enter the hash
};

/**
 * SipHash-2-4 of a 32-byte value (a txid, a block hash), read as four little-endian
 * 64-bit words: the same as SipHasher(k0, k1).Write(val) but several times faster.
 */
uint64_t SipHashUint256(uint64_t k0, uint64_t k1, std::span<const uint8_t, 32> val);

/** SipHash-2-4 of the 32-byte value followed by extra as 4 little-endian bytes (36 bytes). */
uint64_t SipHashUint256Extra(uint64_t k0, uint64_t k1, std::span<const uint8_t, 32> val, uint32_t extra);

} // namespace crypto

#endif // BITNODE_CRYPTO_SIPHASH_H
