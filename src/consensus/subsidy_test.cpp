#include <consensus/chainparams.h>
#include <consensus/subsidy.h>

#include <gtest/gtest.h>

#include <limits>

namespace {

using primitives::COIN;

TEST(SubsidyTest, HalvingSchedule)
{
    const auto main = consensus::ChainParams::Main();
    const auto& params = main->GetConsensus();
    EXPECT_EQ(consensus::GetBlockSubsidy(0, params), 50 * COIN);
    EXPECT_EQ(consensus::GetBlockSubsidy(209999, params), 50 * COIN);
    EXPECT_EQ(consensus::GetBlockSubsidy(210000, params), 25 * COIN);
    EXPECT_EQ(consensus::GetBlockSubsidy(420000, params), 1250000000);
    EXPECT_EQ(consensus::GetBlockSubsidy(840000, params), 312500000);
    // 50 BTC >> 33 is below one satoshi.
    EXPECT_EQ(consensus::GetBlockSubsidy(32 * 210000, params), 1);
    EXPECT_EQ(consensus::GetBlockSubsidy(33 * 210000, params), 0);
    // From 64 halvings the shift would be undefined: zero by definition.
    EXPECT_EQ(consensus::GetBlockSubsidy(64 * 210000, params), 0);
    EXPECT_EQ(consensus::GetBlockSubsidy(std::numeric_limits<int>::max(), params), 0);

    const auto regtest = consensus::ChainParams::RegTest();
    EXPECT_EQ(consensus::GetBlockSubsidy(149, regtest->GetConsensus()), 50 * COIN);
    EXPECT_EQ(consensus::GetBlockSubsidy(150, regtest->GetConsensus()), 25 * COIN);
}

TEST(SubsidyTest, TotalSupplyJustUnder21Million)
{
    const auto main = consensus::ChainParams::Main();
    const auto& params = main->GetConsensus();
    primitives::Amount sum = 0;
    for (int height = 0; height < 65 * params.subsidy_halving_interval; height += 1000) {
        const primitives::Amount subsidy = consensus::GetBlockSubsidy(height, params);
        EXPECT_LE(subsidy, 50 * COIN);
        sum += subsidy * 1000;
        ASSERT_TRUE(primitives::MoneyRange(sum));
    }
    EXPECT_EQ(sum, primitives::Amount{2099999997690000});
    EXPECT_LT(sum, primitives::MAX_MONEY);
}

} // namespace
