#include <mempool/orphanage.h>

#include <mempool/policy.h>

#include <algorithm>

namespace mempool {

bool TxOrphanage::AddTx(const TransactionRef& tx, NodeId peer, int64_t now)
{
    // A heavy orphan could pin a lot of memory with no guarantee its parents ever come.
    if (tx->GetWeight() > MAX_STANDARD_TX_WEIGHT) return false;
    LOCK(m_mutex);
    const Wtxid& wtxid = tx->GetWitnessHash();
    if (m_orphans.count(wtxid)) return false;
    const uint64_t seq = m_next_sequence++;
    m_orphans.emplace(wtxid, Orphan{tx, peer, now, seq});
    m_by_sequence.emplace(seq, wtxid);
    for (const primitives::TxIn& in : tx->vin) m_by_prevout.emplace(in.prevout, wtxid);
    ExpireLocked(now);
    while (m_orphans.size() > m_max) EraseLocked(m_by_sequence.begin()->second);
    return m_orphans.count(wtxid) != 0;
}

void TxOrphanage::EraseLocked(const Wtxid& wtxid)
{
    const auto it = m_orphans.find(wtxid);
    if (it == m_orphans.end()) return;
    for (const primitives::TxIn& in : it->second.tx->vin) {
        auto [lo, hi] = m_by_prevout.equal_range(in.prevout);
        for (auto p = lo; p != hi;) {
            p = p->second == wtxid ? m_by_prevout.erase(p) : std::next(p);
        }
    }
    m_by_sequence.erase(it->second.sequence);
    m_orphans.erase(it);
}

bool TxOrphanage::HaveTx(const Wtxid& wtxid) const
{
    LOCK(m_mutex);
    return m_orphans.count(wtxid) != 0;
}

TransactionRef TxOrphanage::GetTx(const Wtxid& wtxid) const
{
    LOCK(m_mutex);
    const auto it = m_orphans.find(wtxid);
    return it == m_orphans.end() ? nullptr : it->second.tx;
}

bool TxOrphanage::EraseTx(const Wtxid& wtxid)
{
    LOCK(m_mutex);
    if (!m_orphans.count(wtxid)) return false;
    EraseLocked(wtxid);
    return true;
}

size_t TxOrphanage::EraseForPeer(NodeId peer)
{
    LOCK(m_mutex);
    std::vector<Wtxid> gone;
    for (const auto& [wtxid, orphan] : m_orphans) {
        if (orphan.peer == peer) gone.push_back(wtxid);
    }
    for (const Wtxid& w : gone) EraseLocked(w);
    return gone.size();
}

size_t TxOrphanage::EraseForBlock(const std::vector<TransactionRef>& block_txs)
{
    LOCK(m_mutex);
    std::set<Wtxid> gone;
    for (const TransactionRef& tx : block_txs) {
        if (m_orphans.count(tx->GetWitnessHash())) gone.insert(tx->GetWitnessHash());
        for (const primitives::TxIn& in : tx->vin) {
            auto [lo, hi] = m_by_prevout.equal_range(in.prevout);
            for (auto p = lo; p != hi; ++p) gone.insert(p->second);
        }
    }
    for (const Wtxid& w : gone) EraseLocked(w);
    return gone.size();
}

size_t TxOrphanage::ExpireLocked(int64_t now)
{
    std::vector<Wtxid> gone;
    for (const auto& [wtxid, orphan] : m_orphans) {
        if (orphan.time + ORPHAN_TX_EXPIRE_TIME <= now) gone.push_back(wtxid);
    }
    for (const Wtxid& w : gone) EraseLocked(w);
    return gone.size();
}

size_t TxOrphanage::Expire(int64_t now)
{
    LOCK(m_mutex);
    return ExpireLocked(now);
}

std::vector<TransactionRef> TxOrphanage::GetChildren(const Txid& parent) const
{
    LOCK(m_mutex);
    std::map<uint64_t, TransactionRef> found;
    for (auto it = m_by_prevout.lower_bound(OutPoint{parent, 0}); it != m_by_prevout.end() && it->first.hash == parent;
         ++it) {
        const Orphan& o = m_orphans.at(it->second);
        found.emplace(o.sequence, o.tx);
    }
    std::vector<TransactionRef> out;
    for (auto& [seq, tx] : found) out.push_back(tx);
    return out;
}

TransactionRef TxOrphanage::GetSpender(const OutPoint& outpoint) const
{
    LOCK(m_mutex);
    const auto it = m_by_prevout.find(outpoint);
    return it == m_by_prevout.end() ? nullptr : m_orphans.at(it->second).tx;
}

std::vector<Txid> TxOrphanage::Parents(const primitives::Transaction& tx)
{
    std::vector<Txid> parents;
    for (const primitives::TxIn& in : tx.vin) {
        if (std::find(parents.begin(), parents.end(), in.prevout.hash) == parents.end()) {
            parents.push_back(in.prevout.hash);
        }
    }
    return parents;
}

size_t TxOrphanage::Size() const
{
    LOCK(m_mutex);
    return m_orphans.size();
}

} // namespace mempool
