#include <crypto/sha512.h>

#include <crypto/byteorder.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace crypto {
namespace {

// First 64 bits of the fractional parts of the cube roots of the first 80 primes.
constexpr uint64_t ROUND_CONSTANTS[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL, 0x3956c25bf348b538ULL,
    0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL, 0xd807aa98a3030242ULL, 0x12835b0145706fbeULL,
    0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL, 0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL,
    0xc19bf174cf692694ULL, 0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL, 0x983e5152ee66dfabULL,
    0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL, 0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL,
    0x06ca6351e003826fULL, 0x142929670a0e6e70ULL, 0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL,
    0x53380d139d95b3dfULL, 0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL, 0xd192e819d6ef5218ULL,
    0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL, 0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL,
    0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL, 0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL,
    0x682e6ff3d6b2b8a3ULL, 0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL, 0xca273eceea26619cULL,
    0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL, 0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL,
    0x113f9804bef90daeULL, 0x1b710b35131c471bULL, 0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL,
    0x431d67c49c100d4cULL, 0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL};

// First 64 bits of the fractional parts of the square roots of the first 8 primes.
constexpr uint64_t INITIAL_STATE[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
                                       0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
                                       0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

inline uint64_t BigSigma0(uint64_t x) { return std::rotr(x, 28) ^ std::rotr(x, 34) ^ std::rotr(x, 39); }
inline uint64_t BigSigma1(uint64_t x) { return std::rotr(x, 14) ^ std::rotr(x, 18) ^ std::rotr(x, 41); }
inline uint64_t SmallSigma0(uint64_t x) { return std::rotr(x, 1) ^ std::rotr(x, 8) ^ (x >> 7); }
inline uint64_t SmallSigma1(uint64_t x) { return std::rotr(x, 19) ^ std::rotr(x, 61) ^ (x >> 6); }

/** One round; callers rotate the argument order instead of moving eight variables. */
inline void Round(uint64_t a, uint64_t b, uint64_t c, uint64_t& d, uint64_t e, uint64_t f, uint64_t g, uint64_t& h,
                  uint64_t wk)
{
    const uint64_t t1 = h + BigSigma1(e) + (g ^ (e & (f ^ g))) + wk;
    const uint64_t t2 = BigSigma0(a) + ((a & b) | (c & (a | b)));
    d += t1;
    h = t1 + t2;
}

void Transform(uint64_t state[8], const uint8_t* data, size_t blocks)
{
    for (; blocks > 0; --blocks, data += 128) {
        uint64_t w[80];
        for (int i = 0; i < 16; ++i) w[i] = ReadBE64(data + 8 * i);
        for (int i = 16; i < 80; ++i) w[i] = w[i - 16] + SmallSigma0(w[i - 15]) + w[i - 7] + SmallSigma1(w[i - 2]);
        uint64_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint64_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int i = 0; i < 80; i += 8) {
            Round(a, b, c, d, e, f, g, h, w[i + 0] + ROUND_CONSTANTS[i + 0]);
            Round(h, a, b, c, d, e, f, g, w[i + 1] + ROUND_CONSTANTS[i + 1]);
            Round(g, h, a, b, c, d, e, f, w[i + 2] + ROUND_CONSTANTS[i + 2]);
            Round(f, g, h, a, b, c, d, e, w[i + 3] + ROUND_CONSTANTS[i + 3]);
            Round(e, f, g, h, a, b, c, d, w[i + 4] + ROUND_CONSTANTS[i + 4]);
            Round(d, e, f, g, h, a, b, c, w[i + 5] + ROUND_CONSTANTS[i + 5]);
            Round(c, d, e, f, g, h, a, b, w[i + 6] + ROUND_CONSTANTS[i + 6]);
            Round(b, c, d, e, f, g, h, a, w[i + 7] + ROUND_CONSTANTS[i + 7]);
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
}

} // namespace

Sha512::Sha512() { Reset(); }

Sha512& Sha512::Reset()
{
    std::memcpy(m_state, INITIAL_STATE, sizeof(m_state));
    m_bytes = 0;
    return *this;
}

Sha512& Sha512::Write(util::ByteSpan data)
{
    const uint8_t* p = data.data();
    size_t len = data.size();
    const size_t used = m_bytes % BLOCK_SIZE;
    m_bytes += len;
    if (used != 0) {
        const size_t take = std::min(len, BLOCK_SIZE - used);
        std::memcpy(m_buf + used, p, take);
        if (used + take < BLOCK_SIZE) return *this;
        Transform(m_state, m_buf, 1);
        p += take;
        len -= take;
    }
    if (len >= BLOCK_SIZE) {
        Transform(m_state, p, len / BLOCK_SIZE);
        p += len - len % BLOCK_SIZE;
        len %= BLOCK_SIZE;
    }
    if (len > 0) std::memcpy(m_buf, p, len);
    return *this;
}

void Sha512::Finalize(uint8_t out[OUTPUT_SIZE])
{
    // The length field is 128 bits; messages here are below 2^61 bytes, so its top half is 0.
    size_t used = m_bytes % BLOCK_SIZE;
    m_buf[used++] = 0x80;
    if (used > BLOCK_SIZE - 16) {
        std::memset(m_buf + used, 0, BLOCK_SIZE - used);
        Transform(m_state, m_buf, 1);
        used = 0;
    }
    std::memset(m_buf + used, 0, BLOCK_SIZE - 8 - used);
    WriteBE64(m_buf + BLOCK_SIZE - 8, m_bytes << 3);
    Transform(m_state, m_buf, 1);
    for (int i = 0; i < 8; ++i) WriteBE64(out + 8 * i, m_state[i]);
}

} // namespace crypto
