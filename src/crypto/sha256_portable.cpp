// Portable SHA-256 back end: plain C++, used when the CPU has none of the extensions
// the other back ends need, and as the reference the tests compare them against.
#include <crypto/byteorder.h>
#include <crypto/sha256_internal.h>

#include <bit>

namespace crypto::sha256_internal {
namespace {

inline uint32_t Ch(uint32_t x, uint32_t y, uint32_t z) { return z ^ (x & (y ^ z)); }
inline uint32_t Maj(uint32_t x, uint32_t y, uint32_t z) { return (x & y) | (z & (x | y)); }
inline uint32_t BigSigma0(uint32_t x) { return std::rotr(x, 2) ^ std::rotr(x, 13) ^ std::rotr(x, 22); }
inline uint32_t BigSigma1(uint32_t x) { return std::rotr(x, 6) ^ std::rotr(x, 11) ^ std::rotr(x, 25); }
inline uint32_t SmallSigma0(uint32_t x) { return std::rotr(x, 7) ^ std::rotr(x, 18) ^ (x >> 3); }
inline uint32_t SmallSigma1(uint32_t x) { return std::rotr(x, 17) ^ std::rotr(x, 19) ^ (x >> 10); }

/**
 * One round. Instead of shifting eight variables each round, callers rotate the
 * argument order, so a round only writes d and h.
 */
inline void Round(uint32_t a, uint32_t b, uint32_t c, uint32_t& d, uint32_t e, uint32_t f, uint32_t g, uint32_t& h,
                  uint32_t wk)
{
    const uint32_t t1 = h + BigSigma1(e) + Ch(e, f, g) + wk;
    const uint32_t t2 = BigSigma0(a) + Maj(a, b, c);
    d += t1;
    h = t1 + t2;
}

/** 64 rounds with W[i] + K[i] given, then the feed-forward into state. */
void Rounds(uint32_t state[8], const uint32_t wk[64])
{
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < 64; i += 8) {
        Round(a, b, c, d, e, f, g, h, wk[i + 0]);
        Round(h, a, b, c, d, e, f, g, wk[i + 1]);
        Round(g, h, a, b, c, d, e, f, wk[i + 2]);
        Round(f, g, h, a, b, c, d, e, wk[i + 3]);
        Round(e, f, g, h, a, b, c, d, wk[i + 4]);
        Round(d, e, f, g, h, a, b, c, wk[i + 5]);
        Round(c, d, e, f, g, h, a, b, wk[i + 6]);
        Round(b, c, d, e, f, g, h, a, wk[i + 7]);
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

/** Expand w[0..15] into the full schedule and add the round constants, in place. */
void ExpandPlusK(uint32_t w[64])
{
    for (int i = 16; i < 64; ++i) w[i] = w[i - 16] + SmallSigma0(w[i - 15]) + w[i - 7] + SmallSigma1(w[i - 2]);
    for (int i = 0; i < 64; ++i) w[i] += ROUND_CONSTANTS[i];
}

/** SHA-256 of the 32-byte message whose words are `words`, written big-endian to out. */
void HashOfDigest(uint8_t out[32], const uint32_t words[8])
{
    uint32_t w[64];
    for (int i = 0; i < 8; ++i) w[i] = words[i];
    for (int i = 0; i < 8; ++i) w[8 + i] = PAD32_TAIL[i];
    ExpandPlusK(w);
    uint32_t s[8];
    for (int i = 0; i < 8; ++i) s[i] = INITIAL_STATE[i];
    Rounds(s, w);
    for (int i = 0; i < 8; ++i) WriteBE32(out + 4 * i, s[i]);
}

} // namespace

void TransformPortable(uint32_t state[8], const uint8_t* data, size_t blocks)
{
    for (; blocks > 0; --blocks, data += 64) {
        uint32_t w[64];
        for (int i = 0; i < 16; ++i) w[i] = ReadBE32(data + 4 * i);
        ExpandPlusK(w);
        Rounds(state, w);
    }
}

void D64Portable(uint8_t* out, const uint8_t* in, size_t blocks)
{
    for (; blocks > 0; --blocks, in += 64, out += 32) {
        uint32_t s[8];
        for (int i = 0; i < 8; ++i) s[i] = INITIAL_STATE[i];
        TransformPortable(s, in, 1);
        Rounds(s, PAD64_WK.w);
        HashOfDigest(out, s);
    }
}

void D80Portable(uint8_t (*out)[32], const uint32_t midstate[8], const uint8_t tail[16], uint32_t first_nonce,
                 size_t count)
{
    uint32_t block[64];
    for (int i = 0; i < 3; ++i) block[i] = ReadBE32(tail + 4 * i);
    for (int i = 0; i < 12; ++i) block[4 + i] = PAD80_TAIL[i];
    for (size_t n = 0; n < count; ++n) {
        uint32_t w[64];
        for (int i = 0; i < 16; ++i) w[i] = block[i];
        // The nonce is little-endian in the header, so its big-endian word is byte-swapped.
        uint8_t nonce_bytes[4];
        WriteLE32(nonce_bytes, first_nonce + static_cast<uint32_t>(n));
        w[3] = ReadBE32(nonce_bytes);
        ExpandPlusK(w);
        uint32_t s[8];
        for (int i = 0; i < 8; ++i) s[i] = midstate[i];
        Rounds(s, w);
        HashOfDigest(out[n], s);
    }
}

} // namespace crypto::sha256_internal
