#include <script/base58.h>

#include <test/util/testdata.h>
#include <util/hex.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <string>

namespace {

using namespace std::literals;

TEST(Base58Test, CoreVectors)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto tests = boost::json::parse(testutil::ReadTestText("core/base58_encode_decode.json")).as_array();
    int count = 0;
    for (const auto& entry : tests) {
        const auto& test = entry.as_array();
        ASSERT_GE(test.size(), 2u);
        const auto bytes = util::TryParseHex(std::string(test[0].as_string()));
        ASSERT_TRUE(bytes);
        const std::string text(test[1].as_string());
        EXPECT_EQ(script::EncodeBase58(*bytes), text);
        const auto decoded = script::DecodeBase58(text, 256);
        ASSERT_TRUE(decoded) << text;
        EXPECT_EQ(*decoded, *bytes) << text;
        ++count;
    }
    EXPECT_EQ(count, 21);
    std::cout << "base58 vectors run: " << count << "\n";
}

TEST(Base58Test, RejectsMalformedText)
{
    EXPECT_FALSE(script::DecodeBase58("invalid", 100));
    EXPECT_FALSE(script::DecodeBase58("invalid\0"sv, 100));
    EXPECT_FALSE(script::DecodeBase58("\0invalid"sv, 100));
    EXPECT_TRUE(script::DecodeBase58("good", 100));
    EXPECT_FALSE(script::DecodeBase58("bad0IOl", 100));
    EXPECT_FALSE(script::DecodeBase58("goodbad0IOl", 100));
    EXPECT_FALSE(script::DecodeBase58("good\0bad0IOl"sv, 100));
}

TEST(Base58Test, WhitespaceOnlyAroundDigits)
{
    EXPECT_FALSE(script::DecodeBase58(" \t\n\v\f\r skip \r\f\v\n\t a", 3));
    const auto decoded = script::DecodeBase58(" \t\n\v\f\r skip \r\f\v\n\t ", 3);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(util::HexStr(*decoded), "971a55");
    EXPECT_FALSE(script::DecodeBase58("sk ip", 100));
}

TEST(Base58Test, LeadingZeroesAndLengthLimit)
{
    const std::vector<uint8_t> zeros(5, 0);
    EXPECT_EQ(script::EncodeBase58(zeros), "11111");
    EXPECT_EQ(script::DecodeBase58("11111", 5), zeros);
    EXPECT_FALSE(script::DecodeBase58("11111", 4));
    // 0x971a55 is three bytes; one more byte of room is not needed, one less fails.
    EXPECT_TRUE(script::DecodeBase58("skip", 3));
    EXPECT_FALSE(script::DecodeBase58("skip", 2));
    EXPECT_EQ(script::EncodeBase58({}), "");
    EXPECT_EQ(script::DecodeBase58("", 0), std::vector<uint8_t>{});
}

TEST(Base58Test, Base58Check)
{
    EXPECT_TRUE(script::DecodeBase58Check("3vQB7B6MrGQZaxCuFg4oh", 100));
    EXPECT_FALSE(script::DecodeBase58Check("3vQB7B6MrGQZaxCuFg4oi", 100));
    EXPECT_FALSE(script::DecodeBase58Check("3vQB7B6MrGQZaxCuFg4oh0IOl", 100));
    EXPECT_FALSE(script::DecodeBase58Check("3vQB7B6MrGQZaxCuFg4oh\0" "0IOl"sv, 100));

    // The mainnet address of hash160 = 00..00 and a round trip of arbitrary payloads.
    const std::vector<uint8_t> payload(21, 0);
    EXPECT_EQ(script::EncodeBase58Check(payload), "1111111111111111111114oLvT2");
    for (size_t len = 0; len < 40; ++len) {
        std::vector<uint8_t> data(len);
        for (size_t i = 0; i < len; ++i) data[i] = static_cast<uint8_t>(i * 37 + len);
        const std::string text = script::EncodeBase58Check(data);
        EXPECT_EQ(script::DecodeBase58Check(text, len), data);
        if (len > 0) {
            EXPECT_FALSE(script::DecodeBase58Check(text, len - 1));
        }
    }
    // Too short to hold a checksum.
    EXPECT_FALSE(script::DecodeBase58Check("1", 100));
}

} // namespace
