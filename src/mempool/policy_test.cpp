// The standardness reject reasons not covered in accept_test.cpp, through acceptance.
#include <mempool/accept.h>
#include <mempool/test_helpers.h>

#include <gtest/gtest.h>

namespace mempool {
namespace {

constexpr Amount COIN = primitives::COIN;

class PolicyTest : public ::testing::Test
{
protected:
    std::string Reason(const primitives::MutableTransaction& m, MempoolOptions opts = {})
    {
        TxMemPool pool{opts};
        return AcceptToMemoryPool(pool, chain, primitives::MakeTransactionRef(primitives::MutableTransaction{m}))
            .Reason();
    }
    /** An unsigned-then-signed spend of a fresh P2WPKH coin into the given outputs. */
    primitives::MutableTransaction SpendTo(std::vector<primitives::TxOut> outs, Amount value = COIN)
    {
        const OutPoint a = wallet.Fund(chain, value);
        primitives::MutableTransaction m;
        m.vin.emplace_back(a, primitives::ScriptBytes{}, 0xfffffffe);
        m.vout = std::move(outs);
        wallet.Sign(m, {{a, value}});
        return m;
    }
    primitives::ScriptBytes BareMultisig() const
    {
        script::Script s;
        s << script::OP_1 << wallet.PubKey() << script::OP_1 << script::OP_CHECKMULTISIG;
        return s.bytes();
    }

    test::FakeChain chain;
    test::Wallet wallet;
};

TEST_F(PolicyTest, Coinbase)
{
    primitives::MutableTransaction m;
    m.vin.emplace_back(OutPoint{}, primitives::ScriptBytes{0x01, 0x02});
    m.vout.emplace_back(COIN, wallet.P2WPKH());
    EXPECT_EQ(Reason(m), "coinbase");
}

TEST_F(PolicyTest, ScriptSigSize)
{
    auto m = SpendTo({{COIN - 1000, wallet.P2WPKH()}});
    script::Script big;
    big << std::vector<uint8_t>(1651, 1);
    m.vin[0].script_sig = big.bytes();
    EXPECT_EQ(Reason(m), "scriptsig-size");
}

TEST_F(PolicyTest, DatacarrierAndBareMultisig)
{
    script::Script op_return;
    op_return << script::OP_RETURN << std::vector<uint8_t>(20, 7);
    const auto m = SpendTo({{COIN - 1000, wallet.P2WPKH()}, {0, op_return.bytes()}});
    MempoolOptions small;
    small.standard.max_datacarrier_bytes = 21;
    EXPECT_EQ(Reason(m, small), "datacarrier");
    small.standard.max_datacarrier_bytes = 22;
    EXPECT_EQ(Reason(m, small), "");
    MempoolOptions none;
    none.standard.max_datacarrier_bytes = std::nullopt;
    EXPECT_EQ(Reason(m, none), "datacarrier");

    const auto ms = SpendTo({{COIN - 1000, BareMultisig()}});
    EXPECT_EQ(Reason(ms), "");
    MempoolOptions no_bare;
    no_bare.standard.permit_bare_multisig = false;
    EXPECT_EQ(Reason(ms, no_bare), "bare-multisig");
}

TEST_F(PolicyTest, TooManySigops)
{
    // Each bare 1-of-1 multisig output counts 20 legacy sigops (cost 80), the P2WPKH input
    // 1: 200 outputs make 16,001 > 16,000, 199 make 15,921.
    std::vector<primitives::TxOut> outs(200, primitives::TxOut{1000, BareMultisig()});
    EXPECT_EQ(Reason(SpendTo(outs)), "bad-txns-too-many-sigops");
    outs.resize(199);
    EXPECT_EQ(Reason(SpendTo(outs)), "");
}

TEST_F(PolicyTest, NonstandardInputs)
{
    const OutPoint op{primitives::Txid::FromUint256(primitives::uint256{7}), 0};
    chain.AddCoin(op, consensus::Coin{primitives::TxOut{COIN, primitives::ScriptBytes{script::OP_TRUE}}, 1, false});
    primitives::MutableTransaction m;
    m.vin.emplace_back(op, primitives::ScriptBytes{}, 0xfffffffe);
    m.vout.emplace_back(COIN - 1000, wallet.P2WPKH());
    EXPECT_EQ(Reason(m), "bad-txns-nonstandard-inputs");
    MempoolOptions lax;
    lax.require_standard = false;
    EXPECT_EQ(Reason(m, lax), "");
}

TEST_F(PolicyTest, WitnessOnAnchorIsNonstandard)
{
    const OutPoint op{primitives::Txid::FromUint256(primitives::uint256{8}), 0};
    chain.AddCoin(op, consensus::Coin{primitives::TxOut{COIN, primitives::ScriptBytes{script::OP_1, 0x02, 0x4e, 0x73}},
                                      1, false});
    primitives::MutableTransaction m;
    m.vin.emplace_back(op, primitives::ScriptBytes{}, 0xfffffffe);
    m.vout.emplace_back(COIN - 1000, wallet.P2WPKH());
    EXPECT_EQ(Reason(m), ""); // anchors are spent with an empty witness
    m.vin[0].witness.stack.push_back({1});
    EXPECT_EQ(Reason(m), "bad-witness-nonstandard");
}

TEST_F(PolicyTest, DustThresholds)
{
    // Core's figures at 3 sat/vB: P2PKH 546, P2WPKH 294, P2SH 540, P2WSH 330, P2TR 330.
    const FeeRate rate{DUST_RELAY_TX_FEE};
    EXPECT_EQ(GetDustThreshold({0, wallet.P2PKH()}, rate), 546);
    EXPECT_EQ(GetDustThreshold({0, wallet.P2WPKH()}, rate), 294);
    primitives::ScriptBytes p2sh{script::OP_HASH160, 20};
    p2sh.resize(22, 0);
    p2sh.push_back(script::OP_EQUAL);
    EXPECT_EQ(GetDustThreshold({0, p2sh}, rate), 540);
    primitives::ScriptBytes p2wsh{script::OP_0, 32};
    p2wsh.resize(34, 0);
    EXPECT_EQ(GetDustThreshold({0, p2wsh}, rate), 330);
    primitives::ScriptBytes p2tr{script::OP_1, 32};
    p2tr.resize(34, 0);
    EXPECT_EQ(GetDustThreshold({0, p2tr}, rate), 330);
    EXPECT_EQ(GetDustThreshold({0, primitives::ScriptBytes{script::OP_RETURN}}, rate), 0);
}

} // namespace
} // namespace mempool
