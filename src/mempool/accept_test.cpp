// Acceptance: every reject reason implemented, with real signatures.
#include <mempool/accept.h>
#include <mempool/test_helpers.h>

#include <gtest/gtest.h>

namespace mempool {
namespace {

using test::FakeChain;
using test::Wallet;

constexpr Amount COIN = primitives::COIN;

class AcceptTest : public ::testing::Test
{
protected:
    AcceptTest() : pool{Opts()} {}
    static MempoolOptions Opts()
    {
        MempoolOptions o;
        return o;
    }
    MempoolAcceptResult Accept(const TransactionRef& tx, bool test_accept = false)
    {
        AcceptOptions o;
        o.test_accept = test_accept;
        return AcceptToMemoryPool(pool, chain, tx, o);
    }
    void ExpectReject(const TransactionRef& tx, const std::string& reason)
    {
        const auto r = Accept(tx);
        EXPECT_FALSE(r.Valid());
        EXPECT_EQ(r.Reason(), reason) << r.state.ToString();
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

TEST_F(AcceptTest, AcceptsP2WPKHAndP2PKH)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    const OutPoint b = wallet.Fund(chain, COIN, /*p2pkh=*/true);
    const auto tx1 = wallet.Spend({{a, COIN}}, {COIN - 1000});
    const auto tx2 = wallet.Spend({{b, COIN, true}}, {COIN - 2000});
    const auto r1 = Accept(tx1);
    ASSERT_TRUE(r1.Valid()) << r1.state.ToString();
    EXPECT_EQ(*r1.base_fee, 1000);
    EXPECT_EQ(*r1.vsize, tx1->GetVirtualSize());
    EXPECT_EQ(r1.effective_feerate->GetFeePerK(), 1000 * 1000 / tx1->GetVirtualSize());
    const auto r2 = Accept(tx2);
    ASSERT_TRUE(r2.Valid()) << r2.state.ToString();
    EXPECT_EQ(pool.Size(), 2u);
    EXPECT_EQ(pool.TotalFee(), 3000);
    EXPECT_TRUE(pool.Exists(tx1->GetHash()));
    EXPECT_TRUE(pool.Exists(tx1->GetWitnessHash()));
    ExpectConsistent();
}

TEST_F(AcceptTest, TestAcceptDoesNotAdd)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    const auto tx = wallet.Spend({{a, COIN}}, {COIN - 1000});
    const auto results = TestMempoolAccept(pool, chain, {tx});
    ASSERT_EQ(results.size(), 1u);
    EXPECT_TRUE(results[0].Valid());
    EXPECT_EQ(results[0].txid, tx->GetHash());
    EXPECT_EQ(pool.Size(), 0u);
}

TEST_F(AcceptTest, AlreadyInMempoolAndKnown)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    const auto tx = wallet.Spend({{a, COIN}}, {COIN - 1000});
    ASSERT_TRUE(Accept(tx).Valid());
    ExpectReject(tx, "txn-already-in-mempool");
    // Same txid, other witness (a different valid signature via another nonce is hard to
    // get here; any witness change that keeps the txid will do for the lookup).
    primitives::MutableTransaction m{*tx};
    m.vin[0].witness.stack[0].back() = 0x81; // SIGHASH_ALL|ANYONECANPAY byte: same txid
    ExpectReject(primitives::MakeTransactionRef(std::move(m)), "txn-same-nonwitness-data-in-mempool");

    // Confirmed: its outputs are in the UTXO set and its input is gone.
    pool.Clear();
    chain.ConnectTxs({tx});
    const auto r = Accept(tx);
    EXPECT_EQ(r.Reason(), "txn-already-known");
    EXPECT_EQ(r.state.GetResult(), consensus::TxValidationResult::TX_CONFLICT);
}

TEST_F(AcceptTest, MissingInputs)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    chain.SpendCoin(a);
    const auto r = Accept(wallet.Spend({{a, COIN}}, {COIN - 1000}));
    EXPECT_EQ(r.Reason(), "bad-txns-inputs-missingorspent");
    EXPECT_EQ(r.state.GetResult(), consensus::TxValidationResult::TX_MISSING_INPUTS);
}

TEST_F(AcceptTest, ConsensusAndStandardness)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    ExpectReject(wallet.Spend({{a, COIN}}, {COIN + 1}), "bad-txns-in-belowout");
    ExpectReject(wallet.Spend({{a, COIN}}, {COIN - 1000}, /*version=*/4), "version");
    ExpectReject(wallet.Spend({{a, COIN}}, {COIN - 1000}, /*version=*/0), "version");
    ExpectReject(wallet.Spend({{a, COIN}}, {100}), "dust");
    // 293 sats is below the P2WPKH dust threshold at 3 sat/vB (294); 294 passes.
    ExpectReject(wallet.Spend({{a, COIN}}, {293, COIN - 10000}), "dust");
    EXPECT_TRUE(Accept(wallet.Spend({{a, COIN}}, {294, COIN - 10000}), true).Valid());

    // Non-standard output script.
    primitives::MutableTransaction m;
    m.vin.emplace_back(a, primitives::ScriptBytes{}, 0xfffffffe);
    m.vout.emplace_back(COIN - 1000, primitives::ScriptBytes{script::OP_TRUE});
    wallet.Sign(m, {{a, COIN}});
    ExpectReject(primitives::MakeTransactionRef(primitives::MutableTransaction{m}), "scriptpubkey");

    // Empty outputs: consensus.
    m.vout.clear();
    ExpectReject(primitives::MakeTransactionRef(primitives::MutableTransaction{m}), "bad-txns-vout-empty");
}

TEST_F(AcceptTest, DatacarrierAllowsSeveralOpReturns)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    primitives::MutableTransaction m;
    m.vin.emplace_back(a, primitives::ScriptBytes{}, 0xfffffffe);
    m.vout.emplace_back(COIN - 10000, wallet.P2WPKH());
    for (int i = 0; i < 3; ++i) {
        script::Script s;
        s << script::OP_RETURN << std::vector<uint8_t>(200, static_cast<uint8_t>(i));
        m.vout.emplace_back(0, s.bytes());
    }
    wallet.Sign(m, {{a, COIN}});
    const auto r = Accept(primitives::MakeTransactionRef(std::move(m)));
    EXPECT_TRUE(r.Valid()) << r.state.ToString();
}

TEST_F(AcceptTest, TxSizeSmall)
{
    // One P2WPKH input, one OP_RETURN output of 0 value: 62 stripped bytes.
    const OutPoint a = wallet.Fund(chain, COIN);
    primitives::MutableTransaction m;
    m.vin.emplace_back(a, primitives::ScriptBytes{}, 0xfffffffe);
    script::Script s;
    s << script::OP_RETURN;
    m.vout.emplace_back(0, s.bytes());
    wallet.Sign(m, {{a, COIN}});
    const auto tx = primitives::MakeTransactionRef(std::move(m));
    ASSERT_LT(tx->GetStrippedSize(), MIN_STANDARD_TX_NONWITNESS_SIZE);
    ExpectReject(tx, "tx-size-small");
}

TEST_F(AcceptTest, FinalityAndBip68)
{
    const OutPoint a = wallet.Fund(chain, COIN, false, /*height=*/chain.TipHeight());
    // Lock time at the next block's height is not final yet (must be strictly below).
    ExpectReject(wallet.Spend({{a, COIN}}, {COIN - 1000}, 2, static_cast<uint32_t>(chain.TipHeight() + 1)),
                 "non-final");
    EXPECT_TRUE(
        Accept(wallet.Spend({{a, COIN}}, {COIN - 1000}, 2, static_cast<uint32_t>(chain.TipHeight())), true).Valid());
    // A relative lock of 5 blocks on a coin confirmed in the tip.
    ExpectReject(wallet.Spend({{a, COIN, false, 5}}, {COIN - 1000}), "non-BIP68-final");
    chain.SetHeight(chain.TipHeight() + 4);
    EXPECT_TRUE(Accept(wallet.Spend({{a, COIN, false, 5}}, {COIN - 1000}), true).Valid());
}

TEST_F(AcceptTest, PrematureCoinbaseSpend)
{
    const OutPoint cb = wallet.Fund(chain, COIN, false, chain.TipHeight() - 50, /*coinbase=*/true);
    ExpectReject(wallet.Spend({{cb, COIN}}, {COIN - 1000}), "bad-txns-premature-spend-of-coinbase");
    const OutPoint mature = wallet.Fund(chain, COIN, false, chain.TipHeight() - 99, /*coinbase=*/true);
    EXPECT_TRUE(Accept(wallet.Spend({{mature, COIN}}, {COIN - 1000})).Valid());
}

TEST_F(AcceptTest, Fees)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    const auto free_tx = wallet.Spend({{a, COIN}}, {COIN});
    const auto r = Accept(free_tx);
    EXPECT_EQ(r.Reason(), "min relay fee not met");
    EXPECT_EQ(r.state.GetDebugMessage(), "0 < " + std::to_string((free_tx->GetVirtualSize() * 100 + 999) / 1000));
    // 0.1 sat/vB (Core 30's -minrelaytxfee) is enough.
    const auto cheap = wallet.Spend({{a, COIN}}, {COIN - 12});
    EXPECT_TRUE(Accept(cheap).Valid());
    // Prioritisation counts as fee.
    const OutPoint b = wallet.Fund(chain, COIN);
    const auto free2 = wallet.Spend({{b, COIN}}, {COIN});
    pool.PrioritiseTransaction(free2->GetHash(), 1000);
    const auto r2 = Accept(free2);
    ASSERT_TRUE(r2.Valid()) << r2.state.ToString();
    EXPECT_EQ(*r2.base_fee, 0);
    EXPECT_EQ(pool.Info(free2->GetHash())->modified_fee, 1000);
}

TEST_F(AcceptTest, ScriptFailures)
{
    const OutPoint a = wallet.Fund(chain, COIN);
    const auto good = wallet.Spend({{a, COIN}}, {COIN - 1000});
    // A signature over the wrong amount: fails under every flag set, a consensus failure.
    primitives::MutableTransaction m{*good};
    Wallet{1}.Sign(m, {{a, COIN + 1}});
    const auto r = Accept(primitives::MakeTransactionRef(std::move(m)));
    EXPECT_EQ(r.Reason(), "block-script-verify-flag-failed (Script evaluated without error but finished with a "
                          "false/empty top stack element)");
    EXPECT_EQ(r.state.GetResult(), consensus::TxValidationResult::TX_CONSENSUS);

    // An extra witness item on P2WPKH fails consensus too (stack size must be 2)...
    // ...while a non-push scriptSig is refused by policy before any script runs.
    const OutPoint b = wallet.Fund(chain, COIN, true);
    primitives::MutableTransaction p;
    p.vin.emplace_back(b, primitives::ScriptBytes{}, 0xfffffffe);
    p.vout.emplace_back(COIN - 1000, wallet.P2WPKH());
    wallet.Sign(p, {{b, COIN, true}});
    p.vin[0].script_sig.insert(p.vin[0].script_sig.begin(), script::OP_NOP);
    ExpectReject(primitives::MakeTransactionRef(std::move(p)), "scriptsig-not-pushonly");
}

TEST_F(AcceptTest, PolicyOnlyScriptFailure)
{
    // A P2PKH spend whose scriptSig pushes one more item: CLEANSTACK is policy, not consensus.
    const OutPoint b = wallet.Fund(chain, COIN, true);
    primitives::MutableTransaction p;
    p.vin.emplace_back(b, primitives::ScriptBytes{}, 0xfffffffe);
    p.vout.emplace_back(COIN - 1000, wallet.P2WPKH());
    wallet.Sign(p, {{b, COIN, true}});
    p.vin[0].script_sig.insert(p.vin[0].script_sig.begin(), script::OP_1);
    const auto r = Accept(primitives::MakeTransactionRef(std::move(p)));
    EXPECT_EQ(r.Reason(), "mempool-script-verify-flag-failed (Stack size must be exactly one after execution)");
    EXPECT_EQ(r.state.GetResult(), consensus::TxValidationResult::TX_NOT_STANDARD);
}

} // namespace
} // namespace mempool
