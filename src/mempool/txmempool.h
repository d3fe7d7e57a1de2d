// TxMemPool: the unconfirmed transactions this node would mine and relay, with the
// bookkeeping Bitcoin Core keeps for them (pre-cluster design, Core 30's defaults):
//
//  - each entry knows its fee (and modified fee after PrioritiseTransaction), virtual
//    size (sigop-adjusted), entry time and tip height, and the aggregates over its
//    in-mempool ancestors and descendants (count, vsize, modified fees, sigops), kept
//    exact on every addition and removal;
//  - indexes: by txid, by wtxid, spent outpoint -> spender (conflicts), descendant score
//    (what TrimToSize evicts first), ancestor score (what a miner takes first), entry time
//    (Expire);
//  - the rolling minimum fee rate that rises when the pool is trimmed and decays with a
//    12-hour half-life once blocks arrive (Core's GetMinFee).
//
// Acceptance (policy, scripts, RBF) lives in accept.h and works on the pool under its lock.
//
// Thread safety: one mutex (GetMutex()) guards everything. Methods annotated
// EXCLUSIVE_LOCKS_REQUIRED(GetMutex()) are for callers composing several steps
// (acceptance); the others lock themselves. Lock order: chainstate, then mempool.
#ifndef BITNODE_MEMPOOL_TXMEMPOOL_H
#define BITNODE_MEMPOOL_TXMEMPOOL_H

#include <chain/notifications.h>
#include <consensus/coins.h>
#include <mempool/policy.h>
#include <primitives/transaction.h>
#include <util/result.h>
#include <util/sync.h>
#include <util/time.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

namespace mempool {

using primitives::OutPoint;
using primitives::TransactionRef;
using primitives::Txid;
using primitives::Wtxid;

/** Why transactions left the pool (Core's MemPoolRemovalReason). */
enum class RemovalReason { EXPIRY, SIZELIMIT, REORG, BLOCK, CONFLICT, REPLACED };
std::string RemovalReasonName(RemovalReason reason);

/** Core's ancestor/descendant limits (-limitancestorcount etc.); sizes in virtual bytes. */
struct ChainLimits {
    int64_t ancestor_count{DEFAULT_ANCESTOR_LIMIT};
    int64_t ancestor_size_vbytes{DEFAULT_ANCESTOR_SIZE_LIMIT_KVB * 1000};
    int64_t descendant_count{DEFAULT_DESCENDANT_LIMIT};
    int64_t descendant_size_vbytes{DEFAULT_DESCENDANT_SIZE_LIMIT_KVB * 1000};
};

struct MempoolOptions {
    /** -maxmempool in bytes of (estimated) memory. */
    int64_t max_size_bytes{int64_t{DEFAULT_MAX_MEMPOOL_SIZE_MB} * 1'000'000};
    /** -mempoolexpiry in seconds. */
    int64_t expiry_seconds{int64_t{DEFAULT_MEMPOOL_EXPIRY_HOURS} * 60 * 60};
    FeeRate incremental_relay_fee{DEFAULT_INCREMENTAL_RELAY_FEE};
    /** -minrelaytxfee. */
    FeeRate min_relay_fee{DEFAULT_MIN_RELAY_TX_FEE};
    /** -acceptnonstdtxn=0 (regtest and test networks may turn it off). */
    bool require_standard{true};
    StandardnessOptions standard;
    ChainLimits limits;
    /** Time source; null: the system clock. */
    const util::Clock* clock{nullptr};
    /** Where TransactionAddedToMempool goes (null: nowhere). Must outlive the pool. */
    chain::ValidationSignals* signals{nullptr};
};

/** Hash for wtxids in hash tables (already uniformly random). */
struct WtxidHasher {
    size_t operator()(const Wtxid& wtxid) const noexcept { return static_cast<size_t>(wtxid.GetUint64(0)); }
};

class TxMemPoolEntry;
using EntrySet = std::set<const TxMemPoolEntry*>;

/** One transaction in the pool. Links and aggregates are maintained by TxMemPool. */
class TxMemPoolEntry
{
public:
    TxMemPoolEntry(TransactionRef tx, Amount fee, int64_t time, int height, bool spends_coinbase, int64_t sigop_cost,
                   int64_t vsize);

    const TransactionRef& GetTx() const { return m_tx; }
    const Txid& GetTxid() const { return m_tx->GetHash(); }
    Amount GetFee() const { return m_fee; }
    Amount GetModifiedFee() const { return m_fee + m_fee_delta; }
    int64_t GetTxSize() const { return m_vsize; }
    int64_t GetTime() const { return m_time; }
    int GetHeight() const { return m_height; }
    bool SpendsCoinbase() const { return m_spends_coinbase; }
    int64_t GetSigOpCost() const { return m_sigop_cost; }
    uint64_t GetSequence() const { return m_sequence; }
    size_t DynamicMemoryUsage() const { return m_usage; }

    uint64_t GetCountWithAncestors() const { return m_count_with_ancestors; }
    int64_t GetSizeWithAncestors() const { return m_size_with_ancestors; }
    Amount GetModFeesWithAncestors() const { return m_mod_fees_with_ancestors; }
    int64_t GetSigOpCostWithAncestors() const { return m_sigops_with_ancestors; }
    uint64_t GetCountWithDescendants() const { return m_count_with_descendants; }
    int64_t GetSizeWithDescendants() const { return m_size_with_descendants; }
    Amount GetModFeesWithDescendants() const { return m_mod_fees_with_descendants; }

    /** In-mempool transactions this one spends from / that spend from it. */
    const EntrySet& Parents() const { return m_parents; }
    const EntrySet& Children() const { return m_children; }

private:
    friend class TxMemPool;

    TransactionRef m_tx;
    Amount m_fee;
    Amount m_fee_delta{0};
    int64_t m_vsize;
    int64_t m_time;
    int m_height;
    bool m_spends_coinbase;
    int64_t m_sigop_cost;
    uint64_t m_sequence{0};
    size_t m_usage;

    uint64_t m_count_with_ancestors{1};
    int64_t m_size_with_ancestors;
    Amount m_mod_fees_with_ancestors;
    int64_t m_sigops_with_ancestors;
    uint64_t m_count_with_descendants{1};
    int64_t m_size_with_descendants;
    Amount m_mod_fees_with_descendants;

    EntrySet m_parents;
    EntrySet m_children;
};

/** A copy of an entry's facts, safe to keep after the lock is released. */
struct EntryInfo {
    TransactionRef tx;
    Amount fee{0};
    Amount modified_fee{0};
    int64_t vsize{0};
    int64_t time{0};
    int height{0};
    uint64_t ancestor_count{0};
    int64_t ancestor_size{0};
    Amount ancestor_fees{0};
    uint64_t descendant_count{0};
    int64_t descendant_size{0};
    Amount descendant_fees{0};
    std::vector<Txid> parents;
};

/** Height of a coin created by a transaction in the mempool (Core's MEMPOOL_HEIGHT). */
inline constexpr int MEMPOOL_HEIGHT = 0x7FFFFFFF;

class TxMemPool
{
public:
    explicit TxMemPool(MempoolOptions options = {});
    TxMemPool(const TxMemPool&) = delete;
    TxMemPool& operator=(const TxMemPool&) = delete;
    ~TxMemPool();

    const MempoolOptions& Options() const { return m_opts; }
    util::Mutex& GetMutex() const LOCK_RETURNED(m_mutex) { return m_mutex; }
    int64_t Now() const { return m_opts.clock ? m_opts.clock->Now() : m_system_clock.Now(); }

    // --- Queries (lock themselves) ---------------------------------------------------
    size_t Size() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    bool Exists(const Txid& txid) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    bool Exists(const Wtxid& wtxid) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    TransactionRef Get(const Txid& txid) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    std::optional<EntryInfo> Info(const Txid& txid) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** All entries, parents before children (by ancestor count, then entry order). */
    std::vector<EntryInfo> InfoAll() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Txids ordered best first by ancestor score (Core's mining order). */
    std::vector<Txid> TxidsByAncestorScore() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Sum of virtual sizes, of fees, and the estimated memory use (what -maxmempool bounds). */
    int64_t TotalTxSize() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    Amount TotalFee() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    size_t DynamicMemoryUsage() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Minimum fee rate to enter the pool now: the decaying rolling minimum, or 0. */
    FeeRate GetMinFee() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Increases on every addition and removal (getrawmempool's mempool_sequence). */
    uint64_t GetSequence() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    // --- Changes (lock themselves) ---------------------------------------------------
    /** Add delta to txid's modified fee, now and for when it arrives (prioritisetransaction). */
    void PrioritiseTransaction(const Txid& txid, Amount delta) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    std::map<Txid, Amount> GetDeltas() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Remove tx (if present) and everything that spends from it. */
    void RemoveRecursive(const primitives::Transaction& tx, RemovalReason reason) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /**
     * A block connected: remove its transactions (their in-mempool children stay, now
     * spending confirmed outputs) and everything that conflicts with them.
     */
    void RemoveForBlock(const std::vector<TransactionRef>& block_txs, int block_height)
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Remove entries older than `cutoff` (seconds) with their descendants; returns how many. */
    size_t Expire(int64_t cutoff) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Evict by lowest descendant score until the estimated memory use is at most limit. */
    void TrimToSize(size_t limit) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /**
     * Remove every entry and the unbroadcast set (tests, reorg rebuild); fee deltas stay.
     * Returns the removed transactions, parents first.
     */
    std::vector<TransactionRef> Clear() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /** Transactions submitted locally and not yet seen relayed back (mempool.dat keeps them). */
    void AddUnbroadcast(const Txid& txid) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void RemoveUnbroadcast(const Txid& txid) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    std::set<Txid> GetUnbroadcast() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /** Check every aggregate and index against a recomputation (tests); the first problem found. */
    std::optional<std::string> CheckConsistency() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    // --- For acceptance (caller holds GetMutex()) -------------------------------------
    const TxMemPoolEntry* GetEntry(const Txid& txid) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Visit entries best ancestor score first (block assembly's order) until fn returns false. */
    void VisitByAncestorScore(const std::function<bool(const TxMemPoolEntry&)>& fn) const
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    const TxMemPoolEntry* GetEntry(const Wtxid& wtxid) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** The in-mempool transaction spending outpoint, or null. */
    const TxMemPoolEntry* GetSpender(const OutPoint& outpoint) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** A coin for an output of an in-mempool transaction (height MEMPOOL_HEIGHT), or nullopt. */
    std::optional<consensus::Coin> GetMempoolCoin(const OutPoint& outpoint) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    Amount GetDelta(const Txid& txid) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /**
     * Ancestors of a transaction (not yet in the pool) with `vsize` spending from
     * `parents`, checked against the limits: Core's "too-long-mempool-chain" details as
     * the error.
     */
    util::Result<EntrySet> CalculateAncestorsAndCheckLimits(const EntrySet& parents, int64_t vsize,
                                                            const ChainLimits& limits) const
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** entry and all its in-mempool descendants. */
    void CalculateDescendants(const TxMemPoolEntry* entry, EntrySet& out) const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Add an entry whose ancestors were calculated above; takes the fee delta from PrioritiseTransaction. */
    const TxMemPoolEntry* AddUnchecked(std::unique_ptr<TxMemPoolEntry> entry, const EntrySet& ancestors)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Remove a set closed under descendants. */
    void RemoveStaged(const EntrySet& stage, RemovalReason reason) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    FeeRate GetMinFeeLocked() const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void TrimToSizeLocked(size_t limit) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    size_t ExpireLocked(int64_t cutoff) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    size_t DynamicMemoryUsageLocked() const EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_total_usage; }
    size_t SizeLocked() const EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { return m_entries.size(); }

private:
    /** Descendant score: max(own rate, rate with descendants), lowest first (eviction order). */
    struct DescendantScoreLess {
        bool operator()(const TxMemPoolEntry* a, const TxMemPoolEntry* b) const;
    };
    /** Ancestor score: min(own rate, rate with ancestors), best first (mining order). */
    struct AncestorScoreBetter {
        bool operator()(const TxMemPoolEntry* a, const TxMemPoolEntry* b) const;
    };

    void RemoveUnchecked(TxMemPoolEntry* entry, RemovalReason reason) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Remove stage; update_descendants: entries outside it may descend from it (block removal). */
    void RemoveEntries(const EntrySet& stage, RemovalReason reason, bool update_descendants)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Erase from the score indexes, run fn, insert again (the keys are the aggregates). */
    template <typename Fn>
    void Modify(TxMemPoolEntry* entry, Fn&& fn) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    void CalculateAncestorsUnlimited(const TxMemPoolEntry* entry, EntrySet& out) const
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    std::vector<const TxMemPoolEntry*> SortedTopologically() const EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    static TxMemPoolEntry* Mut(const TxMemPoolEntry* entry) { return const_cast<TxMemPoolEntry*>(entry); }

    const MempoolOptions m_opts;
    const util::Clock m_system_clock;

    mutable util::Mutex m_mutex;
    std::unordered_map<Txid, std::unique_ptr<TxMemPoolEntry>, consensus::TxidHasher> m_entries GUARDED_BY(m_mutex);
    std::unordered_map<Wtxid, TxMemPoolEntry*, WtxidHasher> m_by_wtxid GUARDED_BY(m_mutex);
    std::unordered_map<OutPoint, TxMemPoolEntry*, consensus::OutPointHasher> m_spenders GUARDED_BY(m_mutex);
    std::set<TxMemPoolEntry*, DescendantScoreLess> m_by_descendant_score GUARDED_BY(m_mutex);
    std::set<TxMemPoolEntry*, AncestorScoreBetter> m_by_ancestor_score GUARDED_BY(m_mutex);
    std::set<std::pair<int64_t, TxMemPoolEntry*>> m_by_time GUARDED_BY(m_mutex);
    std::map<Txid, Amount> m_deltas GUARDED_BY(m_mutex);
    std::set<Txid> m_unbroadcast GUARDED_BY(m_mutex);

    int64_t m_total_vsize GUARDED_BY(m_mutex){0};
    Amount m_total_fee GUARDED_BY(m_mutex){0};
    size_t m_total_usage GUARDED_BY(m_mutex){0};
    uint64_t m_sequence GUARDED_BY(m_mutex){1};

    // Rolling minimum fee (Core's rollingMinimumFeeRate): updated lazily by GetMinFee.
    mutable double m_rolling_min_fee GUARDED_BY(m_mutex){0};
    mutable int64_t m_last_rolling_update GUARDED_BY(m_mutex){0};
    mutable bool m_block_since_bump GUARDED_BY(m_mutex){false};
};

} // namespace mempool

#endif // BITNODE_MEMPOOL_TXMEMPOOL_H
