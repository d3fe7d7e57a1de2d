#include <crypto/key.h>

#include <crypto/random.h>
#include <crypto/secp256k1_context.h>

#include <secp256k1.h>
#include <secp256k1_extrakeys.h>
#include <secp256k1_recovery.h>
#include <secp256k1_schnorrsig.h>

#include <algorithm>
#include <cstring>
#include <string.h> // explicit_bzero

namespace crypto {

static_assert(sizeof(secp256k1_keypair) == 96, "SchnorrKeyPair's storage must match secp256k1_keypair");

namespace {

/** Erases a libsecp256k1 struct holding secret material when it goes out of scope. */
template <typename T>
class ScopedErase
{
public:
    explicit ScopedErase(T& value) : m_value(value) {}
    ~ScopedErase() { SecureErase(&m_value, sizeof(T)); }
    ScopedErase(const ScopedErase&) = delete;
    ScopedErase& operator=(const ScopedErase&) = delete;

private:
    T& m_value;
};

/** R below 2^255: the DER integer needs no 0x00 sign byte, so the signature is a byte shorter. */
bool HasLowR(const secp256k1_ecdsa_signature& sig)
{
    uint8_t compact[64];
    secp256k1_ecdsa_signature_serialize_compact(VerifyContext(), compact, &sig);
    return compact[0] < 0x80;
}

void WriteLE32(uint8_t* out, uint32_t v)
{
    for (int i = 0; i < 4; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}

} // namespace

void SecureErase(void* data, size_t len)
{
    explicit_bzero(data, len);
}

// ---- PrivateKey ------------------------------------------------------------

PrivateKey::~PrivateKey()
{
    SecureErase(m_secret.data(), m_secret.size());
}

PrivateKey::PrivateKey(PrivateKey&& other) noexcept
    : m_secret(other.m_secret), m_valid(other.m_valid), m_compressed(other.m_compressed)
{
    SecureErase(other.m_secret.data(), other.m_secret.size());
    other.m_valid = false;
}

PrivateKey& PrivateKey::operator=(PrivateKey&& other) noexcept
{
    if (this != &other) {
        m_secret = other.m_secret;
        m_valid = other.m_valid;
        m_compressed = other.m_compressed;
        SecureErase(other.m_secret.data(), other.m_secret.size());
        other.m_valid = false;
    }
    return *this;
}

bool PrivateKey::Check(util::ByteSpan bytes)
{
    return bytes.size() == SIZE && secp256k1_ec_seckey_verify(VerifyContext(), bytes.data());
}

std::optional<PrivateKey> PrivateKey::FromBytes(util::ByteSpan bytes, bool compressed)
{
    if (!Check(bytes)) return std::nullopt;
    PrivateKey key;
    std::copy(bytes.begin(), bytes.end(), key.m_secret.begin());
    key.m_valid = true;
    key.m_compressed = compressed;
    return key;
}

PrivateKey PrivateKey::Generate(bool compressed)
{
    PrivateKey key;
    // Out of range with probability about 2^-128; retry rather than reduce,
    // so the key stays uniform.
    do {
        GetStrongRandBytes(key.m_secret);
    } while (!Check(key.m_secret));
    key.m_valid = true;
    key.m_compressed = compressed;
    return key;
}

PubKey PrivateKey::GetPubKey() const
{
    if (!m_valid) return PubKey{};
    secp256k1_pubkey point;
    if (!secp256k1_ec_pubkey_create(SigningContext(), &point, m_secret.data())) return PubKey{};
    std::array<uint8_t, PubKey::SIZE> out;
    size_t out_len = out.size();
    secp256k1_ec_pubkey_serialize(VerifyContext(), out.data(), &out_len, &point,
                                  m_compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED);
    return PubKey{util::ByteSpan{out.data(), out_len}};
}

XOnlyPubKey PrivateKey::GetXOnlyPubKey() const
{
    return XOnlyPubKey{GetPubKey()};
}

bool PrivateKey::VerifyPubKey(const PubKey& pubkey) const
{
    if (!m_valid || pubkey.IsCompressed() != m_compressed) return false;
    // Sign a random hash rather than compare encodings, as Core does: this also
    // proves the secret and the signing path work together.
    const auto hash = GetStrongRand32();
    const auto sig = SignEcdsa(hash);
    return !sig.empty() && pubkey.Verify(hash, sig);
}

std::vector<uint8_t> PrivateKey::SignEcdsa(std::span<const uint8_t, 32> hash, bool grind, uint32_t test_case) const
{
    if (!m_valid) return {};
    const secp256k1_context* ctx = SigningContext();
    uint8_t extra_entropy[32] = {0};
    WriteLE32(extra_entropy, test_case);
    secp256k1_ecdsa_signature sig;
    // As Core: test_case only matters without grinding; grinding starts from
    // the plain RFC6979 nonce and counts up from 1.
    int ok = secp256k1_ecdsa_sign(ctx, &sig, hash.data(), m_secret.data(), secp256k1_nonce_function_rfc6979,
                                  (!grind && test_case != 0) ? extra_entropy : nullptr);
    for (uint32_t counter = 1; ok && grind && !HasLowR(sig); ++counter) {
        WriteLE32(extra_entropy, counter);
        ok = secp256k1_ecdsa_sign(ctx, &sig, hash.data(), m_secret.data(), secp256k1_nonce_function_rfc6979,
                                  extra_entropy);
    }
    if (!ok) return {};

    // Check the signature against a freshly derived public key before it
    // leaves: a fault during signing must not publish a bad signature.
    secp256k1_pubkey point;
    if (!secp256k1_ec_pubkey_create(ctx, &point, m_secret.data())) return {};
    if (!secp256k1_ecdsa_verify(VerifyContext(), &sig, hash.data(), &point)) return {};

    std::vector<uint8_t> der(PubKey::SIGNATURE_SIZE);
    size_t der_len = der.size();
    secp256k1_ecdsa_signature_serialize_der(VerifyContext(), der.data(), &der_len, &sig);
    der.resize(der_len);
    return der;
}

std::optional<std::array<uint8_t, PubKey::COMPACT_SIGNATURE_SIZE>> PrivateKey::SignCompact(
    std::span<const uint8_t, 32> hash) const
{
    if (!m_valid) return std::nullopt;
    const secp256k1_context* ctx = SigningContext();
    secp256k1_ecdsa_recoverable_signature rsig;
    if (!secp256k1_ecdsa_sign_recoverable(ctx, &rsig, hash.data(), m_secret.data(), secp256k1_nonce_function_rfc6979,
                                          nullptr)) {
        return std::nullopt;
    }
    std::array<uint8_t, PubKey::COMPACT_SIGNATURE_SIZE> out;
    int recid = -1;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(VerifyContext(), out.data() + 1, &recid, &rsig);
    if (recid < 0 || recid > 3) return std::nullopt;
    out[0] = static_cast<uint8_t>(27 + recid + (m_compressed ? 4 : 0));

    // Recovering must give back our own key, or the signature is useless.
    secp256k1_pubkey ours, recovered;
    if (!secp256k1_ec_pubkey_create(ctx, &ours, m_secret.data())) return std::nullopt;
    if (!secp256k1_ecdsa_recover(VerifyContext(), &recovered, &rsig, hash.data())) return std::nullopt;
    if (secp256k1_ec_pubkey_cmp(VerifyContext(), &ours, &recovered) != 0) return std::nullopt;
    return out;
}

std::optional<std::array<uint8_t, XOnlyPubKey::SCHNORR_SIGNATURE_SIZE>> PrivateKey::SignSchnorr(
    util::ByteSpan msg, const std::optional<std::array<uint8_t, 32>>& merkle_root,
    std::span<const uint8_t, 32> aux) const
{
    return SchnorrKeyPair{*this, merkle_root}.Sign(msg, aux);
}

bool operator==(const PrivateKey& a, const PrivateKey& b)
{
    return a.m_valid == b.m_valid && a.m_compressed == b.m_compressed && a.m_secret == b.m_secret;
}

// ---- SchnorrKeyPair --------------------------------------------------------

SchnorrKeyPair::SchnorrKeyPair(const PrivateKey& key, const std::optional<std::array<uint8_t, 32>>& merkle_root)
{
    if (!key.IsValid()) return;
    secp256k1_keypair keypair;
    ScopedErase erase_keypair{keypair};
    if (!secp256k1_keypair_create(SigningContext(), &keypair, key.Bytes().data())) return;
    if (merkle_root) {
        // BIP341: tweak by the internal (even-Y) public key and the tree
        // root; keypair_xonly_tweak_add also negates the secret when needed
        // so it matches the even-Y output key.
        secp256k1_xonly_pubkey internal;
        if (!secp256k1_keypair_xonly_pub(VerifyContext(), &internal, nullptr, &keypair)) return;
        std::array<uint8_t, XOnlyPubKey::SIZE> internal_bytes;
        secp256k1_xonly_pubkey_serialize(VerifyContext(), internal_bytes.data(), &internal);
        const bool no_scripts = std::all_of(merkle_root->begin(), merkle_root->end(), [](uint8_t b) { return b == 0; });
        const auto tweak = XOnlyPubKey{internal_bytes}.ComputeTapTweakHash(no_scripts ? std::nullopt : merkle_root);
        if (!secp256k1_keypair_xonly_tweak_add(VerifyContext(), &keypair, tweak.data())) return;
    }
    std::memcpy(m_keypair.data(), &keypair, sizeof(keypair));
    m_valid = true;
}

SchnorrKeyPair::~SchnorrKeyPair()
{
    SecureErase(m_keypair.data(), m_keypair.size());
}

XOnlyPubKey SchnorrKeyPair::GetXOnlyPubKey() const
{
    if (!m_valid) return XOnlyPubKey{};
    secp256k1_keypair keypair;
    ScopedErase erase_keypair{keypair};
    std::memcpy(&keypair, m_keypair.data(), sizeof(keypair));
    secp256k1_xonly_pubkey pub;
    if (!secp256k1_keypair_xonly_pub(VerifyContext(), &pub, nullptr, &keypair)) return XOnlyPubKey{};
    std::array<uint8_t, XOnlyPubKey::SIZE> out;
    secp256k1_xonly_pubkey_serialize(VerifyContext(), out.data(), &pub);
    return XOnlyPubKey{out};
}

std::optional<std::array<uint8_t, XOnlyPubKey::SCHNORR_SIGNATURE_SIZE>> SchnorrKeyPair::Sign(
    util::ByteSpan msg, std::span<const uint8_t, 32> aux) const
{
    if (!m_valid) return std::nullopt;
    // The keypair is copied out of opaque storage rather than aliased, so no
    // type-punning is involved; the copy is erased on every path.
    secp256k1_keypair keypair;
    ScopedErase erase_keypair{keypair};
    std::memcpy(&keypair, m_keypair.data(), sizeof(keypair));

    // sign_custom takes any message length (BIP340 as revised in 2022);
    // ndata is the 32 bytes of auxiliary randomness.
    secp256k1_schnorrsig_extraparams params = SECP256K1_SCHNORRSIG_EXTRAPARAMS_INIT;
    params.ndata = const_cast<uint8_t*>(aux.data()); // libsecp256k1 only reads it
    std::array<uint8_t, XOnlyPubKey::SCHNORR_SIGNATURE_SIZE> sig;
    if (!secp256k1_schnorrsig_sign_custom(SigningContext(), sig.data(), msg.data(), msg.size(), &keypair, &params)) {
        return std::nullopt;
    }
    secp256k1_xonly_pubkey pub;
    if (!secp256k1_keypair_xonly_pub(VerifyContext(), &pub, nullptr, &keypair) ||
        !secp256k1_schnorrsig_verify(VerifyContext(), sig.data(), msg.data(), msg.size(), &pub)) {
        SecureErase(sig.data(), sig.size());
        return std::nullopt;
    }
    return sig;
}

} // namespace crypto
