// The spent-outputs file format: parsing, errors that name the entry, and pairing with a
// block's inputs (outputs of the block itself come from the block, not the file).
#include <consensus/spent_outputs.h>

#include <consensus/test_fixtures.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace {

using namespace consensus;

TEST(SpentOutputs, ParsesEveryField)
{
    const auto parsed = ParseSpentOutputs(
        R"([{"value": 5000, "script_pubkey": "0014aabb"}, {"value": 0, "script_pubkey": "", "height": 7, "coinbase": true}])");
    ASSERT_TRUE(parsed) << parsed.error();
    ASSERT_EQ(parsed->size(), 2U);
    EXPECT_EQ((*parsed)[0].out.value, 5000);
    EXPECT_EQ((*parsed)[0].out.script_pubkey, (primitives::ScriptBytes{0x00, 0x14, 0xaa, 0xbb}));
    EXPECT_FALSE((*parsed)[0].height);
    EXPECT_FALSE((*parsed)[0].coinbase);
    EXPECT_EQ((*parsed)[1].height, 7);
    EXPECT_TRUE((*parsed)[1].coinbase);
    EXPECT_TRUE(ParseSpentOutputs("[]"));
}

TEST(SpentOutputs, ErrorsNameTheEntry)
{
    auto error = [](const std::string& json) {
        const auto parsed = ParseSpentOutputs(json);
        return parsed ? std::string{"ok"} : parsed.error();
    };
    EXPECT_NE(error("{}").find("expected a JSON array"), std::string::npos);
    EXPECT_NE(error("[1]").find("entry 0: not an object"), std::string::npos);
    EXPECT_NE(error(R"([{"script_pubkey": "51"}])").find("entry 0: \"value\""), std::string::npos);
    EXPECT_NE(error(R"([{"value": 1.5, "script_pubkey": "51"}])").find("\"value\""), std::string::npos);
    EXPECT_NE(error(R"([{"value": 1, "script_pubkey": "51"}, {"value": 1, "script_pubkey": "5"}])")
                  .find("entry 1: \"script_pubkey\" is not valid hex"),
              std::string::npos);
    EXPECT_NE(error(R"([{"value": 1, "script_pubkey": "51", "height": -1}])").find("\"height\""), std::string::npos);
    EXPECT_NE(error(R"([{"value": 1, "script_pubkey": "51", "coinbase": 1}])").find("\"coinbase\""), std::string::npos);
    EXPECT_NE(error("[").find("spent outputs: "), std::string::npos);
}

TEST(SpentOutputs, PairsWithTheBlockInputs)
{
    BITNODE_REQUIRE_TESTDATA();
    const primitives::Block block = testfix::ReadBlock("main-300025");
    std::vector<SpentOutput> spent = testfix::ReadSpentOutputs("main-300025");
    ASSERT_EQ(spent.size(), 1427U);
    auto coins = BuildSpentCoinsView(block, spent);
    ASSERT_TRUE(coins) << coins.error();
    EXPECT_FALSE(coins->heights_known);
    // Inputs spending outputs of the block's own transactions are left to the block.
    size_t in_block = 0;
    std::set<primitives::Txid> txids;
    for (const auto& tx : block.vtx) txids.insert(tx->GetHash());
    for (const auto& tx : block.vtx) {
        if (tx->IsCoinBase()) continue;
        for (const auto& in : tx->vin) in_block += txids.count(in.prevout.hash);
    }
    EXPECT_EQ(in_block, 188U);
    EXPECT_EQ(coins->view.Size(), spent.size() - in_block);
    std::printf("main-300025: %zu spent outputs, %zu of them created in the block itself\n", spent.size(), in_block);

    spent.pop_back();
    EXPECT_FALSE(BuildSpentCoinsView(block, spent));
    spent.resize(spent.size() + 2);
    EXPECT_FALSE(BuildSpentCoinsView(block, spent));
    spent.pop_back();
    // A coinbase output without its height cannot have its maturity checked.
    size_t first_outside = 0;
    for (const auto& tx : block.vtx) {
        if (tx->IsCoinBase()) continue;
        if (txids.count(tx->vin[0].prevout.hash) == 0) break;
        first_outside += tx->vin.size();
    }
    spent[first_outside].coinbase = true;
    const auto refused = BuildSpentCoinsView(block, spent);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().find("without a \"height\""), std::string::npos);
}

} // namespace
