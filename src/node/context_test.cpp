// NodeContext on a real regtest datadir: start/stop, chain queries, submitting and
// finding transactions, RBF, the mempool following blocks and reorgs, mempool.dat.
#include <node/context_test_util.h>

#include <node/txindex.h>

#include <filesystem>

namespace node::test {
namespace {

using primitives::Amount;
using primitives::COIN;

TEST_F(NodeTest, StartsOnAnEmptyDatadirAndReportsGenesis)
{
    NodeContext& node = Start();
    const BlockchainInfo info = node.GetBlockchainInfo();
    EXPECT_EQ(info.chain, "regtest");
    EXPECT_EQ(info.blocks, 0);
    EXPECT_EQ(info.headers, 0);
    EXPECT_EQ(info.best_block_hash, m_params->GenesisBlock().GetHash());
    EXPECT_EQ(info.bits, 0x207fffffu);
    EXPECT_GT(info.difficulty, 0.0);
    // Core's value on a fresh regtest node: the 285-byte genesis block and its 8-byte record
    // header (the preallocated file is larger; Core counts only what was written).
    EXPECT_EQ(info.size_on_disk, 293u);
    EXPECT_EQ(node.GetHeight(), 0);
    EXPECT_EQ(node.Connman(), nullptr);
    EXPECT_EQ(node.TxIndex(), nullptr);
    const NodeStatus status = node.GetStatus();
    EXPECT_EQ(status.network, "regtest");
    EXPECT_EQ(status.mining_mode, "on_demand");
    EXPECT_TRUE(node.MempoolLoaded());
    EXPECT_TRUE(std::filesystem::exists(m_dir.Path() / "regtest" / "blocks"));
    node.Stop();
    node.Stop(); // idempotent
}

TEST_F(NodeTest, RequestShutdownWakesWaitForShutdown)
{
    NodeContext& node = Start();
    std::thread waiter{[&] { node.WaitForShutdown(); }};
    EXPECT_FALSE(node.ShutdownRequested());
    node.RequestShutdown();
    waiter.join();
    EXPECT_TRUE(node.ShutdownRequested());
}

TEST_F(NodeTest, AnExternalInterruptFlagEndsWaitForShutdown)
{
    std::atomic<bool> flag{false};
    NodeOptions options = Options();
    options.interrupt = &flag;
    NodeContext& node = Start(std::move(options));
    std::thread waiter{[&] { node.WaitForShutdown(); }};
    flag = true; // as a signal thread does: no call into the node
    waiter.join();
    EXPECT_TRUE(node.ShutdownRequested());
    // A flag set before Start stops the chainstate from loading.
    StopNode();
    NodeOptions interrupted = Options();
    interrupted.interrupt = &flag;
    auto refused = NodeContext::Start(std::move(interrupted));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error(), "Loading the block index was interrupted.");
}

TEST_F(NodeTest, MinesSpendsACoinbaseAndFindsTheTransaction)
{
    NodeContext& node = Start();
    const auto hashes = Mine(101);
    ASSERT_EQ(hashes.size(), 101u);
    EXPECT_EQ(node.GetHeight(), 101);
    EXPECT_FALSE(node.GetBlockchainInfo().initial_block_download);

    const auto tx = SpendWithFee(Coinbase(1), 10'000);
    const SubmitResult submitted = node.SubmitTransaction(tx);
    ASSERT_TRUE(submitted.Ok()) << submitted.message;
    EXPECT_EQ(submitted.txid, tx->GetHash());
    ASSERT_TRUE(node.GetMempoolEntry(tx->GetHash()));
    EXPECT_EQ(node.GetMempoolEntry(tx->GetHash())->fee, 10'000);
    EXPECT_EQ(node.GetMempoolInfo().size, 1u);
    EXPECT_EQ(node.GetMempoolInfo().unbroadcastcount, 1u);
    EXPECT_EQ(node.GetMempoolInfo().total_fee, 10'000);

    auto in_pool = node.FindTransaction(tx->GetHash());
    ASSERT_TRUE(in_pool) << in_pool.error();
    EXPECT_FALSE(in_pool->block_hash);

    // Submitting it again only re-announces it.
    EXPECT_TRUE(node.SubmitTransaction(tx).Ok());

    const auto block_hash = Mine(1).at(0);
    EXPECT_EQ(node.GetMempoolInfo().size, 0u);
    auto block = node.GetBlock(block_hash);
    ASSERT_TRUE(block);
    ASSERT_EQ(block->vtx.size(), 2u);
    EXPECT_EQ(block->vtx[1]->GetHash(), tx->GetHash());

    auto confirmed = node.FindTransaction(tx->GetHash(), block_hash);
    ASSERT_TRUE(confirmed) << confirmed.error();
    EXPECT_EQ(*confirmed->block_hash, block_hash);
    EXPECT_TRUE(confirmed->in_active_chain);
    EXPECT_EQ(confirmed->confirmations, 1);
    EXPECT_EQ(confirmed->block_height, 102);

    auto without_index = node.FindTransaction(tx->GetHash());
    ASSERT_FALSE(without_index);
    EXPECT_EQ(without_index.error(), "No such mempool transaction. Use -txindex or provide a block hash to enable "
                                     "blockchain transaction queries. Use gettransaction for wallet transactions.");
    auto wrong_block = node.FindTransaction(tx->GetHash(), hashes[5]);
    ASSERT_FALSE(wrong_block);
    EXPECT_EQ(wrong_block.error(),
              "No such transaction found in the provided block. Use gettransaction for wallet transactions.");
    EXPECT_EQ(node.FindTransaction(tx->GetHash(), primitives::uint256{}).error(), "Block hash not found");
    EXPECT_EQ(node.FindTransaction(m_params->GenesisBlock().vtx[0]->GetHash()).error(),
              "The genesis block coinbase is not considered an ordinary transaction and cannot be retrieved");

    const SubmitResult again = node.SubmitTransaction(tx);
    EXPECT_EQ(again.error, TransactionError::ALREADY_IN_UTXO_SET);
    EXPECT_EQ(again.message, "Transaction outputs already in utxo set");

    EXPECT_EQ(node.GetBlockAtHeight(102)->GetHash(), block_hash);
    EXPECT_EQ(node.GetBlockAtHeight(103).error(), "Block height out of range");
    EXPECT_EQ(node.GetBlockHeader(block_hash)->height, 102);
}

TEST_F(NodeTest, SubmitTransactionErrorsFollowCore)
{
    NodeContext& node = Start();
    Mine(101);
    // Over the default maxfeerate of 0.1 BTC/kvB.
    const auto greedy = SpendWithFee(Coinbase(1), COIN / 2);
    const SubmitResult too_much = node.SubmitTransaction(greedy);
    EXPECT_EQ(too_much.error, TransactionError::MAX_FEE_EXCEEDED);
    EXPECT_EQ(too_much.message, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)");
    EXPECT_EQ(node.GetMempoolInfo().size, 0u);
    // 0 disables the check.
    EXPECT_TRUE(node.SubmitTransaction(greedy, 0).Ok());

    mempool::test::Wallet::Input missing{primitives::OutPoint{primitives::Txid{}, 7}, COIN};
    const SubmitResult orphan = node.SubmitTransaction(SpendWithFee(missing, 1000));
    EXPECT_EQ(orphan.error, TransactionError::MISSING_INPUTS);
    EXPECT_EQ(orphan.message, "bad-txns-inputs-missingorspent");

    // Coinbase of block 3 is immature at the next height (102 - 3 < 100).
    const SubmitResult immature = node.SubmitTransaction(SpendWithFee(Coinbase(3), 1000));
    EXPECT_EQ(immature.error, TransactionError::MEMPOOL_REJECTED);
    EXPECT_EQ(immature.message.rfind("bad-txns-premature-spend-of-coinbase", 0), 0u) << immature.message;

    const auto results = node.TestMempoolAccept({SpendWithFee(Coinbase(1), 2000), SpendWithFee(Coinbase(2), 2000)});
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].Reason(), "insufficient fee"); // would replace greedy, which pays more
    EXPECT_TRUE(results[1].Valid());
    EXPECT_EQ(node.GetMempoolInfo().size, 1u) << "testmempoolaccept adds nothing";
}

TEST_F(NodeTest, ReplacementByFeeAndRemoval)
{
    NodeContext& node = Start();
    Mine(102);
    const auto first = SpendWithFee(Coinbase(1), 1'000);
    ASSERT_TRUE(node.SubmitTransaction(first).Ok());
    const auto replacement = SpendWithFee(Coinbase(1), 5'000);
    const SubmitResult replaced = node.SubmitTransaction(replacement);
    ASSERT_TRUE(replaced.Ok()) << replaced.message;
    EXPECT_FALSE(node.GetMempoolEntry(first->GetHash()));
    EXPECT_TRUE(node.GetMempoolEntry(replacement->GetHash()));
    // Not enough extra fee: rejected, the replacement stays.
    const SubmitResult cheap = node.SubmitTransaction(SpendWithFee(Coinbase(1), 5'005));
    EXPECT_EQ(cheap.error, TransactionError::MEMPOOL_REJECTED);
    EXPECT_EQ(cheap.message.rfind("insufficient fee", 0), 0u) << cheap.message;

    // A child of the replacement goes with it.
    const auto child = m_wallet.Spend({{primitives::OutPoint{replacement->GetHash(), 0}, replacement->vout[0].value}},
                                      {replacement->vout[0].value - 1'000});
    ASSERT_TRUE(node.SubmitTransaction(child).Ok());
    EXPECT_EQ(node.GetMempoolEntries().size(), 2u);
    EXPECT_TRUE(node.RemoveMempoolTransaction(replacement->GetHash()));
    EXPECT_EQ(node.GetMempoolEntries().size(), 0u);
    EXPECT_FALSE(node.RemoveMempoolTransaction(replacement->GetHash()));
}

TEST_F(NodeTest, ReorgPutsTransactionsBackIntoTheMempool)
{
    NodeContext& node = Start();
    Mine(101);
    const auto tx = SpendWithFee(Coinbase(1), 3'000);
    ASSERT_TRUE(node.SubmitTransaction(tx).Ok());
    const auto block_hash = Mine(1).at(0);
    ASSERT_EQ(node.GetMempoolInfo().size, 0u);

    consensus::BlockValidationState state;
    ASSERT_TRUE(node.Chainman().InvalidateBlock(state, block_hash));
    node.Signals().SyncWithValidationInterfaceQueue();
    EXPECT_EQ(node.GetHeight(), 101);
    ASSERT_TRUE(node.GetMempoolEntry(tx->GetHash())) << "the disconnected block's transaction is back";

    ASSERT_TRUE(node.Chainman().ReconsiderBlock(state, block_hash));
    node.Signals().SyncWithValidationInterfaceQueue();
    EXPECT_EQ(node.GetHeight(), 102);
    EXPECT_FALSE(node.GetMempoolEntry(tx->GetHash()));

    // A two-block reorg onto a longer branch that does not have the transaction.
    ASSERT_TRUE(node.Chainman().InvalidateBlock(state, block_hash));
    node.Signals().SyncWithValidationInterfaceQueue();
    ASSERT_TRUE(node.GetMempoolEntry(tx->GetHash()));
    auto empty = node.GenerateEmptyBlock(m_wallet.P2WPKH());
    ASSERT_TRUE(empty) << empty.error();
    node.Signals().SyncWithValidationInterfaceQueue();
    EXPECT_EQ(node.GetHeight(), 102);
    EXPECT_TRUE(node.GetMempoolEntry(tx->GetHash()));
    EXPECT_EQ(node.Mempool().CheckConsistency(), std::nullopt);
}

TEST_F(NodeTest, MempoolSurvivesARestartThroughMempoolDat)
{
    primitives::TransactionRef a;
    primitives::TransactionRef b;
    {
        NodeContext& node = Start();
        Mine(102);
        a = SpendWithFee(Coinbase(1), 2'000);
        b = SpendWithFee(Coinbase(2), 4'000);
        ASSERT_TRUE(node.SubmitTransaction(a).Ok());
        ASSERT_TRUE(node.SubmitTransaction(b).Ok());
        StopNode();
    }
    ASSERT_TRUE(std::filesystem::exists(m_dir.Path() / "regtest" / "mempool.dat"));
    {
        NodeContext& node = Start();
        EXPECT_EQ(node.GetHeight(), 102);
        EXPECT_TRUE(node.GetMempoolEntry(a->GetHash()));
        EXPECT_TRUE(node.GetMempoolEntry(b->GetHash()));
        EXPECT_EQ(node.GetMempoolInfo().unbroadcastcount, 2u);
        StopNode();
    }
    NodeOptions no_persist = Options();
    no_persist.persist_mempool = false;
    NodeContext& node = Start(std::move(no_persist));
    EXPECT_EQ(node.GetMempoolInfo().size, 0u);
}

TEST_F(NodeTest, ExpiryUsesTheNodeClock)
{
    NodeOptions options = Options();
    options.mempool.expiry_seconds = 3600;
    NodeContext& node = Start(std::move(options));
    Mine(102);
    const auto old_tx = SpendWithFee(Coinbase(1), 2'000);
    ASSERT_TRUE(node.SubmitTransaction(old_tx).Ok());
    m_clock.SetMockTime(m_clock.Now() + 3601);
    ASSERT_TRUE(node.SubmitTransaction(SpendWithFee(Coinbase(2), 2'000)).Ok());
    EXPECT_FALSE(node.GetMempoolEntry(old_tx->GetHash())) << "expired on the next acceptance";
    EXPECT_EQ(node.GetMempoolInfo().size, 1u);
}

TEST_F(NodeTest, SmallMempoolEvictsTheLowestFeeRate)
{
    NodeOptions options = Options();
    options.mempool.max_size_bytes = 8'000;
    NodeContext& node = Start(std::move(options));
    constexpr int COUNT = 12;
    Mine(100 + COUNT);
    std::vector<primitives::TransactionRef> txs;
    for (int i = 1; i <= COUNT; ++i) {
        txs.push_back(SpendWithFee(Coinbase(i), 1'000 * i));
        const SubmitResult submitted = node.SubmitTransaction(txs.back());
        EXPECT_TRUE(submitted.Ok() || submitted.message.starts_with("mempool full")) << submitted.message;
    }
    const MempoolInfo info = node.GetMempoolInfo();
    EXPECT_LE(info.usage, 8'000u);
    EXPECT_LT(info.size, static_cast<size_t>(COUNT));
    EXPECT_GT(info.size, 0u);
    EXPECT_GT(info.mempoolminfee, info.minrelaytxfee) << "trimming raised the minimum fee";
    // What stayed is the best-paying suffix.
    EXPECT_TRUE(node.GetMempoolEntry(txs.back()->GetHash()));
    EXPECT_FALSE(node.GetMempoolEntry(txs.front()->GetHash()));
    // A transaction paying less than the new minimum is refused.
    const SubmitResult low = node.SubmitTransaction(SpendWithFee(Coinbase(COUNT + 1), 100));
    EXPECT_FALSE(low.Ok());
}

TEST_F(NodeTest, TransactionIndexFindsConfirmedTransactionsAndFollowsReorgs)
{
    primitives::TransactionRef early;
    {
        NodeContext& node = Start();
        Mine(101);
        early = SpendWithFee(Coinbase(1), 2'000);
        ASSERT_TRUE(node.SubmitTransaction(early).Ok());
        Mine(1);
        StopNode();
    }
    NodeOptions options = Options();
    options.txindex = true;
    NodeContext& node = Start(std::move(options));
    ASSERT_NE(node.TxIndex(), nullptr);
    EXPECT_TRUE(node.TxIndex()->IsSynced());
    auto found = node.FindTransaction(early->GetHash());
    ASSERT_TRUE(found) << found.error();
    ASSERT_TRUE(found->block_hash);
    EXPECT_EQ(found->block_height, 102);
    EXPECT_EQ(found->confirmations, 1);

    const auto late = SpendWithFee(Coinbase(2), 2'000);
    ASSERT_TRUE(node.SubmitTransaction(late).Ok());
    const auto block_hash = Mine(1).at(0);
    found = node.FindTransaction(late->GetHash());
    ASSERT_TRUE(found) << found.error();
    EXPECT_EQ(*found->block_hash, block_hash);

    consensus::BlockValidationState state;
    ASSERT_TRUE(node.Chainman().InvalidateBlock(state, block_hash));
    node.Signals().SyncWithValidationInterfaceQueue();
    EXPECT_FALSE(node.TxIndex()->FindTx(late->GetHash())) << "unindexed with its block";
    found = node.FindTransaction(late->GetHash());
    ASSERT_TRUE(found) << "back in the mempool";
    EXPECT_FALSE(found->block_hash);
    EXPECT_EQ(node.TxIndex()->BestBlock(), node.GetBlockchainInfo().best_block_hash);
    auto unknown = node.FindTransaction(primitives::Txid{});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error(),
              "No such mempool or blockchain transaction. Use gettransaction for wallet transactions.");
}

TEST_F(NodeTest, ScanFindsTheUnspentOutputsOfAScript)
{
    NodeContext& node = Start();
    Mine(101);
    mempool::test::Wallet other{9};
    Mine(3, other.P2PKH());
    auto scanned = node.ScanAddress(other.P2PKH());
    ASSERT_TRUE(scanned) << scanned.error();
    EXPECT_EQ(scanned->height, 104);
    EXPECT_EQ(scanned->best_block, node.GetBlockchainInfo().best_block_hash);
    ASSERT_EQ(scanned->utxos.size(), 3u);
    Amount total = 0;
    for (const ScannedUtxo& utxo : scanned->utxos) {
        EXPECT_TRUE(utxo.coinbase);
        EXPECT_GE(utxo.height, 102);
        EXPECT_EQ(utxo.output.script_pubkey, other.P2PKH());
        total += utxo.output.value;
    }
    EXPECT_EQ(scanned->total, total);
    EXPECT_GE(scanned->txouts_searched, 104u);

    // Spending one of the wallet's coinbases removes it from the next scan.
    const auto before = node.ScanScripts({m_wallet.P2WPKH()});
    ASSERT_TRUE(before);
    ASSERT_TRUE(node.SubmitTransaction(SpendWithFee(Coinbase(1), 1'000)).Ok());
    Mine(1, other.P2PKH());
    const auto after = node.ScanScripts({m_wallet.P2WPKH()});
    ASSERT_TRUE(after);
    EXPECT_EQ(after->utxos.size(), before->utxos.size()) << "one coinbase spent, one change output to the wallet";
    EXPECT_EQ(after->total, before->total - 1'000);
    auto aborted = node.ScanScripts({m_wallet.P2WPKH()}, [] { return false; });
    ASSERT_FALSE(aborted);
    EXPECT_EQ(aborted.error(), "Scan aborted");
}

} // namespace
} // namespace node::test
