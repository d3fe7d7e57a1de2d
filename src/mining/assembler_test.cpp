// Block assembly on a real regtest chainstate: coinbase layout (BIP34 push, lock time,
// witness commitment), selection by ancestor fee rate with CPFP, the weight and sigop
// limits, fees in the coinbase, TestBlockValidity, and transactions the tip already
// confirmed (or conflicts with) while the pool has not caught up.
#include <mining/assembler.h>
#include <mining/test_fixture.h>

#include <consensus/block_check.h>
#include <consensus/merkle.h>
#include <consensus/subsidy.h>
#include <script/script.h>

#include <gtest/gtest.h>

#include <algorithm>

namespace mining {
namespace {

using primitives::OutPoint;
using primitives::TransactionRef;
using test::MiningFixture;

class MiningAssemblerTest : public ::testing::Test, public MiningFixture
{
protected:
    void SetUp() override
    {
        miner = MakeMiner();
        auto mined = miner->GenerateToScript(wallet.P2WPKH(), 110);
        ASSERT_TRUE(mined) << mined.error();
        ASSERT_EQ(mined->size(), 110u);
    }

    /** Split the coinbase at `height` into n confirmed outputs of `each` (one block mined). */
    std::vector<mempool::test::Wallet::Input> Split(int height, int n, Amount each)
    {
        const TransactionRef cb = CoinbaseAt(height);
        const Amount value = cb->vout[0].value;
        std::vector<Amount> outs(static_cast<size_t>(n), each);
        const TransactionRef split = wallet.Spend({{OutPoint{cb->GetHash(), 0}, value}}, outs);
        EXPECT_GT(value, each * n);
        auto r = Accept(split);
        EXPECT_TRUE(r.Valid()) << r.state.ToString();
        auto mined = miner->GenerateToScript(wallet.P2WPKH(), 1);
        EXPECT_TRUE(mined && mined->size() == 1);
        signals.SyncWithValidationInterfaceQueue();
        EXPECT_EQ(pool.Size(), 0u);
        std::vector<mempool::test::Wallet::Input> coins;
        for (uint32_t i = 0; i < static_cast<uint32_t>(n); ++i) coins.push_back({OutPoint{split->GetHash(), i}, each});
        return coins;
    }

    TransactionRef AcceptSpend(const mempool::test::Wallet::Input& in, Amount fee)
    {
        TransactionRef tx = wallet.Spend({in}, {in.value - fee});
        auto r = Accept(tx);
        EXPECT_TRUE(r.Valid()) << r.state.ToString();
        return tx;
    }

    std::unique_ptr<BlockTemplate> Template(const AssemblerOptions& options = {})
    {
        auto tmpl = CreateNewBlock(*chainman, &pool, wallet.P2WPKH(), options);
        EXPECT_TRUE(tmpl) << tmpl.error();
        return tmpl ? std::move(*tmpl) : nullptr;
    }

    static bool Contains(const BlockTemplate& tmpl, const TransactionRef& tx)
    {
        return std::any_of(tmpl.block.vtx.begin(), tmpl.block.vtx.end(),
                           [&](const TransactionRef& t) { return t->GetHash() == tx->GetHash(); });
    }

    std::unique_ptr<Miner> miner;
};

TEST(CoinbaseScriptSigTest, Bip34PushThenExtraNonce)
{
    // Core's `CScript() << height << OP_0`: heights 1-16 are OP_1..OP_16.
    EXPECT_EQ(CoinbaseScriptSig(5, 0), (ScriptBytes{0x55, 0x00}));
    EXPECT_EQ(CoinbaseScriptSig(16, 0), (ScriptBytes{0x60, 0x00}));
    EXPECT_EQ(CoinbaseScriptSig(17, 0), (ScriptBytes{0x01, 0x11, 0x00}));
    EXPECT_EQ(CoinbaseScriptSig(128, 0), (ScriptBytes{0x02, 0x80, 0x00, 0x00}));
    EXPECT_EQ(CoinbaseScriptSig(1000, 0), (ScriptBytes{0x02, 0xe8, 0x03, 0x00}));
    EXPECT_EQ(CoinbaseScriptSig(1000, 1), (ScriptBytes{0x02, 0xe8, 0x03, 0x51}));
    EXPECT_EQ(CoinbaseScriptSig(1000, 300), (ScriptBytes{0x02, 0xe8, 0x03, 0x02, 0x2c, 0x01}));
}

TEST_F(MiningAssemblerTest, EmptyTemplateLayout)
{
    const auto tmpl = Template();
    ASSERT_TRUE(tmpl);
    const primitives::Block& block = tmpl->block;
    ASSERT_EQ(block.vtx.size(), 1u);
    EXPECT_EQ(tmpl->height, 111);
    EXPECT_EQ(block.version, 0x20000000);
    EXPECT_EQ(block.hash_prev_block, chainman->ActiveTip()->hash);
    EXPECT_EQ(block.bits, 0x207fffffu);
    EXPECT_GE(static_cast<int64_t>(block.time), tmpl->min_time);
    EXPECT_EQ(tmpl->min_time, chainman->ActiveTip()->GetMedianTimePast() + 1);

    const primitives::Transaction& cb = *block.vtx[0];
    EXPECT_EQ(cb.vin[0].script_sig, CoinbaseScriptSig(111, 0));
    EXPECT_EQ(cb.vin[0].sequence, primitives::TxIn::MAX_SEQUENCE_NONFINAL);
    EXPECT_EQ(cb.lock_time, 110u);
    ASSERT_EQ(cb.vout.size(), 2u);
    EXPECT_EQ(cb.vout[0].value, consensus::GetBlockSubsidy(111, chainman->GetConsensus()));
    EXPECT_EQ(cb.vout[0].script_pubkey, wallet.P2WPKH());
    EXPECT_EQ(tmpl->coinbase_value, cb.vout[0].value);

    // Segwit is active on regtest: the commitment is the last output, the reserved value 32 zero bytes.
    EXPECT_EQ(consensus::GetWitnessCommitmentIndex(block), 1);
    EXPECT_EQ(cb.vout[1].value, 0);
    EXPECT_EQ(cb.vout[1].script_pubkey, tmpl->coinbase_commitment);
    ASSERT_EQ(cb.vin[0].witness.stack.size(), 1u);
    EXPECT_EQ(cb.vin[0].witness.stack[0], std::vector<uint8_t>(32, 0));
    EXPECT_TRUE(consensus::CheckWitnessCommitment(block));
    EXPECT_EQ(block.hash_merkle_root, consensus::BlockMerkleRoot(block));
    EXPECT_EQ(tmpl->weight, primitives::GetBlockWeight(block));
    EXPECT_EQ(tmpl->LongPollId(), block.hash_prev_block.GetHex() + std::to_string(tmpl->mempool_sequence));

    consensus::BlockValidationState state;
    EXPECT_TRUE(consensus::ContextualCheckBlock(block, state, chainman->GetConsensus(), tmpl->height,
                                                chainman->ActiveTip()->GetMedianTimePast()))
        << state.ToString();
}

TEST_F(MiningAssemblerTest, CpfpOrderAndCoinbaseValue)
{
    const auto coins = Split(1, 3, 10 * primitives::COIN);
    const TransactionRef parent = AcceptSpend(coins[0], 200);
    const TransactionRef child = AcceptSpend({OutPoint{parent->GetHash(), 0}, coins[0].value - 200}, 20'000);
    const TransactionRef medium = AcceptSpend(coins[1], 5'000);
    const TransactionRef low = AcceptSpend(coins[2], 150);
    ASSERT_EQ(pool.Size(), 4u);

    const auto tmpl = Template();
    ASSERT_TRUE(tmpl);
    const auto& vtx = tmpl->block.vtx;
    ASSERT_EQ(vtx.size(), 5u);
    // The low-fee parent rides on its child's fee ahead of the medium transaction.
    EXPECT_EQ(vtx[1]->GetHash(), parent->GetHash());
    EXPECT_EQ(vtx[2]->GetHash(), child->GetHash());
    EXPECT_EQ(vtx[3]->GetHash(), medium->GetHash());
    EXPECT_EQ(vtx[4]->GetHash(), low->GetHash());
    EXPECT_EQ(tmpl->tx_fees, (std::vector<Amount>{-25'350, 200, 20'000, 5'000, 150}));
    EXPECT_EQ(tmpl->total_fees, 25'350);
    EXPECT_EQ(tmpl->coinbase_value, consensus::GetBlockSubsidy(tmpl->height, chainman->GetConsensus()) + 25'350);
    EXPECT_EQ(vtx[0]->vout[0].value, tmpl->coinbase_value);
    EXPECT_TRUE(consensus::CheckWitnessCommitment(tmpl->block));

    // Solved and submitted, the block confirms everything and the pool empties.
    auto mined = miner->GenerateToScript(wallet.P2WPKH(), 1);
    ASSERT_TRUE(mined && mined->size() == 1);
    auto block = chainman->ReadBlock(mined->front());
    ASSERT_TRUE(block);
    EXPECT_EQ(block->vtx.size(), 5u);
    signals.SyncWithValidationInterfaceQueue();
    EXPECT_EQ(pool.Size(), 0u);
}

TEST_F(MiningAssemblerTest, WeightLimitKeepsBestFeeRates)
{
    const auto coins = Split(2, 30, primitives::COIN);
    std::vector<TransactionRef> txs;
    for (size_t i = 0; i < coins.size(); ++i)
        txs.push_back(AcceptSpend(coins[i], 1'000 + 100 * static_cast<Amount>(i)));
    const int64_t tx_weight = txs[0]->GetWeight();

    AssemblerOptions options;
    options.block_reserved_weight = MINIMUM_BLOCK_RESERVED_WEIGHT;
    options.block_max_weight = MINIMUM_BLOCK_RESERVED_WEIGHT + 10 * tx_weight + tx_weight / 2;
    const auto tmpl = Template(options);
    ASSERT_TRUE(tmpl);
    EXPECT_EQ(tmpl->block.vtx.size(), 11u);
    EXPECT_LE(tmpl->weight, options.block_max_weight);
    // The ten best-paying ones, best first.
    for (size_t i = 0; i < 10; ++i) EXPECT_EQ(tmpl->block.vtx[1 + i]->GetHash(), txs[29 - i]->GetHash()) << i;

    // Without a limit all 30 fit.
    const auto full = Template();
    ASSERT_TRUE(full);
    EXPECT_EQ(full->block.vtx.size(), 31u);
}

TEST_F(MiningAssemblerTest, SigopLimit)
{
    const auto coins = Split(3, 10, primitives::COIN);
    {
        // Entries claiming 20,000 sigop cost each (the selection trusts the pool's figure).
        LOCK(pool.GetMutex());
        for (size_t i = 0; i < coins.size(); ++i) {
            const TransactionRef tx = wallet.Spend({coins[i]}, {coins[i].value - 1'000});
            pool.AddUnchecked(std::make_unique<mempool::TxMemPoolEntry>(tx, 1'000, pool.Now(), 113, false, 20'000,
                                                                        tx->GetVirtualSize()),
                              {});
        }
    }
    const auto tmpl = Template();
    ASSERT_TRUE(tmpl);
    // 400 reserved + 3 * 20,000 < 80,000; a fourth would reach it.
    EXPECT_EQ(tmpl->block.vtx.size(), 4u);
    EXPECT_EQ(tmpl->sigop_cost, 60'000);
}

TEST_F(MiningAssemblerTest, MinFeeRateStopsSelection)
{
    const auto coins = Split(4, 2, primitives::COIN);
    AcceptSpend(coins[0], 10'000);
    AcceptSpend(coins[1], 200);
    AssemblerOptions options;
    options.block_min_fee_rate = mempool::FeeRate{10'000}; // 10 sat/vB
    const auto tmpl = Template(options);
    ASSERT_TRUE(tmpl);
    EXPECT_EQ(tmpl->block.vtx.size(), 2u);
}

TEST_F(MiningAssemblerTest, ConfirmedAndConflictingPoolEntriesLeftOut)
{
    const auto coins = Split(5, 4, primitives::COIN);
    const TransactionRef confirmed = AcceptSpend(coins[0], 1'000);
    const TransactionRef conflicted = AcceptSpend(coins[1], 1'000);
    const TransactionRef fine = AcceptSpend(coins[2], 1'000);
    const TransactionRef winner = wallet.Spend({coins[1]}, {coins[1].value - 50'000});
    ASSERT_EQ(pool.Size(), 3u);

    // The chain confirms one pool transaction and a conflict of another, and the pool has not heard yet.
    updater->paused = true;
    auto generated = miner->GenerateBlock(wallet.P2WPKH(), {confirmed, winner});
    ASSERT_TRUE(generated) << generated.error();
    signals.SyncWithValidationInterfaceQueue();
    ASSERT_EQ(pool.Size(), 3u);

    const auto tmpl = Template();
    ASSERT_TRUE(tmpl); // TestBlockValidity passed
    EXPECT_FALSE(Contains(*tmpl, confirmed));
    EXPECT_FALSE(Contains(*tmpl, conflicted));
    EXPECT_TRUE(Contains(*tmpl, fine));
    EXPECT_EQ(tmpl->block.vtx.size(), 2u);
    EXPECT_EQ(tmpl->coinbase_value, consensus::GetBlockSubsidy(tmpl->height, chainman->GetConsensus()) + 1'000);
    updater->paused = false;
}

TEST_F(MiningAssemblerTest, TestBlockValidityCatchesBadBlocks)
{
    auto tmpl = Template();
    ASSERT_TRUE(tmpl);
    consensus::BlockValidationState state;
    {
        LOCK(chainman->GetMutex());
        EXPECT_TRUE(chainman->TestBlockValidity(state, tmpl->block, false, true)) << state.ToString();
    }

    primitives::Block greedy = tmpl->block;
    primitives::MutableTransaction cb{*greedy.vtx[0]};
    cb.vout[0].value += 1;
    greedy.vtx[0] = primitives::MakeTransactionRef(std::move(cb));
    greedy.hash_merkle_root = consensus::BlockMerkleRoot(greedy);
    {
        LOCK(chainman->GetMutex());
        state = {};
        EXPECT_FALSE(chainman->TestBlockValidity(state, greedy, false, true));
        EXPECT_EQ(state.GetRejectReason(), "bad-cb-amount");
    }

    primitives::Block stale = tmpl->block;
    stale.hash_prev_block = chainman->ActiveTip()->prev->hash;
    {
        LOCK(chainman->GetMutex());
        state = {};
        EXPECT_FALSE(chainman->TestBlockValidity(state, stale, false, false));
        EXPECT_EQ(state.GetRejectReason(), "inconclusive-not-best-prevblk");
    }

    // Nothing was stored or changed.
    EXPECT_EQ(chainman->ActiveHeight(), 110);
    EXPECT_FALSE(chainman->LookupBlockIndex(greedy.GetHash()));
}

TEST_F(MiningAssemblerTest, ExplicitTransactionsAndExtraNonce)
{
    const auto coins = Split(6, 2, primitives::COIN);
    const TransactionRef a = wallet.Spend({coins[0]}, {coins[0].value - 1'000});
    const TransactionRef b = wallet.Spend({coins[1]}, {coins[1].value - 2'000});
    auto tmpl = CreateBlockWithTransactions(*chainman, {b, a}, wallet.P2WPKH());
    ASSERT_TRUE(tmpl) << tmpl.error();
    ASSERT_EQ((*tmpl)->block.vtx.size(), 3u);
    EXPECT_EQ((*tmpl)->block.vtx[1]->GetHash(), b->GetHash());
    EXPECT_EQ((*tmpl)->block.vtx[2]->GetHash(), a->GetHash());
    EXPECT_TRUE(consensus::CheckWitnessCommitment((*tmpl)->block));

    // Rolling the extra nonce changes the merkle root only; the block stays valid.
    primitives::Block block = (*tmpl)->block;
    const primitives::uint256 root = block.hash_merkle_root;
    uint64_t extra = 0;
    IncrementExtraNonce(block, (*tmpl)->height, extra);
    EXPECT_EQ(extra, 1u);
    EXPECT_NE(block.hash_merkle_root, root);
    EXPECT_EQ(block.vtx[0]->vin[0].script_sig, CoinbaseScriptSig((*tmpl)->height, 1));
    EXPECT_TRUE(consensus::CheckWitnessCommitment(block));
    {
        consensus::BlockValidationState state;
        LOCK(chainman->GetMutex());
        EXPECT_TRUE(chainman->TestBlockValidity(state, block, false, true)) << state.ToString();
    }

    // A transaction spending nothing that exists is refused with Core's message.
    const TransactionRef bogus = wallet.Spend({{OutPoint{a->GetHash(), 5}, primitives::COIN}}, {1'000});
    auto bad = CreateBlockWithTransactions(*chainman, {bogus}, wallet.P2WPKH());
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("TestBlockValidity failed: bad-txns-inputs-missingorspent"), std::string::npos)
        << bad.error();
}

} // namespace
} // namespace mining
