// Randomness: the operating system's CSPRNG for secrets, and a fast seeded
// generator for everything that only needs to be unpredictable.
//
// GetStrongRandBytes() reads getrandom(2) directly and is what keys, nonces'
// auxiliary randomness and context blinding use. It never returns short: if the
// kernel cannot deliver, the process prints why and aborts, because running on
// without entropy would silently produce guessable keys.
//
// FastRandomContext is a ChaCha20 keystream keyed once (from GetStrongRandBytes,
// or from a fixed seed in tests). Its output is unpredictable to anyone who does
// not know the key, so it suits peer selection, shuffles and jitter, but it does
// not reseed, so it must not generate long-lived secrets.
//
// Thread-safety: GetStrongRandBytes may be called from any thread. A
// FastRandomContext is not thread-safe; give each thread its own.
#ifndef BITNODE_CRYPTO_RANDOM_H
#define BITNODE_CRYPTO_RANDOM_H

#include <util/span.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace crypto {

/** Fill out with bytes from the kernel's CSPRNG. Aborts the process if that fails. */
void GetStrongRandBytes(util::WritableByteSpan out);

/** 32 fresh bytes from GetStrongRandBytes. */
std::array<uint8_t, 32> GetStrongRand32();

class FastRandomContext
{
public:
    /** Keyed from GetStrongRandBytes. */
    FastRandomContext();
    /** Keyed with a fixed seed: the same seed gives the same stream (for tests). */
    explicit FastRandomContext(std::span<const uint8_t, 32> seed);
    ~FastRandomContext();

    FastRandomContext(const FastRandomContext&) = delete;
    FastRandomContext& operator=(const FastRandomContext&) = delete;

    /** The next 8 keystream bytes, read little-endian. */
    uint64_t Rand64();
    uint32_t Rand32() { return static_cast<uint32_t>(Rand64() >> 32); }
    bool RandBool() { return (Rand64() >> 63) != 0; }
    /** A uniform value of the given width; bits must be in [0, 64]. */
    uint64_t RandBits(int bits);
    /** A uniform value in [0, range); range must not be zero. Unbiased (rejection sampling). */
    uint64_t RandRange(uint64_t range);
    void FillBytes(util::WritableByteSpan out);
    std::vector<uint8_t> RandBytes(size_t len);
    std::array<uint8_t, 32> Rand256();

    // UniformRandomBitGenerator, so the context works with std::shuffle and friends.
    using result_type = uint64_t;
    static constexpr uint64_t min() { return 0; }
    static constexpr uint64_t max() { return std::numeric_limits<uint64_t>::max(); }
    uint64_t operator()() { return Rand64(); }

private:
    void Refill();

    std::array<uint32_t, 8> m_key{};
    uint64_t m_block_counter{0};
    std::array<uint8_t, 64> m_buffer{};
    size_t m_buffer_pos{64}; //!< bytes of m_buffer already handed out
};

} // namespace crypto

#endif // BITNODE_CRYPTO_RANDOM_H
