// Size limit and eviction, rolling minimum fee, expiry, block removal, reorg re-add.
#include <mempool/accept.h>
#include <mempool/test_helpers.h>

#include <gtest/gtest.h>

namespace mempool {
namespace {

using test::FakeChain;
using test::Wallet;

constexpr Amount COIN = primitives::COIN;

void ExpectConsistent(const TxMemPool& pool)
{
    const auto problem = pool.CheckConsistency();
    EXPECT_FALSE(problem.has_value()) << *problem;
}

TEST(TxMemPool, EvictsLowestDescendantScoreAndRaisesMinFee)
{
    FakeChain chain;
    Wallet wallet;
    util::Clock clock;
    clock.SetMockTime(1'700'000'000);
    MempoolOptions opts;
    opts.clock = &clock;
    TxMemPool probe{opts};
    // Measure one entry, then allow exactly 10 of them.
    const OutPoint p = wallet.Fund(chain, COIN);
    ASSERT_TRUE(AcceptToMemoryPool(probe, chain, wallet.Spend({{p, COIN}}, {COIN - 1000})).Valid());
    const auto one = static_cast<int64_t>(probe.DynamicMemoryUsage());
    opts.max_size_bytes = one * 10;
    TxMemPool pool{opts};

    std::vector<TransactionRef> txs;
    for (int i = 0; i < 10; ++i) {
        const OutPoint a = wallet.Fund(chain, COIN);
        txs.push_back(wallet.Spend({{a, COIN}}, {COIN - 1000 - 100 * i}));
        ASSERT_TRUE(AcceptToMemoryPool(pool, chain, txs.back()).Valid());
    }
    EXPECT_EQ(pool.GetMinFee().GetFeePerK(), 0);
    // An 11th with a better fee pushes out the cheapest (the first).
    const OutPoint b = wallet.Fund(chain, COIN);
    const auto rich = wallet.Spend({{b, COIN}}, {COIN - 5000});
    ASSERT_TRUE(AcceptToMemoryPool(pool, chain, rich).Valid());
    EXPECT_EQ(pool.Size(), 10u);
    EXPECT_FALSE(pool.Exists(txs[0]->GetHash()));
    EXPECT_TRUE(pool.Exists(txs[1]->GetHash()));
    // The minimum fee is now the evicted rate plus the incremental relay fee.
    const FeeRate evicted{1000, txs[0]->GetVirtualSize()};
    EXPECT_EQ(pool.GetMinFee().GetFeePerK(), evicted.GetFeePerK() + DEFAULT_INCREMENTAL_RELAY_FEE);
    // A poorer newcomer is refused by that minimum.
    const OutPoint c = wallet.Fund(chain, COIN);
    const auto poor = AcceptToMemoryPool(pool, chain, wallet.Spend({{c, COIN}}, {COIN - 1000}));
    EXPECT_EQ(poor.Reason(), "mempool min fee not met");
    ExpectConsistent(pool);

    // The minimum decays only once a block has arrived since the bump (12 h half-life
    // while the pool is full).
    pool.RemoveForBlock({}, chain.TipHeight() + 1);
    const Amount before = pool.GetMinFee().GetFeePerK();
    clock.SetMockTime(1'700'000'000 + 12 * 3600);
    const Amount after = pool.GetMinFee().GetFeePerK();
    EXPECT_LT(after, before);
}

TEST(TxMemPool, MempoolFull)
{
    FakeChain chain;
    Wallet wallet;
    MempoolOptions opts;
    opts.max_size_bytes = 1; // nothing fits
    TxMemPool pool{opts};
    const OutPoint a = wallet.Fund(chain, COIN);
    const auto r = AcceptToMemoryPool(pool, chain, wallet.Spend({{a, COIN}}, {COIN - 1000}));
    EXPECT_EQ(r.Reason(), "mempool full");
    EXPECT_EQ(pool.Size(), 0u);
}

TEST(TxMemPool, Expiry)
{
    FakeChain chain;
    Wallet wallet;
    util::Clock clock;
    clock.SetMockTime(1'700'000'000);
    MempoolOptions opts;
    opts.clock = &clock;
    TxMemPool pool{opts};
    const OutPoint a = wallet.Fund(chain, COIN);
    const auto old_tx = wallet.Spend({{a, COIN}}, {COIN - 1000});
    ASSERT_TRUE(AcceptToMemoryPool(pool, chain, old_tx).Valid());
    const auto child = wallet.Spend({{{old_tx->GetHash(), 0}, COIN - 1000}}, {COIN - 2000});
    clock.SetMockTime(1'700'000'000 + 100 * 3600);
    ASSERT_TRUE(AcceptToMemoryPool(pool, chain, child).Valid());
    const OutPoint b = wallet.Fund(chain, COIN);
    const auto young = wallet.Spend({{b, COIN}}, {COIN - 1000});
    ASSERT_TRUE(AcceptToMemoryPool(pool, chain, young).Valid());
    // 336 h after the first: it expires and takes its (younger) child along.
    clock.SetMockTime(1'700'000'000 + 336 * 3600 + 1);
    LimitMempoolSize(pool);
    EXPECT_FALSE(pool.Exists(old_tx->GetHash()));
    EXPECT_FALSE(pool.Exists(child->GetHash()));
    EXPECT_TRUE(pool.Exists(young->GetHash()));
    ExpectConsistent(pool);
}

TEST(TxMemPool, RemoveForBlockConfirmedAndConflicts)
{
    FakeChain chain;
    Wallet wallet;
    TxMemPool pool;
    const OutPoint a = wallet.Fund(chain, COIN);
    const OutPoint b = wallet.Fund(chain, COIN);
    const auto parent = wallet.Spend({{a, COIN}}, {COIN - 1000});
    const auto child = wallet.Spend({{{parent->GetHash(), 0}, COIN - 1000}}, {COIN - 2000});
    const auto loser = wallet.Spend({{b, COIN}}, {COIN - 1000});
    const auto loser_child = wallet.Spend({{{loser->GetHash(), 0}, COIN - 1000}}, {COIN - 2000});
    for (const auto& tx : {parent, child, loser, loser_child}) ASSERT_TRUE(AcceptToMemoryPool(pool, chain, tx).Valid());
    // A block confirms the parent and a different spend of b.
    const auto winner = wallet.Spend({{b, COIN}}, {COIN - 3000});
    chain.ConnectTxs({parent, winner});
    pool.RemoveForBlock({parent, winner}, chain.TipHeight());
    EXPECT_EQ(pool.Size(), 1u);
    ASSERT_TRUE(pool.Exists(child->GetHash()));
    const auto info = *pool.Info(child->GetHash());
    EXPECT_EQ(info.ancestor_count, 1u);
    EXPECT_TRUE(info.parents.empty());
    ExpectConsistent(pool);
}

TEST(TxMemPool, ReorgReadd)
{
    FakeChain chain;
    Wallet wallet;
    TxMemPool pool;
    const OutPoint a = wallet.Fund(chain, COIN);
    const auto confirmed = wallet.Spend({{a, COIN}}, {COIN - 1000});
    ASSERT_TRUE(AcceptToMemoryPool(pool, chain, confirmed).Valid());
    const auto child = wallet.Spend({{{confirmed->GetHash(), 0}, COIN - 1000}}, {COIN - 2000});
    ASSERT_TRUE(AcceptToMemoryPool(pool, chain, child).Valid());
    const int height = chain.TipHeight();
    chain.ConnectTxs({confirmed});
    pool.RemoveForBlock({confirmed}, chain.TipHeight());
    ASSERT_EQ(pool.Size(), 1u);
    pool.AddUnbroadcast(child->GetHash());

    // Disconnect the block: the coins go back, the tip drops.
    chain.SpendCoin(OutPoint{confirmed->GetHash(), 0});
    chain.AddCoin(a, consensus::Coin{primitives::TxOut{COIN, wallet.P2WPKH()}, 1, false});
    chain.SetHeight(height);
    EXPECT_EQ(UpdateMempoolForReorg(pool, chain, {confirmed}), 1u);
    EXPECT_EQ(pool.Size(), 2u);
    const auto info = *pool.Info(child->GetHash());
    EXPECT_EQ(info.ancestor_count, 2u);
    EXPECT_EQ(pool.GetUnbroadcast(), std::set<Txid>{child->GetHash()});
    ExpectConsistent(pool);
}

TEST(TxMemPool, ReorgDropsNowInvalid)
{
    // A transaction spending a coinbase that matures at the tip leaves when the tip goes back.
    FakeChain chain;
    Wallet wallet;
    TxMemPool pool;
    const OutPoint cb = wallet.Fund(chain, COIN, false, chain.TipHeight() - 99, true);
    const auto tx = wallet.Spend({{cb, COIN}}, {COIN - 1000});
    ASSERT_TRUE(AcceptToMemoryPool(pool, chain, tx).Valid());
    chain.SetHeight(chain.TipHeight() - 1);
    EXPECT_EQ(UpdateMempoolForReorg(pool, chain, {}), 0u);
    EXPECT_EQ(pool.Size(), 0u);
}

} // namespace
} // namespace mempool
