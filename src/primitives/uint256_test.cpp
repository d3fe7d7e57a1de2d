#include <primitives/streams.h>
#include <primitives/transaction_identifier.h>
#include <primitives/uint256.h>

#include <util/hex.h>

#include <gtest/gtest.h>

#include <string>
#include <type_traits>

namespace {

using namespace primitives;

constexpr const char* GENESIS_HEX = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";

TEST(Uint256Test, HexIsByteReversed)
{
    const auto hash = uint256::FromHex(GENESIS_HEX);
    ASSERT_TRUE(hash);
    // Serialized (internal) order starts with the last display byte.
    EXPECT_EQ(hash->data()[0], 0x6f);
    EXPECT_EQ(hash->data()[31], 0x00);
    EXPECT_EQ(util::HexStr(SerializeToBytes(*hash)), "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000");
    EXPECT_EQ(hash->GetHex(), GENESIS_HEX);
    EXPECT_EQ(hash->ToString(), GENESIS_HEX);
}

TEST(Uint256Test, FromHexIsStrict)
{
    const std::string good = GENESIS_HEX;
    EXPECT_TRUE(uint256::FromHex(good));
    // Upper case is accepted and printed back in lower case.
    std::string upper = good;
    for (char& c : upper) c = static_cast<char>(std::toupper(c));
    ASSERT_TRUE(uint256::FromHex(upper));
    EXPECT_EQ(uint256::FromHex(upper)->GetHex(), good);

    EXPECT_FALSE(uint256::FromHex(""));
    EXPECT_FALSE(uint256::FromHex(good.substr(1)));
    EXPECT_FALSE(uint256::FromHex(good + "0"));
    EXPECT_FALSE(uint256::FromHex("0x" + good.substr(2)));
    EXPECT_FALSE(uint256::FromHex(" " + good.substr(1)));
    EXPECT_FALSE(uint256::FromHex(good.substr(0, 63) + "g"));
    EXPECT_FALSE(uint160::FromHex(good));
    EXPECT_TRUE(uint160::FromHex(good.substr(0, 40)));
}

TEST(Uint256Test, CompileTimeLiteralMatchesParser)
{
    constexpr uint256 genesis{"000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"};
    static_assert(!genesis.IsNull());
    EXPECT_EQ(genesis, *uint256::FromHex(GENESIS_HEX));
    constexpr uint160 h160{"00112233445566778899aabbccddeeff00112233"};
    EXPECT_EQ(h160.GetHex(), "00112233445566778899aabbccddeeff00112233");
}

TEST(Uint256Test, ConstantsAndOrdering)
{
    EXPECT_TRUE(uint256::ZERO.IsNull());
    EXPECT_EQ(uint256::ONE.GetHex(), "0000000000000000000000000000000000000000000000000000000000000001");
    EXPECT_LT(uint256::ZERO, uint256::ONE);
    // Ordering is memcmp of the serialized bytes, so the first byte dominates.
    const uint256 a{"0100000000000000000000000000000000000000000000000000000000000000"};
    const uint256 b{"0000000000000000000000000000000000000000000000000000000000000002"};
    EXPECT_LT(a, b);
    EXPECT_EQ(a.Compare(b), -1);
    EXPECT_EQ(b.Compare(a), 1);
    EXPECT_EQ(a.Compare(a), 0);
    uint256 c = b;
    EXPECT_EQ(c, b);
    c.SetNull();
    EXPECT_EQ(c, uint256::ZERO);
}

TEST(Uint256Test, SpanAccessAndWords)
{
    const uint256 h{"0807060504030201000000000000000000000000000000000000000000000000"};
    EXPECT_EQ(h.span().size(), 32u);
    EXPECT_EQ(h.end() - h.begin(), 32);
    EXPECT_EQ(h.GetUint64(3), 0x0807060504030201u);
    EXPECT_EQ(h.GetUint64(0), 0u);
    const std::vector<uint8_t> raw(h.begin(), h.end());
    EXPECT_EQ(uint256{util::ByteSpan{raw}}, h);
}

TEST(Uint256Test, SerializationRoundTrip)
{
    const uint256 h = *uint256::FromHex(GENESIS_HEX);
    const std::vector<uint8_t> bytes = SerializeToBytes(h);
    ASSERT_EQ(bytes.size(), 32u);
    uint256 back;
    DeserializeFromBytes(bytes, back);
    EXPECT_EQ(back, h);
}

TEST(TransactionIdentifierTest, TxidAndWtxidAreDistinctTypes)
{
    static_assert(!std::is_convertible_v<Txid, Wtxid>);
    static_assert(!std::is_convertible_v<Wtxid, Txid>);
    static_assert(!std::is_convertible_v<uint256, Txid>);
    static_assert(!std::is_convertible_v<Txid, uint256>);
    const uint256 h = *uint256::FromHex(GENESIS_HEX);
    const Txid txid = Txid::FromUint256(h);
    const Wtxid wtxid = Wtxid::FromUint256(h);
    EXPECT_EQ(txid.ToUint256(), wtxid.ToUint256());
    EXPECT_EQ(txid.GetHex(), GENESIS_HEX);
    EXPECT_EQ(*Txid::FromHex(GENESIS_HEX), txid);
    EXPECT_FALSE(Txid::FromHex("zz"));
    EXPECT_TRUE(Txid{}.IsNull());
    EXPECT_EQ(SerializeToBytes(txid), SerializeToBytes(h));
}

} // namespace
