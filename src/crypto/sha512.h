// SHA-512 (FIPS 180-4): used by HMAC-SHA512 (BIP32 key derivation) and wallet code.
//
// Sha512 is an incremental hasher; one object is not thread-safe, separate objects may
// be used concurrently.
#ifndef BITNODE_CRYPTO_SHA512_H
#define BITNODE_CRYPTO_SHA512_H

#include <util/span.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace crypto {

class Sha512
{
public:
    static constexpr size_t OUTPUT_SIZE = 64;
    static constexpr size_t BLOCK_SIZE = 128;

    Sha512();
    Sha512& Write(util::ByteSpan data);
    Sha512& Write(const uint8_t* data, size_t len) { return Write(util::ByteSpan{data, len}); }
    /** Write the digest. The object must be Reset() before it hashes anything else. */
    void Finalize(uint8_t out[OUTPUT_SIZE]);
    std::array<uint8_t, OUTPUT_SIZE> Finalize()
    {
        std::array<uint8_t, OUTPUT_SIZE> out;
        Finalize(out.data());
        return out;
    }
    Sha512& Reset();
    uint64_t BytesWritten() const { return m_bytes; }

private:
    uint64_t m_state[8];
    uint8_t m_buf[BLOCK_SIZE];
    uint64_t m_bytes{0};
};

} // namespace crypto

#endif // BITNODE_CRYPTO_SHA512_H
