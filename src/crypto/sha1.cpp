#include <crypto/sha1.h>

#include <crypto/byteorder.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace crypto {
namespace {

constexpr uint32_t INITIAL_STATE[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
constexpr uint32_t ROUND_CONSTANTS[4] = {0x5A827999, 0x6ED9EBA1, 0x8F1BBCDC, 0xCA62C1D6};

/** The round function of round group `group` (0..3: choose, parity, majority, parity). */
template <int GROUP>
inline uint32_t F(uint32_t b, uint32_t c, uint32_t d)
{
    if constexpr (GROUP == 0) return d ^ (b & (c ^ d));
    if constexpr (GROUP == 2) return (b & c) | (d & (b | c));
    return b ^ c ^ d;
}

/** Twenty rounds of one group, with the 16-word schedule kept as a rolling window. */
template <int GROUP>
inline void Rounds20(uint32_t& a, uint32_t& b, uint32_t& c, uint32_t& d, uint32_t& e, uint32_t (&w)[16])
{
    for (int j = 0; j < 20; ++j) {
        const int i = 20 * GROUP + j;
        if (i >= 16) w[i & 15] = std::rotl(w[(i + 13) & 15] ^ w[(i + 8) & 15] ^ w[(i + 2) & 15] ^ w[i & 15], 1);
        const uint32_t t = std::rotl(a, 5) + F<GROUP>(b, c, d) + e + ROUND_CONSTANTS[GROUP] + w[i & 15];
        e = d;
        d = c;
        c = std::rotl(b, 30);
        b = a;
        a = t;
    }
}

void Transform(uint32_t state[5], const uint8_t* data, size_t blocks)
{
    for (; blocks > 0; --blocks, data += 64) {
        uint32_t w[16];
        for (int i = 0; i < 16; ++i) w[i] = ReadBE32(data + 4 * i);
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        Rounds20<0>(a, b, c, d, e, w);
        Rounds20<1>(a, b, c, d, e, w);
        Rounds20<2>(a, b, c, d, e, w);
        Rounds20<3>(a, b, c, d, e, w);
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }
}

} // namespace

Sha1::Sha1() { Reset(); }

Sha1& Sha1::Reset()
{
    std::memcpy(m_state, INITIAL_STATE, sizeof(m_state));
    m_bytes = 0;
    return *this;
}

Sha1& Sha1::Write(util::ByteSpan data)
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

void Sha1::Finalize(uint8_t out[OUTPUT_SIZE])
{
    size_t used = m_bytes % BLOCK_SIZE;
    m_buf[used++] = 0x80;
    if (used > BLOCK_SIZE - 8) {
        std::memset(m_buf + used, 0, BLOCK_SIZE - used);
        Transform(m_state, m_buf, 1);
        used = 0;
    }
    std::memset(m_buf + used, 0, BLOCK_SIZE - 8 - used);
    WriteBE64(m_buf + BLOCK_SIZE - 8, m_bytes << 3);
    Transform(m_state, m_buf, 1);
    for (int i = 0; i < 5; ++i) WriteBE32(out + 4 * i, m_state[i]);
}

} // namespace crypto
