// HMAC-SHA512 (RFC 2104, test vectors in RFC 4231): BIP32 key derivation and the
// BIP39 seed derivation.
//
// An HmacSha512 object is not thread-safe; separate objects may be used concurrently.
#ifndef BITNODE_CRYPTO_HMAC_SHA512_H
#define BITNODE_CRYPTO_HMAC_SHA512_H

#include <crypto/sha512.h>
#include <util/span.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace crypto {

class HmacSha512
{
public:
    static constexpr size_t OUTPUT_SIZE = Sha512::OUTPUT_SIZE;

    explicit HmacSha512(util::ByteSpan key);
    HmacSha512(const uint8_t* key, size_t key_len) : HmacSha512(util::ByteSpan{key, key_len}) {}
    HmacSha512& Write(util::ByteSpan data)
    {
        m_inner.Write(data);
        return *this;
    }
    HmacSha512& Write(const uint8_t* data, size_t len) { return Write(util::ByteSpan{data, len}); }
    /** Write the MAC. The object is spent afterwards. */
    void Finalize(uint8_t out[OUTPUT_SIZE]);
    std::array<uint8_t, OUTPUT_SIZE> Finalize()
    {
        std::array<uint8_t, OUTPUT_SIZE> out;
        Finalize(out.data());
        return out;
    }

private:
    Sha512 m_outer;
    Sha512 m_inner;
};

/** One-shot HMAC-SHA512 of data under key. */
std::array<uint8_t, HmacSha512::OUTPUT_SIZE> HmacSha512Of(util::ByteSpan key, util::ByteSpan data);

} // namespace crypto

#endif // BITNODE_CRYPTO_HMAC_SHA512_H
