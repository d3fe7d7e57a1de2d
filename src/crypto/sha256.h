// SHA-256 (FIPS 180-4) and the double-SHA-256 used throughout Bitcoin.
//
// Sha256 is an incremental hasher; an object is not thread-safe, but separate
// objects may be used concurrently. Sha256D64 hashes many independent 64-byte
// inputs at once (Merkle tree nodes) and is where multi-way back ends pay off.
#ifndef BITNODE_CRYPTO_SHA256_H
#define BITNODE_CRYPTO_SHA256_H

#include <util/span.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace crypto {

class Sha256
{
public:
    static constexpr size_t OUTPUT_SIZE = 32;

    Sha256();
    Sha256& Write(util::ByteSpan data);
    Sha256& Write(const uint8_t* data, size_t len) { return Write(util::ByteSpan{data, len}); }
    void Finalize(uint8_t out[OUTPUT_SIZE]);
    std::array<uint8_t, OUTPUT_SIZE> Finalize()
    {
        std::array<uint8_t, OUTPUT_SIZE> out;
        Finalize(out.data());
        return out;
    }
    Sha256& Reset();
    uint64_t BytesWritten() const { return m_bytes; }

private:
    uint32_t m_state[8];
    uint8_t m_buf[64];
    uint64_t m_bytes{0};
};

/** out[i] = SHA256(SHA256(in[64*i .. 64*i+63])) for i < blocks. */
void Sha256D64(uint8_t* out, const uint8_t* in, size_t blocks);

} // namespace crypto

#endif // BITNODE_CRYPTO_SHA256_H
