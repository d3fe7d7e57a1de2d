// Block deserialization and Merkle roots on real blocks, beside Bitcoin Core's figures on
// this machine (PERFORMANCE.md): DeserializeBlockTest 1.34 ms for block 413567 (which, like
// ours, includes computing every txid in the transaction constructor), MerkleRoot 58.6 ns
// per leaf, and the Sha256D64 limits of 16.1-20.4 M nodes/s (a tree has about one node
// per leaf).
#include "bench_util.h"

#include <consensus/merkle.h>
#include <primitives/block.h>
#include <primitives/streams.h>

#include <string>
#include <vector>

namespace {

constexpr double CORE_DESERIALIZE_413567_MS = 1.34;
constexpr double CORE_MERKLE_NS_PER_LEAF = 58.6;
constexpr double LIMIT_D64_LOW = 16.1e6;  // SHA-NI 2-way, g++ 12
constexpr double LIMIT_D64_HIGH = 20.4e6; // AVX-512 16 lanes / SHA-NI 4-way range

void DeserializeBlock(benchmark::State& state, const std::string& file, double core_ms)
{
    const std::vector<uint8_t> raw = bench::ReadTestFile(file);
    if (raw.empty()) {
        state.SkipWithError(("missing test data " + file + ": set BITNODE_TESTDATA").c_str());
        return;
    }
    for (auto _ : state) {
        primitives::Block block;
        primitives::DeserializeFromBytes(raw, primitives::TX_WITH_WITNESS(block), "block");
        benchmark::DoNotOptimize(block.vtx.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * raw.size()));
    if (core_ms > 0) {
        bench::ReportAgainstLimit(state, static_cast<double>(state.iterations()), 1e3 / core_ms, "block",
                                  "Core DeserializeBlockTest " + std::to_string(core_ms).substr(0, 4) + " ms");
    }
}

void DeserializeBlock413567(benchmark::State& state)
{
    DeserializeBlock(state, "blocks/main-413567.raw", CORE_DESERIALIZE_413567_MS);
}
BENCHMARK(DeserializeBlock413567)->Unit(benchmark::kMillisecond);

/** 2.26 MB segwit block: witness parsing and the second (wtxid) hash per witness transaction. */
void DeserializeBlock540107(benchmark::State& state)
{
    DeserializeBlock(state, "blocks/main-540107.raw", 0);
}
BENCHMARK(DeserializeBlock540107)->Unit(benchmark::kMillisecond);

void MerkleRoot413567(benchmark::State& state)
{
    const std::vector<uint8_t> raw = bench::ReadTestFile("blocks/main-413567.raw");
    if (raw.empty()) {
        state.SkipWithError("missing test data blocks/main-413567.raw: set BITNODE_TESTDATA");
        return;
    }
    primitives::Block block;
    primitives::DeserializeFromBytes(raw, primitives::TX_WITH_WITNESS(block), "block");
    std::vector<primitives::uint256> leaves;
    for (const auto& tx : block.vtx) leaves.push_back(tx->GetHash().ToUint256());
    for (auto _ : state) {
        bool mutated = false;
        const primitives::uint256 root = consensus::ComputeMerkleRoot(leaves, &mutated);
        benchmark::DoNotOptimize(root);
        if (root != block.hash_merkle_root || mutated) state.SkipWithError("wrong merkle root");
    }
    const double leaves_done = static_cast<double>(state.iterations() * leaves.size());
    // Items are leaves; the limit shown is Core's per-leaf figure, the Sha256D64 range beside it.
    bench::ReportAgainstLimit(state, leaves_done, 1e9 / CORE_MERKLE_NS_PER_LEAF, "leaf",
                              "Core MerkleRoot 58.6 ns/leaf; Sha256D64 limit " + std::to_string(LIMIT_D64_LOW / 1e6).substr(0, 4) +
                                  "-" + std::to_string(LIMIT_D64_HIGH / 1e6).substr(0, 4) + " M nodes/s");
    state.counters["ns/leaf"] = benchmark::Counter(leaves_done / 1e9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    // Double-SHA-256 nodes per second, to compare with the Sha256D64 limits.
    size_t nodes = 0;
    for (size_t n = leaves.size(); n > 1; n = (n + 1) / 2) nodes += (n + 1) / 2;
    state.counters["Mnodes/s"] = benchmark::Counter(static_cast<double>(state.iterations() * nodes) / 1e6,
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(MerkleRoot413567);

} // namespace
