// bitnode-util's validation commands: verifyblock and verifyheaders.
//
//   bitnode-util verifyblock --chain=<net> --height=H [--spent-outputs=FILE] [--par=N] BLOCK
//   bitnode-util verifyheaders --chain=<net> FILE
//
// Both print one JSON object (doc/validation.md): {"valid": true, ...} with exit status
// 0, or {"valid": false, "reason": <Bitcoin Core's reject reason>, ...} with exit status
// 1. Input that cannot be read or parsed is not a verdict: it is reported as one
// "error: ..." line on stderr, also with status 1. The commands are rows of bitnode-util's
// command table (util_tool.cpp); their options are registered by AddVerifyOptions.
//
// Thread safety: each call is independent; verifyblock's script-check threads live only
// for the duration of the call.
#ifndef BITNODE_APP_VERIFY_COMMANDS_H
#define BITNODE_APP_VERIFY_COMMANDS_H

#include <app/args.h>
#include <consensus/chainparams.h>

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace app {

/** What a validation command is given by the dispatcher. */
struct VerifyCall {
    const Args& args;
    /** Positional arguments after the command name. */
    const std::vector<std::string>& params;
    const consensus::ChainParams& chain;
    std::istream& in;
    std::ostream& out;
    std::ostream& err;
};

/** Register --height, --spent-outputs and --par. */
void AddVerifyOptions(ArgsSpec& spec);

/** verifyblock: returns the exit status. */
int RunVerifyBlock(const VerifyCall& call);
/** verifyheaders: returns the exit status. */
int RunVerifyHeaders(const VerifyCall& call);

inline constexpr std::string_view VERIFYBLOCK_SUMMARY = "Validate one block as Bitcoin Core would (JSON verdict)";
inline constexpr std::string_view VERIFYBLOCK_DETAILS =
    "Reads a block from BLOCK (\"-\" for standard input, raw or hex) and checks it against the "
    "rules of the chain selected with -chain at the height given with -height=H (required: it "
    "selects BIP34, the script flags and the subsidy). Without -spent-outputs only the checks "
    "that need no spent outputs run: proof of work, merkle root, sizes, coinbase, transaction "
    "sanity, legacy sigops, finality, BIP34 height, witness commitment and weight. With "
    "-spent-outputs=FILE (a JSON array with one {\"value\", \"script_pubkey\"} object per "
    "non-coinbase input, in block order) it also checks every script with the flags in force at "
    "that height, the amounts, the fees against the coinbase and the sigop cost, on -par=N "
    "threads (default: all cores). Prints {\"valid\": true, \"hash\", \"height\", \"weight\", "
    "\"sigops_cost\", \"fees\"} and exits 0, or {\"valid\": false, \"reason\", \"tx\", \"input\"} "
    "with Bitcoin Core's reject reason and exits 1.";

inline constexpr std::string_view VERIFYHEADERS_SUMMARY = "Validate a file of consecutive headers from genesis";
inline constexpr std::string_view VERIFYHEADERS_DETAILS =
    "Reads FILE (\"-\" for standard input): consecutive raw 80-byte block headers (or their hex) "
    "starting with the genesis block of the chain selected with -chain. Checks that each header "
    "extends the one before, its proof of work, the difficulty retargeting rules, the median "
    "time past and the two-hour future limit (against this machine's clock) and the version "
    "rules. Prints {\"valid\": true, \"height\", \"tip\", \"chainwork\"} and exits 0, or "
    "{\"valid\": false, \"height\": <first bad header>, \"reason\"} with Bitcoin Core's reject "
    "reason and exits 1.";

} // namespace app

#endif // BITNODE_APP_VERIFY_COMMANDS_H
