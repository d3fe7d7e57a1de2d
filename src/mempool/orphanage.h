// TxOrphanage: transactions whose parents we have not seen yet, kept in a small bounded
// pool until the parents arrive (Bitcoin Core's TxOrphanage, before its per-peer
// reservations): at most DEFAULT_MAX_ORPHAN_TRANSACTIONS entries, each at most
// MAX_STANDARD_TX_WEIGHT, expiring after ORPHAN_TX_EXPIRE_TIME; when full, the oldest go
// first (Core evicts at random; oldest-first keeps tests deterministic and is as hard to
// game for a peer that cannot make its orphans older than others').
//
// The node adds a transaction that failed with TX_MISSING_INPUTS, asks for its parents
// (MissingParents), and when a transaction is accepted looks up the orphans spending it
// (GetChildren) to try them again.
//
// Thread safety: all methods lock the orphanage's own mutex; it is never held while
// calling out, so it may be taken with or without the chainstate and mempool locks.
#ifndef BITNODE_MEMPOOL_ORPHANAGE_H
#define BITNODE_MEMPOOL_ORPHANAGE_H

#include <consensus/coins.h>
#include <mempool/txmempool.h>
#include <primitives/transaction.h>
#include <util/sync.h>

#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>
#include <vector>

namespace mempool {

inline constexpr size_t DEFAULT_MAX_ORPHAN_TRANSACTIONS = 100;
inline constexpr int64_t ORPHAN_TX_EXPIRE_TIME = 20 * 60;

using NodeId = int64_t;

class TxOrphanage
{
public:
    explicit TxOrphanage(size_t max_orphans = DEFAULT_MAX_ORPHAN_TRANSACTIONS) : m_max{max_orphans} {}

    /**
     * Keep tx from peer, received at `now`. False if it is too heavy or already kept.
     * Enforces the count limit (expiry first, then oldest out).
     */
    bool AddTx(const TransactionRef& tx, NodeId peer, int64_t now) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    bool HaveTx(const Wtxid& wtxid) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    TransactionRef GetTx(const Wtxid& wtxid) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Remove one orphan; false if absent. */
    bool EraseTx(const Wtxid& wtxid) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** A peer disconnected: drop what it gave us. Returns how many. */
    size_t EraseForPeer(NodeId peer) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** A block connected: drop orphans it included or that spend what it spent. */
    size_t EraseForBlock(const std::vector<TransactionRef>& block_txs) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Drop orphans older than ORPHAN_TX_EXPIRE_TIME at `now`. */
    size_t Expire(int64_t now) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /** Orphans spending an output of `parent` (to retry once it was accepted), oldest first. */
    std::vector<TransactionRef> GetChildren(const Txid& parent) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** The orphan spending exactly `outpoint`, if any. */
    TransactionRef GetSpender(const OutPoint& outpoint) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Distinct txids an orphan's inputs refer to, in input order (what to request). */
    static std::vector<Txid> Parents(const primitives::Transaction& tx);

    size_t Size() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

private:
    struct Orphan {
        TransactionRef tx;
        NodeId peer;
        int64_t time;
        uint64_t sequence;
    };

    void EraseLocked(const Wtxid& wtxid) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    size_t ExpireLocked(int64_t now) EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    const size_t m_max;
    mutable util::Mutex m_mutex;
    std::unordered_map<Wtxid, Orphan, WtxidHasher> m_orphans GUARDED_BY(m_mutex);
    /** Arrival order: sequence -> wtxid (the oldest is evicted first). */
    std::map<uint64_t, Wtxid> m_by_sequence GUARDED_BY(m_mutex);
    std::multimap<OutPoint, Wtxid> m_by_prevout GUARDED_BY(m_mutex);
    uint64_t m_next_sequence GUARDED_BY(m_mutex){0};
};

} // namespace mempool

#endif // BITNODE_MEMPOOL_ORPHANAGE_H
