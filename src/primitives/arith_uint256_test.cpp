#include <primitives/arith_uint256.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

namespace {

using namespace primitives;

__extension__ typedef unsigned __int128 U128;

arith_uint256 From128(U128 v)
{
    return (arith_uint256(static_cast<uint64_t>(v >> 64)) << 64) | arith_uint256(static_cast<uint64_t>(v));
}

std::string Hex128(U128 v)
{
    return From128(v).GetHex();
}

struct CompactCase {
    uint32_t compact;
    const char* hex_value; // the number SetCompact yields, as GetHex prints it without leading zeros
    uint32_t round_trip;   // GetCompact(negative) of that number
    bool negative;
    bool overflow;
};

std::string TrimZeros(const std::string& hex)
{
    const size_t first = hex.find_first_not_of('0');
    return first == std::string::npos ? "0" : hex.substr(first);
}

// Bitcoin Core's documented examples (arith_uint256_tests, bignum_SetCompact).
TEST(ArithUint256Test, SetCompactCoreExamples)
{
    const CompactCase cases[] = {
        {0x00000000, "0", 0x00000000, false, false},
        {0x00123456, "0", 0x00000000, false, false},
        {0x01003456, "0", 0x00000000, false, false},
        {0x02000056, "0", 0x00000000, false, false},
        {0x03000000, "0", 0x00000000, false, false},
        {0x04000000, "0", 0x00000000, false, false},
        {0x00923456, "0", 0x00000000, false, false},
        {0x01803456, "0", 0x00000000, false, false},
        {0x02800056, "0", 0x00000000, false, false},
        {0x03800000, "0", 0x00000000, false, false},
        {0x04800000, "0", 0x00000000, false, false},
        {0x01123456, "12", 0x01120000, false, false},
        {0x01fedcba, "7e", 0x01fe0000, true, false},
        {0x02123456, "1234", 0x02123400, false, false},
        {0x03123456, "123456", 0x03123456, false, false},
        {0x04123456, "12345600", 0x04123456, false, false},
        {0x04923456, "12345600", 0x04923456, true, false},
        {0x05009234, "92340000", 0x05009234, false, false},
        {0x20123456, "1234560000000000000000000000000000000000000000000000000000000000", 0x20123456, false, false},
    };
    for (const CompactCase& c : cases) {
        bool negative = !c.negative;
        bool overflow = !c.overflow;
        arith_uint256 n;
        n.SetCompact(c.compact, &negative, &overflow);
        EXPECT_EQ(TrimZeros(n.GetHex()), c.hex_value) << std::hex << c.compact;
        EXPECT_EQ(negative, c.negative) << std::hex << c.compact;
        EXPECT_EQ(overflow, c.overflow) << std::hex << c.compact;
        EXPECT_EQ(n.GetCompact(negative), c.round_trip) << std::hex << c.compact;
    }
    bool negative = true, overflow = false;
    arith_uint256 n;
    n.SetCompact(0xff123456, &negative, &overflow);
    EXPECT_FALSE(negative);
    EXPECT_TRUE(overflow);
}

TEST(ArithUint256Test, OverflowBoundaries)
{
    bool overflow = false;
    arith_uint256 n;
    // A one-byte mantissa may sit at byte 34 (the top byte of 256 bits); two bytes may not.
    n.SetCompact(0x220000ff, nullptr, &overflow);
    EXPECT_FALSE(overflow);
    n.SetCompact(0x230000ff, nullptr, &overflow);
    EXPECT_TRUE(overflow);
    n.SetCompact(0x2100ffff, nullptr, &overflow);
    EXPECT_FALSE(overflow);
    n.SetCompact(0x2200ffff, nullptr, &overflow);
    EXPECT_TRUE(overflow);
    n.SetCompact(0x207fffff, nullptr, &overflow);
    EXPECT_FALSE(overflow);
    n.SetCompact(0x217fffff, nullptr, &overflow);
    EXPECT_TRUE(overflow);
    // A zero mantissa never overflows.
    n.SetCompact(0xff000000, nullptr, &overflow);
    EXPECT_FALSE(overflow);
}

TEST(ArithUint256Test, GetCompactAvoidsTheSignBit)
{
    EXPECT_EQ(arith_uint256(0x80).GetCompact(), 0x02008000u);
    EXPECT_EQ(arith_uint256(0x7f).GetCompact(), 0x017f0000u);
    EXPECT_EQ(arith_uint256(0).GetCompact(true), 0u);
    EXPECT_EQ(arith_uint256(0x12).GetCompact(true), 0x01920000u);
}

TEST(ArithUint256Test, MainnetPowLimitAndWork)
{
    arith_uint256 target;
    bool negative, overflow;
    target.SetCompact(0x1d00ffff, &negative, &overflow);
    EXPECT_FALSE(negative);
    EXPECT_FALSE(overflow);
    EXPECT_EQ(target.GetHex(), "00000000ffff0000000000000000000000000000000000000000000000000000");
    EXPECT_EQ(target.GetCompact(), 0x1d00ffffu);
    EXPECT_EQ(target.bits(), 224u);
    // Work of one block at this target: 2^256 / (target + 1) = ~target / (target + 1) + 1.
    const arith_uint256 work = (~target / (target + 1)) + 1;
    EXPECT_EQ(work, arith_uint256(0x100010001ULL));
    // Round trip through the opaque type.
    EXPECT_EQ(UintToArith256(ArithToUint256(target)), target);
    EXPECT_EQ(ArithToUint256(target).GetHex(), target.GetHex());
}

TEST(ArithUint256Test, ArithmeticMatches128BitReference)
{
    std::mt19937_64 rng(42);
    int checked = 0;
    for (int i = 0; i < 2000; ++i) {
        const U128 a = (static_cast<U128>(rng()) << 64) | rng();
        // Keep b smaller sometimes so division has interesting quotients.
        U128 b = (static_cast<U128>(rng() >> (rng() % 64)) << 64) | rng();
        if (i % 3 == 0) b = rng() >> (rng() % 64);
        if (b == 0) b = 1;
        const uint32_t small = static_cast<uint32_t>(rng());
        const unsigned shift = rng() % 128;
        // Sums and products are checked modulo 2^128 by masking the 256-bit results.
        const arith_uint256 mask = (arith_uint256(1) << 128) - 1;
        EXPECT_EQ(((From128(a) + From128(b)) & mask).GetHex(), Hex128(a + b));
        EXPECT_EQ(((From128(a) - From128(b)) & mask).GetHex(), Hex128(a - b));
        EXPECT_EQ(((From128(a) * From128(b)) & mask).GetHex(), Hex128(a * b));
        EXPECT_EQ(((From128(a) * small) & mask).GetHex(), Hex128(a * small));
        EXPECT_EQ((From128(a) / From128(b)).GetHex(), Hex128(a / b));
        EXPECT_EQ((From128(a) >> shift).GetHex(), Hex128(a >> shift));
        EXPECT_EQ(((From128(a) << shift) & mask).GetHex(), Hex128(a << shift));
        EXPECT_EQ(From128(a) < From128(b), a < b);
        EXPECT_EQ(From128(a) == From128(b), a == b);
        ++checked;
    }
    EXPECT_EQ(checked, 2000);
}

TEST(ArithUint256Test, WrapsAndIncrements)
{
    arith_uint256 max = ~arith_uint256(0);
    EXPECT_EQ(max.bits(), 256u);
    arith_uint256 wrapped = max;
    ++wrapped;
    EXPECT_EQ(wrapped, arith_uint256(0));
    --wrapped;
    EXPECT_EQ(wrapped, max);
    EXPECT_EQ(-arith_uint256(1), max);
    EXPECT_EQ((max << 256).GetHex(), arith_uint256(0).GetHex());
    EXPECT_EQ((max >> 255), arith_uint256(1));
    EXPECT_EQ(arith_uint256(0).bits(), 0u);
    EXPECT_EQ(arith_uint256(1).bits(), 1u);
    EXPECT_EQ((arith_uint256(1) << 200).bits(), 201u);
    EXPECT_TRUE(arith_uint256(5) == 5);
    EXPECT_EQ(arith_uint256(0x123456789abcdefULL).GetLow64(), 0x123456789abcdefULL);
}

TEST(ArithUint256Test, DivisionByZeroThrows)
{
    EXPECT_THROW(arith_uint256(5) / arith_uint256(0), ArithUintError);
    EXPECT_EQ(arith_uint256(5) / arith_uint256(7), arith_uint256(0));
}

TEST(ArithUint256Test, GetDouble)
{
    EXPECT_EQ(arith_uint256(0).getdouble(), 0.0);
    EXPECT_EQ(arith_uint256(12345).getdouble(), 12345.0);
    EXPECT_DOUBLE_EQ((arith_uint256(1) << 200).getdouble(), std::ldexp(1.0, 200));
}

} // namespace
