#include <node/context.h>

#include <mempool/chainstate_view.h>
#include <mempool/persist.h>
#include <node/mempool_sync.h>

#include <filesystem>
#include <system_error>
#include <utility>

namespace node {

namespace {

constexpr const char* MEMPOOL_FILE = "mempool.dat";

} // namespace

NodeContext::NodeContext(NodeOptions options)
    : m_options(std::move(options)), m_clock(m_options.clock ? m_options.clock : &m_system_clock),
      m_start_time(m_clock->Now()), m_interrupt_flag(m_options.interrupt ? m_options.interrupt : &m_own_interrupt)
{}

NodeContext::~NodeContext() { Stop(); }

util::Result<std::unique_ptr<NodeContext>> NodeContext::Start(NodeOptions options)
{
    if (options.chain_params == nullptr) return util::Error{"NodeOptions::chain_params is not set."};
    if (options.datadir.empty()) return util::Error{"NodeOptions::datadir is not set."};
    std::unique_ptr<NodeContext> node{new NodeContext(std::move(options))};
    if (auto started = node->StartSubsystems(); !started) {
        node.reset(); // the destructor stops what did start (clang cannot check Stop's lock on another object)
        return util::Error{started.error()};
    }
    return node;
}

void NodeContext::Log(std::string_view category, const std::string& message) const
{
    if (m_options.log) m_options.log(category, message);
}

void NodeContext::OnFatalError(const std::string& message)
{
    {
        LOCK(m_shutdown_mutex);
        if (m_fatal_error) return;
        m_fatal_error = message;
    }
    Log("", "Fatal error: " + message);
    if (m_options.fatal_error) m_options.fatal_error(message);
    RequestShutdown();
}

util::Result<void> NodeContext::StartSubsystems()
{
    std::error_code ec;
    std::filesystem::create_directories(m_options.datadir, ec);
    if (ec) {
        return util::Error{"Cannot create the data directory " + m_options.datadir.string() + ": " + ec.message()};
    }

    m_signals = std::make_unique<chain::ValidationSignals>();

    chain::ChainstateManagerOptions chain_opts = m_options.chainstate;
    chain_opts.datadir = m_options.datadir;
    chain_opts.chain_params = m_options.chain_params;
    chain_opts.signals = m_signals.get();
    chain_opts.clock = m_clock;
    chain_opts.interrupt = m_interrupt_flag;
    chain_opts.log = [this](const std::string& line) { Log("", line); };
    chain_opts.fatal_error = [this](const std::string& message) { OnFatalError(message); };
    auto chainman = chain::ChainstateManager::Open(std::move(chain_opts));
    if (!chainman) return util::Error{chainman.error()};
    m_chainman = std::move(*chainman);
    if (ShutdownRequested()) return util::Error{"Shutdown requested while loading the chainstate."};

    mempool::MempoolOptions pool_opts = m_options.mempool;
    pool_opts.signals = m_signals.get();
    pool_opts.clock = m_clock;
    m_mempool = std::make_unique<mempool::TxMemPool>(std::move(pool_opts));

    m_mempool_sync = std::make_shared<MempoolSync>(*m_chainman, *m_mempool,
                                                   [this](const std::string& line) { Log("mempool", line); });
    // Events the chainstate queued while opening point at blocks the empty pool never
    // saw; the listener starts with the events after them.
    m_signals->SyncWithValidationInterfaceQueue();
    m_signals->RegisterListener(m_mempool_sync);

    if (m_options.persist_mempool) {
        LoadMempoolFile();
    }
    m_mempool_loaded = true;

    if (auto started = StartTxIndex(); !started) return started;
    if (auto started = StartMiner(); !started) return started;
    if (auto started = StartNetwork(); !started) return started;
    Log("", "Node started: " + Params().GetChainTypeString() + ", height " + std::to_string(GetHeight()));
    return {};
}

void NodeContext::LoadMempoolFile()
{
    const std::filesystem::path path = m_options.datadir / MEMPOOL_FILE;
    if (!std::filesystem::exists(path)) return;
    util::Result<mempool::LoadStats> stats = [&]() {
        LOCK(m_chainman->GetMutex());
        const mempool::ChainstateMempoolView view{*m_chainman};
        return mempool::LoadMempool(*m_mempool, view, path);
    }();
    if (!stats) {
        Log("", "Failed to load mempool.dat (" + stats.error() + "); starting with an empty mempool");
        return;
    }
    Log("", "Imported mempool transactions from " + path.string() + ": " + std::to_string(stats->accepted) +
                " succeeded, " + std::to_string(stats->failed) + " failed, " + std::to_string(stats->expired) +
                " expired, " + std::to_string(stats->already_there) + " already there");
}

void NodeContext::RequestShutdown()
{
    *m_interrupt_flag = true;
    LOCK(m_shutdown_mutex);
    m_shutdown_cv.NotifyAll();
}

void NodeContext::WaitForShutdown()
{
    WAIT_LOCK(m_shutdown_mutex, lock);
    // The flag may be set from outside (NodeOptions::interrupt) without a notification: poll it too.
    while (
        !m_shutdown_cv.WaitFor(lock, std::chrono::milliseconds{100}, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_shutdown_mutex) {
            return m_interrupt_flag->load() || m_stopped;
        })) {}
}

std::optional<std::string> NodeContext::FatalError() const
{
    LOCK(m_shutdown_mutex);
    return m_fatal_error;
}

void NodeContext::Stop()
{
    {
        LOCK(m_shutdown_mutex);
        if (m_stopped) return;
        m_stopped = true;
        m_shutdown_cv.NotifyAll();
    }
    *m_interrupt_flag = true;
    Log("", "Shutdown: in progress...");
    StopMiner();
    StopNetwork();
    if (m_signals) {
        // Let the mempool (and the indexes) catch up with the last blocks before writing them.
        m_signals->SyncWithValidationInterfaceQueue();
    }
    if (m_mempool && m_options.persist_mempool && m_mempool_loaded) {
        if (auto dumped = mempool::DumpMempool(*m_mempool, m_options.datadir / MEMPOOL_FILE); !dumped) {
            Log("", "Failed to write mempool.dat: " + dumped.error());
        } else {
            Log("mempool", "Dumped " + std::to_string(m_mempool->Size()) + " transactions to mempool.dat");
        }
    }
    if (m_chainman) {
        if (auto flushed = m_chainman->ForceFlush(); !flushed)
            Log("", "Failed to flush the chainstate: " + flushed.error());
    }
    if (m_signals) {
        m_signals->SyncWithValidationInterfaceQueue();
        m_signals->UnregisterAllListeners();
    }
    StopTxIndex();
    // The miner unregisters itself from the signals, so it goes while they still exist.
    m_miner.reset();
    m_mempool_sync.reset();
    m_mempool.reset();
    // The manager's destructor writes the last state and waits for notifications that point into it.
    m_chainman.reset();
    m_signals.reset();
    Log("", "Shutdown: done");
}

} // namespace node
