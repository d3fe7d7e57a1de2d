#include <app/bitnoded.h>

#include <app/cli_config.h>
#include <app/node_args.h>
#include <app/rest_args.h>
#include <net/http_server.h>
#include <node/context.h>
#include <rest/rest.h>
#include <rpc/auth.h>
#include <rpc/http_rpc.h>
#include <rpc/register.h>
#include <rpc/table.h>
#include <util/fs.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <pthread.h>
#include <thread>
#include <unistd.h>

#ifndef BITNODE_VERSION
#define BITNODE_VERSION "unknown"
#endif

namespace app {

namespace fs = std::filesystem;

namespace {

std::string VersionText() { return std::string{"bitnode daemon version v"} + BITNODE_VERSION + "\n"; }

std::string UsageText(const ArgsSpec& spec)
{
    return VersionText() +
           "\nThe bitnode daemon: a Bitcoin full node (default network: regtest).\n\n"
           "Usage:  bitnoded [options]                     Start the bitnode daemon\n\n" +
           spec.FormatHelp();
}

fs::path DefaultDataDir()
{
    const char* home = std::getenv("HOME");
    return fs::path{home && *home ? home : "/"} / ".bitnode";
}

/** A path option relative to `base` unless absolute. */
fs::path AbsoluteIn(const fs::path& base, const std::string& value)
{
    const fs::path path{value};
    return path.is_absolute() ? path : base / path;
}

/**
 * SIGINT/SIGTERM/SIGHUP are blocked in every thread and taken by one thread with sigwait,
 * so no work happens inside a signal handler: the first SIGINT/SIGTERM asks for a
 * graceful shutdown, a second one exits at once, SIGHUP reopens the log. SIGUSR2 (sent by
 * the destructor to this thread only) ends the thread.
 */
class SignalThread
{
public:
    SignalThread(std::function<void()> on_shutdown, std::function<void()> on_hangup)
        : m_on_shutdown(std::move(on_shutdown)), m_on_hangup(std::move(on_hangup))
    {
        m_thread = std::thread([this] { Run(); });
    }
    ~SignalThread()
    {
        m_exit = true;
        pthread_kill(m_thread.native_handle(), SIGUSR2);
        m_thread.join();
    }
    SignalThread(const SignalThread&) = delete;
    SignalThread& operator=(const SignalThread&) = delete;

    /** Block the signals in the calling thread and every thread it starts later. */
    static void BlockSignals()
    {
        sigset_t set = Set();
        pthread_sigmask(SIG_BLOCK, &set, nullptr);
    }
    bool ShutdownSignalled() const { return m_shutdown_count.load() > 0; }

private:
    static sigset_t Set()
    {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGHUP);
        sigaddset(&set, SIGUSR2);
        return set;
    }
    void Run()
    {
        const sigset_t set = Set();
        while (!m_exit) {
            int signal = 0;
            if (sigwait(&set, &signal) != 0) continue;
            if (signal == SIGINT || signal == SIGTERM) {
                if (m_shutdown_count.fetch_add(1) > 0) {
                    static constexpr char MESSAGE[] = "bitnoded: second signal, exiting immediately\n";
                    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, MESSAGE, sizeof(MESSAGE) - 1);
                    _exit(1);
                }
                m_on_shutdown();
            } else if (signal == SIGHUP) {
                m_on_hangup();
            }
        }
    }

    std::function<void()> m_on_shutdown;
    std::function<void()> m_on_hangup;
    std::atomic<bool> m_exit{false};
    std::atomic<int> m_shutdown_count{0};
    std::thread m_thread;
};

/** Everything settled from the options before anything starts. */
struct DaemonSettings {
    Args args;
    std::string chain;
    fs::path datadir;
    fs::path net_datadir;
};

util::Result<DaemonSettings> Configure(Args args, const ArgsSpec& spec)
{
    DaemonSettings settings;
    if (auto datadir = args.GetString("datadir")) {
        settings.datadir = fs::absolute(*datadir);
        if (!fs::is_directory(settings.datadir)) {
            return util::Error{"Specified data directory \"" + *datadir + "\" does not exist."};
        }
    } else {
        settings.datadir = DefaultDataDir();
        std::error_code ec;
        fs::create_directories(settings.datadir, ec);
        if (ec) return util::Error{"Cannot create data directory " + settings.datadir.string() + ": " + ec.message()};
    }
    const auto conf = args.GetString("conf");
    const fs::path config_path = AbsoluteIn(settings.datadir, conf.value_or(BITNODED_CONFIG_FILENAME));
    std::vector<ConfigEntry> entries;
    if (fs::exists(config_path)) {
        auto text = util::ReadFileText(config_path);
        if (!text) return util::Error{"Error reading configuration file: " + text.error()};
        auto parsed = ParseConfigText(*text, config_path.string());
        if (!parsed) return util::Error{"Error reading configuration file: " + parsed.error()};
        entries = std::move(*parsed);
    } else if (conf) {
        return util::Error{"Error reading configuration file: specified config file \"" + config_path.string() +
                           "\" could not be opened."};
    }
    const auto& network_only = BitnodedNetworkOnlyOptions();
    if (auto applied = ApplyTopLevelConfig(entries, spec, args, BITNODED_PROGRAM, network_only); !applied) {
        return util::Error{"Error reading configuration file: " + applied.error()};
    }
    auto chain = SelectChain(args, BITNODED_DEFAULT_CHAIN);
    if (!chain) return util::Error{chain.error()};
    settings.chain = *chain;
    if (auto applied = ApplyChainConfig(entries, spec, args, settings.chain, BITNODED_PROGRAM, network_only);
        !applied) {
        return util::Error{"Error reading configuration file: " + applied.error()};
    }
    settings.net_datadir = settings.datadir / rpc::ChainDataDirName(settings.chain);
    settings.args = std::move(args);
    return settings;
}

/** The running JSON-RPC server: table, credentials, cookie and HTTP server. */
struct RpcServer {
    std::unique_ptr<rpc::RpcTable> table;
    rpc::RpcAuthenticator auth;
    std::optional<rpc::AuthCookie> cookie;
    std::unique_ptr<rpc::JsonRpcHttpHandler> handler;
    std::unique_ptr<net::HttpServer> http;
    std::unique_ptr<rest::RestService> rest;

    void Stop()
    {
        if (http) {
            if (rest) rest::UnregisterRestHandlers(*http, *rest); // also ends open event streams
            rpc::UnregisterJsonRpcHandlers(*http);
            http->Stop();
        }
        http.reset();
        rest.reset();
        handler.reset();
        cookie.reset(); // deletes .cookie
    }
};

util::Result<void> StartRpcServer(RpcServer& server, node::NodeContext& node, const DaemonSettings& settings,
                                  NodeLogger& logger)
{
    auto rpc_settings = RpcServerSettingsFromArgs(settings.args, settings.chain, settings.datadir);
    if (!rpc_settings) return util::Error{rpc_settings.error()};
    for (const std::string& warning : rpc_settings->bind_warnings) logger.Log("", "Warning: " + warning);

    rpc::RpcServerHooks hooks;
    hooks.request_shutdown = [&node] { node.RequestShutdown(); };
    hooks.now = [&node] { return node.Clock().Now(); };
    hooks.startup_time = node.Clock().Now() - node.Uptime();
    hooks.log_path = logger.Path().string();
    hooks.log_categories = [&logger] { return logger.Categories(); };
    hooks.set_log_category = [&logger](const std::string& category, bool enable) {
        return logger.SetCategory(category, enable);
    };
    server.table = std::make_unique<rpc::RpcTable>(std::move(hooks));
    rpc::RegisterAllRpcCommands(*server.table);

    if (!rpc_settings->rpc_password.empty()) {
        server.auth.AddPlaintext(rpc_settings->rpc_user, rpc_settings->rpc_password);
    } else {
        auto cookie = rpc::AuthCookie::Create(rpc_settings->cookie_path);
        if (!cookie) return util::Error{"Unable to start HTTP server: " + cookie.error()};
        server.auth.AddPlaintext(std::string{rpc::COOKIEAUTH_USER}, cookie->Password());
        logger.Log("rpc", "Generated RPC authentication cookie " + cookie->Path().string());
        server.cookie.emplace(std::move(*cookie));
    }
    for (const std::string& rpcauth : rpc_settings->rpcauth) {
        if (auto added = server.auth.AddRpcAuth(rpcauth); !added) return util::Error{"Invalid -rpcauth argument."};
    }
    server.handler = std::make_unique<rpc::JsonRpcHttpHandler>(*server.table, server.auth, std::any{&node});
    server.http = std::make_unique<net::HttpServer>(rpc_settings->http);
    rpc::RegisterJsonRpcHandlers(*server.http, *server.handler);
    // The web layers (doc/rest.md, doc/api-v1.md) on the same server.
    auto rest_options = RestOptionsFromArgs(settings.args, settings.net_datadir);
    if (!rest_options) return util::Error{rest_options.error()};
    rest_options->rpc_table = server.table.get();
    rest_options->version = BITNODE_VERSION;
    server.rest = rest::RegisterRestHandlers(*server.http, node, *rest_options);
    if (auto started = server.http->Start(); !started)
        return util::Error{"Unable to start HTTP server: " + started.error()};
    for (const std::string& warning : server.http->Warnings()) logger.Log("", "Warning: " + warning);
    for (const net::HttpEndpoint& endpoint : server.http->BoundEndpoints()) {
        logger.Log("", "Binding RPC on address " + endpoint.host + " port " + std::to_string(endpoint.port));
    }
    server.table->SetWarmupFinished();
    return {};
}

/**
 * -daemon: fork; the parent waits until the child has started (or failed) and exits with
 * 0 or 1, the child goes on in a new session. Returns the child's end of the pipe it
 * reports readiness on, or -1 in the foreground; nullopt in the parent, with *status set.
 */
std::optional<int> Daemonize(bool as_daemon, int* status, std::ostream& err)
{
    if (!as_daemon) return -1;
    int fds[2];
    if (::pipe(fds) != 0) {
        err << "Error: -daemon: pipe failed\n";
        *status = 1;
        return std::nullopt;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        err << "Error: -daemon: fork failed\n";
        *status = 1;
        return std::nullopt;
    }
    if (pid > 0) {
        ::close(fds[1]);
        char ready = 1;
        // The child writes one byte once it serves; a closed pipe means it failed (its error is on stderr).
        *status = ::read(fds[0], &ready, 1) == 1 && ready == 0 ? 0 : 1;
        ::close(fds[0]);
        return std::nullopt;
    }
    ::close(fds[0]);
    ::setsid();
    return fds[1];
}

/** The node's run after the options are settled; returns the exit status. */
int RunNode(const DaemonSettings& settings, std::ostream& err, int ready_fd)
{
    const Args& args = settings.args;
    std::error_code ec;
    fs::create_directories(settings.net_datadir, ec);
    if (ec) {
        err << "Error: Cannot create data directory " << settings.net_datadir.string() << ": " << ec.message() << "\n";
        return 1;
    }
    auto lock = DirectoryLock::Acquire(settings.net_datadir);
    if (!lock) {
        err << "Error: " << lock.error() << "\n";
        return 1;
    }
    auto categories = DebugCategoriesFromArgs(args);
    if (!categories) {
        err << "Error: " << categories.error() << "\n";
        return 1;
    }
    const fs::path log_path =
        args.IsNegated("debuglogfile")
            ? fs::path{}
            : AbsoluteIn(settings.net_datadir, args.GetString("debuglogfile", DEBUG_LOG_FILENAME));
    const bool as_daemon = args.GetBool("daemon", false);
    NodeLogger logger{log_path, args.GetBool("printtoconsole", !as_daemon), std::move(*categories)};
    if (auto opened = logger.Open(); !opened) {
        err << "Error: " << opened.error() << "\n";
        return 1;
    }
    logger.Log("", "bitnode version v" + std::string{BITNODE_VERSION});
    logger.Log("", "Using data directory " + settings.net_datadir.string());

    const auto chain_type = consensus::ChainTypeFromString(settings.chain);
    if (!chain_type) {
        err << "Error: unknown chain " << settings.chain << "\n";
        return 1;
    }
    const std::unique_ptr<const consensus::ChainParams> params = consensus::ChainParams::ForChain(*chain_type);
    auto options = NodeOptionsFromArgs(args, *params, settings.net_datadir);
    if (!options) {
        err << "Error: " << options.error() << "\n";
        logger.Log("", "Error: " + options.error());
        return 1;
    }
    options->log = [&logger](std::string_view category, const std::string& message) { logger.Log(category, message); };

    const fs::path pid_path = AbsoluteIn(settings.net_datadir, args.GetString("pid", BITNODED_PID_FILENAME));
    {
        std::ofstream pid_file{pid_path, std::ios::trunc};
        if (!pid_file) {
            err << "Error: Unable to create the PID file '" << pid_path.string() << "'\n";
            return 1;
        }
        pid_file << ::getpid() << "\n";
    }

    // The signal thread only sets this flag: the node polls it (also during a long startup).
    std::atomic<bool> interrupt{false};
    options->interrupt = &interrupt;
    SignalThread signals{[&] {
                             logger.Log("", "Shutdown requested by signal");
                             interrupt = true;
                         },
                         [&] { logger.Reopen(); }};

    int status = 0;
    auto started = node::NodeContext::Start(std::move(*options));
    if (!started && signals.ShutdownSignalled()) {
        // A signal during startup: what was started has been stopped cleanly.
        logger.Log("", "Startup interrupted by a shutdown request (" + started.error() + ")");
    } else if (!started) {
        err << "Error: " << started.error() << "\n";
        logger.Log("", "Error: " + started.error());
        status = 1;
    } else {
        node::NodeContext& node = **started;
        RpcServer rpc_server;
        if (args.GetBool("server", true) && !node.ShutdownRequested()) {
            if (auto rpc_started = StartRpcServer(rpc_server, node, settings, logger); !rpc_started) {
                err << "Error: " << rpc_started.error() << "\n";
                logger.Log("", "Error: " + rpc_started.error());
                status = 1;
                node.RequestShutdown();
            }
        }
        if (status == 0) {
            logger.Log("", "init message: Done loading");
            if (ready_fd >= 0) {
                const char ready = 0;
                [[maybe_unused]] const auto written = ::write(ready_fd, &ready, 1);
                ::close(ready_fd);
                ready_fd = -1;
                // Started: let go of the launcher's terminal and pipes, as a daemon does.
                const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
                if (null_fd >= 0) {
                    ::dup2(null_fd, STDIN_FILENO);
                    ::dup2(null_fd, STDOUT_FILENO);
                    ::dup2(null_fd, STDERR_FILENO);
                    ::close(null_fd);
                }
            }
            node.WaitForShutdown();
        }
        rpc_server.Stop();
        node.Stop();
        if (auto fatal = node.FatalError()) {
            err << "Error: " << *fatal << "\n";
            status = 1;
        }
        started->reset();
    }
    fs::remove(pid_path, ec);
    return status;
}

} // namespace

int RunBitnoded(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err)
{
    // Before any thread starts, so every thread inherits the blocked signals.
    SignalThread::BlockSignals();
    const ArgsSpec spec = BitnodedArgsSpec();
    // Core accepts a bare -debug (every category); the generic parser wants a value.
    std::vector<std::string> args = argv;
    for (std::string& arg : args) {
        if (arg == "-debug" || arg == "--debug") arg += "=1";
    }
    auto parsed = spec.Parse(args, BITNODED_PROGRAM);
    if (!parsed) {
        err << "Error: " << parsed.error() << "\n";
        return 1;
    }
    if (parsed->GetBool("help", false)) {
        out << UsageText(spec);
        return 0;
    }
    if (parsed->GetBool("version", false)) {
        out << VersionText();
        return 0;
    }
    if (!parsed->Positional().empty()) {
        err << "Error: Command line contains unexpected token '" << parsed->Positional().front()
            << "', see bitnoded -help for a list of options.\n";
        return 1;
    }
    auto settings = Configure(std::move(*parsed), spec);
    if (!settings) {
        err << "Error: " << settings.error() << "\n";
        return 1;
    }
    int status = 0;
    const std::optional<int> ready_fd = Daemonize(settings->args.GetBool("daemon", false), &status, err);
    if (!ready_fd) return status;
    try {
        return RunNode(*settings, err, *ready_fd);
    } catch (const std::exception& e) {
        err << "Error: " << e.what() << "\n";
        return 1;
    }
}

} // namespace app
