// Bitcoin's composite hashes over raw bytes: Hash256 = SHA256(SHA256(x)) (txids, block
// hashes, Merkle nodes, checksums), Hash160 = RIPEMD160(SHA256(x)) (key and script
// hashes), BIP340 tagged hashes, and one-shot helpers returning fixed-size arrays.
// crypto sits below primitives, so results are std::array, never uint256.
//
// Writer objects are not thread-safe; separate objects may be used concurrently. The
// free functions are thread-safe.
#ifndef BITNODE_CRYPTO_HASH_H
#define BITNODE_CRYPTO_HASH_H

#include <crypto/ripemd160.h>
#include <crypto/sha256.h>
#include <util/span.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace crypto {

/** Incremental double SHA-256. */
class Hash256
{
public:
    static constexpr size_t OUTPUT_SIZE = Sha256::OUTPUT_SIZE;

    Hash256& Write(util::ByteSpan data)
    {
        m_sha.Write(data);
        return *this;
    }
    Hash256& Write(const uint8_t* data, size_t len) { return Write(util::ByteSpan{data, len}); }
    /** Write the digest. The object must be Reset() before it hashes anything else. */
    void Finalize(uint8_t out[OUTPUT_SIZE]);
    std::array<uint8_t, OUTPUT_SIZE> Finalize()
    {
        std::array<uint8_t, OUTPUT_SIZE> out;
        Finalize(out.data());
        return out;
    }
    Hash256& Reset()
    {
        m_sha.Reset();
        return *this;
    }

private:
    Sha256 m_sha;
};

/** Incremental RIPEMD160(SHA256(x)). */
class Hash160
{
public:
    static constexpr size_t OUTPUT_SIZE = Ripemd160::OUTPUT_SIZE;

    Hash160& Write(util::ByteSpan data)
    {
        m_sha.Write(data);
        return *this;
    }
    Hash160& Write(const uint8_t* data, size_t len) { return Write(util::ByteSpan{data, len}); }
    /** Write the digest. The object must be Reset() before it hashes anything else. */
    void Finalize(uint8_t out[OUTPUT_SIZE]);
    std::array<uint8_t, OUTPUT_SIZE> Finalize()
    {
        std::array<uint8_t, OUTPUT_SIZE> out;
        Finalize(out.data());
        return out;
    }
    Hash160& Reset()
    {
        m_sha.Reset();
        return *this;
    }

private:
    Sha256 m_sha;
};

std::array<uint8_t, 32> Sha256Of(util::ByteSpan data);
/** SHA256(SHA256(data)). */
std::array<uint8_t, 32> Hash256Of(util::ByteSpan data);
/** RIPEMD160(SHA256(data)). */
std::array<uint8_t, 20> Hash160Of(util::ByteSpan data);
std::array<uint8_t, 20> Ripemd160Of(util::ByteSpan data);
std::array<uint8_t, 20> Sha1Of(util::ByteSpan data);
std::array<uint8_t, 64> Sha512Of(util::ByteSpan data);

/**
 * A SHA-256 hasher already fed SHA256(tag) || SHA256(tag) (BIP340): write the message
 * and finalize to get the tagged hash. Those 64 bytes are exactly one block, so the
 * object holds only a midstate: callers hashing often under one tag keep one and copy
 * it per message instead of hashing the tag again.
 */
Sha256 TaggedHash(std::string_view tag);

} // namespace crypto

#endif // BITNODE_CRYPTO_HASH_H
