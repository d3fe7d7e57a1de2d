// HMAC-SHA256 (RFC 2104, test vectors in RFC 4231): RFC 6979 nonces and other
// keyed derivations.
//
// An HmacSha256 object is not thread-safe; separate objects may be used concurrently.
#ifndef BITNODE_CRYPTO_HMAC_SHA256_H
#define BITNODE_CRYPTO_HMAC_SHA256_H

#include <crypto/sha256.h>
#include <util/span.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace crypto {

class HmacSha256
{
public:
    static constexpr size_t OUTPUT_SIZE = Sha256::OUTPUT_SIZE;

    explicit HmacSha256(util::ByteSpan key);
    HmacSha256(const uint8_t* key, size_t key_len) : HmacSha256(util::ByteSpan{key, key_len}) {}
    HmacSha256& Write(util::ByteSpan data)
    {
        m_inner.Write(data);
        return *this;
    }
    HmacSha256& Write(const uint8_t* data, size_t len) { return Write(util::ByteSpan{data, len}); }
    /** Write the MAC. The object is spent afterwards. */
    void Finalize(uint8_t out[OUTPUT_SIZE]);
    std::array<uint8_t, OUTPUT_SIZE> Finalize()
    {
        std::array<uint8_t, OUTPUT_SIZE> out;
        Finalize(out.data());
        return out;
    }

private:
    Sha256 m_outer;
    Sha256 m_inner;
};

/** One-shot HMAC-SHA256 of data under key. */
std::array<uint8_t, HmacSha256::OUTPUT_SIZE> HmacSha256Of(util::ByteSpan key, util::ByteSpan data);

} // namespace crypto

#endif // BITNODE_CRYPTO_HMAC_SHA256_H
