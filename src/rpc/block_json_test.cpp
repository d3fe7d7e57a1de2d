#include <rpc/block_json.h>
#include <rpc/decode.h>

#include <consensus/chainparams.h>
#include <primitives/serialize.h>
#include <primitives/streams.h>
#include <test/util/testdata.h>
#include <util/hex.h>

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace {

TEST(BlockJsonTest, DifficultyLikeCore)
{
    // Core's blockchain_tests values (compared to 1e-5 there as well).
    EXPECT_NEAR(rpc::GetDifficulty(0x1f111111), 0.000001, 1e-5);
    EXPECT_NEAR(rpc::GetDifficulty(0x1ef88f6f), 0.000016, 1e-5);
    EXPECT_NEAR(rpc::GetDifficulty(0x1df88f6f), 0.004023, 1e-5);
    EXPECT_NEAR(rpc::GetDifficulty(0x1cf88f6f), 1.029916, 1e-5);
    EXPECT_NEAR(rpc::GetDifficulty(0x12345678), 5913134931067755359633408.0, 1e10);
    EXPECT_EQ(util::JsonValue{rpc::GetDifficulty(0x1d00ffff)}.Write(), "1");
    EXPECT_EQ(util::JsonValue{rpc::GetDifficulty(0x207fffff)}.Write(), "4.656542373906925e-10");
    EXPECT_EQ(util::JsonValue{rpc::GetDifficulty(0x1b0404cb)}.Write(), "16307.42093852398");
    // A zero mantissa divides by zero: no JSON number, printed as null.
    EXPECT_EQ(util::JsonValue{rpc::GetDifficulty(0x1d000000)}.Write(), "null");
}

TEST(BlockJsonTest, TargetFromBits)
{
    EXPECT_EQ(rpc::TargetFromBits(0x1d00ffff)->GetHex(),
              "00000000ffff0000000000000000000000000000000000000000000000000000");
    EXPECT_EQ(rpc::TargetFromBits(0x207fffff)->GetHex(),
              "7fffff0000000000000000000000000000000000000000000000000000000000");
    EXPECT_FALSE(rpc::TargetFromBits(0x1d800000)); // negative
    EXPECT_FALSE(rpc::TargetFromBits(0x00000000)); // zero
    EXPECT_FALSE(rpc::TargetFromBits(0xff123456)); // overflow
}

TEST(BlockJsonTest, MainnetBlockOneFields)
{
    BITNODE_REQUIRE_TESTDATA();
    auto block = rpc::DecodeBlock(testutil::ReadTestBytes("blocks/main-1.raw"));
    ASSERT_TRUE(block) << block.error();
    const util::JsonValue json = rpc::BlockToJson(*block, consensus::ChainParams::Main()->GetAddressParams());
    const std::vector<std::string> keys{
        "hash",       "version", "versionHex",        "merkleroot",   "time", "nonce",  "bits", "target",
        "difficulty", "nTx",     "previousblockhash", "strippedsize", "size", "weight", "tx"};
    EXPECT_EQ(json.Keys(), keys);
    EXPECT_EQ(json.Find("hash")->GetStr(), "00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048");
    EXPECT_EQ(json.Find("merkleroot")->GetStr(), "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098");
    EXPECT_EQ(json.Find("previousblockhash")->GetStr(),
              "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    EXPECT_EQ(json.Find("time")->GetInt64(), 1231469665);
    EXPECT_EQ(json.Find("nonce")->GetInt64(), 2573394689);
    EXPECT_EQ(json.Find("bits")->GetStr(), "1d00ffff");
    EXPECT_EQ(json.Find("versionHex")->GetStr(), "00000001");
    EXPECT_EQ(json.Find("difficulty")->Write(), "1");
    EXPECT_EQ(json.Find("size")->GetInt64(), 215);
    EXPECT_EQ(json.Find("weight")->GetInt64(), 860);
    const util::JsonValue& tx = (*json.Find("tx"))[0];
    EXPECT_EQ(tx.Find("txid")->GetStr(), "0e3e2357e806b6cdb1f70b54c3a3a17b6714ee1f0e68bebb44a74b1efd512098");
    EXPECT_EQ((*tx.Find("vout"))[0].Find("value")->Write(), "50.00000000");
    EXPECT_EQ((*tx.Find("vout"))[0].Find("scriptPubKey")->Find("type")->GetStr(), "pubkey");
    EXPECT_EQ((*tx.Find("vout"))[0].Find("scriptPubKey")->Find("address"), nullptr); // bare keys have none
    EXPECT_EQ(tx.Keys().back(), "hex");
}

TEST(BlockJsonTest, TransactionHexesRebuildTheSegwitBlock)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto raw = testutil::ReadTestBytes("blocks/main-482683.raw");
    auto block = rpc::DecodeBlock(raw);
    ASSERT_TRUE(block) << block.error();
    const util::JsonValue json = rpc::BlockToJson(*block, consensus::ChainParams::Main()->GetAddressParams());
    // Header, transaction count, then every "hex" in order must give back the file.
    std::string rebuilt = util::HexStr(util::ByteSpan{raw}.first(80));
    std::vector<uint8_t> count;
    primitives::VectorWriter writer{count};
    primitives::WriteCompactSize(writer, block->vtx.size());
    rebuilt += util::HexStr(count);
    int witness_txs = 0;
    for (const util::JsonValue& tx : json.Find("tx")->Values()) {
        rebuilt += tx.Find("hex")->GetStr();
        if (tx.Find("txid")->GetStr() != tx.Find("hash")->GetStr()) ++witness_txs;
        const int64_t weight = *tx.Find("weight")->GetInt64();
        EXPECT_EQ(*tx.Find("vsize")->GetInt64(), (weight + 3) / 4);
        EXPECT_EQ(static_cast<size_t>(*tx.Find("size")->GetInt64()) * 2, tx.Find("hex")->GetStr().size());
    }
    EXPECT_EQ(rebuilt, util::HexStr(raw));
    EXPECT_GT(witness_txs, 0);
    EXPECT_LT(*json.Find("strippedsize")->GetInt64(), *json.Find("size")->GetInt64());
}

} // namespace
