// BIP340 x-only public keys: Schnorr verification and BIP341 taproot tweaks.
//
// An XOnlyPubKey is 32 bytes, the X coordinate of a point whose Y is taken to
// be even. Any 32 bytes can be stored; IsFullyValid() says whether they name a
// point on the curve, and every operation fails cleanly when they do not.
//
// Taproot (BIP341): the output key Q = P + t*G with t = TaggedHash("TapTweak",
// P || merkle_root), or TaggedHash("TapTweak", P) for a key with no script
// tree. CreateTapTweak computes Q and the parity of its Y from P;
// CheckTapTweak is the consensus check that a control block's internal key and
// parity lead to the output key being spent.
//
// Thread-safety: a plain value; const methods are safe to call concurrently.
#ifndef BITNODE_CRYPTO_XONLY_H
#define BITNODE_CRYPTO_XONLY_H

#include <crypto/pubkey.h>
#include <util/span.h>

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>

namespace crypto {

class XOnlyPubKey
{
public:
    static constexpr size_t SIZE = 32;
    /** BIP340 Schnorr signature size. */
    static constexpr size_t SCHNORR_SIGNATURE_SIZE = 64;

    /** The all-zero key (not a point; IsNull()). */
    XOnlyPubKey() = default;
    explicit XOnlyPubKey(std::span<const uint8_t, SIZE> bytes) { std::copy(bytes.begin(), bytes.end(), m_data.begin()); }
    /** The X coordinate of a compressed or uncompressed key (its bytes 1..32); the key's parity is dropped. */
    explicit XOnlyPubKey(const PubKey& pubkey);
    /** 32 bytes as a key; nullopt for any other length. Does not check the curve. */
    static std::optional<XOnlyPubKey> FromBytes(util::ByteSpan bytes);

    /**
     * BIP341's "nothing up my sleeve" point H: lift_x(SHA256(G uncompressed)).
     * Its discrete logarithm is unknown, so as an internal key it provably
     * disables the key path.
     */
    static const XOnlyPubKey& NumsH();

    bool IsNull() const { return std::all_of(m_data.begin(), m_data.end(), [](uint8_t b) { return b == 0; }); }
    /** The bytes are the X coordinate of a point on the curve. */
    bool IsFullyValid() const;

    /**
     * BIP340 verification of a 64-byte signature over msg (any length; Bitcoin
     * always signs 32-byte hashes). False for an invalid key or a wrong-size signature.
     */
    bool VerifySchnorr(util::ByteSpan msg, util::ByteSpan sig) const;

    /** TaggedHash("TapTweak", key || merkle_root), or of the key alone without a script tree. */
    std::array<uint8_t, 32> ComputeTapTweakHash(const std::optional<std::array<uint8_t, 32>>& merkle_root) const;

    /**
     * Consensus check that this key is the output key of internal with the
     * given script tree root, and that parity is its Y parity (BIP341).
     */
    bool CheckTapTweak(const XOnlyPubKey& internal, std::span<const uint8_t, 32> merkle_root, bool parity) const;

    /** This key tweaked as an internal key: (output key, Y parity of it); nullopt if this is not a point. */
    std::optional<std::pair<XOnlyPubKey, bool>> CreateTapTweak(const std::optional<std::array<uint8_t, 32>>& merkle_root) const;

    /** The compressed key 0x02 || X (the point with even Y). */
    PubKey GetEvenCorrespondingPubKey() const;

    const uint8_t* data() const { return m_data.data(); }
    static constexpr size_t size() { return SIZE; }
    const uint8_t* begin() const { return m_data.data(); }
    const uint8_t* end() const { return m_data.data() + SIZE; }
    std::span<const uint8_t, SIZE> Bytes() const { return m_data; }

    friend bool operator==(const XOnlyPubKey&, const XOnlyPubKey&) = default;
    friend auto operator<=>(const XOnlyPubKey&, const XOnlyPubKey&) = default;

private:
    std::array<uint8_t, SIZE> m_data{};
};

} // namespace crypto

#endif // BITNODE_CRYPTO_XONLY_H
