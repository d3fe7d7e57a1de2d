// 256-bit arithmetic on 32-bit limbs, and the compact target encoding.
#include <primitives/arith_uint256.h>

#include <util/hex.h>

#include <cassert>
#include <bit>

namespace primitives {

template <unsigned BITS>
BaseUint<BITS>& BaseUint<BITS>::operator^=(const BaseUint& b)
{
    for (int i = 0; i < WIDTH; ++i) m_limb[i] ^= b.m_limb[i];
    return *this;
}

template <unsigned BITS>
BaseUint<BITS>& BaseUint<BITS>::operator&=(const BaseUint& b)
{
    for (int i = 0; i < WIDTH; ++i) m_limb[i] &= b.m_limb[i];
    return *this;
}

template <unsigned BITS>
BaseUint<BITS>& BaseUint<BITS>::operator|=(const BaseUint& b)
{
    for (int i = 0; i < WIDTH; ++i) m_limb[i] |= b.m_limb[i];
    return *this;
}

template <unsigned BITS>
BaseUint<BITS>& BaseUint<BITS>::operator<<=(unsigned shift)
{
    const BaseUint a = *this;
    *this = BaseUint{};
    const unsigned limbs = shift / 32;
    const unsigned rem = shift % 32;
    for (int i = 0; i < WIDTH; ++i) {
        // Limb i moves to i + limbs, its high bits spilling into the next limb.
        const unsigned lo = i + limbs;
        if (lo < unsigned(WIDTH)) m_limb[lo] |= a.m_limb[i] << rem;
        if (rem != 0 && lo + 1 < unsigned(WIDTH)) m_limb[lo + 1] |= a.m_limb[i] >> (32 - rem);
    }
    return *this;
}

template <unsigned BITS>
BaseUint<BITS>& BaseUint<BITS>::operator>>=(unsigned shift)
{
    const BaseUint a = *this;
    *this = BaseUint{};
    const unsigned limbs = shift / 32;
    const unsigned rem = shift % 32;
    for (int i = 0; i < WIDTH; ++i) {
        // Limb i moves down to i - limbs, its low bits spilling into the limb below.
        if (unsigned(i) < limbs) continue;
        const unsigned hi = i - limbs;
        m_limb[hi] |= a.m_limb[i] >> rem;
        if (rem != 0 && hi >= 1) m_limb[hi - 1] |= a.m_limb[i] << (32 - rem);
    }
    return *this;
}

template <unsigned BITS>
BaseUint<BITS>& BaseUint<BITS>::operator+=(const BaseUint& b)
{
    uint64_t carry = 0;
    for (int i = 0; i < WIDTH; ++i) {
        const uint64_t sum = carry + m_limb[i] + b.m_limb[i];
        m_limb[i] = static_cast<uint32_t>(sum);
        carry = sum >> 32;
    }
    return *this;
}

template <unsigned BITS>
BaseUint<BITS>& BaseUint<BITS>::operator*=(uint32_t b)
{
    uint64_t carry = 0;
    for (int i = 0; i < WIDTH; ++i) {
        const uint64_t product = carry + static_cast<uint64_t>(b) * m_limb[i];
        m_limb[i] = static_cast<uint32_t>(product);
        carry = product >> 32;
    }
    return *this;
}

template <unsigned BITS>
BaseUint<BITS>& BaseUint<BITS>::operator*=(const BaseUint& b)
{
    // Schoolbook multiplication, keeping only the low BITS bits.
    BaseUint a;
    for (int j = 0; j < WIDTH; ++j) {
        uint64_t carry = 0;
        for (int i = 0; i + j < WIDTH; ++i) {
            const uint64_t n = carry + a.m_limb[i + j] + static_cast<uint64_t>(m_limb[j]) * b.m_limb[i];
            a.m_limb[i + j] = static_cast<uint32_t>(n);
            carry = n >> 32;
        }
    }
    *this = a;
    return *this;
}

template <unsigned BITS>
BaseUint<BITS>& BaseUint<BITS>::operator/=(const BaseUint& b)
{
    // Binary long division: subtract the divisor shifted to each bit position that fits.
    BaseUint divisor = b;
    BaseUint num = *this;
    *this = BaseUint{};
    const int num_bits = num.bits();
    const int div_bits = divisor.bits();
    if (div_bits == 0) throw ArithUintError("Division by zero");
    if (div_bits > num_bits) return *this;
    int shift = num_bits - div_bits;
    divisor <<= shift;
    while (shift >= 0) {
        if (num.CompareTo(divisor) >= 0) {
            num -= divisor;
            m_limb[shift / 32] |= 1U << (shift & 31);
        }
        divisor >>= 1;
        --shift;
    }
    return *this;
}

template <unsigned BITS>
BaseUint<BITS>& BaseUint<BITS>::operator++()
{
    for (int i = 0; i < WIDTH; ++i) {
        if (++m_limb[i] != 0) break;
    }
    return *this;
}

template <unsigned BITS>
BaseUint<BITS>& BaseUint<BITS>::operator--()
{
    for (int i = 0; i < WIDTH; ++i) {
        if (m_limb[i]-- != 0) break;
    }
    return *this;
}

template <unsigned BITS>
int BaseUint<BITS>::CompareTo(const BaseUint& b) const
{
    for (int i = WIDTH - 1; i >= 0; --i) {
        if (m_limb[i] != b.m_limb[i]) return m_limb[i] < b.m_limb[i] ? -1 : 1;
    }
    return 0;
}

template <unsigned BITS>
bool BaseUint<BITS>::EqualTo(uint64_t b) const
{
    for (int i = WIDTH - 1; i >= 2; --i) {
        if (m_limb[i] != 0) return false;
    }
    return GetLow64() == b;
}

template <unsigned BITS>
double BaseUint<BITS>::getdouble() const
{
    double ret = 0.0;
    double scale = 1.0;
    for (int i = 0; i < WIDTH; ++i) {
        ret += scale * m_limb[i];
        scale *= 4294967296.0;
    }
    return ret;
}

template <unsigned BITS>
std::string BaseUint<BITS>::GetHex() const
{
    uint8_t bytes[BITS / 8];
    for (int i = 0; i < WIDTH; ++i) {
        for (int k = 0; k < 4; ++k) bytes[BITS / 8 - 1 - (4 * i + k)] = static_cast<uint8_t>(m_limb[i] >> (8 * k));
    }
    return util::HexStr(bytes);
}

template <unsigned BITS>
unsigned BaseUint<BITS>::bits() const
{
    for (int i = WIDTH - 1; i >= 0; --i) {
        if (m_limb[i] != 0) return 32 * i + (32 - std::countl_zero(m_limb[i]));
    }
    return 0;
}

template class BaseUint<256>;

arith_uint256& arith_uint256::SetCompact(uint32_t compact, bool* negative, bool* overflow)
{
    const int size = compact >> 24;
    uint32_t mantissa = compact & 0x007fffff;
    if (size <= 3) {
        mantissa >>= 8 * (3 - size);
        *this = mantissa;
    } else {
        *this = mantissa;
        *this <<= 8 * (size - 3);
    }
    if (negative) *negative = mantissa != 0 && (compact & 0x00800000) != 0;
    // Overflow when the mantissa's top byte would land beyond byte 32.
    if (overflow) {
        *overflow = mantissa != 0 && (size > 34 || (mantissa > 0xff && size > 33) || (mantissa > 0xffff && size > 32));
    }
    return *this;
}

uint32_t arith_uint256::GetCompact(bool negative) const
{
    int size = (bits() + 7) / 8;
    uint32_t compact = 0;
    if (size <= 3) {
        compact = static_cast<uint32_t>(GetLow64() << 8 * (3 - size));
    } else {
        compact = static_cast<uint32_t>((*this >> 8 * (size - 3)).GetLow64());
    }
    // Bit 23 is the sign: if the mantissa would use it, shift one byte further.
    if (compact & 0x00800000) {
        compact >>= 8;
        ++size;
    }
    assert((compact & ~0x007fffffU) == 0);
    assert(size < 256);
    compact |= static_cast<uint32_t>(size) << 24;
    if (negative && (compact & 0x007fffff)) compact |= 0x00800000;
    return compact;
}

uint256 ArithToUint256(const arith_uint256& a)
{
    uint256 b;
    for (int i = 0; i < arith_uint256::WIDTH; ++i) {
        for (int k = 0; k < 4; ++k) b.data()[4 * i + k] = static_cast<uint8_t>(a.m_limb[i] >> (8 * k));
    }
    return b;
}

arith_uint256 UintToArith256(const uint256& a)
{
    arith_uint256 b;
    for (int i = 0; i < arith_uint256::WIDTH; ++i) {
        uint32_t limb = 0;
        for (int k = 0; k < 4; ++k) limb |= static_cast<uint32_t>(a.data()[4 * i + k]) << (8 * k);
        b.m_limb[i] = limb;
    }
    return b;
}

} // namespace primitives
