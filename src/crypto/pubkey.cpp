#include <crypto/pubkey.h>

#include <crypto/secp256k1_context.h>
#include <crypto/hash.h>

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <cstring>

namespace crypto {

namespace {

/** Where one DER INTEGER's value bytes sit in the input. */
struct IntegerSpan {
    size_t pos;
    size_t len;
};

/**
 * Read "0x02 <length> <value>" at pos the way Core's lax parser does: a long
 * form length may carry any number of leading zero bytes but must fit in
 * fewer than 4 significant bytes, and the value must fit in the input.
 * Nothing else about the integer is checked.
 */
std::optional<IntegerSpan> ReadLaxInteger(util::ByteSpan in, size_t& pos)
{
    if (pos == in.size() || in[pos] != 0x02) return std::nullopt;
    ++pos;
    if (pos == in.size()) return std::nullopt;
    const uint8_t len_byte = in[pos++];
    size_t len = len_byte;
    if (len_byte & 0x80) {
        size_t len_bytes = len_byte & 0x7f;
        if (len_bytes > in.size() - pos) return std::nullopt;
        while (len_bytes > 0 && in[pos] == 0) {
            ++pos;
            --len_bytes;
        }
        if (len_bytes >= 4) return std::nullopt;
        len = 0;
        for (; len_bytes > 0; --len_bytes) len = (len << 8) | in[pos++];
    }
    if (len > in.size() - pos) return std::nullopt;
    const IntegerSpan value{pos, len};
    pos += len;
    return value;
}

/**
 * Copy an integer's value, big-endian, right-aligned into out[0..32) after
 * dropping leading zero bytes. False if more than 32 significant bytes remain.
 */
bool CopyScalar(util::ByteSpan in, IntegerSpan value, uint8_t* out)
{
    while (value.len > 0 && in[value.pos] == 0) {
        ++value.pos;
        --value.len;
    }
    if (value.len > 32) return false;
    std::memcpy(out + 32 - value.len, in.data() + value.pos, value.len);
    return true;
}

/**
 * Bitcoin Core's lax DER parser (the behaviour of its
 * ecdsa_signature_parse_der_lax). Signatures in blocks before BIP66 used BER
 * quirks that strict DER rejects, and those blocks must still validate, so
 * this accepts: a sequence length that is wrong, long-form or followed by
 * garbage (the sequence length is skipped, never checked); long-form integer
 * lengths with leading zero bytes; negative and zero-padded integers; and any
 * trailing bytes after S. It fails only when the 0x30/0x02/0x02 framing is
 * missing or a length points past the input. An R or S wider than 32
 * significant bytes, or not below the group order, gives the all-zero
 * signature, which parses but can never verify.
 */
bool ParseDerLax(secp256k1_ecdsa_signature& sig, util::ByteSpan in)
{
    const secp256k1_context* ctx = VerifyContext();
    uint8_t compact[64] = {0};
    // Leave sig holding a well-formed but never-verifying value on every path.
    secp256k1_ecdsa_signature_parse_compact(ctx, &sig, compact);

    size_t pos = 0;
    if (pos == in.size() || in[pos] != 0x30) return false;
    ++pos;
    if (pos == in.size()) return false;
    const uint8_t seq_len_byte = in[pos++];
    if (seq_len_byte & 0x80) {
        const size_t len_bytes = seq_len_byte & 0x7f;
        if (len_bytes > in.size() - pos) return false;
        pos += len_bytes;
    }
    const auto r = ReadLaxInteger(in, pos);
    if (!r) return false;
    const auto s = ReadLaxInteger(in, pos);
    if (!s) return false;

    bool in_range = CopyScalar(in, *r, compact) && CopyScalar(in, *s, compact + 32);
    if (in_range) in_range = secp256k1_ecdsa_signature_parse_compact(ctx, &sig, compact);
    if (!in_range) {
        std::memset(compact, 0, sizeof(compact));
        secp256k1_ecdsa_signature_parse_compact(ctx, &sig, compact);
    }
    return true;
}

} // namespace

void PubKey::Set(util::ByteSpan bytes)
{
    if (ValidSize(bytes)) {
        std::copy(bytes.begin(), bytes.end(), m_data.begin());
    } else {
        Invalidate();
    }
}

bool PubKey::IsFullyValid() const
{
    if (!IsValid()) return false;
    secp256k1_pubkey parsed;
    return secp256k1_ec_pubkey_parse(VerifyContext(), &parsed, data(), size());
}

bool PubKey::Verify(std::span<const uint8_t, 32> hash, util::ByteSpan der_sig) const
{
    if (!IsValid()) return false;
    const secp256k1_context* ctx = VerifyContext();
    secp256k1_pubkey parsed;
    if (!secp256k1_ec_pubkey_parse(ctx, &parsed, data(), size())) return false;
    secp256k1_ecdsa_signature sig;
    if (!ParseDerLax(sig, der_sig)) return false;
    // libsecp256k1 only verifies low-S signatures, but consensus accepts both
    // forms; the low-S policy is the script flag's job (CheckLowS).
    secp256k1_ecdsa_signature_normalize(ctx, &sig, &sig);
    return secp256k1_ecdsa_verify(ctx, &sig, hash.data(), &parsed);
}

bool PubKey::CheckLowS(util::ByteSpan der_sig)
{
    secp256k1_ecdsa_signature sig;
    if (!ParseDerLax(sig, der_sig)) return false;
    // normalize returns 1 exactly when S was high; with a null output it only checks.
    return !secp256k1_ecdsa_signature_normalize(VerifyContext(), nullptr, &sig);
}

std::optional<PubKey> PubKey::RecoverCompact(std::span<const uint8_t, 32> hash, util::ByteSpan sig)
{
    if (sig.size() != COMPACT_SIGNATURE_SIZE) return std::nullopt;
    // Header 27..34: recovery id in the low two bits, +4 for a compressed key.
    // Like Core, other header values are not rejected, only reduced.
    const int header = int{sig[0]} - 27;
    const int recid = header & 3;
    const bool compressed = (header & 4) != 0;
    const secp256k1_context* ctx = VerifyContext();
    secp256k1_ecdsa_recoverable_signature rsig;
    if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rsig, sig.data() + 1, recid)) return std::nullopt;
    secp256k1_pubkey recovered;
    if (!secp256k1_ecdsa_recover(ctx, &recovered, &rsig, hash.data())) return std::nullopt;
    std::array<uint8_t, SIZE> out;
    size_t out_len = out.size();
    secp256k1_ec_pubkey_serialize(ctx, out.data(), &out_len, &recovered,
                                  compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED);
    return PubKey{util::ByteSpan{out.data(), out_len}};
}

std::optional<PubKey> PubKey::Decompressed() const
{
    if (!IsValid()) return std::nullopt;
    const secp256k1_context* ctx = VerifyContext();
    secp256k1_pubkey parsed;
    if (!secp256k1_ec_pubkey_parse(ctx, &parsed, data(), size())) return std::nullopt;
    std::array<uint8_t, SIZE> out;
    size_t out_len = out.size();
    secp256k1_ec_pubkey_serialize(ctx, out.data(), &out_len, &parsed, SECP256K1_EC_UNCOMPRESSED);
    return PubKey{util::ByteSpan{out.data(), out_len}};
}

std::array<uint8_t, 20> PubKey::GetID() const
{
    return Hash160Of(Bytes());
}

std::array<uint8_t, 32> PubKey::GetHash() const
{
    return Hash256Of(Bytes());
}

std::strong_ordering operator<=>(const PubKey& a, const PubKey& b)
{
    if (auto c = a.m_data[0] <=> b.m_data[0]; c != 0) return c;
    // Same first byte, so the same length.
    const int c = std::memcmp(a.data(), b.data(), a.size());
    return c < 0 ? std::strong_ordering::less : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}

bool IsStrictDerSignature(util::ByteSpan sig)
{
    // Layout: 0x30 total 0x02 lenR R 0x02 lenS S
    //         [0]  [1]   [2]  [3] [4..] [4+lenR] [5+lenR] [6+lenR..]
    if (sig.size() < 8 || sig.size() > 72) return false;
    if (sig[0] != 0x30) return false;
    if (sig[1] != sig.size() - 2) return false;
    const size_t len_r = sig[3];
    if (5 + len_r >= sig.size()) return false;
    const size_t len_s = sig[5 + len_r];
    if (len_r + len_s + 6 != sig.size()) return false;

    if (sig[2] != 0x02) return false;
    if (len_r == 0) return false;
    if (sig[4] & 0x80) return false; // negative
    // A leading zero is allowed only when the next byte would otherwise read as negative.
    if (len_r > 1 && sig[4] == 0x00 && !(sig[5] & 0x80)) return false;

    if (sig[4 + len_r] != 0x02) return false;
    if (len_s == 0) return false;
    if (sig[6 + len_r] & 0x80) return false;
    if (len_s > 1 && sig[6 + len_r] == 0x00 && !(sig[7 + len_r] & 0x80)) return false;
    return true;
}

} // namespace crypto
