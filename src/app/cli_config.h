// Reading bitnode.conf for bitnode-cli (bitcoin.conf syntax), into app::Args as the
// CONFIG_FILE source, so the command line still wins.
//
// Syntax: one `name=value` per line; `#` starts a comment; blank lines are ignored;
// `[main]`, `[test]`, `[testnet4]`, `[signet]` and `[regtest]` open a section whose
// settings apply only to that chain and take precedence over top-level ones. As in Core,
// a network-only option (-rpcport) in the top-level section applies to main only.
// Names the program does not know are skipped (the file is shared with bitnoded); a line
// without '=' or a value of the wrong type is an error naming the line.
//
// Thread safety: plain functions over values.
#ifndef BITNODE_APP_CLI_CONFIG_H
#define BITNODE_APP_CLI_CONFIG_H

#include <app/args.h>
#include <util/result.h>

#include <string>
#include <string_view>
#include <vector>

namespace app {

struct ConfigEntry {
    std::string section; //!< "" for the top level
    std::string name;
    std::string value;
    int line{0};
};

/** Parse config file text; errors name the line. */
util::Result<std::vector<ConfigEntry>> ParseConfigText(std::string_view text, std::string_view file_name);

/**
 * Add the top-level entries (except network-only ones) to `args`: what can be known
 * before the chain is chosen, including the chain selection itself.
 */
util::Result<void> ApplyTopLevelConfig(const std::vector<ConfigEntry>& entries, const ArgsSpec& spec, Args& args,
                                       std::string_view program, const std::vector<std::string>& network_only);
/** Add the entries of the chosen chain's section (and, for main, the top-level network-only ones). */
util::Result<void> ApplyChainConfig(const std::vector<ConfigEntry>& entries, const ArgsSpec& spec, Args& args,
                                    std::string_view chain, std::string_view program,
                                    const std::vector<std::string>& network_only);

} // namespace app

#endif // BITNODE_APP_CLI_CONFIG_H
