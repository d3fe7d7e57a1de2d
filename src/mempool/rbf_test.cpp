// Replace-by-fee, CPFP accounting, chain limits.
#include <mempool/accept.h>
#include <mempool/test_helpers.h>

#include <gtest/gtest.h>

namespace mempool {
namespace {

using test::FakeChain;
using test::Wallet;

constexpr Amount COIN = primitives::COIN;

class PoolTest : public ::testing::Test
{
protected:
    MempoolAcceptResult Accept(const TransactionRef& tx) { return AcceptToMemoryPool(pool, chain, tx); }
    TransactionRef MustAccept(const TransactionRef& tx)
    {
        const auto r = Accept(tx);
        EXPECT_TRUE(r.Valid()) << r.state.ToString();
        return tx;
    }
    void ExpectConsistent()
    {
        const auto problem = pool.CheckConsistency();
        EXPECT_FALSE(problem.has_value()) << *problem;
    }

    FakeChain chain;
    Wallet wallet;
    TxMemPool pool;
};

TEST_F(PoolTest, ReplacementWithoutSignalling)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    // Final sequence: no BIP125 signal; Core 30 replaces anyway (full RBF).
    const auto original = MustAccept(wallet.Spend({{a, COIN, false, 0xffffffff}}, {COIN - 1000}));
    const auto replacement = wallet.Spend({{a, COIN, false, 0xffffffff}}, {COIN - 2000});
    const auto r = Accept(replacement);
    ASSERT_TRUE(r.Valid()) << r.state.ToString();
    ASSERT_EQ(r.replaced.size(), 1u);
    EXPECT_EQ(r.replaced[0]->GetHash(), original->GetHash());
    EXPECT_FALSE(pool.Exists(original->GetHash()));
    EXPECT_TRUE(pool.Exists(replacement->GetHash()));
    ExpectConsistent();
}

TEST_F(PoolTest, ReplacementFailures)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    const auto original = MustAccept(wallet.Spend({{a, COIN}}, {COIN - 10000}));
    // Same fee and size (only the version differs): the fee rate is not higher (rule 6).
    auto r = Accept(wallet.Spend({{a, COIN}}, {COIN - 10000}, 1));
    EXPECT_EQ(r.Reason(), "insufficient fee");
    EXPECT_NE(r.state.GetDebugMessage().find("<= old feerate"), std::string::npos) << r.state.GetDebugMessage();
    // Higher fee but the increment does not pay for its own relay (rule 4): +1 sat only.
    r = Accept(wallet.Spend({{a, COIN}}, {COIN - 10001}));
    EXPECT_EQ(r.Reason(), "insufficient fee");
    EXPECT_NE(r.state.GetDebugMessage().find("not enough additional fees to relay"), std::string::npos);

    // A child pays for its parent; replacing the parent must pay for both (rule 3).
    const auto child = MustAccept(wallet.Spend({{{original->GetHash(), 0}, COIN - 10000}}, {COIN - 60000}));
    r = Accept(wallet.Spend({{a, COIN}}, {COIN - 30000}));
    EXPECT_EQ(r.Reason(), "insufficient fee");
    EXPECT_NE(r.state.GetDebugMessage().find("less fees than conflicting txs"), std::string::npos);
    r = Accept(wallet.Spend({{a, COIN}}, {COIN - 70000}));
    ASSERT_TRUE(r.Valid()) << r.state.ToString();
    EXPECT_EQ(r.replaced.size(), 2u);
    EXPECT_FALSE(pool.Exists(child->GetHash()));
    ExpectConsistent();
}

TEST_F(PoolTest, ReplacementAddsUnconfirmed)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    const OutPoint b = wallet.Fund(chain, COIN);
    MustAccept(wallet.Spend({{a, COIN}}, {COIN - 1000}));
    const auto other = MustAccept(wallet.Spend({{b, COIN}}, {COIN - 1000}));
    const auto r = Accept(wallet.Spend({{a, COIN}, {{other->GetHash(), 0}, COIN - 1000}}, {2 * COIN - 100000}));
    EXPECT_EQ(r.Reason(), "replacement-adds-unconfirmed");
}

TEST_F(PoolTest, SpendsConflictingTx)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    const auto parent = MustAccept(wallet.Spend({{a, COIN}}, {COIN - 1000}));
    // Spends the parent's output and conflicts with the parent itself.
    const auto r = Accept(wallet.Spend({{a, COIN}, {{parent->GetHash(), 0}, COIN - 1000}}, {COIN}));
    EXPECT_EQ(r.Reason(), "bad-txns-spends-conflicting-tx");
}

TEST_F(PoolTest, TooManyReplacements)
{
    // One coin split into 101 outputs, each spent by a child: replacing the split evicts 102.
    const OutPoint a = wallet.Fund(chain, 200 * COIN);
    std::vector<Amount> outs(101, COIN);
    const auto split = MustAccept(wallet.Spend({{a, 200 * COIN}}, outs));
    for (uint32_t i = 0; i < 24; ++i) MustAccept(wallet.Spend({{{split->GetHash(), i}, COIN}}, {COIN - 1000}));
    // The descendant limit (25) stops the 25th child: limits apply before RBF counts.
    const auto over = Accept(wallet.Spend({{{split->GetHash(), 24}, COIN}}, {COIN - 1000}));
    EXPECT_EQ(over.Reason(), "too-long-mempool-chain");
    EXPECT_NE(over.state.GetDebugMessage().find("too many descendants"), std::string::npos);

    // Rule 5 needs > 100 evictions: 5 splits with 20 children each, one replacement spending all 5 coins.
    TxMemPool pool2;
    std::vector<Wallet::Input> inputs;
    for (int s = 0; s < 5; ++s) {
        const OutPoint c = wallet.Fund(chain, 30 * COIN);
        inputs.push_back({c, 30 * COIN});
        const auto sp = wallet.Spend({{c, 30 * COIN}}, std::vector<Amount>(20, COIN));
        ASSERT_TRUE(AcceptToMemoryPool(pool2, chain, sp).Valid());
        for (uint32_t i = 0; i < 20; ++i) {
            ASSERT_TRUE(
                AcceptToMemoryPool(pool2, chain, wallet.Spend({{{sp->GetHash(), i}, COIN}}, {COIN - 1000})).Valid());
        }
    }
    ASSERT_EQ(pool2.Size(), 105u);
    const auto r = AcceptToMemoryPool(pool2, chain, wallet.Spend(inputs, {100 * COIN}));
    EXPECT_EQ(r.Reason(), "too many potential replacements");
    EXPECT_EQ(pool2.Size(), 105u);
}

TEST_F(PoolTest, CpfpAncestorAccounting)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    const auto parent = MustAccept(wallet.Spend({{a, COIN}}, {COIN - 200}));
    const auto child = MustAccept(wallet.Spend({{{parent->GetHash(), 0}, COIN - 200}}, {COIN - 50200}));
    const auto grandchild = MustAccept(wallet.Spend({{{child->GetHash(), 0}, COIN - 50200}}, {COIN - 51200}));
    const auto p = *pool.Info(parent->GetHash());
    const auto c = *pool.Info(child->GetHash());
    const auto g = *pool.Info(grandchild->GetHash());
    EXPECT_EQ(p.descendant_count, 3u);
    EXPECT_EQ(p.descendant_fees, 200 + 50000 + 1000);
    EXPECT_EQ(p.descendant_size, p.vsize + c.vsize + g.vsize);
    EXPECT_EQ(c.ancestor_count, 2u);
    EXPECT_EQ(c.ancestor_fees, 50200);
    EXPECT_EQ(g.ancestor_count, 3u);
    EXPECT_EQ(g.ancestor_size, p.vsize + c.vsize + g.vsize);
    ASSERT_EQ(c.parents.size(), 1u);
    EXPECT_EQ(c.parents[0], parent->GetHash());
    // Ancestor score (min of own rate and rate with ancestors): the child's package
    // (parent + child) pays best, the lone parent pays least.
    const auto order = pool.TxidsByAncestorScore();
    ASSERT_EQ(order.size(), 3u);
    EXPECT_EQ(order[0], child->GetHash());
    EXPECT_EQ(order[1], grandchild->GetHash());
    EXPECT_EQ(order[2], parent->GetHash());
    // Prioritising updates both directions.
    pool.PrioritiseTransaction(parent->GetHash(), 5000);
    EXPECT_EQ(pool.Info(grandchild->GetHash())->ancestor_fees, 51200 + 5000);
    EXPECT_EQ(pool.Info(parent->GetHash())->descendant_fees, 51200 + 5000);
    ExpectConsistent();
}

TEST_F(PoolTest, AncestorLimit)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    TransactionRef last = MustAccept(wallet.Spend({{a, COIN}}, {COIN - 1000}));
    Amount value = COIN - 1000;
    for (int i = 1; i < 25; ++i) {
        last = MustAccept(wallet.Spend({{{last->GetHash(), 0}, value}}, {value - 1000}));
        value -= 1000;
    }
    const auto r = Accept(wallet.Spend({{{last->GetHash(), 0}, value}}, {value - 1000}));
    EXPECT_EQ(r.Reason(), "too-long-mempool-chain");
    EXPECT_EQ(r.state.GetDebugMessage(), "too many unconfirmed ancestors [limit: 25]");
    ExpectConsistent();
}

} // namespace
} // namespace mempool
