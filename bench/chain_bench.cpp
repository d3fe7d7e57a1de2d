// Chainstate figures:
//   - ChainReindexConnect/<dbcache MiB>: a regtest chain from ../shared/tools/gen_chain.py
//     (2,000 blocks of 100 transactions with P2WPKH, P2PKH and P2TR key-path inputs;
//     BITNODE_BENCH_CHAIN_BLOCKS changes the block count) written to block files, then
//     opened with -reindex: scan, accept, connect with full validation on one thread,
//     flush. Printed: blocks/s, transactions/s, signature checks/s beside libsecp256k1's
//     verify rate (ECDSA 25.8 k/s per core, PERFORMANCE.md), and the share of the time spent
//     outside script verification. Script time is measured by verifying every input of the
//     same chain again, with its spent outputs from our undo data, on one thread.
//   - OpenDatadir10k: opening a datadir holding 10,000 blocks (load the index, replay check,
//     load the tip, verify the top 6 blocks at level 3), target under 1 s.
// The generated chains are cached in the system temp directory.
#include "bench_util.h"

#include <chain/chainstate_manager.h>
#include <consensus/chainparams.h>
#include <consensus/script_check.h>
#include <consensus/script_flags.h>
#include <primitives/streams.h>
#include <storage/block_files.h>
#include <util/hex.h>
#include <util/time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

constexpr double ECDSA_VERIFY_PER_CORE = 25.8e3;

namespace fs = std::filesystem;

/** gen_chain.py output for blocks x txs, generated once and cached; nullopt with a reason printed. */
std::optional<fs::path> GeneratedChain(int blocks, int txs)
{
    const fs::path dir = fs::temp_directory_path() / "bitnode-gen-chain";
    fs::create_directories(dir);
    const std::string name = "regtest-" + std::to_string(blocks) + "x" + std::to_string(txs);
    const fs::path out = dir / (name + ".hex.txt");
    if (fs::exists(out)) return out;
    const fs::path script = bench::TestDataDir() / ".." / "tools" / "gen_chain.py";
    const fs::path tmp = dir / (name + "." + std::to_string(::getpid()) + ".tmp");
    const std::string command = "/usr/bin/python3 '" + script.string() + "' --blocks " + std::to_string(blocks) +
                                " --txs-per-block " + std::to_string(txs) + " --out '" + tmp.string() + "' >&2";
    std::fprintf(stderr, "generating %s ...\n", name.c_str());
    if (std::system(command.c_str()) != 0) {
        std::fprintf(stderr, "cannot run %s\n", command.c_str());
        return std::nullopt;
    }
    fs::rename(tmp, out);
    return out;
}

std::vector<primitives::Block> ReadHexBlocks(const fs::path& path)
{
    std::vector<primitives::Block> blocks;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto bytes = util::TryParseHex(line);
        if (!bytes) break;
        primitives::Block& block = blocks.emplace_back();
        primitives::DeserializeFromBytes(*bytes, primitives::TX_WITH_WITNESS(block), "block");
    }
    return blocks;
}

/** A regtest datadir whose block files hold genesis and `blocks`, with no index or chainstate. */
struct BlockFilesDatadir {
    fs::path root;
    fs::path datadir;

    BlockFilesDatadir(const consensus::ChainParams& params, const std::vector<primitives::Block>& blocks)
    {
        std::string pattern = (fs::temp_directory_path() / "bitnode-bench-chain-XXXXXX").string();
        root = ::mkdtemp(pattern.data());
        datadir = root / "regtest";
        const auto& magic = params.MessageStart();
        storage::BlockFileManager files{{.blocks_dir = datadir / "blocks", .message_start = {magic[0], magic[1], magic[2], magic[3]}}};
        (void)files.WriteBlock(params.GenesisBlock(), 0);
        for (size_t i = 0; i < blocks.size(); ++i) (void)files.WriteBlock(blocks[i], static_cast<int>(i) + 1);
        (void)files.FlushFiles();
    }
    ~BlockFilesDatadir()
    {
        std::error_code ec;
        fs::remove_all(root, ec);
    }
};

struct ChainCase {
    std::unique_ptr<const consensus::ChainParams> params{consensus::ChainParams::RegTest()};
    std::vector<primitives::Block> blocks;
    std::unique_ptr<BlockFilesDatadir> files;
    /** Seconds to verify every input's scripts once on one thread (measured on first use). */
    std::optional<double> script_seconds;
    uint64_t script_inputs{0};
};

int ChainBlocks()
{
    const char* env = std::getenv("BITNODE_BENCH_CHAIN_BLOCKS");
    return env && *env ? std::atoi(env) : 2000;
}

ChainCase* LoadChainCase(int blocks, int txs)
{
    static std::map<std::pair<int, int>, std::unique_ptr<ChainCase>> cases;
    auto& slot = cases[{blocks, txs}];
    if (!slot) {
        const auto path = GeneratedChain(blocks, txs);
        if (!path) return nullptr;
        slot = std::make_unique<ChainCase>();
        slot->blocks = ReadHexBlocks(*path);
        if (slot->blocks.size() != static_cast<size_t>(blocks)) return nullptr;
        slot->files = std::make_unique<BlockFilesDatadir>(*slot->params, slot->blocks);
    }
    return slot.get();
}

/** Verify every input of the connected chain again, spent outputs from the undo data: the script share. */
void MeasureScripts(ChainCase& c, chain::ChainstateManager& chainman)
{
    double seconds = 0;
    uint64_t inputs = 0;
    for (int h = 1; h <= chainman.ActiveHeight(); ++h) {
        const primitives::Block& block = c.blocks[static_cast<size_t>(h - 1)];
        auto undo = chainman.ReadBlockUndo(block.GetHash());
        if (!undo) return;
        const auto flags = consensus::GetBlockScriptFlags(h, block.GetHash(), c.params->GetConsensus());
        for (size_t t = 1; t < block.vtx.size(); ++t) {
            const primitives::Transaction& tx = *block.vtx[t];
            std::vector<primitives::TxOut> spent;
            for (const storage::Coin& coin : undo->vtxundo[t - 1].prevout) spent.push_back(coin.out);
            const int64_t start = util::MonotonicMicros();
            script::PrecomputedTransactionData txdata;
            txdata.Init(tx, std::move(spent));
            for (uint32_t i = 0; i < tx.vin.size(); ++i) {
                if (consensus::ScriptCheck{tx, t, i, flags, txdata}()) return; // would be a bug
            }
            seconds += static_cast<double>(util::MonotonicMicros() - start) / 1e6;
            inputs += tx.vin.size();
        }
    }
    c.script_seconds = seconds;
    c.script_inputs = inputs;
}

void ChainReindexConnect(benchmark::State& state)
{
    const int blocks = ChainBlocks();
    ChainCase* c = LoadChainCase(blocks, 100);
    if (!c) {
        state.SkipWithError("gen_chain.py could not produce the chain (see stderr)");
        return;
    }
    const size_t dbcache = static_cast<size_t>(state.range(0)) << 20;
    chain::ConnectStats stats;
    int height = 0;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        {
            chain::ChainstateManager::Options options;
            options.datadir = c->files->datadir;
            options.chain_params = c->params.get();
            options.dbcache_bytes = dbcache;
            options.reindex = true;
            auto opened = chain::ChainstateManager::Open(std::move(options));
            if (!opened) {
                state.SkipWithError(opened.error().c_str());
                return;
            }
            stats = (*opened)->GetConnectStats();
            height = (*opened)->ActiveHeight();
        } // closing writes the UTXO set: part of the work
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        state.SetIterationTime(seconds);
        state.counters["seconds"] = seconds;
        state.counters["blocks/s"] = stats.blocks_connected / seconds;
        state.counters["tx/s"] = static_cast<double>(stats.transactions) / seconds;
        state.counters["sigchecks/s"] = static_cast<double>(stats.script_checks) / seconds;
        state.counters["flushes"] = static_cast<double>(stats.flushes);
        state.counters["flush_s"] = static_cast<double>(stats.flush_micros) / 1e6;
    }
    if (height != blocks) {
        state.SkipWithError("the reindex did not reach the tip");
        return;
    }
    if (!c->script_seconds) {
        auto opened = chain::ChainstateManager::Open({.datadir = c->files->datadir, .chain_params = c->params.get()});
        if (opened) MeasureScripts(*c, **opened);
    }
    if (c->script_seconds) {
        const double total = state.counters["seconds"];
        state.counters["script_s"] = *c->script_seconds;
        state.counters["outside_script_%"] = 100.0 * (1.0 - *c->script_seconds / total);
    }
    bench::ReportAgainstLimitK(state, static_cast<double>(stats.script_checks) * state.iterations(),
                               ECDSA_VERIFY_PER_CORE, "sigchecks",
                               "libsecp256k1 verify, 1 core; " + std::to_string(blocks) + " blocks x 100 tx, dbcache " +
                                   std::to_string(state.range(0)) + " MiB");
}
BENCHMARK(ChainReindexConnect)->Arg(4)->Arg(450)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

void OpenDatadir10k(benchmark::State& state)
{
    ChainCase* c = LoadChainCase(10000, 1);
    if (!c) {
        state.SkipWithError("gen_chain.py could not produce the chain (see stderr)");
        return;
    }
    static bool indexed = false;
    if (!indexed) {
        // Build the index and chainstate once.
        auto opened = chain::ChainstateManager::Open(
            {.datadir = c->files->datadir, .chain_params = c->params.get(), .reindex = true});
        if (!opened || (*opened)->ActiveHeight() != 10000) {
            state.SkipWithError("could not build the 10,000-block datadir");
            return;
        }
        indexed = true;
    }
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        auto opened = chain::ChainstateManager::Open({.datadir = c->files->datadir, .chain_params = c->params.get()});
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!opened || (*opened)->ActiveHeight() != 10000) {
            state.SkipWithError("opening failed");
            return;
        }
        state.SetIterationTime(seconds);
    }
    state.SetLabel("target < 1 s (issue); 10,000 blocks, check_blocks 6, check_level 3");
}
BENCHMARK(OpenDatadir10k)->Iterations(5)->UseManualTime()->Unit(benchmark::kMillisecond);

} // namespace
