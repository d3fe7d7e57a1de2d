#include <util/result.h>

#include <gtest/gtest.h>

namespace {

util::Result<int> Half(int x)
{
    if (x % 2 != 0) return util::Error{"odd number"};
    return x / 2;
}

TEST(ResultTest, ValueAndError)
{
    const auto ok = Half(4);
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, 2);
    const auto bad = Half(3);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error(), "odd number");
    util::Result<void> none;
    EXPECT_TRUE(none);
    util::Result<void> failed{util::Error{"x"}};
    EXPECT_EQ(failed.error(), "x");
}

} // namespace
