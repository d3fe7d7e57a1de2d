#include <util/strings.h>

#include <gtest/gtest.h>

namespace {

TEST(StringsTest, ParseIntegersStrictly)
{
    EXPECT_EQ(util::ParseInt64("-42"), -42);
    EXPECT_EQ(util::ParseInt64("+7"), 7);
    EXPECT_FALSE(util::ParseInt64("7 ").has_value());
    EXPECT_FALSE(util::ParseInt64("++7").has_value());
    EXPECT_FALSE(util::ParseInt64("9223372036854775808").has_value());
    EXPECT_EQ(util::ParseUInt64("18446744073709551615"), UINT64_MAX);
    EXPECT_FALSE(util::ParseUInt64("-1").has_value());
    EXPECT_FALSE(util::ParseUInt64("").has_value());
}

TEST(StringsTest, TrimSplitLower)
{
    EXPECT_EQ(util::TrimString("  a b \n"), "a b");
    EXPECT_EQ(util::TrimString("   "), "");
    EXPECT_EQ(util::SplitString("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
    EXPECT_EQ(util::ToLower("BcRt1Q"), "bcrt1q");
}

} // namespace
