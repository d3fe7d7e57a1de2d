// Test fixture of the mining library (included by *_test.cpp and the benchmark only): a
// regtest ChainstateManager in a temporary directory with its ValidationSignals, a
// TxMemPool fed by real acceptance, and the listener the node layer will provide that
// removes confirmed transactions from the pool on BlockConnected (here it can be paused,
// to leave confirmed transactions in the pool as a slow notification thread would).
//
// Thread safety: test code; the listener runs on the notification thread.
#ifndef BITNODE_MINING_TEST_FIXTURE_H
#define BITNODE_MINING_TEST_FIXTURE_H

#include <chain/chainstate_manager.h>
#include <chain/notifications.h>
#include <consensus/chainparams.h>
#include <mempool/accept.h>
#include <mempool/chainstate_view.h>
#include <mempool/test_helpers.h>
#include <mempool/txmempool.h>
#include <mining/miner.h>
#include <storage/test_tempdir.h>

#include <atomic>
#include <memory>
#include <stdexcept>

namespace mining::test {

using primitives::Amount;
using primitives::OutPoint;
using primitives::TransactionRef;

/** Removes the transactions of connected blocks from the pool (the node's job). */
class PoolUpdater final : public chain::ValidationInterface
{
public:
    explicit PoolUpdater(mempool::TxMemPool& pool) : m_pool{pool} {}
    void BlockConnected(const std::shared_ptr<const primitives::Block>& block, const chain::BlockIndex* index) override
    {
        if (paused.load()) return;
        m_pool.RemoveForBlock(block->vtx, index->height);
    }
    std::atomic<bool> paused{false};

private:
    mempool::TxMemPool& m_pool;
};

/** Counts new tips (what the miner's own listener reacts to). */
class TipCounter final : public chain::ValidationInterface
{
public:
    void UpdatedBlockTip(const chain::BlockIndex* /*new_tip*/, const chain::BlockIndex* /*fork*/, bool /*ibd*/) override
    {
        tips.fetch_add(1);
    }
    std::atomic<uint64_t> tips{0};
};

inline mempool::MempoolOptions PoolOptions(chain::ValidationSignals& signals)
{
    mempool::MempoolOptions options;
    options.signals = &signals;
    return options;
}

class MiningFixture
{
public:
    MiningFixture() : params{consensus::ChainParams::RegTest()}, pool{PoolOptions(signals)}
    {
        auto opened = chain::ChainstateManager::Open(
            {.datadir = dir.Path() / "regtest", .chain_params = params.get(), .signals = &signals});
        if (!opened) throw std::runtime_error(opened.error());
        chainman = std::move(*opened);
        signals.RegisterListener(updater);
        signals.RegisterListener(tips);
    }
    ~MiningFixture()
    {
        signals.SyncWithValidationInterfaceQueue();
        signals.UnregisterAllListeners();
    }

    /** A miner with the given options (not started). */
    std::unique_ptr<Miner> MakeMiner(MinerOptions options = {})
    {
        if (options.default_coinbase_script.empty()) options.default_coinbase_script = wallet.P2WPKH();
        return std::make_unique<Miner>(*chainman, pool, signals, std::move(options));
    }

    mempool::MempoolAcceptResult Accept(const TransactionRef& tx)
    {
        LOCK(chainman->GetMutex());
        const mempool::ChainstateMempoolView view{*chainman};
        return mempool::AcceptToMemoryPool(pool, view, tx);
    }

    /** The coinbase of the active chain's block at height (paying to the wallet when the fixture mined it). */
    TransactionRef CoinbaseAt(int height)
    {
        const chain::BlockIndex* index = chainman->ActiveBlockAt(height);
        auto block = chainman->ReadBlock(index->hash);
        if (!block) throw std::runtime_error(block.error());
        return block->vtx[0];
    }

    storage::test::TempDir dir;
    std::unique_ptr<const consensus::ChainParams> params;
    chain::ValidationSignals signals;
    mempool::TxMemPool pool;
    std::unique_ptr<chain::ChainstateManager> chainman;
    std::shared_ptr<PoolUpdater> updater = std::make_shared<PoolUpdater>(pool);
    std::shared_ptr<TipCounter> tips = std::make_shared<TipCounter>();
    mempool::test::Wallet wallet;
};

} // namespace mining::test

#endif // BITNODE_MINING_TEST_FIXTURE_H
