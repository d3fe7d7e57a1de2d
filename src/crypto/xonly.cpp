#include <crypto/xonly.h>

#include <crypto/hash.h>
#include <crypto/secp256k1_context.h>

#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_schnorrsig.h>

namespace crypto {

namespace {

const Sha256& TapTweakHasher()
{
    // Immutable after initialisation; callers copy it before writing.
    static const Sha256 hasher = TaggedHash("TapTweak");
    return hasher;
}

} // namespace

XOnlyPubKey::XOnlyPubKey(const PubKey& pubkey)
{
    // Both serialisations carry X in bytes 1..32.
    if (pubkey.IsValid()) std::copy(pubkey.begin() + 1, pubkey.begin() + 1 + SIZE, m_data.begin());
}

std::optional<XOnlyPubKey> XOnlyPubKey::FromBytes(util::ByteSpan bytes)
{
    if (bytes.size() != SIZE) return std::nullopt;
    return XOnlyPubKey{std::span<const uint8_t, SIZE>{bytes.data(), SIZE}};
}

const XOnlyPubKey& XOnlyPubKey::NumsH()
{
    static constexpr std::array<uint8_t, SIZE> NUMS_H_BYTES{
        0x50, 0x92, 0x9b, 0x74, 0xc1, 0xa0, 0x49, 0x54, 0xb7, 0x8b, 0x4b, 0x60, 0x35, 0xe9, 0x7a, 0x5e,
        0x07, 0x8a, 0x5a, 0x0f, 0x28, 0xec, 0x96, 0xd5, 0x47, 0xbf, 0xee, 0x9a, 0xce, 0x80, 0x3a, 0xc0,
    };
    static const XOnlyPubKey nums_h{NUMS_H_BYTES};
    return nums_h;
}

bool XOnlyPubKey::IsFullyValid() const
{
    secp256k1_xonly_pubkey parsed;
    return secp256k1_xonly_pubkey_parse(VerifyContext(), &parsed, m_data.data());
}

bool XOnlyPubKey::VerifySchnorr(util::ByteSpan msg, util::ByteSpan sig) const
{
    if (sig.size() != SCHNORR_SIGNATURE_SIZE) return false;
    const secp256k1_context* ctx = VerifyContext();
    secp256k1_xonly_pubkey parsed;
    if (!secp256k1_xonly_pubkey_parse(ctx, &parsed, m_data.data())) return false;
    return secp256k1_schnorrsig_verify(ctx, sig.data(), msg.data(), msg.size(), &parsed);
}

std::array<uint8_t, 32> XOnlyPubKey::ComputeTapTweakHash(const std::optional<std::array<uint8_t, 32>>& merkle_root) const
{
    Sha256 hasher = TapTweakHasher();
    hasher.Write(m_data.data(), m_data.size());
    // Without a script tree BIP341 still tweaks, by the key alone, so the
    // output key commits to having no hidden script path.
    if (merkle_root) hasher.Write(merkle_root->data(), merkle_root->size());
    return hasher.Finalize();
}

bool XOnlyPubKey::CheckTapTweak(const XOnlyPubKey& internal, std::span<const uint8_t, 32> merkle_root, bool parity) const
{
    const secp256k1_context* ctx = VerifyContext();
    secp256k1_xonly_pubkey internal_key;
    if (!secp256k1_xonly_pubkey_parse(ctx, &internal_key, internal.data())) return false;
    std::array<uint8_t, 32> root;
    std::copy(merkle_root.begin(), merkle_root.end(), root.begin());
    const auto tweak = internal.ComputeTapTweakHash(root);
    return secp256k1_xonly_pubkey_tweak_add_check(ctx, m_data.data(), parity ? 1 : 0, &internal_key, tweak.data());
}

std::optional<std::pair<XOnlyPubKey, bool>> XOnlyPubKey::CreateTapTweak(
    const std::optional<std::array<uint8_t, 32>>& merkle_root) const
{
    const secp256k1_context* ctx = VerifyContext();
    secp256k1_xonly_pubkey base;
    if (!secp256k1_xonly_pubkey_parse(ctx, &base, m_data.data())) return std::nullopt;
    const auto tweak = ComputeTapTweakHash(merkle_root);
    secp256k1_pubkey tweaked;
    // Fails only if the tweak is not below the group order or the sum is infinity.
    if (!secp256k1_xonly_pubkey_tweak_add(ctx, &tweaked, &base, tweak.data())) return std::nullopt;
    secp256k1_xonly_pubkey tweaked_xonly;
    int parity = 0;
    if (!secp256k1_xonly_pubkey_from_pubkey(ctx, &tweaked_xonly, &parity, &tweaked)) return std::nullopt;
    std::array<uint8_t, SIZE> out;
    secp256k1_xonly_pubkey_serialize(ctx, out.data(), &tweaked_xonly);
    return std::pair{XOnlyPubKey{out}, parity == 1};
}

PubKey XOnlyPubKey::GetEvenCorrespondingPubKey() const
{
    std::array<uint8_t, PubKey::COMPRESSED_SIZE> full;
    full[0] = 0x02;
    std::copy(m_data.begin(), m_data.end(), full.begin() + 1);
    return PubKey{full};
}

} // namespace crypto
