#include <rest/url.h>

#include <gtest/gtest.h>

namespace rest {
namespace {

TEST(RestUrl, SplitsAndDecodesSegments)
{
    auto parsed = ParseTarget("/api/v1/addresses/bcrt1q%61b/balance?limit=5&x=a+b%21&flag");
    ASSERT_TRUE(parsed) << parsed.error();
    EXPECT_EQ(parsed->raw_path, "/api/v1/addresses/bcrt1q%61b/balance");
    EXPECT_EQ(parsed->segments, (std::vector<std::string>{"api", "v1", "addresses", "bcrt1qab", "balance"}));
    ASSERT_EQ(parsed->query.size(), 3U);
    EXPECT_EQ(parsed->query[0], (std::pair<std::string, std::string>{"limit", "5"}));
    EXPECT_EQ(parsed->query[1], (std::pair<std::string, std::string>{"x", "a b!"}));
    EXPECT_EQ(parsed->query[2], (std::pair<std::string, std::string>{"flag", ""}));
    EXPECT_EQ(GetQueryParameter(parsed->query, "x"), "a b!");
    EXPECT_EQ(GetQueryParameter(parsed->query, "missing"), std::nullopt);
    // Empty segments (double and trailing slashes) vanish; '+' in a path is literal.
    parsed = ParseTarget("//a///b+c/");
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->segments, (std::vector<std::string>{"a", "b+c"}));
}

TEST(RestUrl, RejectsTraversalAndMalformedEscapes)
{
    for (const char* bad : {"/api/v1/../../etc/passwd", "/api/v1/%2e%2e/%2E%2E/etc/passwd", "/api/v1/./status",
                            "/api/v1/a%2fb", "/api/v1/a%5cb", "/api/v1/%00", "/api/v1/%0a", "/api/v1/%zz", "/api/v1/%4",
                            "/api/v1/%", "relative", "", "/ok?bad=%g1"}) {
        EXPECT_FALSE(ParseTarget(bad)) << bad;
    }
    EXPECT_FALSE(ParseTarget("/" + std::string(MAX_TARGET_SIZE, 'a')));
    // Dots inside a segment are fine (Core's "<hash>.json").
    EXPECT_TRUE(ParseTarget("/rest/block/00ab.json"));
    EXPECT_TRUE(ParseTarget("/a/...x"));
}

TEST(RestUrl, DataFormatAsCore)
{
    std::string param;
    EXPECT_EQ(ParseDataFormat("abc.json", param), RestFormat::JSON);
    EXPECT_EQ(param, "abc");
    EXPECT_EQ(ParseDataFormat("abc.bin?count=5", param), RestFormat::BINARY);
    EXPECT_EQ(param, "abc");
    EXPECT_EQ(ParseDataFormat("5/abc.hex", param), RestFormat::HEX);
    EXPECT_EQ(param, "5/abc");
    EXPECT_EQ(ParseDataFormat("abc.xml", param), RestFormat::UNDEF);
    EXPECT_EQ(param, "abc.xml");
    EXPECT_EQ(ParseDataFormat("abc", param), RestFormat::UNDEF);
    EXPECT_EQ(param, "abc");
    EXPECT_EQ(ParseDataFormat("", param), RestFormat::UNDEF);
    EXPECT_EQ(param, "");
    // Core cuts at the last '?', and a '.' in the query is not a format.
    EXPECT_EQ(ParseDataFormat("abc?x=1.json", param), RestFormat::UNDEF);
    EXPECT_EQ(param, "abc");
    EXPECT_EQ(AvailableDataFormatsString(), ".bin, .hex, .json");
}

TEST(RestUrl, BoundedUint)
{
    EXPECT_EQ(ParseBoundedUint("5", 1, 10), 5U);
    EXPECT_EQ(ParseBoundedUint("010", 1, 10), 10U);
    EXPECT_EQ(ParseBoundedUint("0", 1, 10), std::nullopt);
    EXPECT_EQ(ParseBoundedUint("11", 1, 10), std::nullopt);
    EXPECT_EQ(ParseBoundedUint("-1", 0, 10), std::nullopt);
    EXPECT_EQ(ParseBoundedUint("+1", 0, 10), std::nullopt);
    EXPECT_EQ(ParseBoundedUint(" 1", 0, 10), std::nullopt);
    EXPECT_EQ(ParseBoundedUint("1x", 0, 10), std::nullopt);
    EXPECT_EQ(ParseBoundedUint("", 0, 10), std::nullopt);
    EXPECT_EQ(ParseBoundedUint("99999999999999999999999", 0, UINT64_MAX), std::nullopt);
    EXPECT_EQ(ParseBoundedUint("18446744073709551615", 0, UINT64_MAX), UINT64_MAX);
}

} // namespace
} // namespace rest
