// SHA-256 (FIPS 180-4) and the double-SHA-256 shapes Bitcoin hashes most.
//
// Sha256 is an incremental hasher; one object is not thread-safe, separate objects may
// be used concurrently. The free functions are thread-safe.
//
// Every function picks its back end at first use from what the CPU offers (SHA-NI,
// AVX2, AVX-512, or portable C++; see sha256_dispatch.cpp). The choice is made once,
// under the C++ static-initialisation guarantee, and never changes afterwards.
//
// - Sha256D64 hashes many independent 64-byte inputs (Merkle tree nodes) with the
//   widest kernel the CPU has for the bulk and narrower ones for the remainder.
// - Sha256D80Midstate hashes a block header for a run of nonces from the state after the
//   header's first 64 bytes (the miner's inner loop).
// - The *Implementations() lists expose each back end this CPU supports by name, so tests
//   can check every one against the portable code and benchmarks can time each.
#ifndef BITNODE_CRYPTO_SHA256_H
#define BITNODE_CRYPTO_SHA256_H

#include <util/span.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace crypto {

/** The eight state words after a whole number of 64-byte blocks. */
using Sha256Midstate = std::array<uint32_t, 8>;

class Sha256
{
public:
    static constexpr size_t OUTPUT_SIZE = 32;
    static constexpr size_t BLOCK_SIZE = 64;

    Sha256();
    /** Resume from a state reached after bytes_so_far bytes (a multiple of BLOCK_SIZE). */
    Sha256(const Sha256Midstate& midstate, uint64_t bytes_so_far);

    Sha256& Write(util::ByteSpan data);
    Sha256& Write(const uint8_t* data, size_t len) { return Write(util::ByteSpan{data, len}); }
    /** Write the digest. The object must be Reset() before it hashes anything else. */
    void Finalize(uint8_t out[OUTPUT_SIZE]);
    std::array<uint8_t, OUTPUT_SIZE> Finalize()
    {
        std::array<uint8_t, OUTPUT_SIZE> out;
        Finalize(out.data());
        return out;
    }
    Sha256& Reset();
    uint64_t BytesWritten() const { return m_bytes; }
    /** The state after the bytes written so far; requires BytesWritten() % BLOCK_SIZE == 0. */
    Sha256Midstate Midstate() const;

private:
    uint32_t m_state[8];
    uint8_t m_buf[BLOCK_SIZE];
    uint64_t m_bytes{0};
};

/** out[32*i .. 32*i+31] = SHA256(SHA256(in[64*i .. 64*i+63])) for i < blocks. */
void Sha256D64(uint8_t* out, const uint8_t* in, size_t blocks);

/** State after the first 64 bytes of an 80-byte block header. */
Sha256Midstate Sha256HeaderMidstate(const uint8_t header[80]);

/**
 * Double SHA-256 of a block header for count consecutive nonces: out[i] is the hash of
 * the header whose first 64 bytes gave `midstate`, whose last 16 bytes are `tail` with
 * the nonce field (tail[12..15], little-endian) replaced by first_nonce + i (mod 2^32).
 * The hashes are in the usual byte order, as Sha256 of Sha256 of the header would give.
 */
void Sha256D80Midstate(uint8_t (*out)[32], const Sha256Midstate& midstate, const uint8_t tail[16], uint32_t first_nonce,
                       size_t count);

/** A short description of the back ends in use, e.g. for a startup log line. */
std::string Sha256BackendName();

/** One back end of the single-stream compression function. */
struct Sha256TransformImpl {
    std::string name;
    void (*transform)(uint32_t state[8], const uint8_t* data, size_t blocks);
};

/** One back end of Sha256D64: `lanes` inputs at a time; fn accepts any count (the rest go to the portable code). */
struct Sha256D64Impl {
    std::string name;
    size_t lanes;
    void (*fn)(uint8_t* out, const uint8_t* in, size_t blocks);
};

/** One back end of Sha256D80Midstate, with the same contract for count as Sha256D64Impl. */
struct Sha256D80Impl {
    std::string name;
    size_t lanes;
    void (*fn)(uint8_t (*out)[32], const Sha256Midstate& midstate, const uint8_t tail[16], uint32_t first_nonce,
               size_t count);
};

/** The back ends this CPU supports, portable first. */
std::vector<Sha256TransformImpl> Sha256TransformImplementations();
std::vector<Sha256D64Impl> Sha256D64Implementations();
std::vector<Sha256D80Impl> Sha256D80Implementations();

} // namespace crypto

#endif // BITNODE_CRYPTO_SHA256_H
