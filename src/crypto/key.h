// secp256k1 private keys: generation, public key derivation, ECDSA and BIP340
// Schnorr signing (with BIP341 taproot tweaking).
//
// A PrivateKey holds 32 secret bytes in the range [1, n-1] plus whether its
// public key is serialised compressed. Keys are only made through FromBytes()
// (which range-checks) or Generate(); a default-constructed key is invalid and
// every signing call on it fails. The secret is erased when the object is
// destroyed or moved from. It lives inline in the object, not in locked memory:
// keep keys in few places and short-lived.
//
// ECDSA signatures follow Bitcoin Core: RFC6979 deterministic nonces, low S
// always (libsecp256k1 only produces low S), and by default "low R" grinding
// so that the DER encoding is at most 71 bytes. Every signature is verified
// before it is returned, so a computation fault never leaks a bad signature.
//
// Thread-safety: a PrivateKey or SchnorrKeyPair is a value; const methods may
// run concurrently (they share only the read-only signing context).
#ifndef BITNODE_CRYPTO_KEY_H
#define BITNODE_CRYPTO_KEY_H

#include <crypto/pubkey.h>
#include <crypto/xonly.h>
#include <util/span.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace crypto {

/** Overwrite memory in a way the compiler may not optimise away (for secrets). */
void SecureErase(void* data, size_t len);

class PrivateKey
{
public:
    static constexpr size_t SIZE = 32;

    /** An invalid key. */
    PrivateKey() = default;
    ~PrivateKey();
    PrivateKey(const PrivateKey& other) = default;
    PrivateKey& operator=(const PrivateKey& other) = default;
    /** Moving leaves the source invalid and erased. */
    PrivateKey(PrivateKey&& other) noexcept;
    PrivateKey& operator=(PrivateKey&& other) noexcept;

    /** True if bytes is 32 bytes encoding a scalar in [1, n-1]. */
    static bool Check(util::ByteSpan bytes);
    /** The key with these secret bytes; nullopt unless Check(bytes). */
    static std::optional<PrivateKey> FromBytes(util::ByteSpan bytes, bool compressed = true);
    /** A fresh key from GetStrongRandBytes. */
    static PrivateKey Generate(bool compressed = true);

    bool IsValid() const { return m_valid; }
    bool IsCompressed() const { return m_compressed; }
    /** The secret bytes (all zero if the key is invalid). */
    std::span<const uint8_t, SIZE> Bytes() const { return m_secret; }

    /** The public key, compressed or not as this key says; an invalid PubKey if this key is invalid. */
    PubKey GetPubKey() const;
    /** The BIP340 public key (X only); the all-zero key if this key is invalid. */
    XOnlyPubKey GetXOnlyPubKey() const;
    /** True if pubkey belongs to this key (same compression) — checked by signing and verifying. */
    bool VerifyPubKey(const PubKey& pubkey) const;

    /**
     * DER-encoded ECDSA signature of a 32-byte hash, or empty if the key is
     * invalid. With grind (Core's default) the nonce is re-derived with extra
     * data 1, 2, ... until R is below 2^255, saving a byte. Without grind,
     * a non-zero test_case is fed to RFC6979 as extra data (little-endian in a
     * 32-byte string), giving a different but still deterministic signature.
     */
    std::vector<uint8_t> SignEcdsa(std::span<const uint8_t, 32> hash, bool grind = true, uint32_t test_case = 0) const;

    /**
     * A recoverable ECDSA signature (header byte 27 + recid, +4 if compressed,
     * then R and S), as "signmessage" uses; nullopt if the key is invalid.
     */
    std::optional<std::array<uint8_t, PubKey::COMPACT_SIGNATURE_SIZE>> SignCompact(std::span<const uint8_t, 32> hash) const;

    /**
     * BIP340 signature of msg with auxiliary randomness aux (Bitcoin Core's
     * semantics for merkle_root): nullopt signs with this key untweaked; a
     * value tweaks the key pair as BIP341 does before signing, where the
     * all-zero value means "no script tree" (tweak by the key alone) and any
     * other value is the script tree's root. Returns nullopt if the key is
     * invalid or the tweak fails.
     */
    std::optional<std::array<uint8_t, XOnlyPubKey::SCHNORR_SIGNATURE_SIZE>> SignSchnorr(
        util::ByteSpan msg, const std::optional<std::array<uint8_t, 32>>& merkle_root,
        std::span<const uint8_t, 32> aux) const;

    /** Same secret and compression flag. */
    friend bool operator==(const PrivateKey& a, const PrivateKey& b);

private:
    std::array<uint8_t, SIZE> m_secret{};
    bool m_valid{false};
    bool m_compressed{true};
};

/**
 * A key pair ready for repeated BIP340 signing: the public key and any
 * taproot tweak are computed once, not per signature. Built from a
 * PrivateKey with the same merkle_root semantics as PrivateKey::SignSchnorr.
 * The secret is erased on destruction.
 */
class SchnorrKeyPair
{
public:
    SchnorrKeyPair(const PrivateKey& key, const std::optional<std::array<uint8_t, 32>>& merkle_root);
    ~SchnorrKeyPair();
    SchnorrKeyPair(const SchnorrKeyPair&) = delete;
    SchnorrKeyPair& operator=(const SchnorrKeyPair&) = delete;

    /** False if the key was invalid or the tweak failed; signing then fails. */
    bool IsValid() const { return m_valid; }
    /** The (possibly tweaked) public key that signatures verify against. */
    XOnlyPubKey GetXOnlyPubKey() const;

    /** BIP340 signature with aux randomness, checked before it is returned; nullopt on failure. */
    std::optional<std::array<uint8_t, XOnlyPubKey::SCHNORR_SIGNATURE_SIZE>> Sign(
        util::ByteSpan msg, std::span<const uint8_t, 32> aux) const;

private:
    // Opaque storage for libsecp256k1's secp256k1_keypair (96 bytes; checked in key.cpp).
    alignas(8) std::array<uint8_t, 96> m_keypair{};
    bool m_valid{false};
};

} // namespace crypto

#endif // BITNODE_CRYPTO_KEY_H
