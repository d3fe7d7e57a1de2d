// Real blocks validated against their spent outputs, and mutations of them rejected with
// Core's reasons.
#include <consensus/block_verify.h>

#include <consensus/test_fixtures.h>
#include <consensus/tx_verify.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

namespace {

using namespace consensus;
using namespace consensus::testfix;

struct Expected {
    const char* name;
    size_t tx_count;
    size_t inputs; // non-coinbase inputs (= entries of the spent-outputs file)
    int64_t sigops_cost;
    int64_t weight;
};

class RealBlocks : public ::testing::TestWithParam<Expected>
{};

TEST_P(RealBlocks, ValidateWithSpentOutputs)
{
    BITNODE_REQUIRE_TESTDATA();
    const Expected& e = GetParam();
    const BlockCase c = LoadBlockCase(e.name);
    ASSERT_EQ(c.block.vtx.size(), e.tx_count);
    const VerifyOutcome out = Verify(c, /*workers=*/1);
    ASSERT_TRUE(out.valid) << e.name << ": " << out.state.ToString();
    EXPECT_EQ(out.stats.sigops_cost, e.sigops_cost) << e.name;
    EXPECT_EQ(out.stats.weight, e.weight) << e.name;
    EXPECT_EQ(out.stats.script_checks, e.inputs) << e.name;
    EXPECT_EQ(out.stats.coinbase_value <= out.stats.fees + out.stats.subsidy, true);
    std::printf("%s: %zu txs, %zu script checks, sigops cost %lld (legacy %lld), weight %lld, fees %lld\n", e.name,
                c.block.vtx.size(), out.stats.script_checks, static_cast<long long>(out.stats.sigops_cost),
                static_cast<long long>(out.stats.legacy_sigops), static_cast<long long>(out.stats.weight),
                static_cast<long long>(out.stats.fees));
}

INSTANTIATE_TEST_SUITE_P(Blocks, RealBlocks,
                         ::testing::Values(Expected{"main-300025", 461, 1427, 5284, 1136924},
                                           Expected{"test3-928828", 201, 1972, 23236, 2481560},
                                           Expected{"test3-928848", 676, 11215, 11319, 3992537},
                                           Expected{"test3-1087400", 97, 205, 1298, 193331}),
                         [](const auto& param_info) {
                             std::string name = param_info.param.name;
                             for (char& ch : name)
                                 if (ch == '-') ch = '_';
                             return name;
                         });

// bcoin's figures for mainnet 300025: coinbase value = fees + subsidy = 2,507,773,345 sat and
// "sigops 5280", which bcoin sums over the non-coinbase transactions only (cost units: 1,320
// legacy sigops * 4); the coinbase adds one more legacy sigop, so the block's cost is 5,284.
TEST(RealBlocks, Main300025MatchesBcoin)
{
    BITNODE_REQUIRE_TESTDATA();
    const BlockCase c = LoadBlockCase("main-300025");
    const VerifyOutcome out = Verify(c);
    ASSERT_TRUE(out.valid) << out.state.ToString();
    EXPECT_EQ(out.stats.coinbase_value, 2'507'773'345);
    EXPECT_EQ(out.stats.fees + out.stats.subsidy, 2'507'773'345);
    EXPECT_EQ(out.stats.subsidy, 25 * primitives::COIN);
    const int64_t coinbase_cost = int64_t{GetLegacySigOpCount(*c.block.vtx[0])} * 4;
    EXPECT_EQ(out.stats.sigops_cost - coinbase_cost, 5280);
    EXPECT_EQ(out.stats.legacy_sigops, 1321);
}

} // namespace
