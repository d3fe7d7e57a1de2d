#include <crypto/hmac_sha256.h>

#include <cstring>

namespace crypto {

HmacSha256::HmacSha256(util::ByteSpan key)
{
    // Keys longer than a block are hashed first; shorter ones are zero-padded.
    uint8_t block[Sha256::BLOCK_SIZE] = {};
    if (key.size() <= sizeof(block)) {
        if (!key.empty()) std::memcpy(block, key.data(), key.size());
    } else {
        Sha256().Write(key).Finalize(block);
    }
    for (uint8_t& b : block) b ^= 0x5c;
    m_outer.Write(block, sizeof(block));
    for (uint8_t& b : block) b ^= 0x5c ^ 0x36;
    m_inner.Write(block, sizeof(block));
}

void HmacSha256::Finalize(uint8_t out[OUTPUT_SIZE])
{
    uint8_t inner[OUTPUT_SIZE];
    m_inner.Finalize(inner);
    m_outer.Write(inner, sizeof(inner)).Finalize(out);
}

std::array<uint8_t, HmacSha256::OUTPUT_SIZE> HmacSha256Of(util::ByteSpan key, util::ByteSpan data)
{
    return HmacSha256(key).Write(data).Finalize();
}

} // namespace crypto
