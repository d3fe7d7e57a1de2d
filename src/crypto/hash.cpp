#include <crypto/hash.h>

#include <crypto/sha1.h>
#include <crypto/sha512.h>

namespace crypto {

void Hash256::Finalize(uint8_t out[OUTPUT_SIZE])
{
    uint8_t first[Sha256::OUTPUT_SIZE];
    m_sha.Finalize(first);
    Sha256().Write(first, sizeof(first)).Finalize(out);
}

void Hash160::Finalize(uint8_t out[OUTPUT_SIZE])
{
    uint8_t first[Sha256::OUTPUT_SIZE];
    m_sha.Finalize(first);
    Ripemd160().Write(first, sizeof(first)).Finalize(out);
}

std::array<uint8_t, 32> Sha256Of(util::ByteSpan data) { return Sha256().Write(data).Finalize(); }
std::array<uint8_t, 32> Hash256Of(util::ByteSpan data) { return Hash256().Write(data).Finalize(); }
std::array<uint8_t, 20> Hash160Of(util::ByteSpan data) { return Hash160().Write(data).Finalize(); }
std::array<uint8_t, 20> Ripemd160Of(util::ByteSpan data) { return Ripemd160().Write(data).Finalize(); }
std::array<uint8_t, 20> Sha1Of(util::ByteSpan data) { return Sha1().Write(data).Finalize(); }
std::array<uint8_t, 64> Sha512Of(util::ByteSpan data) { return Sha512().Write(data).Finalize(); }

Sha256 TaggedHash(std::string_view tag)
{
    const auto tag_hash = Sha256Of(util::AsBytes(tag));
    Sha256 hasher;
    hasher.Write(tag_hash).Write(tag_hash);
    return hasher;
}

} // namespace crypto
