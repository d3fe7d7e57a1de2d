// Orphan pool: bounds, expiry, lookups, and the accept-orphan-after-parent flow.
#include <mempool/accept.h>
#include <mempool/orphanage.h>
#include <mempool/test_helpers.h>

#include <gtest/gtest.h>

namespace mempool {
namespace {

constexpr Amount COIN = primitives::COIN;

TEST(TxOrphanage, ParentArrivesLater)
{
    test::FakeChain chain;
    test::Wallet wallet;
    TxMemPool pool;
    TxOrphanage orphans;
    const OutPoint a = wallet.Fund(chain, COIN);
    const auto parent = wallet.Spend({{a, COIN}}, {COIN / 2, COIN / 2 - 1000});
    const auto child =
        wallet.Spend({{{parent->GetHash(), 0}, COIN / 2}, {{parent->GetHash(), 1}, COIN / 2 - 1000}}, {COIN - 3000});
    const auto r = AcceptToMemoryPool(pool, chain, child);
    ASSERT_EQ(r.state.GetResult(), consensus::TxValidationResult::TX_MISSING_INPUTS);
    ASSERT_TRUE(orphans.AddTx(child, /*peer=*/7, /*now=*/1000));
    EXPECT_FALSE(orphans.AddTx(child, 7, 1000)); // already kept
    EXPECT_EQ(TxOrphanage::Parents(*child), std::vector<Txid>{parent->GetHash()});
    EXPECT_EQ(orphans.GetSpender(OutPoint{parent->GetHash(), 1}), child);

    ASSERT_TRUE(AcceptToMemoryPool(pool, chain, parent).Valid());
    const auto retry = orphans.GetChildren(parent->GetHash());
    ASSERT_EQ(retry.size(), 1u);
    EXPECT_TRUE(AcceptToMemoryPool(pool, chain, retry[0]).Valid());
    EXPECT_TRUE(orphans.EraseTx(child->GetWitnessHash()));
    EXPECT_EQ(orphans.Size(), 0u);
}

TEST(TxOrphanage, BoundsExpiryPeersBlocks)
{
    test::Wallet wallet;
    TxOrphanage orphans{/*max_orphans=*/5};
    std::vector<TransactionRef> txs;
    for (uint32_t i = 0; i < 8; ++i) {
        primitives::uint256 h;
        h.data()[0] = static_cast<uint8_t>(i + 1);
        txs.push_back(wallet.Spend({{OutPoint{Txid::FromUint256(h), 0}, COIN}}, {COIN - 1000}));
        orphans.AddTx(txs.back(), /*peer=*/i % 2, /*now=*/1000 + i);
    }
    // Oldest out first.
    EXPECT_EQ(orphans.Size(), 5u);
    EXPECT_FALSE(orphans.HaveTx(txs[2]->GetWitnessHash()));
    EXPECT_TRUE(orphans.HaveTx(txs[3]->GetWitnessHash()));
    // Peer 1 had txs 3, 5, 7.
    EXPECT_EQ(orphans.EraseForPeer(1), 3u);
    EXPECT_EQ(orphans.Size(), 2u);
    // A block spending the same input as tx 4 removes it.
    EXPECT_EQ(orphans.EraseForBlock({wallet.Spend({{txs[4]->vin[0].prevout, COIN}}, {COIN - 5000})}), 1u);
    EXPECT_TRUE(orphans.HaveTx(txs[6]->GetWitnessHash()));
    // 20 minutes after arrival it expires.
    EXPECT_EQ(orphans.Expire(1006 + ORPHAN_TX_EXPIRE_TIME - 1), 0u);
    EXPECT_EQ(orphans.Expire(1006 + ORPHAN_TX_EXPIRE_TIME), 1u);
    EXPECT_EQ(orphans.Size(), 0u);
}

} // namespace
} // namespace mempool
