// Mining: the proof-of-work solver's hash rate on one and two threads beside the
// measured limit of one core (35.8 M double-SHA-256 of a header per second with SHA-NI
// 4-way midstate hashing, PERFORMANCE.md), and block template assembly from a full
// mempool (limit: 50 ms per template, the target), with and without
// TestBlockValidity.
//
// The mempool fixture: a regtest chainstate whose first blocks' coinbases carry tens of
// thousands of anyone-can-spend (OP_TRUE) outputs each, matured by 100 blocks; the pool
// is filled directly (TxMemPool::AddUnchecked, no acceptance checks) with independent
// one-input, one-output spends of them at varied fees until its estimated memory use
// reaches -maxmempool's default of 300 MB or the coins run out (the count is printed).
#include "bench_util.h"

#include <chain/chainstate_manager.h>
#include <chain/notifications.h>
#include <consensus/chainparams.h>
#include <consensus/merkle.h>
#include <mempool/txmempool.h>
#include <mining/assembler.h>
#include <mining/miner.h>
#include <mining/solver.h>
#include <script/script.h>
#include <storage/test_tempdir.h>

#include <benchmark/benchmark.h>

#include <iostream>
#include <memory>

namespace {

using primitives::arith_uint256;

/** Double-SHA-256 of headers per second on one core (SHA-NI, 4 nonces interleaved, clang). */
constexpr double HEADER_HASHES_PER_SECOND = 35.8e6;
/** The template target: 50 ms, i.e. 20 templates per second. */
constexpr double TEMPLATES_PER_SECOND = 20;

void SolverHashRate(benchmark::State& state)
{
    const unsigned threads = static_cast<unsigned>(state.range(0));
    const auto params = consensus::ChainParams::RegTest();
    primitives::Block block = params->GenesisBlock();
    uint64_t hashes = 0;
    for (auto _ : state) {
        mining::SolveOptions options;
        options.threads = threads;
        options.max_tries = uint64_t{1} << 23;
        options.roll_extra_nonce = false;
        const mining::SolveResult result = mining::Solve(block, arith_uint256{0}, options);
        hashes += result.hashes;
        ++block.time; // a fresh header each round
    }
    bench::ReportAgainstLimit(state, static_cast<double>(hashes), HEADER_HASHES_PER_SECOND * threads, "hash",
                              std::to_string(threads) + " core(s)");
    state.counters["hash/s/thread"] =
        benchmark::Counter(static_cast<double>(hashes) / threads, benchmark::Counter::kIsRate);
}
// One thread runs on the benchmark's own thread: its CPU time is the honest figure on a
// shared machine. Two threads are worker threads: only wall-clock time measures them.
BENCHMARK(SolverHashRate)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(SolverHashRate)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

/** A regtest chain with many mature OP_TRUE coins and a pool full of spends of them. */
class FullMempool
{
public:
    static constexpr int COINBASE_BLOCKS = 8;
    static constexpr int OUTPUTS_PER_COINBASE = 90'000;

    FullMempool()
    {
        auto opened = chain::ChainstateManager::Open(
            {.datadir = m_dir.Path() / "regtest", .chain_params = m_params.get(), .signals = &m_signals});
        if (!opened) throw std::runtime_error(opened.error());
        m_chainman = std::move(*opened);
        script::Script op_true;
        op_true << script::OP_TRUE;
        m_spk = op_true.bytes();
        for (int i = 0; i < COINBASE_BLOCKS; ++i) MineFanOut();
        mining::Miner miner{*m_chainman, m_pool, m_signals, {}};
        if (!miner.GenerateToScript(m_spk, 100)) throw std::runtime_error("could not mature the coins");
        Fill();
    }

    chain::ChainstateManager& Chainman() { return *m_chainman; }
    const mempool::TxMemPool& Pool() const { return m_pool; }
    const primitives::ScriptBytes& Spk() const { return m_spk; }

private:
    /** One block whose coinbase splits the subsidy into OUTPUTS_PER_COINBASE OP_TRUE outputs. */
    void MineFanOut()
    {
        mining::AssemblerOptions options;
        options.test_block_validity = false;
        auto tmpl = mining::CreateNewBlock(*m_chainman, nullptr, m_spk, options);
        if (!tmpl) throw std::runtime_error(tmpl.error());
        primitives::Block& block = (*tmpl)->block;
        primitives::MutableTransaction cb{*block.vtx[0]};
        const primitives::Amount each = cb.vout[0].value / OUTPUTS_PER_COINBASE;
        cb.vout.assign(OUTPUTS_PER_COINBASE, primitives::TxOut{each, m_spk});
        block.vtx[0] = primitives::MakeTransactionRef(std::move(cb));
        mining::RegenerateCommitments(block, (*tmpl)->height, m_chainman->GetConsensus());
        mining::SolveOptions solve;
        solve.height = (*tmpl)->height;
        if (mining::Solve(block, primitives::UintToArith256((*tmpl)->target), solve).status !=
            mining::SolveStatus::FOUND) {
            throw std::runtime_error("no solution");
        }
        const auto shared = std::make_shared<const primitives::Block>(block);
        consensus::BlockValidationState state;
        if (!m_chainman->ProcessNewBlock(shared, true, nullptr, &state) ||
            m_chainman->ActiveTip()->hash != shared->GetHash()) {
            throw std::runtime_error("fan-out block refused: " + state.ToString());
        }
        m_fanouts.push_back(shared->vtx[0]);
    }

    void Fill()
    {
        const size_t limit = static_cast<size_t>(mempool::MempoolOptions{}.max_size_bytes);
        size_t added = 0;
        LOCK(m_pool.GetMutex());
        for (const primitives::TransactionRef& cb : m_fanouts) {
            for (uint32_t n = 0; n < cb->vout.size() && m_pool.DynamicMemoryUsageLocked() < limit; ++n) {
                // Varied fees (100 to 10,099 sat) so the ancestor-score order is not the insertion order.
                const primitives::Amount fee = 100 + static_cast<primitives::Amount>((added * 7919) % 10'000);
                primitives::MutableTransaction mtx;
                mtx.vin.emplace_back(primitives::OutPoint{cb->GetHash(), n}, primitives::ScriptBytes{});
                mtx.vout.emplace_back(cb->vout[n].value - fee, m_spk);
                auto tx = primitives::MakeTransactionRef(std::move(mtx));
                const int64_t vsize = tx->GetVirtualSize();
                m_pool.AddUnchecked(std::make_unique<mempool::TxMemPoolEntry>(
                                        tx, fee, m_pool.Now(), m_chainman->ActiveHeight(), true, 0, vsize),
                                    {});
                ++added;
            }
        }
        std::cout << "mining bench: mempool of " << added << " transactions, "
                  << m_pool.DynamicMemoryUsageLocked() / 1'000'000 << " MB estimated usage\n";
    }

    storage::test::TempDir m_dir;
    std::unique_ptr<const consensus::ChainParams> m_params{consensus::ChainParams::RegTest()};
    chain::ValidationSignals m_signals;
    mempool::TxMemPool m_pool;
    std::unique_ptr<chain::ChainstateManager> m_chainman;
    primitives::ScriptBytes m_spk;
    std::vector<primitives::TransactionRef> m_fanouts;
};

FullMempool& Fixture()
{
    static FullMempool fixture;
    return fixture;
}

void AssembleFromFullMempool(benchmark::State& state)
{
    FullMempool& f = Fixture();
    mining::AssemblerOptions options;
    options.test_block_validity = state.range(0) != 0;
    size_t txs = 0;
    for (auto _ : state) {
        auto tmpl = mining::CreateNewBlock(f.Chainman(), &f.Pool(), f.Spk(), options);
        if (!tmpl) {
            state.SkipWithError(tmpl.error().c_str());
            return;
        }
        txs = (*tmpl)->block.vtx.size() - 1;
    }
    state.counters["block_txs"] = static_cast<double>(txs);
    state.counters["pool_txs"] = static_cast<double>(f.Pool().Size());
    // Per-template times read better than millions per second: label it by hand.
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
    state.counters["limit/s"] = TEMPLATES_PER_SECOND;
    state.SetLabel(std::string{"limit 50 ms/template ("} + (options.test_block_validity ? "with" : "without") +
                   " TestBlockValidity)");
}
BENCHMARK(AssembleFromFullMempool)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2.0);

} // namespace
