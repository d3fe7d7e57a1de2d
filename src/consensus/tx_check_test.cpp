// Context-free and contextual transaction rules: CheckTransaction's reasons, finality,
// BIP68 sequence locks, CheckTxInputs, sigop cost, script flags per height.
#include <consensus/tx_check.h>
#include <consensus/tx_verify.h>

#include <consensus/chainparams.h>
#include <consensus/limits.h>
#include <consensus/script_flags.h>
#include <consensus/test_fixtures.h>
#include <script/script.h>
#include <test/util/testdata.h>

#include <gtest/gtest.h>

#include <vector>

namespace {

using namespace consensus;
using primitives::Amount;
using primitives::COIN;
using primitives::MAX_MONEY;
using primitives::MutableTransaction;
using primitives::OutPoint;
using primitives::Transaction;
using primitives::TxIn;
using primitives::TxOut;

OutPoint Prevout(uint8_t tag, uint32_t n = 0)
{
    primitives::uint256 hash;
    hash.data()[0] = tag;
    return OutPoint{primitives::Txid::FromUint256(hash), n};
}

MutableTransaction SimpleTx()
{
    MutableTransaction tx;
    tx.vin.emplace_back(Prevout(1), primitives::ScriptBytes{0x51});
    tx.vout.emplace_back(COIN, primitives::ScriptBytes{0x51});
    return tx;
}

std::string CheckReason(const MutableTransaction& m)
{
    TxValidationState state;
    if (CheckTransaction(Transaction{m}, state)) return "ok";
    EXPECT_EQ(state.GetResult(), TxValidationResult::TX_CONSENSUS);
    return state.GetRejectReason();
}

TEST(CheckTransaction, EveryReason)
{
    MutableTransaction tx = SimpleTx();
    EXPECT_EQ(CheckReason(tx), "ok");

    MutableTransaction m = tx;
    m.vin.clear();
    EXPECT_EQ(CheckReason(m), "bad-txns-vin-empty");
    m = tx;
    m.vout.clear();
    EXPECT_EQ(CheckReason(m), "bad-txns-vout-empty");

    m = tx;
    m.vout[0].script_pubkey.assign(1'000'000, 0x51);
    EXPECT_EQ(CheckReason(m), "bad-txns-oversize");
    m.vout[0].script_pubkey.assign(990'000, 0x51);
    EXPECT_EQ(CheckReason(m), "ok");

    m = tx;
    m.vout[0].value = -1;
    EXPECT_EQ(CheckReason(m), "bad-txns-vout-negative");
    m.vout[0].value = MAX_MONEY + 1;
    EXPECT_EQ(CheckReason(m), "bad-txns-vout-toolarge");
    m.vout[0].value = MAX_MONEY;
    EXPECT_EQ(CheckReason(m), "ok");
    m.vout.emplace_back(1, primitives::ScriptBytes{});
    EXPECT_EQ(CheckReason(m), "bad-txns-txouttotal-toolarge");

    m = tx;
    m.vin.emplace_back(Prevout(2));
    m.vin.emplace_back(Prevout(1));
    EXPECT_EQ(CheckReason(m), "bad-txns-inputs-duplicate");
    m.vin[2].prevout.n = 1;
    EXPECT_EQ(CheckReason(m), "ok");

    m = tx;
    m.vin.emplace_back(OutPoint{});
    EXPECT_EQ(CheckReason(m), "bad-txns-prevout-null");

    // A coinbase's scriptSig is 2..100 bytes.
    m = tx;
    m.vin[0] = TxIn{OutPoint{}, primitives::ScriptBytes{0x01}};
    EXPECT_EQ(CheckReason(m), "bad-cb-length");
    m.vin[0].script_sig.assign(2, 0x01);
    EXPECT_EQ(CheckReason(m), "ok");
    m.vin[0].script_sig.assign(100, 0x01);
    EXPECT_EQ(CheckReason(m), "ok");
    m.vin[0].script_sig.assign(101, 0x01);
    EXPECT_EQ(CheckReason(m), "bad-cb-length");
}

TEST(CheckTransaction, RealBlocksPass)
{
    BITNODE_REQUIRE_TESTDATA();
    size_t count = 0;
    for (const char* name : {"main-300025", "main-413567", "main-540107", "test3-928848"}) {
        for (const auto& tx : testfix::ReadBlock(name).vtx) {
            TxValidationState state;
            EXPECT_TRUE(CheckTransaction(*tx, state))
                << name << " " << tx->GetHash().GetHex() << ": " << state.ToString();
            ++count;
        }
    }
    std::printf("CheckTransaction passed %zu real transactions\n", count);
    EXPECT_EQ(count, 2924U);
}

TEST(IsFinalTx, LockTimeRules)
{
    MutableTransaction m = SimpleTx();
    m.vin[0].sequence = 0;
    EXPECT_TRUE(IsFinalTx(Transaction{m}, 100, 1'600'000'000));
    // Height locks: the lock time must be below the block height.
    m.lock_time = 100;
    EXPECT_FALSE(IsFinalTx(Transaction{m}, 100, 1'600'000'000));
    EXPECT_TRUE(IsFinalTx(Transaction{m}, 101, 0));
    // Time locks from 500,000,000 on compare with the time.
    m.lock_time = 500'000'000;
    EXPECT_FALSE(IsFinalTx(Transaction{m}, 1'000'000'000, 500'000'000));
    EXPECT_TRUE(IsFinalTx(Transaction{m}, 0, 500'000'001));
    // Every input final: the lock time is ignored.
    m.vin[0].sequence = TxIn::SEQUENCE_FINAL;
    EXPECT_TRUE(IsFinalTx(Transaction{m}, 0, 0));
    m.vin.emplace_back(Prevout(3), primitives::ScriptBytes{}, TxIn::SEQUENCE_FINAL - 1);
    EXPECT_FALSE(IsFinalTx(Transaction{m}, 0, 0));
}

/** A chain whose block h has time 1,000,000 + 600 h. */
std::vector<HeaderInfo> TimedChain(int tip)
{
    std::vector<HeaderInfo> chain;
    for (int h = 0; h <= tip; ++h) chain.push_back({h, 1'000'000 + 600 * int64_t{h}, 0x207fffff});
    return chain;
}

TEST(SequenceLocks, HeightAndTimeLocks)
{
    const std::vector<HeaderInfo> chain = TimedChain(200);
    const HeaderVectorView parent{chain}; // the new block is at height 201
    MutableTransaction m = SimpleTx();
    m.version = 2;

    auto allowed = [&](uint32_t sequence, int coin_height, unsigned flags = LOCKTIME_VERIFY_SEQUENCE) {
        m.vin[0].sequence = sequence;
        std::vector<int> heights{coin_height};
        return CheckSequenceLocks(Transaction{m}, flags, heights, parent);
    };
    // 10 blocks after a coin at 191: allowed in block 201, not if the coin is at 192.
    EXPECT_TRUE(allowed(10, 191));
    EXPECT_FALSE(allowed(10, 192));
    // Disabled, or before CSV, or a version-1 transaction: no lock.
    EXPECT_TRUE(allowed(10 | TxIn::SEQUENCE_LOCKTIME_DISABLE_FLAG, 200));
    EXPECT_TRUE(allowed(10, 200, 0));
    m.version = 1;
    EXPECT_TRUE(allowed(10, 200));
    m.version = 2;

    // Time locks in units of 512 s from the median time past of the block before the coin's.
    // MTP(h) = time(h - 5) = 1,000,000 + 600 (h - 5) for h >= 10; the parent's MTP is at 195.
    const int64_t parent_mtp = 1'000'000 + 600 * 195;
    const int coin_height = 150;
    const int64_t coin_mtp = 1'000'000 + 600 * (coin_height - 1 - 5);
    const uint32_t units = static_cast<uint32_t>((parent_mtp - coin_mtp) / 512);
    std::vector<int> heights{coin_height};
    m.vin[0].sequence = TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG | units;
    const SequenceLocks locks = CalculateSequenceLocks(Transaction{m}, LOCKTIME_VERIFY_SEQUENCE, heights, parent);
    EXPECT_EQ(locks.min_time, coin_mtp + int64_t{units} * 512 - 1);
    EXPECT_EQ(locks.min_height, -1);
    EXPECT_TRUE(EvaluateSequenceLocks(parent, locks));
    EXPECT_TRUE(allowed(TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG | units, coin_height));
    EXPECT_FALSE(allowed(TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG | (units + 1), coin_height));
}

TEST(CheckTxInputs, AmountsAndMaturity)
{
    MutableTransaction m = SimpleTx();
    m.vout[0].value = 3 * COIN;
    const Transaction tx{m};
    auto run = [&](std::vector<Coin> coins, int height, Amount* fee_out = nullptr) {
        TxValidationState state;
        Amount fee = -1;
        if (!CheckTxInputs(tx, state, coins, height, fee))
            return state.GetRejectReason() + "|" + state.GetDebugMessage();
        if (fee_out) *fee_out = fee;
        return std::string{"ok"};
    };
    Amount fee = 0;
    EXPECT_EQ(run({Coin{TxOut{5 * COIN, {}}, 10, false}}, 20, &fee), "ok");
    EXPECT_EQ(fee, 2 * COIN);
    EXPECT_EQ(run({Coin{TxOut{3 * COIN, {}}, 10, false}}, 20, &fee), "ok");
    EXPECT_EQ(fee, 0);
    EXPECT_EQ(run({Coin{TxOut{3 * COIN - 1, {}}, 10, false}}, 20),
              "bad-txns-in-belowout|value in (2.99999999) < value out (3.00)");
    EXPECT_EQ(run({Coin{TxOut{-1, {}}, 10, false}}, 20), "bad-txns-inputvalues-outofrange|");
    EXPECT_EQ(run({Coin{TxOut{MAX_MONEY + 1, {}}, 10, false}}, 20), "bad-txns-inputvalues-outofrange|");
    EXPECT_EQ(run({Coin{TxOut{5 * COIN, {}}, 10, true}}, 109),
              "bad-txns-premature-spend-of-coinbase|tried to spend coinbase at depth 99");
    EXPECT_EQ(run({Coin{TxOut{5 * COIN, {}}, 10, true}}, 110), "ok");

    // Through a view: a missing input.
    MemoryCoinsView view;
    TxValidationState state;
    Amount view_fee = 0;
    EXPECT_FALSE(CheckTxInputs(tx, state, view, 20, view_fee));
    EXPECT_EQ(state.GetRejectReason(), "bad-txns-inputs-missingorspent");
    EXPECT_EQ(state.GetResult(), TxValidationResult::TX_MISSING_INPUTS);
    view.AddCoin(tx.vin[0].prevout, Coin{TxOut{4 * COIN, {}}, 1, false});
    TxValidationState ok_state;
    EXPECT_TRUE(CheckTxInputs(tx, ok_state, view, 20, view_fee));
    EXPECT_EQ(view_fee, COIN);
}

TEST(FormatMoney, CoreFormat)
{
    EXPECT_EQ(FormatMoney(0), "0.00");
    EXPECT_EQ(FormatMoney(COIN), "1.00");
    EXPECT_EQ(FormatMoney(150'000'000), "1.50");
    EXPECT_EQ(FormatMoney(1'000), "0.00001");
    EXPECT_EQ(FormatMoney(-2 * COIN), "-2.00");
    EXPECT_EQ(FormatMoney(MAX_MONEY), "21000000.00");
    EXPECT_EQ(FormatMoney(1), "0.00000001");
}

TEST(SigOpCost, ScaledLegacyP2shAndWitness)
{
    using script::OP_CHECKMULTISIG;
    using script::OP_CHECKSIG;
    // A P2SH spend revealing a 2-of-3 multisig redeem script: 3 accurate sigops, x4.
    script::Script redeem;
    redeem << script::OP_2;
    for (int i = 0; i < 3; ++i) redeem << primitives::ScriptBytes(33, 0x02);
    redeem << script::OP_3 << OP_CHECKMULTISIG;
    script::Script script_sig;
    script_sig << script::OP_0 << redeem.bytes();
    MutableTransaction m = SimpleTx();
    m.vin[0].script_sig = script_sig.bytes();
    m.vout[0].script_pubkey = {OP_CHECKSIG};
    const Transaction tx{m};
    script::Script p2sh;
    p2sh << script::OP_HASH160 << primitives::ScriptBytes(20, 0xaa) << script::OP_EQUAL;
    const std::vector<Coin> spent{Coin{TxOut{COIN, p2sh.bytes()}, 1, false}};
    EXPECT_EQ(GetLegacySigOpCount(tx), 1U);
    EXPECT_EQ(GetP2SHSigOpCount(tx, spent), 3U);
    EXPECT_EQ(GetTransactionSigOpCost(tx, spent, script::SCRIPT_VERIFY_NONE), 4);
    EXPECT_EQ(GetTransactionSigOpCost(tx, spent, script::SCRIPT_VERIFY_P2SH), 16);

    // P2WPKH: one witness sigop, cost 1.
    MutableTransaction w = SimpleTx();
    w.vin[0].script_sig.clear();
    w.vin[0].witness.stack = {primitives::ScriptBytes(71, 0x30), primitives::ScriptBytes(33, 0x02)};
    w.vout[0].script_pubkey = {script::OP_1};
    primitives::ScriptBytes p2wpkh{0x00, 0x14};
    p2wpkh.resize(22, 0xbb);
    const std::vector<Coin> wspent{Coin{TxOut{COIN, p2wpkh}, 1, false}};
    const auto flags = script::SCRIPT_VERIFY_P2SH | script::SCRIPT_VERIFY_WITNESS;
    EXPECT_EQ(GetTransactionSigOpCost(Transaction{w}, wspent, flags), 1);
    EXPECT_EQ(GetTransactionSigOpCost(Transaction{w}, wspent, script::SCRIPT_VERIFY_P2SH), 0);
}

TEST(ScriptFlags, ByHeightAndNetwork)
{
    using namespace script;
    const auto main = ChainParams::Main();
    const Params& p = main->GetConsensus();
    const primitives::uint256 any{};
    const ScriptVerifyFlags base = SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS | SCRIPT_VERIFY_TAPROOT;
    EXPECT_EQ(GetBlockScriptFlags(1, any, p), base);
    EXPECT_EQ(GetBlockScriptFlags(p.bip66_height - 1, any, p), base);
    EXPECT_EQ(GetBlockScriptFlags(p.bip66_height, any, p), base | SCRIPT_VERIFY_DERSIG);
    EXPECT_EQ(GetBlockScriptFlags(p.bip65_height, any, p),
              base | SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY);
    const ScriptVerifyFlags csv =
        base | SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY | SCRIPT_VERIFY_CHECKSEQUENCEVERIFY;
    EXPECT_EQ(GetBlockScriptFlags(p.csv_height, any, p), csv);
    EXPECT_EQ(GetBlockScriptFlags(p.segwit_height - 1, any, p), csv);
    EXPECT_EQ(GetBlockScriptFlags(p.segwit_height, any, p), csv | SCRIPT_VERIFY_NULLDUMMY);
    EXPECT_EQ(GetBlockLockTimeFlags(p.csv_height - 1, p), 0U);
    EXPECT_EQ(GetBlockLockTimeFlags(p.csv_height, p), LOCKTIME_VERIFY_SEQUENCE);

    // The two mainnet exception blocks: BIP16's (height 170,060) and taproot's (692,261).
    constexpr primitives::uint256 bip16{"00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22"};
    EXPECT_EQ(GetBlockScriptFlags(170060, bip16, p), SCRIPT_VERIFY_NONE);
    constexpr primitives::uint256 taproot{"0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad"};
    EXPECT_EQ(GetBlockScriptFlags(692261, taproot, p), SCRIPT_VERIFY_P2SH | SCRIPT_VERIFY_WITNESS |
                                                           SCRIPT_VERIFY_DERSIG | SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY |
                                                           SCRIPT_VERIFY_CHECKSEQUENCEVERIFY | SCRIPT_VERIFY_NULLDUMMY);

    const auto regtest = ChainParams::RegTest();
    EXPECT_EQ(GetBlockScriptFlags(1, any, regtest->GetConsensus()), csv | SCRIPT_VERIFY_NULLDUMMY);
}

} // namespace
