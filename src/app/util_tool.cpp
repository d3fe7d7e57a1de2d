#include <app/util_tool.h>

#include <app/args.h>
#include <app/minebench.h>
#include <app/verify_commands.h>
#include <consensus/chainparams.h>
#include <rpc/block_json.h>
#include <rpc/decode.h>
#include <rpc/tx_json.h>
#include <util/fs.h>
#include <util/json.h>

#include <algorithm>
#include <exception>
#include <iostream>
#include <iterator>
#include <ostream>

#ifndef BITNODE_VERSION
#define BITNODE_VERSION "unknown"
#endif

namespace app {

namespace {

using rpc::BlockToJson;
using rpc::BytesFromHex;
using rpc::BytesFromHexOrBinary;
using rpc::DecodeBlock;
using rpc::DecodeTx;
using rpc::TxToJson;
using util::Error;
using util::JsonValue;
using util::Result;

constexpr std::string_view PROGRAM = "bitnode-util";

/** What a command handler gets: its own positional arguments and the selected network. */
struct CommandContext {
    const std::vector<std::string>& params;
    const script::AddressParams& address_params;
    std::istream& in;
};

struct Command {
    std::string_view name;
    std::string_view synopsis; //!< arguments after the name
    size_t min_params;
    size_t max_params;
    std::string_view summary; //!< one line for the command list
    std::string_view details; //!< paragraph for "<command> -help"
    Result<JsonValue> (*run)(const CommandContext&);
    /** Instead of run: prints its own verdict and picks the exit status (verify_commands.h). */
    int (*run_verdict)(const VerifyCall&) = nullptr;
};

/** Whole contents of FILE, or of standard input for "-". */
Result<std::vector<uint8_t>> ReadInput(const std::string& path, std::istream& in)
{
    if (path != "-") return util::ReadFileBytes(path);
    std::vector<uint8_t> data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) return Error{"cannot read standard input"};
    return data;
}

Result<JsonValue> RunDecodeBlock(const CommandContext& ctx)
{
    auto input = ReadInput(ctx.params[0], ctx.in);
    if (!input) return Error{input.error()};
    auto bytes = BytesFromHexOrBinary(*input);
    if (!bytes) return Error{bytes.error()};
    auto block = DecodeBlock(*bytes);
    if (!block) return Error{block.error()};
    return BlockToJson(*block, ctx.address_params);
}

Result<JsonValue> RunDecodeRawTransaction(const CommandContext& ctx)
{
    Result<std::vector<uint8_t>> bytes = Error{""};
    if (ctx.params[0] == "-") {
        auto input = ReadInput("-", ctx.in);
        if (!input) return Error{input.error()};
        bytes = BytesFromHexOrBinary(*input);
    } else {
        bytes = BytesFromHex(ctx.params[0]);
    }
    if (!bytes) return Error{bytes.error()};
    auto tx = DecodeTx(*bytes);
    if (!tx) return Error{tx.error()};
    return TxToJson(primitives::Transaction{std::move(*tx)}, ctx.address_params, /*include_hex=*/false);
}

constexpr Command COMMANDS[] = {
    {"decodeblock", "FILE|-", 1, 1, "Print a block as JSON (getblock verbosity 2 fields)",
     "Reads one block from FILE (\"-\" for standard input), either raw bytes or hex digits "
     "(surrounding whitespace is ignored), and prints it with the fields and formats of Bitcoin "
     "Core's getblock at verbosity 2 that need no chain: hash, version, versionHex, merkleroot, "
     "time, nonce, bits, target, difficulty, nTx, previousblockhash, strippedsize, size, weight "
     "and tx (each transaction with its hex). Addresses are encoded for the chain selected with "
     "-chain (default: main).",
     RunDecodeBlock},
    {"decoderawtransaction", "HEX|-", 1, 1, "Print a serialized transaction as JSON (like the RPC)",
     "Decodes the transaction given as HEX (or read from standard input with \"-\", raw or hex) "
     "and prints it as Bitcoin Core's decoderawtransaction does: txid, hash, version, size, vsize, "
     "weight, locktime, vin, vout. Like Core, both the segwit and the legacy serialization are "
     "tried. Addresses are encoded for the chain selected with -chain (default: main).",
     RunDecodeRawTransaction},
    {"verifyblock", "BLOCK|-", 1, 1, VERIFYBLOCK_SUMMARY, VERIFYBLOCK_DETAILS, nullptr, RunVerifyBlock},
    {"verifyheaders", "FILE|-", 1, 1, VERIFYHEADERS_SUMMARY, VERIFYHEADERS_DETAILS, nullptr, RunVerifyHeaders},
    {"minebench", "", 0, 0, MINEBENCH_SUMMARY, MINEBENCH_DETAILS, nullptr, RunMinebench},
};

const Command* FindCommand(std::string_view name)
{
    for (const Command& c : COMMANDS) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

ArgsSpec UtilArgsSpec()
{
    ArgsSpec spec;
    spec.AddFlag("help", "Print this help message and exit (after a command: that command's help)");
    spec.AddFlag("version", "Print the version and exit");
    AddChainOptions(spec, "main");
    AddVerifyOptions(spec);
    AddMinebenchOptions(spec);
    return spec;
}

std::string Usage(const ArgsSpec& spec)
{
    std::string text =
        std::string(PROGRAM) + " " + BITNODE_VERSION + ": offline tools for Bitcoin blocks and transactions\n\n";
    text += "Usage: " + std::string(PROGRAM) + " [options] <command> [args]\n";
    text += "       " + std::string(PROGRAM) + " <command> -help\n";
    text += "Options may be spelled -name or --name and may also follow the command.\n\nCommands:\n";
    size_t width = 0;
    for (const Command& c : COMMANDS) width = std::max(width, c.name.size() + 1 + c.synopsis.size());
    for (const Command& c : COMMANDS) {
        std::string head = std::string(c.name) + " " + std::string(c.synopsis);
        head.resize(width, ' ');
        text += "  " + head + "  " + std::string(c.summary) + "\n";
    }
    return text + "\n" + spec.FormatHelp();
}

std::string CommandUsage(const Command& c)
{
    std::string text =
        "Usage: " + std::string(PROGRAM) + " [options] " + std::string(c.name) + " " + std::string(c.synopsis) + "\n\n";
    // Wrap the paragraph at 79 columns.
    size_t column = 0;
    std::string_view rest = c.details;
    while (!rest.empty()) {
        const size_t space = rest.find(' ');
        const std::string_view word = rest.substr(0, space);
        if (column > 0 && column + 1 + word.size() > 79) {
            text += "\n";
            column = 0;
        } else if (column > 0) {
            text += " ";
            ++column;
        }
        text += word;
        column += word.size();
        rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
    }
    return text + "\n\nRun '" + std::string(PROGRAM) + " -help' for the options.\n";
}

/** Errors are printed on one line, whatever the message holds. */
int Fail(std::ostream& err, std::string message)
{
    std::replace(message.begin(), message.end(), '\n', ' ');
    err << "error: " << message << "\n";
    return 1;
}

int Run(const std::vector<std::string>& raw_args, std::istream& in, std::ostream& out, std::ostream& err)
{
    // Core also accepts -h and -? for help.
    std::vector<std::string> argv;
    for (const std::string& a : raw_args) argv.push_back(a == "-h" || a == "-?" || a == "--h" ? "-help" : a);

    const ArgsSpec spec = UtilArgsSpec();
    auto args = spec.Parse(argv, PROGRAM);
    if (!args) return Fail(err, args.error());

    const std::vector<std::string>& positional = args->Positional();
    if (args->GetBool("version", false)) {
        out << PROGRAM << " " << BITNODE_VERSION << "\n";
        return 0;
    }
    if (positional.empty()) {
        if (args->GetBool("help", false)) {
            out << Usage(spec);
            return 0;
        }
        return Fail(err, "no command given. Run '" + std::string(PROGRAM) + " -help' to list the commands.");
    }

    const Command* command = FindCommand(positional[0]);
    if (!command) {
        std::string message = "unknown command '" + positional[0] + "'.";
        std::vector<std::string> names;
        for (const Command& c : COMMANDS) names.emplace_back(c.name);
        if (const auto closest = ClosestMatch(positional[0], names)) message += " Did you mean '" + *closest + "'?";
        return Fail(err, message + " Run '" + std::string(PROGRAM) + " -help' to list the commands.");
    }
    if (args->GetBool("help", false)) {
        out << CommandUsage(*command);
        return 0;
    }

    const std::vector<std::string> params(positional.begin() + 1, positional.end());
    if (params.size() < command->min_params || params.size() > command->max_params) {
        return Fail(err, std::string(command->name) + " takes " + std::string(command->synopsis) + ", got " +
                             std::to_string(params.size()) + " argument" + (params.size() == 1 ? "" : "s") + ". Run '" +
                             std::string(PROGRAM) + " " + std::string(command->name) + " -help'.");
    }

    auto chain = SelectChain(*args, "main");
    if (!chain) return Fail(err, chain.error());
    const auto chain_type = consensus::ChainTypeFromString(*chain);
    if (!chain_type) return Fail(err, "unknown chain " + *chain);
    const auto chain_params = consensus::ChainParams::ForChain(*chain_type);

    if (command->run_verdict) return command->run_verdict(VerifyCall{*args, params, *chain_params, in, out, err});
    const CommandContext ctx{params, chain_params->GetAddressParams(), in};
    auto result = command->run(ctx);
    if (!result) return Fail(err, result.error());
    out << result->Write(2) << "\n";
    out.flush();
    if (!out) return Fail(err, "cannot write the output");
    return 0;
}

} // namespace

int RunUtilTool(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err)
{
    try {
        return Run(args, in, out, err);
    } catch (const std::bad_alloc&) {
        return Fail(err, "out of memory");
    } catch (const std::exception& e) {
        return Fail(err, std::string{"unexpected failure: "} + e.what());
    }
}

int RunUtilTool(int argc, const char* const argv[], std::ostream& out, std::ostream& err)
{
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    return RunUtilTool(args, std::cin, out, err);
}

} // namespace app
