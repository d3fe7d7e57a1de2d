// Randomized block assembly: pools of random transaction graphs (1-2 inputs, 1-2
// outputs, chains and merges, random fees) built through real acceptance, assembled
// under random weight limits. Every template must hold each transaction at most once,
// after all of its in-pool parents (so it is closed under ancestors), stay within the
// weight limit, carry fees that add up, and pass TestBlockValidity (CreateNewBlock runs
// it). The number of templates checked is printed.
#include <mining/assembler.h>
#include <mining/test_fixture.h>

#include <consensus/subsidy.h>

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace mining {
namespace {

using primitives::Amount;
using primitives::OutPoint;
using primitives::TransactionRef;
using Input = mempool::test::Wallet::Input;

TEST(MiningRandomSelectionTest, TemplatesAreConsistent)
{
    test::MiningFixture f;
    auto miner = f.MakeMiner();
    ASSERT_TRUE(miner->GenerateToScript(f.wallet.P2WPKH(), 101));
    const TransactionRef cb = f.CoinbaseAt(1);
    const TransactionRef split =
        f.wallet.Spend({{OutPoint{cb->GetHash(), 0}, cb->vout[0].value}}, std::vector<Amount>(24, primitives::COIN));
    ASSERT_TRUE(f.Accept(split).Valid());
    ASSERT_TRUE(miner->GenerateToScript(f.wallet.P2WPKH(), 1));
    f.signals.SyncWithValidationInterfaceQueue();

    int templates = 0;
    int partial = 0;       // templates that left some of the pool out
    int with_children = 0; // templates holding a transaction with an in-pool parent
    for (uint32_t seed = 1; seed <= 3; ++seed) {
        std::mt19937 rng{seed};
        f.pool.Clear();
        std::vector<Input> spendable;
        for (uint32_t i = 0; i < 24; ++i) spendable.push_back({OutPoint{split->GetHash(), i}, primitives::COIN});
        for (int n = 0; n < 80 && !spendable.empty(); ++n) {
            const size_t inputs = std::min<size_t>(spendable.size(), 1 + rng() % 2);
            std::vector<Input> ins;
            Amount total = 0;
            for (size_t k = 0; k < inputs; ++k) {
                const size_t pick = rng() % spendable.size();
                ins.push_back(spendable[pick]);
                total += spendable[pick].value;
                spendable.erase(spendable.begin() + static_cast<std::ptrdiff_t>(pick));
            }
            const Amount fee = 200 + static_cast<Amount>(rng() % 20'000);
            const size_t outputs = 1 + rng() % 2;
            std::vector<Amount> outs(outputs, (total - fee) / static_cast<Amount>(outputs));
            const TransactionRef tx = f.wallet.Spend(ins, outs);
            if (!f.Accept(tx).Valid()) {
                // Over a chain limit, say: its coins stay usable.
                spendable.insert(spendable.end(), ins.begin(), ins.end());
                continue;
            }
            for (uint32_t o = 0; o < outputs; ++o) spendable.push_back({OutPoint{tx->GetHash(), o}, outs[o]});
        }
        ASSERT_GT(f.pool.Size(), 40u);

        for (int round = 0; round < 6; ++round) {
            AssemblerOptions options;
            options.block_reserved_weight = MINIMUM_BLOCK_RESERVED_WEIGHT;
            // The first round has no limit to speak of: everything must go in.
            options.block_max_weight =
                round == 0 ? DEFAULT_BLOCK_MAX_WEIGHT
                           : MINIMUM_BLOCK_RESERVED_WEIGHT + 2'000 + static_cast<int64_t>(rng() % 40'000);
            auto tmpl = CreateNewBlock(*f.chainman, &f.pool, f.wallet.P2WPKH(), options);
            ASSERT_TRUE(tmpl) << tmpl.error();
            const primitives::Block& block = (*tmpl)->block;
            EXPECT_LE((*tmpl)->weight, options.block_max_weight);
            std::set<primitives::Txid> placed;
            Amount fees = 0;
            bool child_seen = false;
            for (size_t i = 1; i < block.vtx.size(); ++i) {
                const auto info = f.pool.Info(block.vtx[i]->GetHash());
                ASSERT_TRUE(info);
                child_seen = child_seen || !info->parents.empty();
                for (const primitives::Txid& parent : info->parents) {
                    EXPECT_TRUE(placed.count(parent)) << "a parent comes later or is missing";
                }
                EXPECT_TRUE(placed.insert(block.vtx[i]->GetHash()).second) << "a transaction appears twice";
                EXPECT_EQ((*tmpl)->tx_fees[i], info->fee);
                fees += info->fee;
            }
            EXPECT_EQ((*tmpl)->total_fees, fees);
            EXPECT_EQ((*tmpl)->coinbase_value,
                      consensus::GetBlockSubsidy((*tmpl)->height, f.chainman->GetConsensus()) + fees);
            ++templates;
            if (round == 0) {
                EXPECT_EQ(block.vtx.size() - 1, f.pool.Size());
            }
            if (block.vtx.size() - 1 < f.pool.Size()) ++partial;
            if (child_seen) ++with_children;
        }
    }
    std::cout << "random selection: " << templates << " templates checked, " << partial << " partial, " << with_children
              << " with in-pool parents\n";
    EXPECT_EQ(templates, 18);
    EXPECT_GT(partial, 0);
    EXPECT_GT(with_children, 0);
}

} // namespace
} // namespace mining
