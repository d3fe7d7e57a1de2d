// Mempool acceptance throughput: 10,000 independent 1-input P2WPKH transactions (real
// signatures) into an empty pool, all checks and the ECDSA verification included. The
// limit is one ECDSA verification per transaction on one core (PERFORMANCE.md).
#include "bench_util.h"
#include <mempool/accept.h>
#include <mempool/test_helpers.h>

#include <benchmark/benchmark.h>

namespace {

constexpr double ECDSA_VERIFY_PER_SECOND = 25'800;
constexpr int TXS = 10'000;

struct Fixture {
    mempool::test::FakeChain chain;
    mempool::test::Wallet wallet;
    std::vector<primitives::TransactionRef> txs;
    Fixture()
    {
        txs.reserve(TXS);
        for (int i = 0; i < TXS; ++i) {
            const auto op = wallet.Fund(chain, primitives::COIN);
            txs.push_back(wallet.Spend({{op, primitives::COIN}}, {primitives::COIN - 1000}));
        }
    }
};

void MempoolAccept10kP2WPKH(benchmark::State& state)
{
    static Fixture fixture;
    size_t accepted = 0;
    for (auto _ : state) {
        mempool::TxMemPool pool;
        for (const auto& tx : fixture.txs) {
            accepted += mempool::AcceptToMemoryPool(pool, fixture.chain, tx).Valid() ? 1 : 0;
        }
        benchmark::DoNotOptimize(pool.Size());
    }
    if (accepted != static_cast<size_t>(TXS) * state.iterations()) state.SkipWithError("a transaction was refused");
    bench::ReportAgainstLimitK(state, static_cast<double>(TXS) * static_cast<double>(state.iterations()),
                               ECDSA_VERIFY_PER_SECOND, "tx", "ECDSA verify, 1 core");
}
BENCHMARK(MempoolAccept10kP2WPKH)->Unit(benchmark::kMillisecond)->MinTime(2.0);

} // namespace
