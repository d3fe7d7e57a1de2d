#include <rest/core_rest_json.h>

#include <primitives/streams.h>
#include <util/hex.h>

#include <gtest/gtest.h>

namespace rest {
namespace {

const std::string TXID = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";

TEST(RestGetUtxos, UriForms)
{
    auto parsed = ParseGetUtxosUri({"checkmempool", TXID + "-0", TXID + "-4294967295"});
    ASSERT_TRUE(parsed) << parsed.error();
    EXPECT_TRUE(parsed->check_mempool);
    ASSERT_EQ(parsed->outpoints.size(), 2U);
    EXPECT_EQ(parsed->outpoints[0].hash.GetHex(), TXID);
    EXPECT_EQ(parsed->outpoints[1].n, 4294967295U);
    parsed = ParseGetUtxosUri({TXID + "-1"});
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(parsed->check_mempool);
    // Core's answers to malformed outpoints (its interface_rest.py cases).
    for (const std::string& bad : {TXID + "_+1", TXID + "-+1", TXID + "--1", TXID + "aa-1234", std::string{"aa-1234"},
                                   TXID + "-4294967296", TXID + "-", TXID}) {
        auto error = ParseGetUtxosUri({bad});
        ASSERT_FALSE(error) << bad;
        EXPECT_EQ(error.error(), "Parse error");
    }
    auto empty = ParseGetUtxosUri({"checkmempool"});
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error(), "Error: empty request");
}

TEST(RestGetUtxos, BinaryBodyAndAnswer)
{
    // BIP64 request as Core's functional test writes it: flag, count, outpoints.
    std::string body = std::string{"\x01\x02", 2};
    for (const uint32_t n : {0U, 7U}) {
        auto txid = *primitives::uint256::FromHex(TXID);
        body.append(reinterpret_cast<const char*>(txid.begin()), 32);
        for (int i = 0; i < 4; ++i) body.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
    }
    auto parsed = ParseGetUtxosBody(body);
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->check_mempool);
    ASSERT_EQ(parsed->outpoints.size(), 2U);
    EXPECT_EQ(parsed->outpoints[1].n, 7U);
    EXPECT_FALSE(ParseGetUtxosBody(body + "x")) << "trailing bytes";
    EXPECT_FALSE(ParseGetUtxosBody(body.substr(0, body.size() - 1))) << "truncated";
    EXPECT_FALSE(ParseGetUtxosBody(""));

    GetUtxosResult result;
    result.height = 201;
    result.tip = *primitives::uint256::FromHex(TXID);
    result.hits = {true, false, true, false, false, false, false, false, true};
    result.coins = {{5, primitives::TxOut{50'0000'0000, {0x51}}}, {6, primitives::TxOut{1, {}}}, {7, primitives::TxOut{2, {0x00, 0x14}}}};
    const std::vector<uint8_t> bytes = SerializeGetUtxos(result);
    // int32 height, 32-byte tip, bitmap vector (2 bytes: 0b101, 0b1), coins vector.
    EXPECT_EQ(util::HexStr(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 4)), "c9000000");
    EXPECT_EQ(util::HexStr(std::vector<uint8_t>(bytes.begin() + 36, bytes.begin() + 39)), "020501");
    EXPECT_EQ(bytes[39], 3);
    // First coin: uint32 0, uint32 height 5, value 5e9 LE, script 0x51.
    EXPECT_EQ(util::HexStr(std::vector<uint8_t>(bytes.begin() + 40, bytes.begin() + 58)),
              "000000000500000000f2052a010000000151");
    EXPECT_EQ(bytes.size(), 40U + (8 + 8 + 2) + (8 + 8 + 1) + (8 + 8 + 3));
}

} // namespace
} // namespace rest
