#include <script/bech32.h>

#include <gtest/gtest.h>

#include <cctype>

#include <string>
#include <utility>
#include <vector>

namespace {

using script::bech32::Encoding;

bool CaseInsensitiveEqual(const std::string& a, const std::string& b)
{
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    }
    return true;
}

void CheckValid(const std::vector<std::string>& cases, Encoding expected)
{
    for (const auto& str : cases) {
        const auto dec = script::bech32::Decode(str);
        EXPECT_EQ(dec.encoding, expected) << str;
        if (dec.encoding != expected) continue;
        EXPECT_TRUE(CaseInsensitiveEqual(script::bech32::Encode(expected, dec.hrp, dec.data), str)) << str;
        EXPECT_EQ(script::bech32::LocateErrors(str).first, "") << str;
    }
}

struct InvalidCase {
    std::string str;
    std::string error;
    std::vector<int> locations;
};

void CheckInvalid(const std::vector<InvalidCase>& cases)
{
    for (const auto& c : cases) {
        EXPECT_EQ(script::bech32::Decode(c.str).encoding, Encoding::INVALID) << c.str;
        const auto [error, locations] = script::bech32::LocateErrors(c.str);
        EXPECT_EQ(error, c.error) << c.str;
        EXPECT_EQ(locations, c.locations) << c.str;
    }
}

// BIP173 valid strings.
TEST(Bech32Test, Bip173Valid)
{
    CheckValid({"A12UEL5L", "a12uel5l",
                "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
                "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
                "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
                "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w", "?1ezyfcl"},
               Encoding::BECH32);
}

// BIP350 valid strings.
TEST(Bech32Test, Bip350Valid)
{
    CheckValid({"A1LQFN3A", "a1lqfn3a",
                "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
                "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
                "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
                "split1checkupstagehandshakeupstreamerranterredcaperredlc445v", "?1v759aa"},
               Encoding::BECH32M);
}

// BIP173 invalid strings, with the explanation and error positions Bitcoin Core gives.
TEST(Bech32Test, Bip173InvalidWithErrorLocations)
{
    CheckInvalid({
        {" 1nwldj5", "Invalid character or mixed case", {0}},
        {"\x7f" "1axkwrx", "Invalid character or mixed case", {0}},
        {"\x80" "1eym55h", "Invalid character or mixed case", {0}},
        {"an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
         "Bech32 string too long", {90}},
        {"pzry9x0s0muk", "Missing separator", {}},
        {"1pzry9x0s0muk", "Invalid separator position", {0}},
        {"x1b4n0q5v", "Invalid Base 32 character", {2}},
        {"li1dgmt3", "Invalid separator position", {2}},
        {"de1lg7wt\xff", "Invalid character or mixed case", {8}},
        {"A1G7SGD8", "Invalid checksum", {}},
        {"10a06t8", "Invalid separator position", {0}},
        {"1qzzfhee", "Invalid separator position", {0}},
        {"a12UEL5L", "Invalid character or mixed case", {3, 4, 5, 7}},
        {"A12uEL5L", "Invalid character or mixed case", {3}},
        {"abcdef1qpzrz9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "Invalid Bech32 checksum", {11}},
        {"test1zg69w7y6hn0aqy352euf40x77qddq3dc", "Invalid Bech32 checksum", {9, 16}},
    });
}

TEST(Bech32Test, Bip350InvalidWithErrorLocations)
{
    CheckInvalid({
        {" 1xj0phk", "Invalid character or mixed case", {0}},
        {"\x7f" "1g6xzxy", "Invalid character or mixed case", {0}},
        {"\x80" "1vctc34", "Invalid character or mixed case", {0}},
        {"an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
         "Bech32 string too long", {90}},
        {"qyrz8wqd2c9m", "Missing separator", {}},
        {"1qyrz8wqd2c9m", "Invalid separator position", {0}},
        {"y1b0jsk6g", "Invalid Base 32 character", {2}},
        {"lt1igcx5c0", "Invalid Base 32 character", {3}},
        {"in1muywd", "Invalid separator position", {2}},
        {"mm1crxm3i", "Invalid Base 32 character", {8}},
        {"au1s5cgom", "Invalid Base 32 character", {7}},
        {"M1VUXWEZ", "Invalid checksum", {}},
        {"16plkw9", "Invalid separator position", {0}},
        {"1p2gdwpf", "Invalid separator position", {0}},
        {"abcdef1l7aum6echk45nj2s0wdvt2fg8x9yrzpqzd3ryx", "Invalid Bech32m checksum", {21}},
        {"test1zg69v7y60n00qy352euf40x77qcusag6", "Invalid Bech32m checksum", {13, 32}},
    });
}

// Every single and double substitution in a real address is located exactly.
TEST(Bech32Test, LocatesSubstitutions)
{
    const std::string good = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4";
    const std::string charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    int checked = 0;
    for (size_t i = 3; i < good.size(); ++i) {
        std::string bad = good;
        bad[i] = bad[i] == 'q' ? 'p' : 'q';
        const auto [error, locations] = script::bech32::LocateErrors(bad);
        EXPECT_EQ(error, "Invalid Bech32 checksum") << bad;
        EXPECT_EQ(locations, std::vector<int>{static_cast<int>(i)}) << bad;
        for (size_t j = i + 5; j < good.size(); j += 7) {
            std::string worse = bad;
            worse[j] = charset[(charset.find(worse[j]) + 3) % 32];
            const auto [error2, locations2] = script::bech32::LocateErrors(worse);
            EXPECT_EQ(locations2, (std::vector<int>{static_cast<int>(i), static_cast<int>(j)})) << worse;
            ++checked;
        }
    }
    EXPECT_EQ(checked, 100);
}

TEST(Bech32Test, ConvertBits)
{
    std::vector<uint8_t> five;
    ASSERT_TRUE(script::bech32::ConvertBits(8, 5, true, {0xff}, five));
    EXPECT_EQ(five, (std::vector<uint8_t>{31, 28}));
    std::vector<uint8_t> eight;
    ASSERT_TRUE(script::bech32::ConvertBits(5, 8, false, five, eight));
    EXPECT_EQ(eight, std::vector<uint8_t>{0xff});
    // Non-zero padding bits and a whole spare group are both errors without padding.
    eight.clear();
    EXPECT_FALSE(script::bech32::ConvertBits(5, 8, false, {31, 29}, eight));
    eight.clear();
    EXPECT_FALSE(script::bech32::ConvertBits(5, 8, false, {31, 28, 0}, eight));
}

} // namespace
