// getblock-style JSON of a real block beside Bitcoin Core 30's figure on this machine
// (PERFORMANCE.md): BlockToJsonVerbosity2 takes 36.2 ms for block 413567 (1,557 tx),
// building the UniValue without writing it. BlockToJsonWrite adds the pretty text that
// bitnode-util prints.
#include "bench_util.h"

#include <consensus/chainparams.h>
#include <rpc/block_json.h>
#include <rpc/decode.h>

#include <string>
#include <vector>

namespace {

constexpr double CORE_BLOCK_TO_JSON_V2_MS = 36.2;

void BlockToJson(benchmark::State& state, bool write)
{
    const std::vector<uint8_t> raw = bench::ReadTestFile("blocks/main-413567.raw");
    auto block = rpc::DecodeBlock(raw);
    if (!block) {
        state.SkipWithError("missing test data blocks/main-413567.raw: set BITNODE_TESTDATA");
        return;
    }
    const auto params = consensus::ChainParams::Main();
    size_t bytes = 0;
    for (auto _ : state) {
        const util::JsonValue json = rpc::BlockToJson(*block, params->GetAddressParams());
        if (write) {
            const std::string text = json.Write(2);
            bytes = text.size();
            benchmark::DoNotOptimize(text.data());
        } else {
            benchmark::DoNotOptimize(&json);
        }
    }
    if (write) state.counters["json_bytes"] = static_cast<double>(bytes);
    const double txs = static_cast<double>(state.iterations() * block->vtx.size());
    bench::ReportAgainstLimitK(state, txs, static_cast<double>(block->vtx.size()) * 1e3 / CORE_BLOCK_TO_JSON_V2_MS,
                               "tx", "Core BlockToJsonVerbosity2 36.2 ms/block");
}

void BlockToJsonVerbosity2(benchmark::State& state) { BlockToJson(state, /*write=*/false); }
BENCHMARK(BlockToJsonVerbosity2)->Unit(benchmark::kMillisecond);

void BlockToJsonWrite(benchmark::State& state) { BlockToJson(state, /*write=*/true); }
BENCHMARK(BlockToJsonWrite)->Unit(benchmark::kMillisecond);

} // namespace
