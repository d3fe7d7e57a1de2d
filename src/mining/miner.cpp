// The miner controller: Generate* calls, the policy thread and the notification listener
// (see miner.h).
#include <mining/miner.h>

#include <chain/chainstate_manager.h>
#include <chain/notifications.h>
#include <mempool/txmempool.h>
#include <mining/solver.h>
#include <util/sync.h>
#include <util/time.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <thread>

namespace mining {

namespace {

using primitives::Block;
using primitives::uint256;

/** Hash-rate samples are taken this often while searching ... */
constexpr int64_t RATE_SAMPLE_MICROS = 250'000;
/** ... and the rate is measured over this window. */
constexpr int64_t RATE_WINDOW_MICROS = 5'000'000;
/** Longest the policy thread sleeps without looking again (a safety net; events wake it earlier). */
constexpr auto POLICY_POLL = std::chrono::seconds{1};

/** What the listener and the miner share; outlives either (the listener may still be running). */
struct Shared {
    /** Bumped on every new tip: searches started under an older value stop. */
    std::atomic<uint64_t> tip_generation{0};
    /** Stop(): every search ends and the policy thread exits. */
    std::atomic<bool> interrupt{false};

    util::Mutex mutex;
    util::ConditionVariable cv;
    /** Bumped by events that may make the policy thread mine (tx added, new tip, policy set, stop). */
    uint64_t wake_events GUARDED_BY(mutex){0};

    void Wake() EXCLUSIVE_LOCKS_REQUIRED(!mutex)
    {
        {
            LOCK(mutex);
            ++wake_events;
        }
        cv.NotifyAll();
    }
};

class Listener final : public chain::ValidationInterface
{
public:
    explicit Listener(std::shared_ptr<Shared> shared) : m_shared{std::move(shared)} {}
    void UpdatedBlockTip(const chain::BlockIndex* /*new_tip*/, const chain::BlockIndex* /*fork*/,
                         bool /*initial_download*/) override
    {
        m_shared->tip_generation.fetch_add(1);
        m_shared->Wake();
    }
    void TransactionAddedToMempool(const primitives::TransactionRef& /*tx*/, uint64_t /*sequence*/) override
    {
        m_shared->Wake();
    }

private:
    std::shared_ptr<Shared> m_shared;
};

struct RateSample {
    int64_t micros{0};
    uint64_t hashes{0};
};

} // namespace

std::string MiningModeName(MiningMode mode)
{
    switch (mode) {
    case MiningMode::OFF:
        return "off";
    case MiningMode::ON_DEMAND:
        return "on_demand";
    case MiningMode::MEMPOOL_THRESHOLD:
        return "mempool_threshold";
    case MiningMode::INTERVAL:
        return "interval";
    }
    return "unknown";
}

std::optional<MiningMode> MiningModeFromName(std::string_view name)
{
    for (MiningMode mode :
         {MiningMode::OFF, MiningMode::ON_DEMAND, MiningMode::MEMPOOL_THRESHOLD, MiningMode::INTERVAL}) {
        if (MiningModeName(mode) == name) return mode;
    }
    return std::nullopt;
}

class Miner::Impl
{
public:
    Impl(chain::ChainstateManager& chainman, mempool::TxMemPool& pool, chain::ValidationSignals& signals,
         MinerOptions options)
        : m_chainman{chainman}, m_pool{pool}, m_signals{signals}, m_options{std::move(options)},
          m_policy{m_options.policy}, m_threads{std::max(1u, m_options.threads)}
    {
        m_listener = std::make_shared<Listener>(m_shared);
        m_signals.RegisterListener(m_listener);
    }
    ~Impl()
    {
        Stop();
        m_signals.UnregisterListener(m_listener.get());
    }

    void Start() EXCLUSIVE_LOCKS_REQUIRED(!m_state_mutex);
    void Stop() EXCLUSIVE_LOCKS_REQUIRED(!m_state_mutex, !m_job_mutex);

    util::Result<std::vector<uint256>> GenerateToScript(const ScriptBytes& script, int nblocks, uint64_t max_tries)
        EXCLUSIVE_LOCKS_REQUIRED(!m_job_mutex, !m_state_mutex, !m_rate_mutex);
    util::Result<GeneratedBlock> GenerateBlock(const ScriptBytes& script,
                                               const std::vector<primitives::TransactionRef>& txs, bool submit)
        EXCLUSIVE_LOCKS_REQUIRED(!m_job_mutex, !m_state_mutex, !m_rate_mutex);

    void SetPolicy(MiningPolicy policy) EXCLUSIVE_LOCKS_REQUIRED(!m_state_mutex);
    MiningPolicy GetPolicy() const EXCLUSIVE_LOCKS_REQUIRED(!m_state_mutex)
    {
        LOCK(m_state_mutex);
        return m_policy;
    }
    void SetThreads(unsigned threads) EXCLUSIVE_LOCKS_REQUIRED(!m_state_mutex)
    {
        LOCK(m_state_mutex);
        m_threads = std::max(1u, threads);
    }
    MiningInfo GetMiningInfo() const EXCLUSIVE_LOCKS_REQUIRED(!m_state_mutex, !m_rate_mutex);

private:
    void Log(const std::string& line) const
    {
        if (m_options.log) m_options.log(line);
    }
    /** Let the notification queue drain so the mempool has seen the tip (not from that thread). */
    void SyncNotifications()
    {
        if (!m_signals.OnNotificationThread()) m_signals.SyncWithValidationInterfaceQueue();
    }
    void RecordTemplate(const BlockTemplate& tmpl)
    {
        m_last_weight.store(tmpl.weight);
        m_last_tx.store(tmpl.block.vtx.size() - 1);
    }
    /** Called by the search threads: the hash-rate sample, then the stop conditions. */
    bool SearchShouldStop(uint64_t tip_generation, const std::atomic<uint64_t>* policy_generation,
                          uint64_t policy_value) EXCLUSIVE_LOCKS_REQUIRED(!m_rate_mutex);
    void Sample(int64_t now) EXCLUSIVE_LOCKS_REQUIRED(!m_rate_mutex);
    /** Hand a solved block to the chainstate; false: "ProcessNewBlock, block not accepted". */
    bool Submit(const std::shared_ptr<const Block>& block);

    void PolicyThread() EXCLUSIVE_LOCKS_REQUIRED(!m_state_mutex, !m_job_mutex, !m_rate_mutex);
    /** Whether the policy wants a block now; `wake_at` is when to look again otherwise. */
    bool PolicyDue(const MiningPolicy& policy, std::chrono::steady_clock::time_point& wake_at)
        EXCLUSIVE_LOCKS_REQUIRED(!m_state_mutex);
    enum class PolicyOutcome {
        MINED,       //!< a block with transactions
        MINED_EMPTY, //!< a block without any: the pool holds nothing minable now
        STALE,       //!< the search stopped (new tip, new policy, Stop): decide again
        FAILED,      //!< could not build a block (logged): wait before trying again
    };
    /** Build, solve and submit one block for the policy. */
    PolicyOutcome MineForPolicy(const MiningPolicy& policy, uint64_t policy_generation)
        EXCLUSIVE_LOCKS_REQUIRED(!m_job_mutex, !m_state_mutex, !m_rate_mutex);

    chain::ChainstateManager& m_chainman;
    mempool::TxMemPool& m_pool;
    chain::ValidationSignals& m_signals;
    const MinerOptions m_options;
    const std::shared_ptr<Shared> m_shared = std::make_shared<Shared>();
    std::shared_ptr<Listener> m_listener;

    /** Held while one block is built and solved: Generate* calls and the policy thread take turns. */
    util::Mutex m_job_mutex;

    mutable util::Mutex m_state_mutex;
    MiningPolicy m_policy GUARDED_BY(m_state_mutex);
    unsigned m_threads GUARDED_BY(m_state_mutex);
    std::thread m_thread GUARDED_BY(m_state_mutex);
    bool m_running GUARDED_BY(m_state_mutex){false};
    /** INTERVAL: when the next block is due. */
    std::chrono::steady_clock::time_point m_next_interval GUARDED_BY(m_state_mutex);
    /** Bumped by SetPolicy: a policy search under an older policy stops. */
    std::atomic<uint64_t> m_policy_generation{0};

    std::atomic<uint64_t> m_blocks_mined{0};
    std::atomic<uint64_t> m_total_hashes{0};
    std::atomic<int64_t> m_last_weight{0};
    std::atomic<uint64_t> m_last_tx{0};
    std::atomic<int64_t> m_last_sample_micros{0};
    mutable util::Mutex m_rate_mutex;
    std::deque<RateSample> m_samples GUARDED_BY(m_rate_mutex);
};

void Miner::Impl::Start()
{
    LOCK(m_state_mutex);
    if (m_running) return;
    m_shared->interrupt.store(false);
    m_running = true;
    m_next_interval = std::chrono::steady_clock::now() + m_policy.interval;
    m_thread = std::thread{[this] { PolicyThread(); }};
}

void Miner::Impl::Stop()
{
    std::thread thread;
    {
        LOCK(m_state_mutex);
        m_shared->interrupt.store(true);
        thread = std::move(m_thread);
        m_running = false;
    }
    m_shared->Wake();
    if (thread.joinable()) thread.join();
    // A Generate* call in progress sees the interrupt within a few thousand hashes;
    // waiting for the job lock waits for it to return.
    {
        LOCK(m_job_mutex);
    }
    m_shared->interrupt.store(false);
}

void Miner::Impl::SetPolicy(MiningPolicy policy)
{
    {
        LOCK(m_state_mutex);
        if (policy.mode == MiningMode::INTERVAL &&
            (m_policy.mode != MiningMode::INTERVAL || m_policy.interval != policy.interval)) {
            m_next_interval = std::chrono::steady_clock::now() + policy.interval;
        }
        m_policy = std::move(policy);
        m_policy_generation.fetch_add(1);
    }
    Log("Mining policy set to " + MiningModeName(GetPolicy().mode));
    m_shared->Wake();
}

void Miner::Impl::Sample(int64_t now)
{
    LOCK(m_rate_mutex);
    m_samples.push_back({now, m_total_hashes.load()});
    while (!m_samples.empty() && m_samples.front().micros < now - RATE_WINDOW_MICROS) m_samples.pop_front();
}

bool Miner::Impl::SearchShouldStop(uint64_t tip_generation, const std::atomic<uint64_t>* policy_generation,
                                   uint64_t policy_value)
{
    const int64_t now = util::MonotonicMicros();
    int64_t last = m_last_sample_micros.load(std::memory_order_relaxed);
    // One thread wins the right to take each sample.
    if (now - last >= RATE_SAMPLE_MICROS && m_last_sample_micros.compare_exchange_strong(last, now)) Sample(now);
    if (m_shared->interrupt.load(std::memory_order_relaxed)) return true;
    if (m_shared->tip_generation.load(std::memory_order_relaxed) != tip_generation) return true;
    return policy_generation && policy_generation->load(std::memory_order_relaxed) != policy_value;
}

MiningInfo Miner::Impl::GetMiningInfo() const
{
    MiningInfo info;
    {
        LOCK(m_state_mutex);
        info.policy = m_policy;
        info.threads = m_threads;
        info.running = m_running;
    }
    info.blocks_mined = m_blocks_mined.load();
    info.total_hashes = m_total_hashes.load();
    info.current_block_weight = m_last_weight.load();
    info.current_block_tx = m_last_tx.load();
    const int64_t now = util::MonotonicMicros();
    LOCK(m_rate_mutex);
    for (const RateSample& s : m_samples) {
        if (s.micros < now - RATE_WINDOW_MICROS) continue;
        // The oldest sample in the window against the count now.
        if (now > s.micros) {
            info.hashes_per_second =
                static_cast<double>(info.total_hashes - s.hashes) * 1e6 / static_cast<double>(now - s.micros);
        }
        break;
    }
    return info;
}

bool Miner::Impl::Submit(const std::shared_ptr<const Block>& block)
{
    consensus::BlockValidationState state;
    if (!m_chainman.ProcessNewBlock(block, /*force_processing=*/true, nullptr, &state)) {
        Log("Mined block " + block->GetHash().GetHex() + " not accepted: " + state.ToString());
        return false;
    }
    m_blocks_mined.fetch_add(1);
    return true;
}

util::Result<std::vector<uint256>> Miner::Impl::GenerateToScript(const ScriptBytes& script, int nblocks,
                                                                 uint64_t max_tries)
{
    LOCK(m_job_mutex);
    std::vector<uint256> hashes;
    uint64_t tries_left = max_tries;
    while (static_cast<int>(hashes.size()) < nblocks && !m_shared->interrupt.load()) {
        SyncNotifications();
        const uint64_t generation = m_shared->tip_generation.load();
        auto tmpl = CreateNewBlock(m_chainman, &m_pool, script, m_options.assembler);
        if (!tmpl) return util::Error{tmpl.error()};
        RecordTemplate(**tmpl);
        Block& block = (*tmpl)->block;

        SolveOptions solve;
        solve.threads = 1; // Core's nonce-by-nonce semantics of maxtries
        solve.max_tries = tries_left;
        solve.height = (*tmpl)->height;
        solve.hash_counter = &m_total_hashes;
        solve.should_stop = [this, generation] { return SearchShouldStop(generation, nullptr, 0); };
        const SolveResult result = Solve(block, primitives::UintToArith256((*tmpl)->target), solve);
        // Core counts the hashes that failed.
        const uint64_t used = result.hashes - (result.status == SolveStatus::FOUND ? 1 : 0);
        tries_left -= std::min(tries_left, used);
        if (result.status == SolveStatus::EXHAUSTED) break;
        if (result.status == SolveStatus::STOPPED) continue; // a new tip (or Stop): build again
        auto solved = std::make_shared<const Block>(std::move(block));
        if (!Submit(solved)) return util::Error{"ProcessNewBlock, block not accepted"};
        hashes.push_back(solved->GetHash());
    }
    return hashes;
}

util::Result<GeneratedBlock> Miner::Impl::GenerateBlock(const ScriptBytes& script,
                                                        const std::vector<primitives::TransactionRef>& txs, bool submit)
{
    LOCK(m_job_mutex);
    SyncNotifications();
    auto tmpl = CreateBlockWithTransactions(m_chainman, txs, script, m_options.assembler);
    if (!tmpl) return util::Error{tmpl.error()};
    Block& block = (*tmpl)->block;
    SolveOptions solve;
    solve.threads = 1;
    solve.max_tries = DEFAULT_MAX_TRIES;
    solve.height = (*tmpl)->height;
    solve.hash_counter = &m_total_hashes;
    // As Core's generateblock, a new tip does not stop it: the block is then a fork.
    solve.should_stop = [this] { return SearchShouldStop(m_shared->tip_generation.load(), nullptr, 0); };
    const SolveResult result = Solve(block, primitives::UintToArith256((*tmpl)->target), solve);
    if (result.status != SolveStatus::FOUND) return util::Error{"Failed to make block."};
    auto solved = std::make_shared<const Block>(std::move(block));
    if (submit && !Submit(solved)) return util::Error{"ProcessNewBlock, block not accepted"};
    return GeneratedBlock{solved->GetHash(), solved};
}

bool Miner::Impl::PolicyDue(const MiningPolicy& policy, std::chrono::steady_clock::time_point& wake_at)
{
    const auto now = std::chrono::steady_clock::now();
    wake_at = now + POLICY_POLL;
    switch (policy.mode) {
    case MiningMode::OFF:
    case MiningMode::ON_DEMAND:
        return false;
    case MiningMode::MEMPOOL_THRESHOLD:
        // The pool must have seen the latest blocks before its size means anything.
        SyncNotifications();
        return m_pool.Size() >= std::max<size_t>(1, policy.mempool_threshold);
    case MiningMode::INTERVAL: {
        LOCK(m_state_mutex);
        if (now >= m_next_interval) return true;
        wake_at = std::min(wake_at, m_next_interval);
        return false;
    }
    }
    return false;
}

Miner::Impl::PolicyOutcome Miner::Impl::MineForPolicy(const MiningPolicy& policy, uint64_t policy_generation)
{
    const ScriptBytes& script =
        policy.coinbase_script.empty() ? m_options.default_coinbase_script : policy.coinbase_script;
    if (script.empty()) {
        Log("Automatic mining needs a coinbase script: set one in the mining policy or the miner's options.");
        return PolicyOutcome::FAILED;
    }
    LOCK(m_job_mutex);
    SyncNotifications();
    const uint64_t generation = m_shared->tip_generation.load();
    auto tmpl = CreateNewBlock(m_chainman, &m_pool, script, m_options.assembler);
    if (!tmpl) {
        Log("Automatic mining could not build a block: " + tmpl.error());
        return PolicyOutcome::FAILED;
    }
    RecordTemplate(**tmpl);
    Block& block = (*tmpl)->block;
    SolveOptions solve;
    solve.threads = WITH_LOCK(m_state_mutex, return m_threads);
    solve.height = (*tmpl)->height;
    solve.hash_counter = &m_total_hashes;
    solve.should_stop = [this, generation, policy_generation] {
        return SearchShouldStop(generation, &m_policy_generation, policy_generation);
    };
    const SolveResult result = Solve(block, primitives::UintToArith256((*tmpl)->target), solve);
    if (result.status != SolveStatus::FOUND) return PolicyOutcome::STALE;
    auto solved = std::make_shared<const Block>(std::move(block));
    if (!Submit(solved)) return PolicyOutcome::FAILED;
    Log("Mined block " + solved->GetHash().GetHex() + " at height " + std::to_string((*tmpl)->height) + " with " +
        std::to_string(solved->vtx.size() - 1) + " transactions (" + MiningModeName(policy.mode) + ")");
    if (policy.mode == MiningMode::INTERVAL) {
        LOCK(m_state_mutex);
        const auto now = std::chrono::steady_clock::now();
        m_next_interval += policy.interval;
        if (m_next_interval <= now) m_next_interval = now + policy.interval;
    }
    return solved->vtx.size() > 1 ? PolicyOutcome::MINED : PolicyOutcome::MINED_EMPTY;
}

void Miner::Impl::PolicyThread()
{
    while (!m_shared->interrupt.load()) {
        MiningPolicy policy;
        uint64_t policy_generation = 0;
        uint64_t seen_events = 0;
        {
            LOCK(m_shared->mutex);
            seen_events = m_shared->wake_events;
        }
        {
            LOCK(m_state_mutex);
            policy = m_policy;
            policy_generation = m_policy_generation.load();
        }
        std::chrono::steady_clock::time_point wake_at;
        // true: sleep until wake_at whatever happens (after a failure, not to spin on it).
        bool sleep_through_events = false;
        if (PolicyDue(policy, wake_at)) {
            const PolicyOutcome outcome = MineForPolicy(policy, policy_generation);
            if (outcome == PolicyOutcome::MINED || outcome == PolicyOutcome::STALE) continue;
            if (outcome == PolicyOutcome::FAILED) {
                sleep_through_events = true;
            } else if (policy.mode == MiningMode::MEMPOOL_THRESHOLD) {
                // The threshold is met by transactions no block can take yet (non-final,
                // too big, ...): mining more empty blocks would not help. Wait for the
                // pool or the chain to change, once our own block's events are through.
                SyncNotifications();
                LOCK(m_shared->mutex);
                seen_events = m_shared->wake_events;
                wake_at = std::chrono::steady_clock::now() + std::chrono::minutes{1};
            } else {
                continue;
            }
        }
        WAIT_LOCK(m_shared->mutex, lock);
        m_shared->cv.WaitUntil(lock, wake_at, [&]() EXCLUSIVE_LOCKS_REQUIRED(m_shared->mutex) {
            return m_shared->interrupt.load() || (!sleep_through_events && m_shared->wake_events != seen_events);
        });
    }
}

Miner::Miner(chain::ChainstateManager& chainman, mempool::TxMemPool& pool, chain::ValidationSignals& signals,
             MinerOptions options)
    : m_impl{std::make_shared<Impl>(chainman, pool, signals, std::move(options))}
{}

Miner::~Miner() = default;

void Miner::Start() { m_impl->Start(); }
void Miner::Stop() { m_impl->Stop(); }

util::Result<std::vector<uint256>> Miner::GenerateToScript(const ScriptBytes& script, int nblocks, uint64_t max_tries)
{
    return m_impl->GenerateToScript(script, nblocks, max_tries);
}

util::Result<GeneratedBlock> Miner::GenerateBlock(const ScriptBytes& script,
                                                  const std::vector<primitives::TransactionRef>& txs, bool submit)
{
    return m_impl->GenerateBlock(script, txs, submit);
}

util::Result<uint256> Miner::GenerateEmptyBlock(const ScriptBytes& script)
{
    auto generated = m_impl->GenerateBlock(script, {}, /*submit=*/true);
    if (!generated) return util::Error{generated.error()};
    return generated->hash;
}

void Miner::SetPolicy(MiningPolicy policy) { m_impl->SetPolicy(std::move(policy)); }
MiningPolicy Miner::GetPolicy() const { return m_impl->GetPolicy(); }
void Miner::SetThreads(unsigned threads) { m_impl->SetThreads(threads); }
MiningInfo Miner::GetMiningInfo() const { return m_impl->GetMiningInfo(); }

} // namespace mining
