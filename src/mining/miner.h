// The miner: builds block templates on the active tip, solves them with the proof-of-work
// solver threads and hands the blocks to the chainstate (ProcessNewBlock), on demand
// (generatetoaddress, generateblock) or by a policy that runs in its own thread.
//
// Policies (SetPolicy at run time):
//   OFF, ON_DEMAND     only the Generate* calls mine (OFF also refuses nothing: it just
//                      marks that no automatic mining is wanted);
//   MEMPOOL_THRESHOLD  a block as soon as the mempool holds at least `mempool_threshold`
//                      transactions, and again while it still does after a block (but
//                      after a block that could take none of them, not before the pool
//                      or the chain changes: no stream of empty blocks);
//   INTERVAL           a block every `interval`.
//
// The miner listens to the chainstate's notifications: a new tip bumps a generation
// counter that every running search checks every few thousand hashes, so a stale search
// stops within a millisecond or so and a fresh template is built; a transaction entering
// the mempool wakes the threshold policy. Before building a template the miner waits for
// the notification queue to drain (ValidationSignals::SyncWithValidationInterfaceQueue),
// so the mempool has seen the tip; the assembler in any case skips transactions the tip
// already confirmed.
//
// Thread safety: every public method may be called from any thread except the
// notification thread (the Generate* calls wait for that thread). One block is mined at a
// time: Generate* calls and the policy thread take turns. Start/Stop start and join the
// policy thread; Stop interrupts a running search promptly. No global state.
#ifndef BITNODE_MINING_MINER_H
#define BITNODE_MINING_MINER_H

#include <mining/assembler.h>
#include <primitives/block.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <util/result.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chain {
class ChainstateManager;
class ValidationSignals;
} // namespace chain
namespace mempool {
class TxMemPool;
}

namespace mining {

/** Core's default maxtries for generatetoaddress / generatetodescriptor / generate. */
inline constexpr uint64_t DEFAULT_MAX_TRIES = 1'000'000;

/** How the miner decides to mine on its own. DO NOT CHANGE the names (RPC and config use them). */
enum class MiningMode {
    OFF,
    ON_DEMAND,
    MEMPOOL_THRESHOLD,
    INTERVAL,
};

/** "off", "on_demand", "mempool_threshold", "interval". */
std::string MiningModeName(MiningMode mode);
std::optional<MiningMode> MiningModeFromName(std::string_view name);

struct MiningPolicy {
    MiningMode mode{MiningMode::ON_DEMAND};
    /** MEMPOOL_THRESHOLD: mine when the pool holds at least this many transactions (0 counts as 1). */
    size_t mempool_threshold{1};
    /** INTERVAL: time between blocks (seconds convert implicitly; tests use milliseconds). */
    std::chrono::milliseconds interval{std::chrono::minutes{10}};
    /** Where automatic blocks pay; empty: MinerOptions::default_coinbase_script. */
    ScriptBytes coinbase_script;
};

struct MinerOptions {
    /** Solver threads for automatic mining (-genproclimit); 0 counts as 1. */
    unsigned threads{1};
    AssemblerOptions assembler;
    /** Coinbase script of automatic blocks when the policy names none. */
    ScriptBytes default_coinbase_script;
    /** The policy at Start. */
    MiningPolicy policy;
    /** Log lines (null: silent). */
    std::function<void(const std::string&)> log;
};

/** getmininginfo-style facts. */
struct MiningInfo {
    /** Blocks this miner found and the chainstate accepted. */
    uint64_t blocks_mined{0};
    /** Weight and transaction count (coinbase excluded, as Core's currentblocktx) of the last template. */
    int64_t current_block_weight{0};
    uint64_t current_block_tx{0};
    /** Hashes per second over the last few seconds (0 when idle). */
    double hashes_per_second{0};
    /** Hashes done since the miner was made. */
    uint64_t total_hashes{0};
    MiningPolicy policy;
    unsigned threads{1};
    /** Whether the policy thread runs (Start called, Stop not yet). */
    bool running{false};
};

/** What generateblock returns. */
struct GeneratedBlock {
    primitives::uint256 hash;
    /** The block (also when not submitted, for its hex). */
    std::shared_ptr<const primitives::Block> block;
};

class Miner
{
public:
    /** The three must outlive the miner. Registers a notification listener. */
    Miner(chain::ChainstateManager& chainman, mempool::TxMemPool& pool, chain::ValidationSignals& signals,
          MinerOptions options);
    /** Stops, joins and unregisters. */
    ~Miner();
    Miner(const Miner&) = delete;
    Miner& operator=(const Miner&) = delete;

    /** Start the policy thread (no-op if running). */
    void Start();
    /** Stop the policy thread and any search, and join; prompt (milliseconds). */
    void Stop();

    /**
     * generatetoaddress: mine nblocks blocks paying to script, each built on the new tip
     * and accepted by ProcessNewBlock; max_tries bounds the hashes over the whole call.
     * Returns the hashes of the blocks mined (fewer than nblocks if max_tries ran out or
     * the miner stopped, as Core). Error "ProcessNewBlock, block not accepted" (Core's) or
     * the assembler's.
     */
    util::Result<std::vector<primitives::uint256>> GenerateToScript(const ScriptBytes& script, int nblocks,
                                                                    uint64_t max_tries = DEFAULT_MAX_TRIES);
    /**
     * generateblock: a block with exactly txs (in order) paying to script; submitted with
     * ProcessNewBlock when submit. Errors: "TestBlockValidity failed: ...", "Failed to
     * make block.", "ProcessNewBlock, block not accepted".
     */
    util::Result<GeneratedBlock> GenerateBlock(const ScriptBytes& script,
                                               const std::vector<primitives::TransactionRef>& txs, bool submit = true);
    /** A block with only a coinbase, submitted. */
    util::Result<primitives::uint256> GenerateEmptyBlock(const ScriptBytes& script);

    void SetPolicy(MiningPolicy policy);
    MiningPolicy GetPolicy() const;
    /** Solver threads for automatic mining from the next block on (0 counts as 1). */
    void SetThreads(unsigned threads);
    MiningInfo GetMiningInfo() const;

    class Impl;

private:
    std::shared_ptr<Impl> m_impl;
};

} // namespace mining

#endif // BITNODE_MINING_MINER_H
