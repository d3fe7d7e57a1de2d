// The Miner: generatetoaddress / generateblock semantics, and each policy mining when it
// should and not otherwise (on demand and off: never by itself; interval: every 200 ms;
// mempool threshold K=3: when the pool reaches 3 and again while it stays there), with a
// prompt Stop.
#include <mining/miner.h>
#include <mining/test_fixture.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace mining {
namespace {

using namespace std::chrono_literals;
using primitives::OutPoint;
using primitives::TransactionRef;

class MinerTest : public ::testing::Test, public test::MiningFixture
{
protected:
    /** 101 blocks, then the coinbase of block 1 split into n confirmed coins of 1 BTC. */
    std::vector<mempool::test::Wallet::Input> Coins(Miner& miner, int n)
    {
        EXPECT_TRUE(miner.GenerateToScript(wallet.P2WPKH(), 101));
        const TransactionRef cb = CoinbaseAt(1);
        std::vector<primitives::Amount> outs(static_cast<size_t>(n), primitives::COIN);
        const TransactionRef split = wallet.Spend({{OutPoint{cb->GetHash(), 0}, cb->vout[0].value}}, outs);
        EXPECT_TRUE(Accept(split).Valid());
        EXPECT_TRUE(miner.GenerateToScript(wallet.P2WPKH(), 1));
        signals.SyncWithValidationInterfaceQueue();
        std::vector<mempool::test::Wallet::Input> coins;
        for (uint32_t i = 0; i < static_cast<uint32_t>(n); ++i)
            coins.push_back({OutPoint{split->GetHash(), i}, primitives::COIN});
        return coins;
    }
    TransactionRef AcceptSpend(const mempool::test::Wallet::Input& in)
    {
        TransactionRef tx = wallet.Spend({in}, {in.value - 1'000});
        EXPECT_TRUE(Accept(tx).Valid());
        return tx;
    }
    /** Wait until the chain reaches height (true) or the time runs out. */
    bool WaitForHeight(int height, std::chrono::milliseconds timeout)
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (chainman->ActiveHeight() >= height) return true;
            std::this_thread::sleep_for(5ms);
        }
        return chainman->ActiveHeight() >= height;
    }
};

TEST_F(MinerTest, GenerateToScriptLikeCore)
{
    auto miner = MakeMiner();
    auto mined = miner->GenerateToScript(wallet.P2WPKH(), 5);
    ASSERT_TRUE(mined) << mined.error();
    ASSERT_EQ(mined->size(), 5u);
    EXPECT_EQ(chainman->ActiveHeight(), 5);
    for (int h = 1; h <= 5; ++h) EXPECT_EQ(chainman->ActiveBlockAt(h)->hash, (*mined)[static_cast<size_t>(h - 1)]);

    // No tries left: nothing mined, no error (Core returns the blocks found so far).
    auto none = miner->GenerateToScript(wallet.P2WPKH(), 3, 0);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
    EXPECT_EQ(chainman->ActiveHeight(), 5);

    const MiningInfo info = miner->GetMiningInfo();
    EXPECT_EQ(info.blocks_mined, 5u);
    EXPECT_GE(info.total_hashes, 5u);
    EXPECT_EQ(info.current_block_tx, 0u);
    EXPECT_GT(info.current_block_weight, 0);
    EXPECT_EQ(info.policy.mode, MiningMode::ON_DEMAND);
    EXPECT_FALSE(info.running);
}

TEST_F(MinerTest, GenerateBlockAndEmptyBlock)
{
    auto miner = MakeMiner();
    const auto coins = Coins(*miner, 2);
    const int height = chainman->ActiveHeight();
    const TransactionRef tx = wallet.Spend({coins[0]}, {coins[0].value - 1'000});

    auto unsent = miner->GenerateBlock(wallet.P2WPKH(), {tx}, /*submit=*/false);
    ASSERT_TRUE(unsent) << unsent.error();
    EXPECT_EQ(chainman->ActiveHeight(), height);
    EXPECT_EQ(unsent->block->vtx.size(), 2u);
    EXPECT_EQ(unsent->hash, unsent->block->GetHash());

    auto sent = miner->GenerateBlock(wallet.P2WPKH(), {tx});
    ASSERT_TRUE(sent) << sent.error();
    EXPECT_EQ(chainman->ActiveTip()->hash, sent->hash);

    // Spending the same coin again cannot be valid.
    auto again = miner->GenerateBlock(wallet.P2WPKH(), {tx});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().rfind("TestBlockValidity failed: ", 0), 0u) << again.error();

    auto empty = miner->GenerateEmptyBlock(wallet.P2WPKH());
    ASSERT_TRUE(empty) << empty.error();
    EXPECT_EQ(chainman->ActiveTip()->hash, *empty);
    EXPECT_EQ(chainman->ActiveHeight(), height + 2);
}

TEST_F(MinerTest, OnDemandAndOffNeverMineByThemselves)
{
    auto miner = MakeMiner();
    const auto coins = Coins(*miner, 3);
    for (const auto& c : coins) AcceptSpend(c);
    const int height = chainman->ActiveHeight();
    miner->Start();
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(chainman->ActiveHeight(), height);
    MiningPolicy off;
    off.mode = MiningMode::OFF;
    miner->SetPolicy(off);
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(chainman->ActiveHeight(), height);
    EXPECT_TRUE(miner->GetMiningInfo().running);
    miner->Stop();
    EXPECT_FALSE(miner->GetMiningInfo().running);
}

TEST_F(MinerTest, IntervalPolicyMinesOnSchedule)
{
    auto miner = MakeMiner();
    miner->Start();
    const int start = chainman->ActiveHeight();
    MiningPolicy policy;
    policy.mode = MiningMode::INTERVAL;
    policy.interval = 200ms;
    miner->SetPolicy(policy);
    std::this_thread::sleep_for(1100ms);
    MiningPolicy demand;
    demand.mode = MiningMode::ON_DEMAND;
    miner->SetPolicy(demand);
    const int mined = chainman->ActiveHeight() - start;
    // Five are due in 1.1 s; a loaded CI machine may be late for one or two.
    EXPECT_GE(mined, 3);
    EXPECT_LE(mined, 6);
    const int after = chainman->ActiveHeight();
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(chainman->ActiveHeight(), after);
    EXPECT_EQ(miner->GetMiningInfo().blocks_mined, static_cast<uint64_t>(mined));
    std::cout << "interval 200 ms: " << mined << " blocks in 1.1 s\n";
}

TEST_F(MinerTest, MempoolThresholdPolicy)
{
    MinerOptions options;
    // Room for three of our transactions per block, so six need two blocks.
    options.assembler.block_reserved_weight = MINIMUM_BLOCK_RESERVED_WEIGHT;
    options.assembler.block_max_weight = MINIMUM_BLOCK_RESERVED_WEIGHT + 3 * 440;
    auto miner = MakeMiner(options);
    const auto coins = Coins(*MakeMiner(), 9);
    miner->Start();
    MiningPolicy policy;
    policy.mode = MiningMode::MEMPOOL_THRESHOLD;
    policy.mempool_threshold = 3;
    miner->SetPolicy(policy);
    const int start = chainman->ActiveHeight();

    AcceptSpend(coins[0]);
    AcceptSpend(coins[1]);
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(chainman->ActiveHeight(), start) << "two transactions are below the threshold";

    AcceptSpend(coins[2]);
    ASSERT_TRUE(WaitForHeight(start + 1, 3s));
    signals.SyncWithValidationInterfaceQueue();
    EXPECT_EQ(pool.Size(), 0u);
    EXPECT_EQ(miner->GetMiningInfo().current_block_tx, 3u);
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(chainman->ActiveHeight(), start + 1) << "an empty pool needs no block";

    // Six at once (while on demand): one block takes three, three remain, so a second follows.
    MiningPolicy demand;
    demand.mode = MiningMode::ON_DEMAND;
    miner->SetPolicy(demand);
    for (size_t i = 3; i < 9; ++i) AcceptSpend(coins[i]);
    miner->SetPolicy(policy);
    ASSERT_TRUE(WaitForHeight(start + 3, 3s));
    std::this_thread::sleep_for(300ms);
    signals.SyncWithValidationInterfaceQueue();
    EXPECT_EQ(chainman->ActiveHeight(), start + 3);
    EXPECT_EQ(pool.Size(), 0u);
}

TEST_F(MinerTest, ThresholdMetByUnminableTransactionsMinesOnce)
{
    MinerOptions options;
    options.assembler.block_reserved_weight = MINIMUM_BLOCK_RESERVED_WEIGHT;
    options.assembler.block_max_weight = MINIMUM_BLOCK_RESERVED_WEIGHT + 1000;
    auto miner = MakeMiner(options);
    ASSERT_TRUE(MakeMiner()->GenerateToScript(wallet.P2WPKH(), 101));
    // A transaction heavier than the blocks this miner makes.
    const TransactionRef cb = CoinbaseAt(1);
    const TransactionRef heavy =
        wallet.Spend({{OutPoint{cb->GetHash(), 0}, cb->vout[0].value}}, std::vector<primitives::Amount>(20, 1'000'000));
    ASSERT_GT(heavy->GetWeight(), 1000);
    ASSERT_TRUE(Accept(heavy).Valid());
    const int start = chainman->ActiveHeight();
    MiningPolicy policy;
    policy.mode = MiningMode::MEMPOOL_THRESHOLD;
    policy.mempool_threshold = 1;
    miner->SetPolicy(policy);
    miner->Start();
    ASSERT_TRUE(WaitForHeight(start + 1, 3s));
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(chainman->ActiveHeight(), start + 1);
    EXPECT_EQ(pool.Size(), 1u);
    miner->Stop();
}

TEST_F(MinerTest, StopIsPrompt)
{
    auto miner = MakeMiner();
    MiningPolicy policy;
    policy.mode = MiningMode::INTERVAL;
    policy.interval = 10s;
    miner->SetPolicy(policy);
    miner->Start();
    std::this_thread::sleep_for(50ms);
    const auto start = std::chrono::steady_clock::now();
    miner->Stop();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    EXPECT_LT(ms.count(), 100);
    // Start again after a Stop works, and generating still works after Stop.
    miner->Start();
    miner->Stop();
    EXPECT_TRUE(miner->GenerateToScript(wallet.P2WPKH(), 1));
}

TEST(MiningModeTest, Names)
{
    for (MiningMode mode :
         {MiningMode::OFF, MiningMode::ON_DEMAND, MiningMode::MEMPOOL_THRESHOLD, MiningMode::INTERVAL}) {
        EXPECT_EQ(MiningModeFromName(MiningModeName(mode)), mode);
    }
    EXPECT_EQ(MiningModeName(MiningMode::MEMPOOL_THRESHOLD), "mempool_threshold");
    EXPECT_FALSE(MiningModeFromName("sometimes"));
}

} // namespace
} // namespace mining
