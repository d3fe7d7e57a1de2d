// bitnoded's options: the ArgsSpec (names, help, Core's spellings and defaults) and the
// thin adapters that turn parsed Args into the plain Options structs of the node
// (node::NodeOptions) and of its HTTP/RPC server. Nothing else reads flags.
//
// The -mine option (bitnode's own; doc/bitnoded.md) selects the startup mining policy:
//     off | ondemand | threshold:K | interval:S       (S in seconds; "ms" suffix allowed)
//
// Thread safety: pure functions over values.
#ifndef BITNODE_APP_NODE_ARGS_H
#define BITNODE_APP_NODE_ARGS_H

#include <app/args.h>
#include <consensus/chainparams.h>
#include <mining/miner.h>
#include <net/http_server.h>
#include <node/context.h>
#include <util/result.h>

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace app {

inline constexpr std::string_view BITNODED_PROGRAM = "bitnoded";
/** bitnoded's default network. */
inline constexpr std::string_view BITNODED_DEFAULT_CHAIN = "regtest";
inline constexpr const char* BITNODED_CONFIG_FILENAME = "bitnode.conf";
inline constexpr const char* BITNODED_PID_FILENAME = "bitnoded.pid";
inline constexpr const char* DEBUG_LOG_FILENAME = "debug.log";
/** Debug categories -debug accepts (besides 1/all and 0/none). */
inline constexpr std::string_view LOG_CATEGORIES[] = {"net", "mempool", "validation", "mining",
                                                      "rpc", "http",    "txindex",    "rest"};

/** Every option bitnoded knows. */
ArgsSpec BitnodedArgsSpec();
/** Options that, in the config file's top level, apply to main only (Core's network-only options). */
const std::vector<std::string>& BitnodedNetworkOnlyOptions();

/** Parse -mine's value. */
util::Result<mining::MiningPolicy> ParseMineOption(std::string_view text);
/** A satoshi amount from Core's BTC notation ("0.00001000"); the option name goes into the error. */
util::Result<primitives::Amount> ParseBtcAmount(std::string_view option, std::string_view text);

/** The -debug categories in force after -debugexclude; "" is never included (always logged). */
util::Result<std::set<std::string>> DebugCategoriesFromArgs(const Args& args);

/**
 * NodeOptions for network `params` with its data directory `net_datadir`. Errors name
 * the option and say what is allowed.
 */
util::Result<node::NodeOptions> NodeOptionsFromArgs(const Args& args, const consensus::ChainParams& params,
                                                    const std::filesystem::path& net_datadir);

/** What the JSON-RPC server needs from the options. */
struct RpcServerSettings {
    net::HttpServer::Options http;
    std::vector<std::string> bind_warnings;
    /** -rpcuser/-rpcpassword (both set) or empty. */
    std::string rpc_user;
    std::string rpc_password;
    std::vector<std::string> rpcauth;
    /** The cookie file (-rpccookiefile, relative to the network datadir). */
    std::filesystem::path cookie_path;
};
util::Result<RpcServerSettings> RpcServerSettingsFromArgs(const Args& args, std::string_view chain,
                                                          const std::filesystem::path& datadir);

} // namespace app

#endif // BITNODE_APP_NODE_ARGS_H
