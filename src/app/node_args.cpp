#include <app/node_args.h>
#include <app/rest_args.h>

#include <net/http_access.h>
#include <net/netaddress.h>
#include <rpc/auth.h>
#include <rpc/client.h>
#include <rpc/util.h>
#include <script/address.h>
#include <script/addresstype.h>
#include <storage/flush.h>
#include <util/strings.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace app {

namespace {

constexpr const char* CAT_OPTIONS = "Options";
constexpr const char* CAT_CONNECTION = "Connection options";
constexpr const char* CAT_DEBUG = "Debugging/Testing options";
constexpr const char* CAT_RELAY = "Node relay options";
constexpr const char* CAT_MINING = "Block creation options";
constexpr const char* CAT_RPC = "RPC server options";

/** Core's MAX_SCRIPTCHECK_THREADS. */
constexpr int MAX_SCRIPTCHECK_THREADS = 15;

util::Error OptionError(std::string_view option, std::string_view value, std::string_view expected)
{
    return util::Error{"Invalid value for -" + std::string{option} + "=" + std::string{value} + ": " +
                       std::string{expected}};
}

util::Result<int64_t> IntOption(const Args& args, std::string_view name, int64_t fallback, int64_t min, int64_t max)
{
    const int64_t value = args.GetInt(name, fallback);
    if (value < min || value > max) {
        return OptionError(name, std::to_string(value),
                           "must be between " + std::to_string(min) + " and " + std::to_string(max) + ".");
    }
    return value;
}

} // namespace

ArgsSpec BitnodedArgsSpec()
{
    using T = ArgType;
    ArgsSpec spec;
    spec.AddFlag("help", "Print this help message and exit", CAT_OPTIONS);
    spec.AddFlag("version", "Print version and exit", CAT_OPTIONS);
    spec.AddValue("conf", T::STRING, "<file>",
                  "Specify path to read-only configuration file. Relative paths will be prefixed by datadir location "
                  "(default: bitnode.conf)",
                  CAT_OPTIONS);
    spec.AddValue("datadir", T::STRING, "<dir>", "Specify data directory (default: ~/.bitnode)", CAT_OPTIONS);
    spec.AddFlag("daemon", "Run in the background as a daemon and accept commands (default: 0)", CAT_OPTIONS);
    spec.AddValue("pid", T::STRING, "<file>",
                  "Specify pid file. Relative paths will be prefixed by a net-specific datadir location. (default: "
                  "bitnoded.pid)",
                  CAT_OPTIONS);
    spec.AddValue("dbcache", T::INT, "<n>", "Maximum database cache size <n> MiB (minimum 4, default: 450)",
                  CAT_OPTIONS);
    spec.AddValue("par", T::INT, "<n>",
                  "Set the number of script verification threads (0 = auto, up to 15, <0 = leave that many cores "
                  "free, default: 0)",
                  CAT_OPTIONS);
    spec.AddFlag("reindex",
                 "If enabled, wipe chain state and block index, and rebuild them from blk*.dat files on disk.",
                 CAT_OPTIONS);
    spec.AddFlag("reindex-chainstate", "If enabled, wipe chain state, and rebuild it from blk*.dat files on disk.",
                 CAT_OPTIONS);
    spec.AddFlag("txindex", "Maintain a full transaction index, used by the getrawtransaction rpc call (default: 0)",
                 CAT_OPTIONS);
    spec.AddValue("maxmempool", T::INT, "<n>", "Keep the transaction memory pool below <n> megabytes (default: 300)",
                  CAT_OPTIONS);
    spec.AddValue("mempoolexpiry", T::INT, "<n>",
                  "Do not keep transactions in the mempool longer than <n> hours (default: 336)", CAT_OPTIONS);
    spec.AddFlag("persistmempool", "Whether to save the mempool on shutdown and load on restart (default: 1)",
                 CAT_OPTIONS);
    AddChainOptions(spec, BITNODED_DEFAULT_CHAIN);

    spec.AddFlag("listen", "Accept connections from outside (default: 1 if no -connect)", CAT_CONNECTION);
    spec.AddValue("bind", T::STRING, "<addr>[:<port>]", "Bind to given address and listen on it (default: 127.0.0.1)",
                  CAT_CONNECTION, true);
    spec.AddValue("port", T::INT, "<port>",
                  "Listen for connections on <port> (default: 8333, testnet3: 18333, testnet4: 48333, signet: 38333, "
                  "regtest: 18444)",
                  CAT_CONNECTION);
    spec.AddValue("connect", T::STRING, "<ip>",
                  "Connect only to the specified node; -noconnect disables automatic connections", CAT_CONNECTION,
                  true);
    spec.AddValue("addnode", T::STRING, "<ip>", "Add a node to connect to and attempt to keep the connection open",
                  CAT_CONNECTION, true);
    spec.AddValue("seednode", T::STRING, "<ip>", "Connect to a node to retrieve peer addresses, and disconnect",
                  CAT_CONNECTION, true);
    spec.AddValue("onlynet", T::STRING, "<net>",
                  "Make automatic outbound connections only to network <net> (ipv4, ipv6)", CAT_CONNECTION, true);
    spec.AddValue("maxconnections", T::INT, "<n>", "Maintain at most <n> automatic connections to peers (default: 125)",
                  CAT_CONNECTION);
    spec.AddFlag("networkactive",
                 "Enable all P2P network activity (default: 1). Can be changed by the setnetworkactive RPC command",
                 CAT_CONNECTION);

    spec.AddValue("debug", T::STRING, "<category>",
                  "Output debug and trace logging (default: -nodebug). If <category> is not supplied or if <category> "
                  "is 1 or all, output all debug logging. <category> can be: net, mempool, validation, mining, rpc, "
                  "http, txindex, rest.",
                  CAT_DEBUG, true);
    spec.AddValue("debugexclude", T::STRING, "<category>",
                  "Exclude debug and trace logging for a category. Can be used in conjunction with -debug=1 to output "
                  "debug and trace logging for all categories except the specified category.",
                  CAT_DEBUG, true);
    spec.AddValue("debuglogfile", T::STRING, "<file>",
                  "Specify location of debug log file (default: debug.log). Relative paths will be prefixed by a "
                  "net-specific datadir location. Pass -nodebuglogfile to disable writing the log to a file.",
                  CAT_DEBUG);
    spec.AddFlag("printtoconsole", "Send trace/debug info to console (default: 1 when no -daemon)", CAT_DEBUG);
    spec.AddValue("checkblocks", T::INT, "<n>", "How many blocks to check at startup (default: 6, 0 = all)", CAT_DEBUG);
    spec.AddValue("checklevel", T::INT, "<n>",
                  "How thorough the block verification of -checkblocks is: 0-4 (default: 3)", CAT_DEBUG);
    spec.AddFlag("acceptnonstdtxn", "Relay and mine \"non-standard\" transactions (test networks only; default: 0)",
                 CAT_DEBUG);

    spec.AddValue("minrelaytxfee", T::STRING, "<amt>",
                  "Fees (in BTC/kvB) smaller than this are considered zero fee for relaying, mining and transaction "
                  "creation (default: 0.00000100)",
                  CAT_RELAY);

    spec.AddValue("blockmaxweight", T::INT, "<n>", "Set maximum BIP141 block weight (default: 3996000)", CAT_MINING);
    spec.AddValue("blockmintxfee", T::STRING, "<amt>",
                  "Set lowest fee rate (in BTC/kvB) for transactions to be included in block creation. (default: "
                  "0.00000001)",
                  CAT_MINING);
    spec.AddValue("genproclimit", T::INT, "<n>", "Proof-of-work solver threads (default: 1, -1 = one per core)",
                  CAT_MINING);
    spec.AddValue(
        "mine", T::STRING, "<policy>",
        "Mining policy at startup: off, ondemand (blocks only through generate* RPCs), threshold:<k> (a block "
        "whenever the mempool holds at least k transactions), interval:<s> (a block every s seconds) "
        "(default: ondemand)",
        CAT_MINING);
    spec.AddValue("mineaddress", T::STRING, "<address>", "Address paid by automatically mined blocks", CAT_MINING);

    spec.AddFlag("server", "Accept command line and JSON-RPC commands (default: 1)", CAT_RPC);
    spec.AddFlag("rest", "Accept public REST requests (default: 0)", CAT_RPC);
    spec.AddValue("rpcbind", T::STRING, "<addr>[:port]",
                  "Bind to given address to listen for JSON-RPC connections. Do not expose the RPC server to untrusted "
                  "networks such as the public internet! This option is ignored unless -rpcallowip is also passed.",
                  CAT_RPC, true);
    spec.AddValue("rpcallowip", T::STRING, "<ip>",
                  "Allow JSON-RPC connections from specified source. Valid values for <ip> are a single IP (e.g. "
                  "1.2.3.4), a network/netmask (e.g. 1.2.3.4/255.255.255.0), a network/CIDR (e.g. 1.2.3.4/24).",
                  CAT_RPC, true);
    spec.AddValue("rpcport", T::INT, "<port>",
                  "Listen for JSON-RPC connections on <port> (default: 8332, testnet3: 18332, testnet4: 48332, "
                  "signet: 38332, regtest: 18443)",
                  CAT_RPC);
    spec.AddValue("rpcuser", T::STRING, "<user>", "Username for JSON-RPC connections", CAT_RPC);
    spec.AddValue("rpcpassword", T::STRING, "<pw>", "Password for JSON-RPC connections", CAT_RPC);
    spec.AddValue("rpcauth", T::STRING, "<userpw>",
                  "Username and HMAC-SHA-256 hashed password for JSON-RPC connections. The field <userpw> comes in "
                  "the format: <USERNAME>:<SALT>$<HASH>.",
                  CAT_RPC, true);
    spec.AddValue("rpccookiefile", T::STRING, "<loc>",
                  "Location of the auth cookie. Relative paths will be prefixed by a net-specific datadir location. "
                  "(default: data dir)",
                  CAT_RPC);
    spec.AddValue("rpcthreads", T::INT, "<n>", "Set the number of threads to service RPC calls (default: 4)", CAT_RPC);
    spec.AddValue("rpcworkqueue", T::INT, "<n>",
                  "Set the maximum depth of the work queue to service RPC calls (default: 16)", CAT_RPC);
    spec.AddValue("rpcservertimeout", T::INT, "<n>", "Timeout during HTTP requests (default: 30)", CAT_RPC);
    AddRestArgs(spec); // the web API's flags (src/app/rest_args.h)
    return spec;
}

const std::vector<std::string>& BitnodedNetworkOnlyOptions()
{
    static const std::vector<std::string> options{"addnode", "bind",    "connect", "port",
                                                  "rpcbind", "rpcport", "seednode"};
    return options;
}

util::Result<mining::MiningPolicy> ParseMineOption(std::string_view text)
{
    mining::MiningPolicy policy;
    const auto colon = text.find(':');
    const std::string_view mode = text.substr(0, colon);
    const std::string_view value = colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
    const util::Error bad =
        OptionError("mine", text, "use off, ondemand, threshold:<k> (k >= 1) or interval:<seconds>.");
    if (mode == "off" && colon == std::string_view::npos) {
        policy.mode = mining::MiningMode::OFF;
    } else if (mode == "ondemand" && colon == std::string_view::npos) {
        policy.mode = mining::MiningMode::ON_DEMAND;
    } else if (mode == "threshold") {
        const auto k = util::ParseUInt64(value);
        if (!k || *k == 0) return bad;
        policy.mode = mining::MiningMode::MEMPOOL_THRESHOLD;
        policy.mempool_threshold = static_cast<size_t>(*k);
    } else if (mode == "interval") {
        const bool millis = value.ends_with("ms");
        const auto n = util::ParseUInt64(millis ? value.substr(0, value.size() - 2) : value);
        if (!n || *n == 0 || *n > 365ULL * 24 * 3600 * 1000) return bad;
        policy.mode = mining::MiningMode::INTERVAL;
        policy.interval = millis ? std::chrono::milliseconds{*n} : std::chrono::milliseconds{*n * 1000};
    } else {
        return bad;
    }
    return policy;
}

util::Result<primitives::Amount> ParseBtcAmount(std::string_view option, std::string_view text)
{
    const std::optional<int64_t> amount = rpc::ParseFixedPoint(text, 8);
    if (!amount || *amount < 0 || !primitives::MoneyRange(*amount)) {
        return util::Error{"Invalid amount for -" + std::string{option} + "=<amount>: '" + std::string{text} + "'"};
    }
    return *amount;
}

util::Result<std::set<std::string>> DebugCategoriesFromArgs(const Args& args)
{
    std::set<std::string> categories;
    auto known = [](std::string_view name) {
        return std::find(std::begin(LOG_CATEGORIES), std::end(LOG_CATEGORIES), name) != std::end(LOG_CATEGORIES);
    };
    for (const std::string& value : args.GetAll("debug")) {
        if (value.empty() || value == "1" || value == "all") {
            categories.insert(std::begin(LOG_CATEGORIES), std::end(LOG_CATEGORIES));
        } else if (value == "0" || value == "none") {
            categories.clear();
            break;
        } else if (known(value)) {
            categories.insert(value);
        } else {
            return util::Error{"Unsupported logging category -debug=" + value + "."};
        }
    }
    for (const std::string& value : args.GetAll("debugexclude")) {
        if (value == "1" || value == "all") {
            categories.clear();
        } else if (known(value)) {
            categories.erase(value);
        } else {
            return util::Error{"Unsupported logging category -debugexclude=" + value + "."};
        }
    }
    return categories;
}

util::Result<node::NodeOptions> NodeOptionsFromArgs(const Args& args, const consensus::ChainParams& params,
                                                    const std::filesystem::path& net_datadir)
{
    node::NodeOptions options;
    options.datadir = net_datadir;
    options.chain_params = &params;

    // Chainstate.
    auto dbcache = IntOption(args, "dbcache", 450, 4, 1 << 20);
    if (!dbcache) return util::Error{dbcache.error()};
    options.chainstate.dbcache_bytes = storage::DbCacheBytes(*dbcache);
    auto checkblocks = IntOption(args, "checkblocks", chain::DEFAULT_CHECKBLOCKS, 0, 1 << 30);
    if (!checkblocks) return util::Error{checkblocks.error()};
    options.chainstate.check_blocks = static_cast<int>(*checkblocks);
    auto checklevel = IntOption(args, "checklevel", chain::DEFAULT_CHECKLEVEL, 0, 4);
    if (!checklevel) return util::Error{checklevel.error()};
    options.chainstate.check_level = static_cast<int>(*checklevel);
    options.chainstate.reindex = args.GetBool("reindex", false);
    options.chainstate.reindex_chainstate = args.GetBool("reindex-chainstate", false);
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    int64_t par = args.GetInt("par", 0);
    if (par <= 0) par += cores;
    par = std::clamp<int64_t>(par, 1, MAX_SCRIPTCHECK_THREADS);
    options.chainstate.script_check_threads = static_cast<unsigned>(par - 1);

    // Mempool.
    auto maxmempool = IntOption(args, "maxmempool", mempool::DEFAULT_MAX_MEMPOOL_SIZE_MB, 5, 1 << 20);
    if (!maxmempool) {
        return util::Error{"-maxmempool must be at least 5 MB (" + maxmempool.error() + ")"};
    }
    options.mempool.max_size_bytes = *maxmempool * 1'000'000;
    auto expiry = IntOption(args, "mempoolexpiry", mempool::DEFAULT_MEMPOOL_EXPIRY_HOURS, 1, 1 << 20);
    if (!expiry) return util::Error{expiry.error()};
    options.mempool.expiry_seconds = *expiry * 3600;
    if (auto text = args.GetString("minrelaytxfee")) {
        auto fee = ParseBtcAmount("minrelaytxfee", *text);
        if (!fee) return util::Error{fee.error()};
        options.mempool.min_relay_fee = mempool::FeeRate{*fee};
    }
    const bool test_network = params.IsTestChain();
    const bool accept_nonstd = args.GetBool("acceptnonstdtxn", false);
    if (accept_nonstd && !test_network) {
        return util::Error{"acceptnonstdtxn is not currently supported for " + params.GetChainTypeString() + " chain"};
    }
    options.mempool.require_standard = !accept_nonstd;
    options.persist_mempool = args.GetBool("persistmempool", node::DEFAULT_PERSIST_MEMPOOL);
    options.txindex = args.GetBool("txindex", node::DEFAULT_TXINDEX);

    // Mining.
    int64_t threads = args.GetInt("genproclimit", 1);
    if (threads < 0) threads = cores;
    options.mining.threads = static_cast<unsigned>(std::clamp<int64_t>(threads, 1, 256));
    auto max_weight = IntOption(args, "blockmaxweight", mining::DEFAULT_BLOCK_MAX_WEIGHT, 4000, 4'000'000);
    if (!max_weight) return util::Error{max_weight.error()};
    options.mining.assembler.block_max_weight = *max_weight;
    if (auto text = args.GetString("blockmintxfee")) {
        auto fee = ParseBtcAmount("blockmintxfee", *text);
        if (!fee) return util::Error{fee.error()};
        options.mining.assembler.block_min_fee_rate = mempool::FeeRate{*fee};
    }
    if (auto text = args.GetString("mine")) {
        auto policy = ParseMineOption(*text);
        if (!policy) return util::Error{policy.error()};
        options.mining.policy = *policy;
    }
    if (auto address = args.GetString("mineaddress")) {
        std::string error;
        const script::TxDestination dest = script::DecodeDestination(*address, params.GetAddressParams(), &error);
        if (!script::IsValidDestination(dest)) {
            return util::Error{"Invalid -mineaddress '" + *address +
                               "': " + (error.empty() ? "not an address" : error)};
        }
        const script::Script script = script::GetScriptForDestination(dest);
        options.mining.default_coinbase_script.assign(script.begin(), script.end());
    }

    // P2P: off entirely when nothing would listen or connect (-listen=0 -noconnect).
    const std::vector<std::string> connect = args.GetAll("connect");
    const bool no_connect = args.IsNegated("connect");
    const bool listen = args.GetBool("listen", !args.IsSet("connect") || no_connect);
    if (!listen && no_connect && args.GetAll("addnode").empty() && args.GetAll("seednode").empty()) {
        return options;
    }
    node::NodeNetworkOptions net_opts;
    net::ConnectionManager::Options& conn = net_opts.connman;
    conn.listen = listen;
    if (args.IsSet("port")) {
        auto port = IntOption(args, "port", 0, 0, 65535);
        if (!port) return util::Error{port.error()};
        conn.port = static_cast<uint16_t>(*port);
    }
    for (const std::string& bind : args.GetAll("bind")) {
        auto service = net::Service::Parse(bind, conn.port.value_or(params.GetDefaultPort()));
        if (!service) return util::Error{"Cannot resolve -bind address: '" + bind + "'"};
        conn.binds.push_back(*service);
    }
    conn.connect = no_connect ? std::vector<std::string>{} : connect;
    conn.automatic_outbound = connect.empty() && !no_connect;
    conn.addnode = args.GetAll("addnode");
    conn.seednode = args.GetAll("seednode");
    for (const std::string& name : args.GetAll("onlynet")) {
        const std::optional<net::Network> network = net::ParseNetwork(name);
        if (!network) return util::Error{"Unknown network specified in -onlynet: '" + name + "'"};
        conn.onlynet.insert(*network);
    }
    auto max_connections = IntOption(args, "maxconnections", net::DEFAULT_MAX_PEER_CONNECTIONS, 0, 100000);
    if (!max_connections) return util::Error{max_connections.error()};
    conn.max_connections = static_cast<int>(*max_connections);
    net_opts.network_active = args.GetBool("networkactive", true);
    options.network = std::move(net_opts);
    return options;
}

util::Result<RpcServerSettings> RpcServerSettingsFromArgs(const Args& args, std::string_view chain,
                                                          const std::filesystem::path& datadir)
{
    RpcServerSettings settings;
    auto port = IntOption(args, "rpcport", rpc::DefaultRpcPort(chain), 0, 65535);
    if (!port) return util::Error{port.error()};
    auto plan = net::PlanHttpBind(args.GetAll("rpcbind"), args.GetAll("rpcallowip"), static_cast<uint16_t>(*port));
    if (!plan) return util::Error{plan.error()};
    settings.http.bind = plan->endpoints;
    settings.bind_warnings = plan->warnings;
    for (const std::string& allow : args.GetAll("rpcallowip")) {
        const std::optional<net::HttpSubnet> subnet = net::HttpSubnet::Parse(allow);
        if (!subnet) {
            return util::Error{"Invalid -rpcallowip subnet specification: " + allow +
                               ". Valid values are a single IP (e.g. 1.2.3.4), a network/netmask (e.g. "
                               "1.2.3.4/255.255.255.0) or a network/CIDR (e.g. 1.2.3.4/24)."};
        }
        settings.http.allow.push_back(*subnet);
    }
    auto threads = IntOption(args, "rpcthreads", net::DEFAULT_HTTP_THREADS, 1, 1024);
    if (!threads) return util::Error{threads.error()};
    settings.http.worker_threads = static_cast<size_t>(*threads);
    auto queue = IntOption(args, "rpcworkqueue", net::DEFAULT_HTTP_WORKQUEUE, 1, 1 << 20);
    if (!queue) return util::Error{queue.error()};
    settings.http.work_queue_depth = static_cast<size_t>(*queue);
    auto timeout = IntOption(args, "rpcservertimeout", net::DEFAULT_HTTP_SERVER_TIMEOUT.count(), 1, 1 << 20);
    if (!timeout) return util::Error{timeout.error()};
    settings.http.timeout = std::chrono::seconds{*timeout};
    settings.rpc_user = args.GetString("rpcuser").value_or("");
    settings.rpc_password = args.GetString("rpcpassword").value_or("");
    settings.rpcauth = args.GetAll("rpcauth");
    settings.cookie_path = rpc::CookiePath(datadir, chain, args.GetString("rpccookiefile").value_or(""));
    return settings;
}

} // namespace app
