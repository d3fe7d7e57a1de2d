// secp256k1 public keys as Bitcoin serialises them, and ECDSA verification.
//
// PubKey stores a key's serialisation (33 bytes compressed, 65 bytes
// uncompressed or hybrid) exactly as Bitcoin Core's CPubKey does: the length
// follows from the first byte, and a byte string whose length does not match
// its first byte gives an invalid key. IsValid() is that cheap syntactic check
// (consensus code relies on it); IsFullyValid() also checks the point is on the
// curve, as libsecp256k1's parser does, hybrid (0x06/0x07) encodings included.
//
// Verify() takes DER signatures through Core's lax parser, which accepts the
// encoding violations found in the block chain before BIP66, and normalises S
// before verifying: the stricter rules (BIP66 DER, low S) are script flags and
// are enforced by the interpreter with IsStrictDerSignature() and CheckLowS().
//
// Thread-safety: a PubKey is a plain value; const methods and the free
// functions are safe to call concurrently.
#ifndef BITNODE_CRYPTO_PUBKEY_H
#define BITNODE_CRYPTO_PUBKEY_H

#include <util/span.h>

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace crypto {

class PubKey
{
public:
    static constexpr size_t SIZE = 65;
    static constexpr size_t COMPRESSED_SIZE = 33;
    /** Largest DER signature libsecp256k1 produces (both integers 33 bytes). */
    static constexpr size_t SIGNATURE_SIZE = 72;
    /** Recoverable signature: header byte, then R and S. */
    static constexpr size_t COMPACT_SIGNATURE_SIZE = 65;

    /** Serialised length implied by a first byte, or 0 if the byte starts no key encoding. */
    static constexpr size_t GetLen(uint8_t header)
    {
        if (header == 0x02 || header == 0x03) return COMPRESSED_SIZE;
        if (header == 0x04 || header == 0x06 || header == 0x07) return SIZE;
        return 0;
    }
    static bool ValidSize(util::ByteSpan bytes) { return !bytes.empty() && GetLen(bytes[0]) == bytes.size(); }

    /** An invalid key. */
    PubKey() { Invalidate(); }
    /** The key serialised as bytes; invalid if the length does not match the first byte. */
    explicit PubKey(util::ByteSpan bytes) { Set(bytes); }
    void Set(util::ByteSpan bytes);

    size_t size() const { return GetLen(m_data[0]); }
    const uint8_t* data() const { return m_data.data(); }
    const uint8_t* begin() const { return m_data.data(); }
    const uint8_t* end() const { return m_data.data() + size(); }
    util::ByteSpan Bytes() const { return {m_data.data(), size()}; }

    /** Syntactic check only: the length matches the first byte. Consensus code depends on this exact rule. */
    bool IsValid() const { return size() > 0; }
    /** Syntactically a compressed (0x02/0x03) or uncompressed (0x04) key, not hybrid. */
    bool IsValidNonHybrid() const { return IsValid() && (m_data[0] == 0x02 || m_data[0] == 0x03 || m_data[0] == 0x04); }
    /** The encoding is valid and the point lies on the curve (hybrid parity checked too). */
    bool IsFullyValid() const;
    bool IsCompressed() const { return size() == COMPRESSED_SIZE; }

    /**
     * Check an ECDSA signature (DER, lax parsing, S normalised) over a 32-byte
     * hash. False if this key is not fully valid or the signature does not parse.
     */
    bool Verify(std::span<const uint8_t, 32> hash, util::ByteSpan der_sig) const;

    /** True if the signature parses (laxly) and its S is at most half the group order. */
    static bool CheckLowS(util::ByteSpan der_sig);

    /**
     * The key that made a 65-byte recoverable signature (header 27 + recid,
     * +4 for a compressed key) over hash; nullopt if there is none.
     */
    static std::optional<PubKey> RecoverCompact(std::span<const uint8_t, 32> hash, util::ByteSpan sig);

    /** The uncompressed (0x04) encoding of this key; nullopt if it is not fully valid. */
    std::optional<PubKey> Decompressed() const;

    /** The key ID: Hash160 (RIPEMD-160 of SHA-256) of the serialisation, as in P2PKH and P2WPKH. */
    std::array<uint8_t, 20> GetID() const;
    /** Double SHA-256 of the serialisation. */
    std::array<uint8_t, 32> GetHash() const;

    friend bool operator==(const PubKey& a, const PubKey& b)
    {
        return a.m_data[0] == b.m_data[0] && std::equal(a.begin(), a.end(), b.begin());
    }
    /** Orders by first byte, then by the serialised bytes (Core's order, used in sorted multisig sets). */
    friend std::strong_ordering operator<=>(const PubKey& a, const PubKey& b);

private:
    void Invalidate() { m_data[0] = 0xff; }

    std::array<uint8_t, SIZE> m_data{};
};

/**
 * BIP66's strict DER rules for an ECDSA signature given without its sighash
 * byte: 0x30 len 0x02 lenR R 0x02 lenS S, total 8..72 bytes, lengths exact,
 * integers non-empty, non-negative and minimally encoded. Values are not range
 * checked (an R or S of at least the group order simply fails to verify).
 */
bool IsStrictDerSignature(util::ByteSpan sig);

} // namespace crypto

#endif // BITNODE_CRYPTO_PUBKEY_H
