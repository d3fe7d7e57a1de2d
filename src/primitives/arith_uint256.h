// arith_uint256: 256-bit unsigned integers for proof-of-work targets and chain work.
//
// Arithmetic wraps modulo 2^256 like the built-in unsigned types; division by zero
// throws ArithUintError. SetCompact/GetCompact implement the "nBits" compact target
// encoding with Bitcoin Core's exact rules (these are consensus: DO NOT CHANGE).
// UintToArith256/ArithToUint256 convert to and from the opaque uint256 (whose bytes
// are the little-endian number).
//
// Thread safety: plain values; const methods may be called concurrently.
#ifndef BITNODE_PRIMITIVES_ARITH_UINT256_H
#define BITNODE_PRIMITIVES_ARITH_UINT256_H

#include <primitives/uint256.h>

#include <compare>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace primitives {

class ArithUintError : public std::runtime_error
{
public:
    explicit ArithUintError(const std::string& msg) : std::runtime_error{msg} {}
};

/** Unsigned integer of BITS bits stored as little-endian 32-bit limbs. */
template <unsigned BITS>
class BaseUint
{
    static_assert(BITS % 32 == 0);

protected:
    static constexpr int WIDTH = BITS / 32;
    uint32_t m_limb[WIDTH];

public:
    constexpr BaseUint()
    {
        for (int i = 0; i < WIDTH; ++i) m_limb[i] = 0;
    }
    constexpr BaseUint(uint64_t b)
    {
        m_limb[0] = static_cast<uint32_t>(b);
        m_limb[1] = static_cast<uint32_t>(b >> 32);
        for (int i = 2; i < WIDTH; ++i) m_limb[i] = 0;
    }

    BaseUint operator~() const
    {
        BaseUint ret;
        for (int i = 0; i < WIDTH; ++i) ret.m_limb[i] = ~m_limb[i];
        return ret;
    }
    BaseUint operator-() const
    {
        BaseUint ret = ~*this;
        ++ret;
        return ret;
    }

    BaseUint& operator=(uint64_t b)
    {
        *this = BaseUint(b);
        return *this;
    }
    BaseUint& operator^=(const BaseUint& b);
    BaseUint& operator&=(const BaseUint& b);
    BaseUint& operator|=(const BaseUint& b);
    BaseUint& operator<<=(unsigned shift);
    BaseUint& operator>>=(unsigned shift);
    BaseUint& operator+=(const BaseUint& b);
    BaseUint& operator-=(const BaseUint& b) { return *this += -b; }
    BaseUint& operator+=(uint64_t b) { return *this += BaseUint(b); }
    BaseUint& operator-=(uint64_t b) { return *this += -BaseUint(b); }
    BaseUint& operator*=(uint32_t b);
    BaseUint& operator*=(const BaseUint& b);
    /** Throws ArithUintError("Division by zero"). */
    BaseUint& operator/=(const BaseUint& b);
    BaseUint& operator++();
    BaseUint& operator--();
    BaseUint operator++(int)
    {
        BaseUint ret = *this;
        ++*this;
        return ret;
    }
    BaseUint operator--(int)
    {
        BaseUint ret = *this;
        --*this;
        return ret;
    }

    /** -1, 0 or 1 comparing as numbers. */
    int CompareTo(const BaseUint& b) const;
    bool EqualTo(uint64_t b) const;

    friend BaseUint operator+(BaseUint a, const BaseUint& b) { return a += b; }
    friend BaseUint operator-(BaseUint a, const BaseUint& b) { return a -= b; }
    friend BaseUint operator*(BaseUint a, const BaseUint& b) { return a *= b; }
    friend BaseUint operator*(BaseUint a, uint32_t b) { return a *= b; }
    friend BaseUint operator/(BaseUint a, const BaseUint& b) { return a /= b; }
    friend BaseUint operator|(BaseUint a, const BaseUint& b) { return a |= b; }
    friend BaseUint operator&(BaseUint a, const BaseUint& b) { return a &= b; }
    friend BaseUint operator^(BaseUint a, const BaseUint& b) { return a ^= b; }
    friend BaseUint operator>>(BaseUint a, unsigned shift) { return a >>= shift; }
    friend BaseUint operator<<(BaseUint a, unsigned shift) { return a <<= shift; }
    friend bool operator==(const BaseUint& a, const BaseUint& b) { return a.CompareTo(b) == 0; }
    friend std::strong_ordering operator<=>(const BaseUint& a, const BaseUint& b) { return a.CompareTo(b) <=> 0; }
    friend bool operator==(const BaseUint& a, uint64_t b) { return a.EqualTo(b); }

    /** Hex of the number, most significant digit first, 2*BITS/8 digits. */
    std::string GetHex() const;
    std::string ToString() const { return GetHex(); }

    /** Nearest double (for difficulty display). */
    double getdouble() const;

    static constexpr unsigned size() { return BITS / 8; }
    /** Position of the highest set bit plus one; 0 for zero. */
    unsigned bits() const;
    uint64_t GetLow64() const { return m_limb[0] | static_cast<uint64_t>(m_limb[1]) << 32; }
};

class arith_uint256 : public BaseUint<256>
{
public:
    constexpr arith_uint256() = default;
    constexpr arith_uint256(const BaseUint<256>& b) : BaseUint<256>(b) {}
    constexpr arith_uint256(uint64_t b) : BaseUint<256>(b) {}

    /**
     * Decode a compact target (nBits): the top byte is a size in bytes, the low 23 bits a
     * mantissa, bit 23 a sign. *negative is set for a non-zero mantissa with the sign bit,
     * *overflow when the value does not fit in 256 bits (both may be null).
     */
    arith_uint256& SetCompact(uint32_t compact, bool* negative = nullptr, bool* overflow = nullptr);
    /** Encode as compact (the inverse of SetCompact, rounding the mantissa down). */
    uint32_t GetCompact(bool negative = false) const;

    friend uint256 ArithToUint256(const arith_uint256& a);
    friend arith_uint256 UintToArith256(const uint256& a);
};

uint256 ArithToUint256(const arith_uint256& a);
arith_uint256 UintToArith256(const uint256& a);

extern template class BaseUint<256>;

} // namespace primitives

#endif // BITNODE_PRIMITIVES_ARITH_UINT256_H
