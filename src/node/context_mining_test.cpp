// NodeContext with the miner and the output kinds a node must accept: P2PKH, P2WPKH,
// P2TR key path, P2SH and P2WSH 2-of-2 multisig coinbases spent through SubmitTransaction
// and mined; CPFP chosen by the template; the mining policies mining only when they should.
#include <node/context_test_util.h>

#include <consensus/subsidy.h>
#include <crypto/hash.h>
#include <crypto/key.h>
#include <crypto/sha256.h>
#include <script/interpreter.h>
#include <script/precomputed.h>
#include <script/script.h>
#include <script/sighash.h>

namespace node::test {
namespace {

using primitives::Amount;
using primitives::MutableTransaction;
using primitives::ScriptBytes;
using primitives::TransactionRef;

crypto::PrivateKey KeyFromSeed(uint8_t seed)
{
    std::array<uint8_t, 32> bytes{};
    bytes.fill(seed);
    bytes[0] = 0x17;
    return *crypto::PrivateKey::FromBytes(bytes);
}

std::vector<uint8_t> PubKeyBytes(const crypto::PrivateKey& key)
{
    const auto pub = key.GetPubKey();
    return {pub.begin(), pub.end()};
}

/** Keys and scripts for the non-wallet output kinds. */
struct Scripts {
    crypto::PrivateKey taproot_key{KeyFromSeed(3)};
    crypto::PrivateKey key_a{KeyFromSeed(4)};
    crypto::PrivateKey key_b{KeyFromSeed(5)};

    ScriptBytes P2TR() const
    {
        const auto tweaked = taproot_key.GetXOnlyPubKey().CreateTapTweak(std::nullopt);
        script::Script s;
        s << script::OP_1 << std::vector<uint8_t>(tweaked->first.begin(), tweaked->first.begin() + 32);
        return s.bytes();
    }
    ScriptBytes Multisig() const
    {
        script::Script s;
        s << script::OP_2 << PubKeyBytes(key_a) << PubKeyBytes(key_b) << script::OP_2 << script::OP_CHECKMULTISIG;
        return s.bytes();
    }
    ScriptBytes P2WSH() const
    {
        const ScriptBytes ws = Multisig();
        const auto hash = crypto::Sha256().Write(util::ByteSpan{ws}).Finalize();
        script::Script s;
        s << script::OP_0 << std::vector<uint8_t>(hash.begin(), hash.end());
        return s.bytes();
    }
    ScriptBytes P2SH() const
    {
        const auto hash = crypto::Hash160Of(util::ByteSpan{Multisig()});
        script::Script s;
        s << script::OP_HASH160 << std::vector<uint8_t>(hash.begin(), hash.end()) << script::OP_EQUAL;
        return s.bytes();
    }
};

std::vector<uint8_t> EcdsaSig(const crypto::PrivateKey& key, const primitives::uint256& hash)
{
    std::vector<uint8_t> sig = key.SignEcdsa(std::span<const uint8_t, 32>{hash.data(), 32});
    sig.push_back(script::SIGHASH_ALL);
    return sig;
}

/** One-input, one-output spend of `coin` (paying spk) to the wallet, fee `fee`. */
MutableTransaction Unsigned(const primitives::OutPoint& coin, Amount value, Amount fee, const ScriptBytes& to)
{
    MutableTransaction mtx;
    mtx.version = 2;
    mtx.vin.emplace_back(coin, ScriptBytes{}, primitives::TxIn::MAX_SEQUENCE_NONFINAL);
    mtx.vout.emplace_back(value - fee, to);
    return mtx;
}

class NodeMiningTest : public NodeTest
{
protected:
    /** Mine one block paying spk, then enough blocks for it to mature; its coinbase. */
    mempool::test::Wallet::Input MatureCoinbaseTo(const ScriptBytes& spk)
    {
        Mine(1, spk);
        const int height = Node().GetHeight();
        Mine(100);
        return Coinbase(height);
    }
    Scripts m_scripts;
};

TEST_F(NodeMiningTest, SpendsEveryOutputKindAndMinesThem)
{
    NodeContext& node = Start();
    const auto p2pkh = MatureCoinbaseTo(m_wallet.P2PKH());
    const auto p2tr = MatureCoinbaseTo(m_scripts.P2TR());
    const auto p2wsh = MatureCoinbaseTo(m_scripts.P2WSH());
    const auto p2sh = MatureCoinbaseTo(m_scripts.P2SH());
    const auto more = MatureCoinbaseTo(m_scripts.P2WSH());
    const auto p2wpkh = Coinbase(5);
    std::vector<TransactionRef> spends;

    // P2PKH and P2WPKH through the wallet.
    spends.push_back(m_wallet.Spend({{p2pkh.prevout, p2pkh.value, true}}, {p2pkh.value - 2'000}));
    spends.push_back(SpendWithFee(p2wpkh, 2'000));

    // P2TR key path (BIP341 sighash, SIGHASH_DEFAULT, key tweaked without a script tree).
    {
        MutableTransaction mtx = Unsigned(p2tr.prevout, p2tr.value, 2'000, m_wallet.P2WPKH());
        script::PrecomputedTransactionData cache;
        cache.Init(mtx, {primitives::TxOut{p2tr.value, m_scripts.P2TR()}}, /*force=*/true);
        script::ScriptExecutionData execdata;
        execdata.m_annex_init = true; // no annex
        execdata.m_annex_present = false;
        primitives::uint256 hash;
        ASSERT_TRUE(script::SignatureHashSchnorr(hash, execdata, mtx, 0, 0, script::SigVersion::TAPROOT, cache,
                                                 script::MissingDataBehavior::FAIL));
        const std::array<uint8_t, 32> aux{};
        const auto sig =
            m_scripts.taproot_key.SignSchnorr(util::ByteSpan{hash.data(), 32}, std::array<uint8_t, 32>{}, aux);
        ASSERT_TRUE(sig);
        mtx.vin[0].witness.stack = {std::vector<uint8_t>(sig->begin(), sig->end())};
        spends.push_back(primitives::MakeTransactionRef(std::move(mtx)));
    }
    // P2WSH 2-of-2 multisig.
    {
        MutableTransaction mtx = Unsigned(p2wsh.prevout, p2wsh.value, 3'000, m_wallet.P2WPKH());
        const script::Script code{m_scripts.Multisig()};
        const auto hash =
            script::SignatureHash(code, mtx, 0, script::SIGHASH_ALL, p2wsh.value, script::SigVersion::WITNESS_V0);
        mtx.vin[0].witness.stack = {
            {}, EcdsaSig(m_scripts.key_a, hash), EcdsaSig(m_scripts.key_b, hash), m_scripts.Multisig()};
        spends.push_back(primitives::MakeTransactionRef(std::move(mtx)));
    }
    // P2SH 2-of-2 multisig (legacy sighash over the redeem script).
    {
        MutableTransaction mtx = Unsigned(p2sh.prevout, p2sh.value, 3'000, m_wallet.P2WPKH());
        const script::Script code{m_scripts.Multisig()};
        const auto hash =
            script::SignatureHash(code, mtx, 0, script::SIGHASH_ALL, p2sh.value, script::SigVersion::BASE);
        script::Script sig_script;
        sig_script << script::OP_0 << EcdsaSig(m_scripts.key_a, hash) << EcdsaSig(m_scripts.key_b, hash)
                   << m_scripts.Multisig();
        mtx.vin[0].script_sig = sig_script.bytes();
        spends.push_back(primitives::MakeTransactionRef(std::move(mtx)));
    }
    for (const auto& tx : spends) {
        const SubmitResult submitted = node.SubmitTransaction(tx);
        EXPECT_TRUE(submitted.Ok()) << submitted.message;
    }
    ASSERT_EQ(node.GetMempoolInfo().size, spends.size());

    // A multisig spend with the second signature from the wrong key fails its script.
    {
        MutableTransaction mtx = Unsigned(more.prevout, more.value, 3'000, m_wallet.P2WPKH());
        const script::Script code{m_scripts.Multisig()};
        const auto hash =
            script::SignatureHash(code, mtx, 0, script::SIGHASH_ALL, more.value, script::SigVersion::WITNESS_V0);
        mtx.vin[0].witness.stack = {
            {}, EcdsaSig(m_scripts.key_a, hash), EcdsaSig(m_scripts.key_a, hash), m_scripts.Multisig()};
        const SubmitResult bad = node.SubmitTransaction(primitives::MakeTransactionRef(std::move(mtx)));
        EXPECT_EQ(bad.error, TransactionError::MEMPOOL_REJECTED);
        EXPECT_NE(bad.message.find("script-verify-flag-failed"), std::string::npos) << bad.message;
    }

    const auto block_hash = Mine(1).at(0);
    auto block = node.GetBlock(block_hash);
    ASSERT_TRUE(block);
    EXPECT_EQ(block->vtx.size(), spends.size() + 1);
    EXPECT_EQ(node.GetMempoolInfo().size, 0u);
    // The coinbase collects every fee.
    Amount outputs = 0;
    for (const auto& out : block->vtx[0]->vout) outputs += out.value;
    EXPECT_EQ(outputs, consensus::GetBlockSubsidy(node.GetHeight(), m_params->GetConsensus()) + 12'000);
}

TEST_F(NodeMiningTest, TemplateTakesALowFeeParentWithItsChild)
{
    NodeOptions options = Options();
    options.mining.assembler.block_min_fee_rate = mempool::FeeRate{5'000}; // 5 sat/vB
    NodeContext& node = Start(std::move(options));
    Mine(102);
    // ~110 vB each: the parent pays ~2 sat/vB, under the block minimum on its own.
    const auto parent = SpendWithFee(Coinbase(1), 220);
    const auto lonely = SpendWithFee(Coinbase(2), 220);
    ASSERT_TRUE(node.SubmitTransaction(parent).Ok());
    ASSERT_TRUE(node.SubmitTransaction(lonely).Ok());
    const auto child = m_wallet.Spend({{primitives::OutPoint{parent->GetHash(), 0}, parent->vout[0].value}},
                                      {parent->vout[0].value - 2'000});
    ASSERT_TRUE(node.SubmitTransaction(child).Ok());

    const auto block = node.GetBlock(Mine(1).at(0));
    ASSERT_TRUE(block);
    ASSERT_EQ(block->vtx.size(), 3u) << "parent and child, not the lonely low-fee transaction";
    EXPECT_EQ(block->vtx[1]->GetHash(), parent->GetHash());
    EXPECT_EQ(block->vtx[2]->GetHash(), child->GetHash());
    EXPECT_TRUE(node.GetMempoolEntry(lonely->GetHash()));
    EXPECT_EQ(node.GetMempoolInfo().size, 1u);
}

TEST_F(NodeMiningTest, ThresholdPolicyMinesOnlyWhenTheMempoolIsFullEnough)
{
    NodeContext& node = Start();
    Mine(103);
    mining::MiningPolicy policy;
    policy.mode = mining::MiningMode::MEMPOOL_THRESHOLD;
    policy.mempool_threshold = 2;
    policy.coinbase_script = m_wallet.P2WPKH();
    node.SetMiningPolicy(policy);
    EXPECT_EQ(node.GetMiningPolicy().mode, mining::MiningMode::MEMPOOL_THRESHOLD);
    EXPECT_EQ(node.GetStatus().mining_mode, "mempool_threshold");

    ASSERT_TRUE(node.SubmitTransaction(SpendWithFee(Coinbase(1), 2'000)).Ok());
    std::this_thread::sleep_for(std::chrono::milliseconds{300});
    EXPECT_EQ(node.GetHeight(), 103) << "one transaction is below the threshold";
    ASSERT_TRUE(node.SubmitTransaction(SpendWithFee(Coinbase(2), 2'000)).Ok());
    EXPECT_TRUE(WaitFor([&] { return node.GetHeight() == 104; }, std::chrono::seconds{10}));
    node.Signals().SyncWithValidationInterfaceQueue();
    EXPECT_EQ(node.GetMempoolInfo().size, 0u);
    std::this_thread::sleep_for(std::chrono::milliseconds{300});
    EXPECT_EQ(node.GetHeight(), 104) << "an empty mempool mines nothing";
    EXPECT_GE(node.GetMiningInfo().blocks_mined, 1u);
}

TEST_F(NodeMiningTest, IntervalPolicyMinesOnTimeAndOffStops)
{
    NodeContext& node = Start();
    mining::MiningPolicy policy;
    policy.mode = mining::MiningMode::INTERVAL;
    policy.interval = std::chrono::milliseconds{100};
    policy.coinbase_script = m_wallet.P2WPKH();
    node.SetMiningPolicy(policy);
    EXPECT_TRUE(WaitFor([&] { return node.GetHeight() >= 3; }, std::chrono::seconds{10}));
    node.SetMiningPolicy(mining::MiningPolicy{.mode = mining::MiningMode::OFF,
                                              .mempool_threshold = 1,
                                              .interval = std::chrono::milliseconds{100},
                                              .coinbase_script = {}});
    std::this_thread::sleep_for(std::chrono::milliseconds{150});
    const int height = node.GetHeight();
    std::this_thread::sleep_for(std::chrono::milliseconds{400});
    EXPECT_EQ(node.GetHeight(), height) << "OFF mines nothing";
    // On-demand mining still works with the policy off.
    ASSERT_TRUE(node.GenerateToScript(m_wallet.P2WPKH(), 1));
    EXPECT_EQ(node.GetHeight(), height + 1);
}

TEST_F(NodeMiningTest, StartupPolicyNeedsAnAddress)
{
    NodeOptions options = Options();
    options.mining.policy.mode = mining::MiningMode::INTERVAL;
    auto started = NodeContext::Start(std::move(options));
    ASSERT_FALSE(started);
    EXPECT_NE(started.error().find("-mineaddress"), std::string::npos);
}

TEST_F(NodeMiningTest, GenerateBlockWithGivenTransactions)
{
    NodeContext& node = Start();
    Mine(101);
    const auto tx = SpendWithFee(Coinbase(1), 1'000);
    auto generated = node.GenerateBlock(m_wallet.P2WPKH(), {tx});
    ASSERT_TRUE(generated) << generated.error();
    EXPECT_EQ(node.GetHeight(), 102);
    ASSERT_EQ(generated->block->vtx.size(), 2u);
    EXPECT_EQ(generated->block->vtx[1]->GetHash(), tx->GetHash());
    auto empty = node.GenerateEmptyBlock(m_wallet.P2WPKH());
    ASSERT_TRUE(empty);
    EXPECT_EQ(node.GetBlock(*empty)->vtx.size(), 1u);
}

} // namespace
} // namespace node::test
