// NodeContext: the running node. It owns every subsystem (validation notifications, the
// chainstate, the mempool and the listener that keeps it in step with the chain, the
// optional transaction index, the miner, the address manager, ban list, connection manager
// and peer manager), builds them from plain NodeOptions in dependency order and stops them
// in reverse. It is the one API that RPC, REST and bitnoded use: its methods are thin and
// delegate to the subsystem that does the work (doc/node-context.md).
//
// Usage:
//     node::NodeOptions options;
//     options.datadir = datadir / "regtest";
//     options.chain_params = params.get();
//     auto node = node::NodeContext::Start(std::move(options));
//     if (!node) return util::Error{node.error()};
//     (*node)->GenerateToScript(script, 101, DEFAULT_MAX_TRIES);
//     (*node)->WaitForShutdown();   // until RequestShutdown (RPC stop, a signal)
//     (*node)->Stop();              // also done by the destructor
//
// The mempool follows the chain asynchronously: the chainstate queues BlockConnected /
// BlockDisconnected / UpdatedBlockTip and the notification thread applies them to the
// pool (node/mempool_sync.h). Anything that must see the mempool in step with the tip
// calls Signals().SyncWithValidationInterfaceQueue() first; the methods here that need it
// (SubmitTransaction, TestMempoolAccept, GenerateToScript, ...) do so themselves. Never
// call them from a validation listener (the notification thread would wait for itself).
//
// Thread safety: Start and Stop must not race with each other; every other method may be
// called from any thread (the subsystems have their own locks: chainstate, then mempool).
// Accessors return subsystems that stay valid until Stop() returns.
#ifndef BITNODE_NODE_CONTEXT_H
#define BITNODE_NODE_CONTEXT_H

#include <chain/chainstate_manager.h>
#include <chain/chainstate_types.h>
#include <chain/notifications.h>
#include <consensus/chainparams.h>
#include <mempool/accept.h>
#include <mempool/txmempool.h>
#include <mining/miner.h>
#include <net/addrman.h>
#include <net/banlist.h>
#include <net/connman.h>
#include <node/peerman.h>
#include <primitives/amount.h>
#include <primitives/block.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <util/result.h>
#include <util/sync.h>
#include <util/time.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace node {

class MempoolSync;
class TxIndex;

using primitives::Amount;
using primitives::uint256;

/** Core's DEFAULT_MAX_TRIES for generatetoaddress. */
inline constexpr uint64_t DEFAULT_MAX_TRIES = mining::DEFAULT_MAX_TRIES;
/** Core's DEFAULT_MAX_RAW_TX_FEE_RATE: 0.10 BTC/kvB (sendrawtransaction's maxfeerate). */
inline constexpr Amount DEFAULT_MAX_RAW_TX_FEE_RATE = primitives::COIN / 10;
/** -persistmempool default. */
inline constexpr bool DEFAULT_PERSIST_MEMPOOL = true;
/** -txindex default. */
inline constexpr bool DEFAULT_TXINDEX = false;

/** P2P settings; NodeOptions::network == nullopt runs without P2P. */
struct NodeNetworkOptions {
    /** -listen, -bind, -port, -connect, -addnode, -seednode, -onlynet, -maxconnections. peers_file is filled by Start. */
    net::ConnectionManager::Options connman;
    PeerManagerOptions peerman;
    /** -networkactive. */
    bool network_active{true};
};

struct NodeOptions {
    /** The network's data directory (<datadir>/<network>). */
    std::filesystem::path datadir{};
    /** The network; must outlive the node. */
    const consensus::ChainParams* chain_params{nullptr};
    /** -dbcache, -checkblocks, -checklevel, -reindex, -reindex-chainstate, -par. datadir, params, signals, clock, log and interrupt are filled by Start. */
    chain::ChainstateManagerOptions chainstate{};
    /** -maxmempool, -mempoolexpiry, -minrelaytxfee, -acceptnonstdtxn. signals and clock are filled by Start. */
    mempool::MempoolOptions mempool{};
    /** -persistmempool: load mempool.dat at start, write it at Stop. */
    bool persist_mempool{DEFAULT_PERSIST_MEMPOOL};
    /** -genproclimit, -blockmaxweight, -blockmintxfee, -mine (policy), -mineaddress (default_coinbase_script). */
    mining::MinerOptions mining{};
    std::optional<NodeNetworkOptions> network{};
    /** -txindex. */
    bool txindex{DEFAULT_TXINDEX};
    /** The node's clock (null: the system clock); tests mock it. Must outlive the node. */
    const util::Clock* clock{nullptr};
    /** Log lines by category ("" for always-on lines, "net", "mempool", "validation", ...). */
    std::function<void(std::string_view category, const std::string& message)> log{};
    /**
     * The shutdown flag, owned by the caller (null: the node's own). Setting it stops long
     * startup work (loading, reindexing, txindex catch-up) and makes WaitForShutdown
     * return within ~100 ms, so a signal thread can set it without touching the node.
     * Must outlive the node.
     */
    std::atomic<bool>* interrupt{nullptr};
    /** Called once when a subsystem hits a fatal error (the node requests shutdown itself too). */
    std::function<void(const std::string& message)> fatal_error{};
};

/** getblockchaininfo's facts. */
struct BlockchainInfo {
    std::string chain;
    int blocks{0};
    int headers{0};
    uint256 best_block_hash;
    uint32_t bits{0};
    primitives::arith_uint256 target;
    double difficulty{0};
    int64_t time{0};
    int64_t median_time{0};
    double verification_progress{0};
    bool initial_block_download{false};
    primitives::arith_uint256 chain_work;
    uint64_t size_on_disk{0};
    bool pruned{false};
    std::string warnings;
};

/** FindTransaction's answer (getrawtransaction). */
struct TransactionLookup {
    primitives::TransactionRef tx;
    /** The block holding it; nullopt for a mempool transaction. */
    std::optional<uint256> block_hash;
    /** Set when block_hash is: whether that block is on the active chain, its height and time. */
    bool in_active_chain{false};
    int block_height{-1};
    int64_t block_time{0};
    /** Tip height - block height + 1 on the active chain, 0 otherwise. */
    int confirmations{0};
};

/** One unspent output found by ScanScripts. */
struct ScannedUtxo {
    primitives::OutPoint outpoint;
    primitives::TxOut output;
    int height{0};
    bool coinbase{false};
};

/** scantxoutset's answer. */
struct UtxoScanResult {
    /** Height and hash of the block the scanned snapshot belongs to. */
    int height{0};
    uint256 best_block;
    uint64_t txouts_searched{0};
    std::vector<ScannedUtxo> utxos;
    Amount total{0};
};

/** Why SubmitTransaction failed (Core's node::TransactionError). DO NOT CHANGE: RPC maps them to error codes. */
enum class TransactionError {
    OK,
    MISSING_INPUTS,      //!< RPC_TRANSACTION_ERROR with the reject reason
    ALREADY_IN_UTXO_SET, //!< RPC_VERIFY_ALREADY_IN_UTXO_SET "Transaction outputs already in utxo set"
    MEMPOOL_REJECTED,    //!< RPC_TRANSACTION_REJECTED with the reject reason
    MEMPOOL_ERROR,       //!< RPC_TRANSACTION_ERROR (a system error while checking)
    MAX_FEE_EXCEEDED, //!< RPC_TRANSACTION_ERROR "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)"
    INVALID_PACKAGE,  //!< reserved for packages
};

struct SubmitResult {
    TransactionError error{TransactionError::OK};
    /** Core's message for the error ("" when OK). */
    std::string message;
    primitives::Txid txid;
    primitives::Wtxid wtxid;
    bool Ok() const { return error == TransactionError::OK; }
};

/** getmempoolinfo's facts. */
struct MempoolInfo {
    bool loaded{false};
    size_t size{0};
    int64_t bytes{0};
    size_t usage{0};
    Amount total_fee{0};
    int64_t maxmempool{0};
    /** Fee rates in sat/kvB. */
    Amount mempoolminfee{0};
    Amount minrelaytxfee{0};
    Amount incrementalrelayfee{0};
    size_t unbroadcastcount{0};
    bool fullrbf{true};
};

/** The node at a glance (bitnode's status call, the web UI). */
struct NodeStatus {
    std::string network;
    int height{0};
    uint256 best_block_hash;
    size_t peers{0};
    size_t mempool_size{0};
    std::string mining_mode;
    int64_t uptime_seconds{0};
    std::string version;
};

/** bitnode's version string (the app passes its own; tests see this). */
inline constexpr std::string_view NODE_VERSION = "0.1.0";

class NodeContext
{
public:
    /** Build and start every subsystem; the error says what failed and what to do. */
    static util::Result<std::unique_ptr<NodeContext>> Start(NodeOptions options);
    ~NodeContext();
    NodeContext(const NodeContext&) = delete;
    NodeContext& operator=(const NodeContext&) = delete;

    /** Stop every subsystem in reverse order and write the state to disk. Idempotent. */
    void Stop() EXCLUSIVE_LOCKS_REQUIRED(!m_shutdown_mutex);
    /** Ask long operations to end early and WaitForShutdown to return (RPC stop, signals). */
    void RequestShutdown() EXCLUSIVE_LOCKS_REQUIRED(!m_shutdown_mutex);
    void Interrupt() EXCLUSIVE_LOCKS_REQUIRED(!m_shutdown_mutex) { RequestShutdown(); }
    bool ShutdownRequested() const { return m_interrupt_flag->load(); }
    /** Block until RequestShutdown (or a fatal error). */
    void WaitForShutdown() EXCLUSIVE_LOCKS_REQUIRED(!m_shutdown_mutex);
    /** The first fatal error, if one stopped the node. */
    std::optional<std::string> FatalError() const EXCLUSIVE_LOCKS_REQUIRED(!m_shutdown_mutex);

    // --- Subsystems (as Core's EnsureChainman etc.; valid until Stop returns) -----------
    const consensus::ChainParams& Params() const { return *m_options.chain_params; }
    const NodeOptions& Options() const { return m_options; }
    const util::Clock& Clock() const { return *m_clock; }
    chain::ChainstateManager& Chainman() { return *m_chainman; }
    mempool::TxMemPool& Mempool() { return *m_mempool; }
    chain::ValidationSignals& Signals() { return *m_signals; }
    mining::Miner& Miner() { return *m_miner; }
    /** nullptr without P2P. */
    net::ConnectionManager* Connman() { return m_connman.get(); }
    PeerManager* Peerman() { return m_peerman.get(); }
    net::AddrMan* AddrMan() { return m_addrman.get(); }
    net::BanList* Banlist() { return m_banlist.get(); }
    /** nullptr unless -txindex. */
    node::TxIndex* TxIndex() { return m_txindex.get(); }

    // --- Chain ---------------------------------------------------------------------------
    BlockchainInfo GetBlockchainInfo() const;
    int GetHeight() const;
    util::Result<primitives::Block> GetBlock(const uint256& hash) const;
    util::Result<primitives::Block> GetBlockAtHeight(int height) const;
    std::optional<chain::BlockInfo> GetBlockHeader(const uint256& hash) const;
    /**
     * getrawtransaction: the mempool first, then block_hash if given, then the txindex.
     * Errors carry Core's messages ("No such mempool or blockchain transaction. Use
     * gettransaction for wallet transactions.", "Block hash not found", "No such
     * transaction found in the provided block. ...", ...).
     */
    util::Result<TransactionLookup> FindTransaction(const primitives::Txid& txid,
                                                    const std::optional<uint256>& block_hash = std::nullopt) const;
    /** scantxoutset over a flushed snapshot of the UTXO set, walked outside the chainstate lock. */
    util::Result<UtxoScanResult> ScanAddress(const primitives::ScriptBytes& script_pubkey,
                                             const std::function<bool()>& keep_going = {});
    util::Result<UtxoScanResult> ScanScripts(const std::set<primitives::ScriptBytes>& scripts,
                                             const std::function<bool()>& keep_going = {});

    // --- Transactions and mempool -------------------------------------------------------
    /**
     * sendrawtransaction (Core's BroadcastTransaction). max_fee_rate in sat/kvB; 0 means no
     * limit. On success the transaction is relayed (if P2P runs) and kept in the
     * unbroadcast set until a peer asks for it.
     */
    SubmitResult SubmitTransaction(const primitives::TransactionRef& tx,
                                   Amount max_fee_rate = DEFAULT_MAX_RAW_TX_FEE_RATE);
    std::vector<mempool::MempoolAcceptResult> TestMempoolAccept(const std::vector<primitives::TransactionRef>& txs);
    MempoolInfo GetMempoolInfo() const;
    std::vector<mempool::EntryInfo> GetMempoolEntries() const;
    std::optional<mempool::EntryInfo> GetMempoolEntry(const primitives::Txid& txid) const;
    /** Remove a transaction and its descendants from the mempool; false if it was not there. */
    bool RemoveMempoolTransaction(const primitives::Txid& txid);
    /** Whether mempool.dat finished loading (getmempoolinfo's "loaded"). */
    bool MempoolLoaded() const { return m_mempool_loaded.load(); }

    // --- Mining (delegates to mining::Miner) --------------------------------------------
    /** generatetoaddress: hashes of the blocks mined. */
    util::Result<std::vector<uint256>> GenerateToScript(const primitives::ScriptBytes& script, int nblocks,
                                                        uint64_t max_tries = DEFAULT_MAX_TRIES);
    util::Result<uint256> GenerateEmptyBlock(const primitives::ScriptBytes& script);
    /** generateblock: exactly these transactions, in order; submitted to the chain when submit. */
    util::Result<mining::GeneratedBlock> GenerateBlock(const primitives::ScriptBytes& script,
                                                       const std::vector<primitives::TransactionRef>& txs,
                                                       bool submit = true);
    mining::MiningInfo GetMiningInfo() const;
    void SetMiningPolicy(const mining::MiningPolicy& policy);
    mining::MiningPolicy GetMiningPolicy() const;

    // --- Status ---------------------------------------------------------------------------
    NodeStatus GetStatus() const;
    /** Seconds since Start. */
    int64_t Uptime() const;

private:
    explicit NodeContext(NodeOptions options);

    util::Result<void> StartSubsystems();
    void LoadMempoolFile();
    double GuessVerificationProgress(uint64_t chain_tx_count, int64_t block_time) const;
    std::string MiningModeName() const;
    // context_services.cpp: the optional and later subsystems.
    util::Result<void> StartTxIndex();
    void StopTxIndex();
    util::Result<void> StartMiner();
    void StopMiner();
    util::Result<void> StartNetwork();
    void StopNetwork();
    void Log(std::string_view category, const std::string& message) const;
    void OnFatalError(const std::string& message) EXCLUSIVE_LOCKS_REQUIRED(!m_shutdown_mutex);

    NodeOptions m_options;
    const util::Clock m_system_clock;
    const util::Clock* m_clock;
    const int64_t m_start_time;
    std::atomic<bool> m_own_interrupt{false};
    std::atomic<bool>* const m_interrupt_flag;
    std::atomic<bool> m_mempool_loaded{false};

    mutable util::Mutex m_shutdown_mutex;
    util::ConditionVariable m_shutdown_cv;
    bool m_stopped GUARDED_BY(m_shutdown_mutex){false};
    std::optional<std::string> m_fatal_error GUARDED_BY(m_shutdown_mutex);

    // Built in this order by Start, destroyed in reverse by Stop.
    std::unique_ptr<chain::ValidationSignals> m_signals;
    std::unique_ptr<chain::ChainstateManager> m_chainman;
    std::unique_ptr<mempool::TxMemPool> m_mempool;
    std::shared_ptr<MempoolSync> m_mempool_sync;
    std::shared_ptr<node::TxIndex> m_txindex;
    std::unique_ptr<mining::Miner> m_miner;
    std::unique_ptr<net::AddrMan> m_addrman;
    std::unique_ptr<net::BanList> m_banlist;
    std::shared_ptr<PeerManager> m_peerman;
    std::unique_ptr<net::ConnectionManager> m_connman;
};

} // namespace node

#endif // BITNODE_NODE_CONTEXT_H
