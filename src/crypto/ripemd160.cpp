#include <crypto/ripemd160.h>

#include <crypto/byteorder.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace crypto {
namespace {

constexpr uint32_t INITIAL_STATE[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};

// The two parallel lines of the compression function: which message word each of the 80
// steps reads, by how much it rotates, and each 16-step round's additive constant.
// One row per 16-step round.
// clang-format off
constexpr int WORD_LEFT[80] = {
     0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15,
     7,  4, 13,  1, 10,  6, 15,  3, 12,  0,  9,  5,  2, 14, 11,  8,
     3, 10, 14,  4,  9, 15,  8,  1,  2,  7,  0,  6, 13, 11,  5, 12,
     1,  9, 11, 10,  0,  8, 12,  4, 13,  3,  7, 15, 14,  5,  6,  2,
     4,  0,  5,  9,  7, 12,  2, 10, 14,  1,  3,  8, 11,  6, 15, 13,
};
constexpr int WORD_RIGHT[80] = {
     5, 14,  7,  0,  9,  2, 11,  4, 13,  6, 15,  8,  1, 10,  3, 12,
     6, 11,  3,  7,  0, 13,  5, 10, 14, 15,  8, 12,  4,  9,  1,  2,
    15,  5,  1,  3,  7, 14,  6,  9, 11,  8, 12,  2, 10,  0,  4, 13,
     8,  6,  4,  1,  3, 11, 15,  0,  5, 12,  2, 13,  9,  7, 10, 14,
    12, 15, 10,  4,  1,  5,  8,  7,  6,  2, 13, 14,  0,  3,  9, 11,
};
constexpr int SHIFT_LEFT[80] = {
    11, 14, 15, 12,  5,  8,  7,  9, 11, 13, 14, 15,  6,  7,  9,  8,
     7,  6,  8, 13, 11,  9,  7, 15,  7, 12, 15,  9, 11,  7, 13, 12,
    11, 13,  6,  7, 14,  9, 13, 15, 14,  8, 13,  6,  5, 12,  7,  5,
    11, 12, 14, 15, 14, 15,  9,  8,  9, 14,  5,  6,  8,  6,  5, 12,
     9, 15,  5, 11,  6,  8, 13, 12,  5, 12, 13, 14, 11,  8,  5,  6,
};
constexpr int SHIFT_RIGHT[80] = {
     8,  9,  9, 11, 13, 15, 15,  5,  7,  7,  8, 11, 14, 14, 12,  6,
     9, 13, 15,  7, 12,  8,  9, 11,  7,  7, 12,  7,  6, 15, 13, 11,
     9,  7, 15, 11,  8,  6,  6, 14, 12, 13,  5, 14, 13, 13,  7,  5,
    15,  5,  8, 11, 14, 14,  6, 14,  6,  9, 12,  9, 12,  5, 15,  8,
     8,  5, 12,  9, 12,  5, 14,  6,  8, 13,  6,  5, 15, 13, 11, 11,
};
// clang-format on
constexpr uint32_t CONSTANT_LEFT[5] = {0x00000000, 0x5A827999, 0x6ED9EBA1, 0x8F1BBCDC, 0xA953FD4E};
constexpr uint32_t CONSTANT_RIGHT[5] = {0x50A28BE6, 0x5C4DD124, 0x6D703EF3, 0x7A6D76E9, 0x00000000};

/** The five boolean functions; the left line uses them in order 0..4, the right in 4..0. */
template <int K>
inline uint32_t F(uint32_t x, uint32_t y, uint32_t z)
{
    if constexpr (K == 0) return x ^ y ^ z;
    if constexpr (K == 1) return z ^ (x & (y ^ z));
    if constexpr (K == 2) return (x | ~y) ^ z;
    if constexpr (K == 3) return y ^ (z & (x ^ y));
    return x ^ (y | ~z);
}

/** Sixteen steps of round R on both lines; templates make every index a constant. */
template <int R>
inline void Round16(uint32_t (&l)[5], uint32_t (&r)[5], const uint32_t (&x)[16])
{
#pragma GCC unroll 16
    for (int j = 0; j < 16; ++j) {
        const int i = 16 * R + j;
        const uint32_t tl =
            std::rotl(l[0] + F<R>(l[1], l[2], l[3]) + x[WORD_LEFT[i]] + CONSTANT_LEFT[R], SHIFT_LEFT[i]) + l[4];
        l[0] = l[4];
        l[4] = l[3];
        l[3] = std::rotl(l[2], 10);
        l[2] = l[1];
        l[1] = tl;
        const uint32_t tr =
            std::rotl(r[0] + F<4 - R>(r[1], r[2], r[3]) + x[WORD_RIGHT[i]] + CONSTANT_RIGHT[R], SHIFT_RIGHT[i]) + r[4];
        r[0] = r[4];
        r[4] = r[3];
        r[3] = std::rotl(r[2], 10);
        r[2] = r[1];
        r[1] = tr;
    }
}

void Transform(uint32_t state[5], const uint8_t* data, size_t blocks)
{
    for (; blocks > 0; --blocks, data += 64) {
        uint32_t x[16];
        for (int i = 0; i < 16; ++i) x[i] = ReadLE32(data + 4 * i);
        uint32_t l[5] = {state[0], state[1], state[2], state[3], state[4]};
        uint32_t r[5] = {state[0], state[1], state[2], state[3], state[4]};
        Round16<0>(l, r, x);
        Round16<1>(l, r, x);
        Round16<2>(l, r, x);
        Round16<3>(l, r, x);
        Round16<4>(l, r, x);
        const uint32_t t = state[1] + l[2] + r[3];
        state[1] = state[2] + l[3] + r[4];
        state[2] = state[3] + l[4] + r[0];
        state[3] = state[4] + l[0] + r[1];
        state[4] = state[0] + l[1] + r[2];
        state[0] = t;
    }
}

} // namespace

Ripemd160::Ripemd160() { Reset(); }

Ripemd160& Ripemd160::Reset()
{
    std::memcpy(m_state, INITIAL_STATE, sizeof(m_state));
    m_bytes = 0;
    return *this;
}

Ripemd160& Ripemd160::Write(util::ByteSpan data)
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

void Ripemd160::Finalize(uint8_t out[OUTPUT_SIZE])
{
    // Same padding as MD4/MD5: 0x80, zeros, then the bit length little-endian.
    size_t used = m_bytes % BLOCK_SIZE;
    m_buf[used++] = 0x80;
    if (used > BLOCK_SIZE - 8) {
        std::memset(m_buf + used, 0, BLOCK_SIZE - used);
        Transform(m_state, m_buf, 1);
        used = 0;
    }
    std::memset(m_buf + used, 0, BLOCK_SIZE - 8 - used);
    WriteLE64(m_buf + BLOCK_SIZE - 8, m_bytes << 3);
    Transform(m_state, m_buf, 1);
    for (int i = 0; i < 5; ++i) WriteLE32(out + 4 * i, m_state[i]);
}

} // namespace crypto
