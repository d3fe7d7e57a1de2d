#include <app/cli.h>

#include <app/args.h>
#include <app/cli_config.h>
#include <app/cli_http.h>
#include <net/http_access.h>
#include <rpc/auth.h>
#include <rpc/client.h>
#include <rpc/protocol.h>
#include <rpc/register.h>
#include <rpc/request.h>
#include <rpc/table.h>
#include <util/fs.h>
#include <util/json.h>
#include <util/strings.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <istream>
#include <ostream>
#include <thread>
#include <variant>

#ifndef BITNODE_VERSION
#define BITNODE_VERSION "unknown"
#endif

namespace app {

namespace {

namespace fs = std::filesystem;
using util::JsonValue;

constexpr std::string_view PROGRAM = "bitnode-cli";
constexpr std::string_view DEFAULT_CHAIN = "regtest"; // bitnoded's default network
constexpr const char* DEFAULT_RPCCONNECT = "127.0.0.1";
constexpr int64_t DEFAULT_HTTP_CLIENT_TIMEOUT = 900;
constexpr const char* CONFIG_FILENAME = "bitnode.conf";
/** Options that apply per network: in the config's top level they mean main only. */
const std::vector<std::string> NETWORK_ONLY_OPTIONS{"rpcport"};

ArgsSpec CliSpec()
{
    ArgsSpec spec;
    spec.AddFlag("help", "Print this help message and exit");
    spec.AddFlag("h", "Print this help message and exit");
    spec.AddFlag("version", "Print version and exit");
    spec.AddValue(
        "conf", ArgType::STRING, "<file>",
        "Specify configuration file. Relative paths will be prefixed by datadir location. (default: bitnode.conf)");
    spec.AddValue("datadir", ArgType::STRING, "<dir>", "Specify data directory (default: ~/.bitnode)");
    spec.AddFlag("getinfo",
                 "Get general information from the remote server. Methods the server does not have yet are "
                 "skipped with a note.",
                 "CLI Commands");
    AddChainOptions(spec, DEFAULT_CHAIN);
    spec.AddFlag("named", "Pass named instead of positional arguments (default: false)");
    spec.AddValue("rpcclienttimeout", ArgType::INT, "<n>",
                  "Timeout in seconds during HTTP requests, or 0 for no timeout. (default: 900)");
    spec.AddValue("rpcconnect", ArgType::STRING, "<ip>", "Send commands to node running on <ip> (default: 127.0.0.1)");
    spec.AddValue("rpccookiefile", ArgType::STRING, "<loc>",
                  "Location of the auth cookie. Relative paths will be prefixed by a net-specific datadir location. "
                  "(default: data dir)");
    spec.AddValue("rpcpassword", ArgType::STRING, "<pw>", "Password for JSON-RPC connections");
    spec.AddValue("rpcport", ArgType::STRING, "<port>",
                  "Connect to JSON-RPC on <port> (default: 8332, testnet: 18332, testnet4: 48332, signet: 38332, "
                  "regtest: 18443)");
    spec.AddValue("rpcuser", ArgType::STRING, "<user>", "Username for JSON-RPC connections");
    spec.AddFlag("rpcwait", "Wait for RPC server to start");
    spec.AddValue("rpcwaittimeout", ArgType::INT, "<n>",
                  "Timeout in seconds to wait for the RPC server to start, or 0 for no timeout. (default: 0)");
    spec.AddValue("rpcwallet", ArgType::STRING, "<walletname>",
                  "Send RPC for non-default wallet on RPC server (uses the endpoint /wallet/<walletname>)");
    spec.AddFlag("stdin",
                 "Read extra arguments from standard input, one per line until EOF/Ctrl-D (recommended for "
                 "sensitive information such as passphrases). When combined with -stdinrpcpass, the first line "
                 "from standard input is used for the RPC password.");
    spec.AddFlag("stdinrpcpass", "Read RPC password from standard input as a single line. When combined with -stdin, "
                                 "the first line from standard input is used for the RPC password.");
    return spec;
}

std::string Usage(const ArgsSpec& spec)
{
    return std::string{"bitnode RPC client version "} + BITNODE_VERSION +
           "\n\n"
           "The bitnode-cli utility provides a command line interface to interact with a bitnode RPC server.\n"
           "\nIt can be used to query network information, manage wallets, create or broadcast transactions, and "
           "control the bitnode server.\n"
           "\nUse the \"help\" command to list all commands. Use \"help <command>\" to show help for that command.\n"
           "The -named option allows you to specify parameters using the key=value format, eliminating the need to "
           "pass unused positional parameters.\n"
           "\n"
           "Usage: bitnode-cli [options] <command> [params]\n"
           "or:    bitnode-cli [options] -named <command> [name=value]...\n"
           "or:    bitnode-cli [options] help\n"
           "or:    bitnode-cli [options] help <command>\n"
           "\n\n" +
           spec.FormatHelp();
}

/** Everything the call needs once arguments, config and chain are settled. */
struct CliSettings {
    Args args;
    std::string chain;
    fs::path datadir;
    fs::path config_path;
    std::string rpc_password; //!< -rpcpassword, or the line read by -stdinrpcpass
};

/** A failure that ends the program with this status and message (usage, config). */
struct CliExit {
    int status;
    std::string message;
};

fs::path DefaultDataDir()
{
    const char* home = std::getenv("HOME");
    return fs::path{home && *home ? home : "/"} / ".bitnode";
}

std::variant<CliSettings, CliExit> Configure(Args args, const ArgsSpec& spec)
{
    CliSettings settings;
    settings.datadir = args.GetString("datadir").value_or(DefaultDataDir().string());
    if (args.GetString("datadir") && !fs::is_directory(settings.datadir)) {
        return CliExit{1, "Error: Specified data directory \"" + settings.datadir.string() + "\" does not exist."};
    }
    const auto conf = args.GetString("conf");
    settings.config_path = conf ? fs::path{*conf} : fs::path{CONFIG_FILENAME};
    if (settings.config_path.is_relative()) settings.config_path = settings.datadir / settings.config_path;

    std::vector<ConfigEntry> entries;
    if (fs::exists(settings.config_path)) {
        auto text = util::ReadFileText(settings.config_path);
        if (!text) return CliExit{1, "Error reading configuration file: " + text.error()};
        auto parsed = ParseConfigText(*text, settings.config_path.string());
        if (!parsed) return CliExit{1, "Error reading configuration file: " + parsed.error()};
        entries = std::move(*parsed);
    } else if (conf) {
        return CliExit{1, "Error reading configuration file: specified config file \"" + settings.config_path.string() +
                              "\" could not be opened."};
    }
    if (auto applied = ApplyTopLevelConfig(entries, spec, args, PROGRAM, NETWORK_ONLY_OPTIONS); !applied) {
        return CliExit{1, "Error reading configuration file: " + applied.error()};
    }
    auto chain = SelectChain(args, DEFAULT_CHAIN);
    if (!chain) return CliExit{1, "Error: " + chain.error()};
    settings.chain = *chain;
    if (auto applied = ApplyChainConfig(entries, spec, args, settings.chain, PROGRAM, NETWORK_ONLY_OPTIONS); !applied) {
        return CliExit{1, "Error reading configuration file: " + applied.error()};
    }
    settings.rpc_password = args.GetString("rpcpassword").value_or("");
    settings.args = std::move(args);
    return settings;
}

/** Host, port and the port warning bitcoin-cli prints when both options name one. */
net::HttpEndpoint RpcEndpoint(const CliSettings& s, std::ostream& err)
{
    const std::string connect = s.args.GetString("rpcconnect").value_or(DEFAULT_RPCCONNECT);
    auto endpoint = net::SplitHostPort(connect, 0);
    if (!endpoint) throw std::runtime_error("Invalid port provided in -rpcconnect: " + connect);
    const bool port_in_connect = endpoint->port != 0;
    if (!port_in_connect) endpoint->port = rpc::DefaultRpcPort(s.chain);
    if (const auto port_text = s.args.GetString("rpcport")) {
        const auto port = util::ParseUInt64(*port_text);
        if (!port || *port == 0 || *port > 65535)
            throw std::runtime_error("Invalid port provided in -rpcport: " + *port_text);
        endpoint->port = static_cast<uint16_t>(*port);
        if (port_in_connect) {
            err << "Warning: Port specified in both -rpcconnect and -rpcport. Using -rpcport " << *port << "\n";
        }
    }
    return *endpoint;
}

std::string UriEncode(std::string_view text)
{
    static constexpr char HEX[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += HEX[c >> 4];
            out += HEX[c & 15];
        }
    }
    return out;
}

/** One HTTP exchange, with bitcoin-cli's checks of the status and body. */
JsonValue CallRpc(const CliSettings& s, const JsonValue& request, std::ostream& err)
{
    const net::HttpEndpoint endpoint = RpcEndpoint(s, err);
    CliHttpRequest http;
    http.host = endpoint.host;
    http.port = endpoint.port;
    http.body = request.Write() + "\n";
    http.timeout =
        std::chrono::seconds{std::max<int64_t>(0, s.args.GetInt("rpcclienttimeout", DEFAULT_HTTP_CLIENT_TIMEOUT))};
    if (const auto wallet = s.args.GetString("rpcwallet")) http.target = "/wallet/" + UriEncode(*wallet);

    bool no_cookie = false;
    if (s.rpc_password.empty()) {
        const fs::path cookie = rpc::CookiePath(s.datadir, s.chain, s.args.GetString("rpccookiefile").value_or(""));
        const auto credential = rpc::ReadAuthCookie(cookie);
        no_cookie = !credential.has_value();
        http.user_colon_password = credential.value_or("");
    } else {
        http.user_colon_password = s.args.GetString("rpcuser").value_or("") + ":" + s.rpc_password;
    }

    CliHttpReply reply;
    try {
        reply = PostHttp(http);
    } catch (const CliConnectionFailed& e) {
        throw CliConnectionFailed(std::string{e.what()} +
                                  "\n\nMake sure the bitnoded server is running and that you are connecting to the "
                                  "correct RPC port.\nUse \"bitnode-cli -help\" for more info.");
    }
    if (reply.status == 401) {
        if (no_cookie) {
            throw std::runtime_error(
                "Could not locate RPC credentials. No authentication cookie could be found, and RPC "
                "password is not set.  See -rpcpassword and -stdinrpcpass.  Configuration file: (" +
                s.config_path.string() + ")");
        }
        throw std::runtime_error("Authorization failed: Incorrect rpcuser or rpcpassword");
    }
    if (reply.status == 503) throw std::runtime_error("Server response: " + reply.body);
    if (reply.status >= 400 && reply.status != 400 && reply.status != 404 && reply.status != 500) {
        throw std::runtime_error("server returned HTTP error " + std::to_string(reply.status));
    }
    if (reply.body.empty()) throw std::runtime_error("no response from server");
    auto parsed = util::ParseJson(reply.body);
    if (!parsed) throw std::runtime_error("couldn't parse reply from server");
    return std::move(*parsed);
}

/** CallRpc, retried every second while -rpcwait allows (also while the node warms up). */
JsonValue ConnectAndCallRpc(const CliSettings& s, const JsonValue& request, std::ostream& err)
{
    const bool wait = s.args.GetBool("rpcwait", false);
    const int64_t timeout = s.args.GetInt("rpcwaittimeout", 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{timeout};
    while (true) {
        try {
            JsonValue reply = CallRpc(s, request, err);
            if (wait && reply.IsObject()) {
                const JsonValue* error = reply.Find("error");
                const JsonValue* code = error && error->IsObject() ? error->Find("code") : nullptr;
                if (code && code->GetInt64() == rpc::RPC_IN_WARMUP) throw CliConnectionFailed("server in warmup");
            }
            return reply;
        } catch (const CliConnectionFailed& e) {
            if (wait && (timeout <= 0 || std::chrono::steady_clock::now() < deadline)) {
                std::this_thread::sleep_for(std::chrono::seconds{1});
                continue;
            }
            throw CliConnectionFailed(std::string{"timeout on transient error: "} + e.what());
        }
    }
}

const JsonValue& Field(const JsonValue& object, std::string_view key)
{
    static const JsonValue null_value;
    const JsonValue* found = object.IsObject() ? object.Find(key) : nullptr;
    return found ? *found : null_value;
}

std::string Text(const JsonValue& value)
{
    if (value.IsStr()) return value.GetStr();
    if (value.IsNull()) return "";
    return value.Write();
}

/** -getinfo: four calls in one batch, shown as bitcoin-cli shows them. */
std::string GetInfo(const CliSettings& s, std::ostream& err, JsonValue& fatal_error)
{
    static constexpr std::string_view METHODS[] = {"getnetworkinfo", "getblockchaininfo", "getwalletinfo",
                                                   "getbalances"};
    JsonValue batch = JsonValue::Array();
    for (size_t i = 0; i < std::size(METHODS); ++i) {
        batch.PushBack(rpc::JsonRpcRequestObj(std::string{METHODS[i]}, JsonValue{}, static_cast<int64_t>(i)));
    }
    const std::vector<JsonValue> replies = rpc::JsonRpcProcessBatchReply(ConnectAndCallRpc(s, batch, err));
    std::vector<std::string> notes;
    JsonValue results[std::size(METHODS)];
    for (size_t i = 0; i < std::size(METHODS); ++i) {
        const JsonValue& error = Field(replies[i], "error");
        if (error.IsNull()) {
            results[i] = Field(replies[i], "result");
        } else if (Field(error, "code").GetInt64() == rpc::RPC_METHOD_NOT_FOUND) {
            notes.push_back("Note: " + std::string{METHODS[i]} +
                            " is not available on this server; its fields are skipped.");
        } else if (i < 2) {
            // Core: node errors are fatal, wallet errors mean "no wallet".
            fatal_error = error;
            return "";
        }
    }
    const JsonValue& network = results[0];
    const JsonValue& chain = results[1];
    std::string out;
    if (!chain.IsNull()) {
        const JsonValue& fraction = Field(chain, "verificationprogress");
        const double done = fraction.IsNum() ? fraction.GetDouble() : 0.0;
        char progress[64];
        std::snprintf(progress, sizeof(progress), "%.4f%%", done * 100);
        // bitcoin-cli draws a bar of 5% steps (U+2592 done, U+2591 to go) below 99%.
        std::string bar;
        if (done >= 0 && done < 0.99) {
            for (int i = 0; i < done / 0.05; ++i) bar += "\u2592";
            for (int i = 0; i < (1 - done) / 0.05; ++i) bar += "\u2591";
            bar += " ";
        }
        out += "Chain: " + Text(Field(chain, "chain")) + "\n";
        out += "Blocks: " + Text(Field(chain, "blocks")) + "\n";
        out += "Headers: " + Text(Field(chain, "headers")) + "\n";
        out += "Verification progress: " + bar + progress + "\n";
        out += "Difficulty: " + Text(Field(chain, "difficulty")) + "\n\n";
    }
    if (!network.IsNull()) {
        out += "Network: in " + Text(Field(network, "connections_in")) + ", out " +
               Text(Field(network, "connections_out")) + ", total " + Text(Field(network, "connections")) + "\n";
        out += "Version: " + Text(Field(network, "version")) + "\n";
        out += "Time offset (s): " + Text(Field(network, "timeoffset")) + "\n";
        // Proxies by first appearance, each with the networks that use it (bitcoin-cli's layout).
        std::vector<std::pair<std::string, std::string>> proxies;
        const JsonValue& networks = Field(network, "networks");
        for (const JsonValue& net : networks.IsArray() ? networks.Values() : std::vector<JsonValue>{}) {
            const std::string proxy = Text(Field(net, "proxy"));
            if (proxy.empty()) continue;
            auto it = std::find_if(proxies.begin(), proxies.end(), [&](const auto& p) { return p.first == proxy; });
            if (it == proxies.end()) {
                proxies.emplace_back(proxy, Text(Field(net, "name")));
            } else {
                it->second += ", " + Text(Field(net, "name"));
            }
        }
        std::string proxy_text;
        for (const auto& [proxy, names] : proxies) {
            proxy_text += (proxy_text.empty() ? "" : ", ") + proxy + " (" + names + ")";
        }
        out += "Proxies: " + (proxy_text.empty() ? std::string{"n/a"} : proxy_text) + "\n";
        out += "Min tx relay fee rate (BTC/kvB): " + Text(Field(network, "relayfee")) + "\n\n";
    }
    if (!results[2].IsNull()) {
        const std::string name = Text(Field(results[2], "walletname"));
        out += "Wallet: " + (name.empty() ? std::string{"\"\""} : name) + "\n";
        out += "Keypool size: " + Text(Field(results[2], "keypoolsize")) + "\n\n";
    }
    if (!results[3].IsNull()) out += "Balance: " + Text(Field(Field(results[3], "mine"), "trusted")) + "\n\n";
    if (!network.IsNull()) {
        const std::string warnings = Text(Field(network, "warnings"));
        out += "Warnings: " + (warnings.empty() || warnings == "[]" ? std::string{"(none)"} : warnings) + "\n";
    }
    for (const std::string& note : notes) out += note + "\n";
    if (!out.empty()) out.pop_back();
    return out;
}

/** bitcoin-cli's ParseError: the text to print and the exit status. */
int PrintError(const JsonValue& error, std::string& text)
{
    if (error.IsObject()) {
        const JsonValue& code = Field(error, "code");
        const JsonValue& message = Field(error, "message");
        if (!code.IsNull()) text = "error code: " + Text(code) + "\n";
        if (message.IsStr()) text += "error message:\n" + message.GetStr();
        if (code.IsNum() && code.GetInt64() == rpc::RPC_WALLET_NOT_SPECIFIED) {
            text += " Or for the CLI, specify the \"-rpcwallet=<walletname>\" option before the command (run "
                    "\"bitnode-cli -h\" for help or \"bitnode-cli listwallets\" to see which wallets are currently "
                    "loaded).";
        }
    } else {
        text = "error: " + error.Write();
    }
    const auto code = Field(error, "code").IsNum() ? Field(error, "code").GetInt64() : std::nullopt;
    return code ? static_cast<int>(std::llabs(*code)) : 1;
}

int CommandLineRpc(CliSettings& s, std::istream& in, std::ostream& out, std::ostream& err)
{
    std::string text;
    int status = 0;
    try {
        if (s.args.GetBool("stdinrpcpass", false)) {
            if (!std::getline(in, s.rpc_password)) {
                throw std::runtime_error("-stdinrpcpass specified but failed to read from standard input");
            }
        }
        std::vector<std::string> words = s.args.Positional();
        if (s.args.GetBool("stdin", false)) {
            std::string line;
            while (std::getline(in, line)) words.push_back(line);
        }
        if (s.args.GetBool("getinfo", false)) {
            if (!words.empty()) throw std::runtime_error("-getinfo takes no arguments");
            JsonValue error;
            text = GetInfo(s, err, error);
            if (!error.IsNull()) status = PrintError(error, text);
        } else {
            if (words.empty()) throw std::runtime_error("too few parameters (need at least command)");
            const std::string method = words.front();
            words.erase(words.begin());
            rpc::RpcTable table;
            rpc::RegisterAllRpcCommands(table);
            const rpc::RpcConversionTable conversions{table};
            JsonValue params = s.args.GetBool("named", false) ? conversions.ConvertNamedValues(method, words)
                                                              : conversions.ConvertValues(method, words);
            const JsonValue reply = ConnectAndCallRpc(s, rpc::JsonRpcRequestObj(method, std::move(params), 1), err);
            if (!reply.IsObject()) throw std::runtime_error("expected reply to have result, error and id properties");
            const JsonValue& error = Field(reply, "error");
            if (error.IsNull()) {
                const JsonValue& result = Field(reply, "result");
                if (!result.IsNull()) text = result.IsStr() ? result.GetStr() : result.Write(2);
            } else {
                status = PrintError(error, text);
            }
        }
    } catch (const std::exception& e) {
        text = std::string{"error: "} + e.what();
        status = 1;
    }
    if (!text.empty()) (status == 0 ? out : err) << text << "\n";
    return status;
}

} // namespace

int RunCli(const std::vector<std::string>& argv, std::istream& in, std::ostream& out, std::ostream& err)
{
    const ArgsSpec spec = CliSpec();
    auto parsed = spec.Parse(argv, PROGRAM, /*stop_at_positional=*/true);
    if (!parsed) {
        err << "Error parsing command line arguments: " << parsed.error() << "\n";
        return 1;
    }
    if (argv.empty() || parsed->GetBool("help", false) || parsed->GetBool("h", false) ||
        parsed->GetBool("version", false)) {
        if (parsed->GetBool("version", false)) {
            out << "bitnode RPC client version " << BITNODE_VERSION << "\n";
        } else {
            out << Usage(spec);
        }
        if (argv.empty()) {
            err << "Error: too few parameters\n";
            return 1;
        }
        return 0;
    }
    auto configured = Configure(std::move(*parsed), spec);
    if (auto* exit = std::get_if<CliExit>(&configured)) {
        err << exit->message << "\n";
        return exit->status;
    }
    return CommandLineRpc(std::get<CliSettings>(configured), in, out, err);
}

} // namespace app
