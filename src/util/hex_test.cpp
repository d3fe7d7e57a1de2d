#include <util/hex.h>

#include <gtest/gtest.h>

namespace {

TEST(HexTest, RoundTrip)
{
    const std::vector<uint8_t> bytes{0x00, 0x01, 0xab, 0xff, 0x7f};
    EXPECT_EQ(util::HexStr(bytes), "0001abff7f");
    EXPECT_EQ(util::TryParseHex("0001ABff7f"), bytes);
}

TEST(HexTest, RejectsMalformed)
{
    EXPECT_FALSE(util::TryParseHex("abc").has_value());
    EXPECT_FALSE(util::TryParseHex("zz").has_value());
    EXPECT_FALSE(util::TryParseHex(" 00").has_value());
    EXPECT_TRUE(util::TryParseHex("").has_value());
    EXPECT_FALSE(util::IsHex(""));
    EXPECT_TRUE(util::IsHex("00ff"));
    EXPECT_FALSE(util::IsHex("0g"));
}

} // namespace
