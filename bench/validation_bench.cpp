// Block validation beside the signature-verification limit of this machine:
//   - ConnectBlockInputs of mainnet 300025 (1,427 legacy inputs) and testnet3 928848
//     (11,215 inputs, mostly P2WPKH) with their spent outputs: amounts, sigop cost and every
//     script, on one thread and on all threads through the check queue. The figure is
//     signature checks per second; the limit is libsecp256k1's verify rate measured here
//     (ECDSA 25.8 k/s, Schnorr 25.0 k/s per core; PERFORMANCE.md), times the thread count.
//     Targets: >= 85 % of the limit on one core, >= 1.8x the one-core figure on two.
//   - The context-free checks alone (CheckBlock) of the same blocks, for scale.
// The signatures a block checks are counted once, beforehand, with a counting checker.
#include "bench_util.h"

#include <consensus/block_check.h>
#include <consensus/block_verify.h>
#include <consensus/chainparams.h>
#include <consensus/script_flags.h>
#include <consensus/spent_outputs.h>
#include <consensus/tx_verify.h>
#include <crypto/pubkey.h>
#include <primitives/streams.h>
#include <script/interpreter.h>
#include <script/precomputed.h>
#include <script/tx_checker.h>

#include <sys/resource.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace {

constexpr double ECDSA_VERIFY_PER_CORE = 25.8e3;
constexpr double SCHNORR_VERIFY_PER_CORE = 25.0e3;

struct BenchBlock {
    std::string name;
    int height{0};
    std::unique_ptr<const consensus::ChainParams> params;
    primitives::Block block;
    consensus::SpentCoins coins;
    size_t ecdsa{0};
    size_t schnorr{0};
    /** Every ECDSA check the block makes: (public key, DER signature, sighash). */
    std::vector<std::tuple<std::vector<uint8_t>, std::vector<uint8_t>, primitives::uint256>> ecdsa_checks;
    bool ok{false};
};

/** Counts signature checks, then verifies them as usual. */
class CountingChecker final : public script::TransactionSignatureChecker
{
public:
    CountingChecker(const primitives::Transaction* tx, unsigned in, primitives::Amount amount,
                    const script::PrecomputedTransactionData& txdata, BenchBlock& block)
        : script::TransactionSignatureChecker(tx, in, amount, txdata, script::MissingDataBehavior::ASSERT_FAIL),
          m_block{block}
    {}

protected:
    bool VerifyECDSASignature(util::ByteSpan sig, util::ByteSpan pubkey, const primitives::uint256& hash) const override
    {
        ++m_block.ecdsa;
        m_block.ecdsa_checks.emplace_back(std::vector<uint8_t>(pubkey.begin(), pubkey.end()),
                                          std::vector<uint8_t>(sig.begin(), sig.end()), hash);
        return script::TransactionSignatureChecker::VerifyECDSASignature(sig, pubkey, hash);
    }
    bool VerifySchnorrSignature(util::ByteSpan sig, util::ByteSpan pubkey,
                                const primitives::uint256& hash) const override
    {
        ++m_block.schnorr;
        return script::TransactionSignatureChecker::VerifySchnorrSignature(sig, pubkey, hash);
    }

private:
    BenchBlock& m_block;
};

void CountSignatures(BenchBlock& b)
{
    const auto flags = consensus::GetBlockScriptFlags(b.height, b.block.GetHash(), b.params->GetConsensus());
    for (const auto& tx : b.block.vtx) {
        if (tx->IsCoinBase()) continue;
        std::vector<primitives::TxOut> spent;
        for (const auto& in : tx->vin) {
            // Outputs of the block itself are not in the view: find them in the block.
            std::optional<consensus::Coin> coin = b.coins.view.GetCoin(in.prevout);
            if (!coin) {
                for (const auto& earlier : b.block.vtx) {
                    if (earlier->GetHash() == in.prevout.hash)
                        coin = consensus::Coin{earlier->vout[in.prevout.n], b.height, false};
                }
            }
            spent.push_back(coin->out);
        }
        script::PrecomputedTransactionData txdata;
        std::vector<primitives::TxOut> copy = spent;
        txdata.Init(*tx, std::move(copy));
        for (unsigned i = 0; i < tx->vin.size(); ++i) {
            const CountingChecker checker{tx.get(), i, spent[i].value, txdata, b};
            script::VerifyScript(script::Script{tx->vin[i].script_sig}, script::Script{spent[i].script_pubkey},
                                 tx->vin[i].witness.stack, flags, checker);
        }
    }
}

const BenchBlock& Load(const std::string& name, int height, bool main)
{
    static std::map<std::string, std::unique_ptr<BenchBlock>> cache;
    auto& slot = cache[name];
    if (slot) return *slot;
    slot = std::make_unique<BenchBlock>();
    BenchBlock& b = *slot;
    b.name = name;
    b.height = height;
    b.params = main ? consensus::ChainParams::Main() : consensus::ChainParams::TestNet();
    const std::vector<uint8_t> raw = bench::ReadTestFile("blocks/" + name + ".raw");
    const std::vector<uint8_t> json = bench::ReadTestFile("blocks/" + name + ".spent.json");
    if (raw.empty() || json.empty()) return b;
    primitives::DeserializeFromBytes(raw, primitives::TX_WITH_WITNESS(b.block), "block");
    auto spent = consensus::ParseSpentOutputs(std::string{json.begin(), json.end()});
    if (!spent) return b;
    auto coins = consensus::BuildSpentCoinsView(b.block, *spent);
    if (!coins) return b;
    b.coins = std::move(*coins);
    CountSignatures(b);
    b.ok = true;
    return b;
}

/** User and system CPU seconds of the whole process (all threads). */
double ProcessCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

unsigned AllThreads() { return std::max(1U, std::thread::hardware_concurrency()); }

void ConnectBlockScripts(benchmark::State& state, const std::string& name, int height, bool main, unsigned threads)
{
    const BenchBlock& b = Load(name, height, main);
    if (!b.ok) {
        state.SkipWithError(("missing test data blocks/" + name + ".raw/.spent.json: set BITNODE_TESTDATA").c_str());
        return;
    }
    consensus::ScriptCheckQueue queue{threads - 1};
    consensus::BlockContext context;
    context.height = b.height;
    context.coin_heights_known = false;
    const double cpu_start = ProcessCpuSeconds();
    for (auto _ : state) {
        consensus::BlockValidationState vstate;
        consensus::BlockVerifyStats stats;
        if (!consensus::ConnectBlockInputs(b.block, vstate, context, b.coins.view, b.params->GetConsensus(), queue,
                                           stats)) {
            state.SkipWithError(("block rejected: " + vstate.ToString()).c_str());
            return;
        }
    }
    const double sigs = static_cast<double>(b.ecdsa + b.schnorr);
    // CPU time of every thread: on a shared machine real time shows the load of others too,
    // while this shows the work (two threads doing the same work as one scale ~2x when idle).
    const double cpu_per_block = (ProcessCpuSeconds() - cpu_start) / static_cast<double>(state.iterations());
    state.counters["cpu_sigs/s"] = sigs / cpu_per_block;
    // Seconds per block at the library's rate, spread over the threads.
    const double limit_seconds = (static_cast<double>(b.ecdsa) / ECDSA_VERIFY_PER_CORE +
                                  static_cast<double>(b.schnorr) / SCHNORR_VERIFY_PER_CORE) /
                                 threads;
    state.counters["threads"] = threads;
    state.counters["sigs/block"] = sigs;
    bench::ReportAgainstLimitK(state, sigs * static_cast<double>(state.iterations()), sigs / limit_seconds, "sig",
                               "libsecp256k1 verify x " + std::to_string(threads) + " thread" +
                                   (threads == 1 ? "" : "s"));
}

/** The block's ECDSA checks alone (key parse, DER parse, verify): the limit on its own data. */
void SignaturesOnly(benchmark::State& state, const std::string& name, int height, bool main)
{
    const BenchBlock& b = Load(name, height, main);
    if (!b.ok) {
        state.SkipWithError(("missing test data blocks/" + name + ".raw: set BITNODE_TESTDATA").c_str());
        return;
    }
    for (auto _ : state) {
        for (const auto& [pubkey, sig, hash] : b.ecdsa_checks) {
            benchmark::DoNotOptimize(crypto::PubKey(pubkey).Verify(hash.span().first<32>(), sig));
        }
    }
    bench::ReportAgainstLimitK(state, static_cast<double>(state.iterations() * b.ecdsa_checks.size()),
                               ECDSA_VERIFY_PER_CORE, "sig", "libsecp256k1 verify, 1 thread");
}

void CheckBlockOnly(benchmark::State& state, const std::string& name, int height, bool main)
{
    const BenchBlock& b = Load(name, height, main);
    if (!b.ok) {
        state.SkipWithError(("missing test data blocks/" + name + ".raw: set BITNODE_TESTDATA").c_str());
        return;
    }
    for (auto _ : state) {
        consensus::BlockValidationState vstate;
        benchmark::DoNotOptimize(consensus::CheckBlock(b.block, vstate, b.params->GetConsensus()));
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * b.block.vtx.size()));
}

void Main300025OneThread(benchmark::State& s) { ConnectBlockScripts(s, "main-300025", 300025, true, 1); }
void Main300025AllThreads(benchmark::State& s) { ConnectBlockScripts(s, "main-300025", 300025, true, AllThreads()); }
void Test928848OneThread(benchmark::State& s) { ConnectBlockScripts(s, "test3-928848", 928848, false, 1); }
void Test928848AllThreads(benchmark::State& s) { ConnectBlockScripts(s, "test3-928848", 928848, false, AllThreads()); }
void Main300025SignaturesOnly(benchmark::State& s) { SignaturesOnly(s, "main-300025", 300025, true); }
void Test928848SignaturesOnly(benchmark::State& s) { SignaturesOnly(s, "test3-928848", 928848, false); }
void CheckBlock300025(benchmark::State& s) { CheckBlockOnly(s, "main-300025", 300025, true); }
void CheckBlock928848(benchmark::State& s) { CheckBlockOnly(s, "test3-928848", 928848, false); }

} // namespace

BENCHMARK(Main300025OneThread)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(Main300025AllThreads)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(Test928848OneThread)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(Test928848AllThreads)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(Main300025SignaturesOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(Test928848SignaturesOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(CheckBlock300025)->Unit(benchmark::kMicrosecond);
BENCHMARK(CheckBlock928848)->Unit(benchmark::kMicrosecond);
