// The mempool on a real regtest ChainstateManager: spend a mature coinbase mined to our
// key, confirm it in a block (the pool empties), invalidate that block (the transaction
// comes back through UpdateMempoolForReorg), and a conflicting spend confirmed on another
// branch removes it.
#include <chain/chainstate_manager.h>
#include <consensus/chainparams.h>
#include <consensus/merkle.h>
#include <consensus/pow.h>
#include <consensus/subsidy.h>
#include <mempool/accept.h>
#include <mempool/chainstate_view.h>
#include <mempool/test_helpers.h>
#include <storage/test_tempdir.h>

#include <gtest/gtest.h>

#include <atomic>

namespace mempool {
namespace {

using primitives::Block;

/** A regtest block on parent at height parent_height + 1 whose coinbase pays spk. */
std::shared_ptr<const Block> MineBlock(const consensus::ChainParams& params, const Block& parent, int parent_height,
                                       const primitives::ScriptBytes& spk, std::vector<TransactionRef> txs = {},
                                       Amount fees = 0, uint32_t tag = 0)
{
    const int height = parent_height + 1;
    primitives::MutableTransaction coinbase;
    script::Script script_sig;
    script_sig.PushInt(height);
    script_sig.PushInt(tag); // different branches get different coinbases
    coinbase.vin.emplace_back(OutPoint{}, script_sig.bytes());
    coinbase.vin[0].witness.stack.emplace_back(32, 0);
    coinbase.vout.emplace_back(consensus::GetBlockSubsidy(height, params.GetConsensus()) + fees, spk);
    Block block;
    block.version = 0x20000000;
    block.hash_prev_block = parent.GetHash();
    block.time = parent.time + 1;
    block.bits = parent.bits;
    block.vtx.push_back(primitives::MakeTransactionRef(primitives::MutableTransaction{coinbase}));
    for (auto& tx : txs) block.vtx.push_back(std::move(tx));
    const auto commitment =
        consensus::ComputeWitnessCommitment(consensus::BlockWitnessMerkleRoot(block), primitives::uint256{});
    coinbase.vout.emplace_back(0, consensus::WitnessCommitmentScript(commitment));
    block.vtx[0] = primitives::MakeTransactionRef(std::move(coinbase));
    block.hash_merkle_root = consensus::BlockMerkleRoot(block);
    while (!consensus::CheckProofOfWork(block.GetHash(), block.bits, params.GetConsensus())) ++block.nonce;
    return std::make_shared<const Block>(std::move(block));
}

/** Counts TransactionAddedToMempool notifications. */
class AddedCounter final : public chain::ValidationInterface
{
public:
    void TransactionAddedToMempool(const TransactionRef& /*tx*/, uint64_t /*sequence*/) override { ++count; }
    std::atomic<int> count{0};
};

MempoolOptions WithSignals(chain::ValidationSignals& signals)
{
    MempoolOptions o;
    o.signals = &signals;
    return o;
}

class ChainstateMempoolTest : public ::testing::Test
{
protected:
    ChainstateMempoolTest() : params{consensus::ChainParams::RegTest()}, pool{WithSignals(signals)}
    {
        signals.RegisterListener(added);
        auto opened = chain::ChainstateManager::Open({.datadir = dir.Path() / "regtest", .chain_params = params.get()});
        if (!opened) throw std::runtime_error(opened.error());
        chainman = std::move(*opened);
        blocks.push_back(std::make_shared<const Block>(params->GenesisBlock()));
    }
    void Submit(const std::shared_ptr<const Block>& block)
    {
        consensus::BlockValidationState state;
        ASSERT_TRUE(chainman->ProcessNewBlock(block, true, nullptr, &state)) << state.ToString();
    }
    void Mine(std::vector<TransactionRef> txs = {}, Amount fees = 0)
    {
        blocks.push_back(MineBlock(*params, *blocks.back(), static_cast<int>(blocks.size()) - 1, wallet.P2WPKH(),
                                   std::move(txs), fees));
        Submit(blocks.back());
    }
    MempoolAcceptResult Accept(const TransactionRef& tx)
    {
        LOCK(chainman->GetMutex());
        const ChainstateMempoolView view{*chainman};
        return AcceptToMemoryPool(pool, view, tx);
    }

    storage::test::TempDir dir;
    std::unique_ptr<const consensus::ChainParams> params;
    std::unique_ptr<chain::ChainstateManager> chainman;
    std::vector<std::shared_ptr<const Block>> blocks;
    test::Wallet wallet;
    chain::ValidationSignals signals;
    std::shared_ptr<AddedCounter> added = std::make_shared<AddedCounter>();
    TxMemPool pool;
};

TEST_F(ChainstateMempoolTest, SpendConfirmReorg)
{
    for (int i = 0; i < 99; ++i) Mine();
    const auto& cb1 = blocks[1]->vtx[0];
    const Amount value = cb1->vout[0].value;
    const auto spend = wallet.Spend({{OutPoint{cb1->GetHash(), 0}, value}}, {value - 2000});
    // At height 99 the next block is 100: 100 - 1 < COINBASE_MATURITY, one block short.
    EXPECT_EQ(Accept(spend).Reason(), "bad-txns-premature-spend-of-coinbase");
    Mine();
    const auto r = Accept(spend);
    ASSERT_TRUE(r.Valid()) << r.state.ToString();
    EXPECT_EQ(pool.Size(), 1u);
    signals.SyncWithValidationInterfaceQueue();
    EXPECT_EQ(added->count, 1);

    // Confirm it.
    Mine({spend}, 2000);
    pool.RemoveForBlock(blocks.back()->vtx, static_cast<int>(blocks.size()) - 1);
    EXPECT_EQ(pool.Size(), 0u);
    EXPECT_EQ(Accept(spend).Reason(), "txn-already-known");

    // Disconnect that block: the transaction returns.
    consensus::BlockValidationState state;
    const auto disconnected = blocks.back();
    ASSERT_TRUE(chainman->InvalidateBlock(state, disconnected->GetHash())) << state.ToString();
    blocks.pop_back();
    {
        LOCK(chainman->GetMutex());
        const ChainstateMempoolView view{*chainman};
        EXPECT_EQ(UpdateMempoolForReorg(pool, view, disconnected->vtx), 1u);
    }
    EXPECT_TRUE(pool.Exists(spend->GetHash()));

    // A different spend of the same coin confirmed on the new branch: the pool's copy conflicts.
    const auto other = wallet.Spend({{OutPoint{cb1->GetHash(), 0}, value}}, {value - 5000});
    blocks.push_back(MineBlock(*params, *blocks.back(), static_cast<int>(blocks.size()) - 1, wallet.P2WPKH(), {other},
                               5000, /*tag=*/1));
    Submit(blocks.back());
    pool.RemoveForBlock(blocks.back()->vtx, static_cast<int>(blocks.size()) - 1);
    EXPECT_EQ(pool.Size(), 0u);
    EXPECT_EQ(chainman->ActiveHeight(), static_cast<int>(blocks.size()) - 1);
}

} // namespace
} // namespace mempool
