// Fuzz target for bitnode.conf: ParseConfigText on arbitrary text, then the entries
// applied to bitnoded's options (top level, then each chain's section) and turned into
// the node's and the RPC server's options. Bad input must be an error value, never an
// exception or a crash; parsed entries name their line.
#include "fuzz.h"

#include <app/args.h>
#include <app/cli_config.h>
#include <app/node_args.h>
#include <consensus/chainparams.h>

#include <filesystem>
#include <string>

FUZZ_TARGET(app_config)
{
    const std::string_view text{reinterpret_cast<const char*>(buffer.data()), buffer.size()};
    const auto entries = app::ParseConfigText(text, "bitnode.conf");
    if (!entries) {
        FUZZ_CHECK(!entries.error().empty());
        return;
    }
    for (const app::ConfigEntry& entry : *entries) {
        // A name may be empty ("=x"): like Core, applying skips names it does not know.
        FUZZ_CHECK(entry.line >= 1);
    }
    static const app::ArgsSpec spec = app::BitnodedArgsSpec();
    const auto& network_only = app::BitnodedNetworkOnlyOptions();
    for (const std::string_view chain : app::CHAIN_NAMES) {
        app::Args args;
        if (!app::ApplyTopLevelConfig(*entries, spec, args, app::BITNODED_PROGRAM, network_only)) continue;
        if (!app::ApplyChainConfig(*entries, spec, args, chain, app::BITNODED_PROGRAM, network_only)) continue;
        (void)app::DebugCategoriesFromArgs(args);
        (void)app::SelectChain(args, app::BITNODED_DEFAULT_CHAIN);
        static const auto params = consensus::ChainParams::ForChain(consensus::ChainType::REGTEST);
        auto options = app::NodeOptionsFromArgs(args, *params, "/nonexistent/regtest");
        if (options) {
            FUZZ_CHECK(options->chainstate.check_level >= 0 && options->chainstate.check_level <= 4);
            FUZZ_CHECK(options->mempool.max_size_bytes >= 5'000'000);
        }
        (void)app::RpcServerSettingsFromArgs(args, chain, "/nonexistent");
    }
}
