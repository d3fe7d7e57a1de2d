// bitnode-test-chainimport: a child process for the chain library's crash test. It opens a
// regtest chainstate and imports blocks from a hex file (one block a line), flushing often,
// and reports each step on stdout so the parent can kill it with SIGKILL at a chosen
// moment; or it prints the digest of the chainstate in a datadir.
//
//     bitnode-test-chainimport import --datadir DIR --blocks FILE [--flush-every N]
//                                     [--dbcache-mib M] [--batch-bytes B]
//         prints "opened <height>", then "connected <height>" after each block, and
//         "flush" / "flushed" around each flush
//     bitnode-test-chainimport digest --datadir DIR
//         prints "<height> <tip hash> <hash_serialized_3> <txouts>"
//
// Exit status 0 on success, 1 with a message on stderr otherwise.
#include <chain/chainstate_manager.h>
#include <consensus/chainparams.h>
#include <test/tools/block_files.h>

#include <primitives/streams.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

namespace {

int Fail(const std::string& message)
{
    std::fprintf(stderr, "bitnode-test-chainimport: %s\n", message.c_str());
    return 1;
}

void Say(const std::string& line)
{
    std::fprintf(stdout, "%s\n", line.c_str());
    std::fflush(stdout);
}

int Run(int argc, char** argv)
{
    if (argc < 2) return Fail("usage: bitnode-test-chainimport import|digest --datadir DIR [...]");
    const std::string command = argv[1];
    std::map<std::string, std::string> args;
    for (int i = 2; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
    if (!args.count("--datadir")) return Fail("--datadir is required");

    auto params = consensus::ChainParams::RegTest();
    chain::ChainstateManager::Options options;
    options.datadir = args["--datadir"];
    options.chain_params = params.get();
    if (args.count("--dbcache-mib")) options.dbcache_bytes = storage::DbCacheBytes(std::stoll(args["--dbcache-mib"]));
    if (args.count("--batch-bytes")) options.coins_db_batch_bytes = std::stoull(args["--batch-bytes"]);
    auto opened = chain::ChainstateManager::Open(std::move(options));
    if (!opened) return Fail(opened.error());
    chain::ChainstateManager& chainman = **opened;

    if (command == "digest") {
        auto info = chainman.GetUtxoSetInfo();
        if (!info) return Fail(info.error());
        Say(std::to_string(info->height) + " " + info->stats.best_block.GetHex() + " " +
            info->stats.hash_serialized.GetHex() + " " + std::to_string(info->stats.txouts));
        return 0;
    }
    if (command != "import") return Fail("unknown command " + command);
    if (!args.count("--blocks")) return Fail("--blocks is required");
    const int flush_every = args.count("--flush-every") ? std::stoi(args["--flush-every"]) : 0;
    Say("opened " + std::to_string(chainman.ActiveHeight()));
    const auto records = testtools::ReadBlockFile(args["--blocks"]);
    int connected = 0;
    for (const auto& record : records) {
        auto block = std::make_shared<primitives::Block>();
        primitives::DeserializeFromBytes(record.bytes, primitives::TX_WITH_WITNESS(*block), "block");
        if (chainman.LookupBlockIndex(block->GetHash()) && chainman.GetBlockInfo(block->GetHash())->in_active_chain) {
            continue;
        }
        consensus::BlockValidationState state;
        if (!chainman.ProcessNewBlock(block, /*force_processing=*/true, nullptr, &state)) {
            return Fail("block " + block->GetHash().GetHex() + " refused: " + state.ToString());
        }
        Say("connected " + std::to_string(chainman.ActiveHeight()));
        if (flush_every > 0 && ++connected % flush_every == 0) {
            Say("flush");
            if (auto flushed = chainman.ForceFlush(); !flushed) return Fail(flushed.error());
            Say("flushed");
        }
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        return Run(argc, argv);
    } catch (const std::exception& e) {
        return Fail(e.what());
    }
}
