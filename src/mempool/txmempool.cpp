#include <mempool/txmempool.h>

#include <algorithm>
#include <cassert>
#include <cmath>

namespace mempool {

namespace {

/** Half-life of the rolling minimum fee once blocks arrive (Core's ROLLING_FEE_HALFLIFE). */
constexpr double ROLLING_FEE_HALFLIFE = 60 * 60 * 12;

/** a_fee / a_size < b_fee / b_size without division. */
bool RateLess(Amount a_fee, int64_t a_size, Amount b_fee, int64_t b_size)
{
    return static_cast<double>(a_fee) * static_cast<double>(b_size) <
           static_cast<double>(b_fee) * static_cast<double>(a_size);
}

/**
 * Rough heap use of an entry with its transaction and its nodes in the indexes. -maxmempool
 * bounds this estimate; it grows with the transaction's size and input/output counts as
 * the real allocation does.
 */
size_t EstimateUsage(const primitives::Transaction& tx)
{
    constexpr size_t INDEX_NODES = 6 * 48;
    return sizeof(TxMemPoolEntry) + sizeof(primitives::Transaction) + INDEX_NODES + tx.GetTotalSize() +
           tx.vin.size() * (sizeof(primitives::TxIn) + 64) + tx.vout.size() * (sizeof(primitives::TxOut) + 16);
}

} // namespace

std::string RemovalReasonName(RemovalReason reason)
{
    switch (reason) {
    case RemovalReason::EXPIRY:
        return "expiry";
    case RemovalReason::SIZELIMIT:
        return "sizelimit";
    case RemovalReason::REORG:
        return "reorg";
    case RemovalReason::BLOCK:
        return "block";
    case RemovalReason::CONFLICT:
        return "conflict";
    case RemovalReason::REPLACED:
        return "replaced";
    }
    return "unknown";
}

TxMemPoolEntry::TxMemPoolEntry(TransactionRef tx, Amount fee, int64_t time, int height, bool spends_coinbase,
                               int64_t sigop_cost, int64_t vsize)
    : m_tx{std::move(tx)}, m_fee{fee}, m_vsize{vsize}, m_time{time}, m_height{height},
      m_spends_coinbase{spends_coinbase}, m_sigop_cost{sigop_cost}, m_usage{EstimateUsage(*m_tx)},
      m_size_with_ancestors{vsize}, m_mod_fees_with_ancestors{fee}, m_sigops_with_ancestors{sigop_cost},
      m_size_with_descendants{vsize}, m_mod_fees_with_descendants{fee}
{}

bool TxMemPool::DescendantScoreLess::operator()(const TxMemPoolEntry* a, const TxMemPoolEntry* b) const
{
    // Each side's score is the better of its own rate and its rate with descendants, so a
    // parent that a good child pays for is not evicted before a lone cheap transaction.
    auto score = [](const TxMemPoolEntry* e) {
        const bool use_desc =
            RateLess(e->GetModifiedFee(), e->GetTxSize(), e->GetModFeesWithDescendants(), e->GetSizeWithDescendants());
        return use_desc ? std::pair{e->GetModFeesWithDescendants(), e->GetSizeWithDescendants()}
                        : std::pair{e->GetModifiedFee(), e->GetTxSize()};
    };
    const auto [a_fee, a_size] = score(a);
    const auto [b_fee, b_size] = score(b);
    if (RateLess(a_fee, a_size, b_fee, b_size)) return true;
    if (RateLess(b_fee, b_size, a_fee, a_size)) return false;
    // Equal scores: the newer goes first (Core), then any fixed order.
    if (a->GetTime() != b->GetTime()) return a->GetTime() > b->GetTime();
    return a->GetTxid() < b->GetTxid();
}

bool TxMemPool::AncestorScoreBetter::operator()(const TxMemPoolEntry* a, const TxMemPoolEntry* b) const
{
    // The worse of own rate and rate with ancestors: a child cannot be mined before its parents.
    auto score = [](const TxMemPoolEntry* e) {
        const bool use_anc =
            RateLess(e->GetModFeesWithAncestors(), e->GetSizeWithAncestors(), e->GetModifiedFee(), e->GetTxSize());
        return use_anc ? std::pair{e->GetModFeesWithAncestors(), e->GetSizeWithAncestors()}
                       : std::pair{e->GetModifiedFee(), e->GetTxSize()};
    };
    const auto [a_fee, a_size] = score(a);
    const auto [b_fee, b_size] = score(b);
    if (RateLess(b_fee, b_size, a_fee, a_size)) return true;
    if (RateLess(a_fee, a_size, b_fee, b_size)) return false;
    return a->GetTxid() < b->GetTxid();
}

TxMemPool::TxMemPool(MempoolOptions options) : m_opts{std::move(options)} {}
TxMemPool::~TxMemPool() = default;

template <typename Fn>
void TxMemPool::Modify(TxMemPoolEntry* entry, Fn&& fn)
{
    m_by_descendant_score.erase(entry);
    m_by_ancestor_score.erase(entry);
    fn(*entry);
    m_by_descendant_score.insert(entry);
    m_by_ancestor_score.insert(entry);
}

// --- Queries ----------------------------------------------------------------------------

size_t TxMemPool::Size() const
{
    LOCK(m_mutex);
    return m_entries.size();
}

bool TxMemPool::Exists(const Txid& txid) const
{
    LOCK(m_mutex);
    return m_entries.count(txid) != 0;
}

bool TxMemPool::Exists(const Wtxid& wtxid) const
{
    LOCK(m_mutex);
    return m_by_wtxid.count(wtxid) != 0;
}

TransactionRef TxMemPool::Get(const Txid& txid) const
{
    LOCK(m_mutex);
    const auto it = m_entries.find(txid);
    return it == m_entries.end() ? nullptr : it->second->GetTx();
}

namespace {
EntryInfo MakeInfo(const TxMemPoolEntry& e)
{
    EntryInfo info;
    info.tx = e.GetTx();
    info.fee = e.GetFee();
    info.modified_fee = e.GetModifiedFee();
    info.vsize = e.GetTxSize();
    info.time = e.GetTime();
    info.height = e.GetHeight();
    info.ancestor_count = e.GetCountWithAncestors();
    info.ancestor_size = e.GetSizeWithAncestors();
    info.ancestor_fees = e.GetModFeesWithAncestors();
    info.descendant_count = e.GetCountWithDescendants();
    info.descendant_size = e.GetSizeWithDescendants();
    info.descendant_fees = e.GetModFeesWithDescendants();
    for (const TxMemPoolEntry* parent : e.Parents()) info.parents.push_back(parent->GetTxid());
    std::sort(info.parents.begin(), info.parents.end());
    return info;
}
} // namespace

std::optional<EntryInfo> TxMemPool::Info(const Txid& txid) const
{
    LOCK(m_mutex);
    const auto it = m_entries.find(txid);
    if (it == m_entries.end()) return std::nullopt;
    return MakeInfo(*it->second);
}

std::vector<const TxMemPoolEntry*> TxMemPool::SortedTopologically() const
{
    std::vector<const TxMemPoolEntry*> all;
    all.reserve(m_entries.size());
    for (const auto& [txid, entry] : m_entries) all.push_back(entry.get());
    // A parent always has fewer ancestors than its child.
    std::sort(all.begin(), all.end(), [](const TxMemPoolEntry* a, const TxMemPoolEntry* b) {
        if (a->GetCountWithAncestors() != b->GetCountWithAncestors()) {
            return a->GetCountWithAncestors() < b->GetCountWithAncestors();
        }
        return a->GetSequence() < b->GetSequence();
    });
    return all;
}

std::vector<EntryInfo> TxMemPool::InfoAll() const
{
    LOCK(m_mutex);
    std::vector<EntryInfo> out;
    for (const TxMemPoolEntry* e : SortedTopologically()) out.push_back(MakeInfo(*e));
    return out;
}

std::vector<Txid> TxMemPool::TxidsByAncestorScore() const
{
    LOCK(m_mutex);
    std::vector<Txid> out;
    out.reserve(m_by_ancestor_score.size());
    for (const TxMemPoolEntry* e : m_by_ancestor_score) out.push_back(e->GetTxid());
    return out;
}

void TxMemPool::VisitByAncestorScore(const std::function<bool(const TxMemPoolEntry&)>& fn) const
{
    for (const TxMemPoolEntry* e : m_by_ancestor_score) {
        if (!fn(*e)) return;
    }
}

int64_t TxMemPool::TotalTxSize() const
{
    LOCK(m_mutex);
    return m_total_vsize;
}

Amount TxMemPool::TotalFee() const
{
    LOCK(m_mutex);
    return m_total_fee;
}

size_t TxMemPool::DynamicMemoryUsage() const
{
    LOCK(m_mutex);
    return m_total_usage;
}

FeeRate TxMemPool::GetMinFee() const
{
    LOCK(m_mutex);
    return GetMinFeeLocked();
}

FeeRate TxMemPool::GetMinFeeLocked() const
{
    if (!m_block_since_bump || m_rolling_min_fee == 0) return FeeRate{std::llround(m_rolling_min_fee)};
    const int64_t now = Now();
    if (now > m_last_rolling_update + 10) {
        // Decay faster while the pool is mostly empty: the bump no longer reflects pressure.
        double halflife = ROLLING_FEE_HALFLIFE;
        const auto limit = static_cast<size_t>(m_opts.max_size_bytes);
        if (m_total_usage < limit / 4) {
            halflife /= 4;
        } else if (m_total_usage < limit / 2) {
            halflife /= 2;
        }
        m_rolling_min_fee /= std::pow(2.0, static_cast<double>(now - m_last_rolling_update) / halflife);
        m_last_rolling_update = now;
        if (m_rolling_min_fee < static_cast<double>(m_opts.incremental_relay_fee.GetFeePerK()) / 2) {
            m_rolling_min_fee = 0;
            return FeeRate{0};
        }
    }
    return std::max(FeeRate{std::llround(m_rolling_min_fee)}, m_opts.incremental_relay_fee);
}

uint64_t TxMemPool::GetSequence() const
{
    LOCK(m_mutex);
    return m_sequence;
}

// --- Lookups for acceptance ---------------------------------------------------------------

const TxMemPoolEntry* TxMemPool::GetEntry(const Txid& txid) const
{
    const auto it = m_entries.find(txid);
    return it == m_entries.end() ? nullptr : it->second.get();
}

const TxMemPoolEntry* TxMemPool::GetEntry(const Wtxid& wtxid) const
{
    const auto it = m_by_wtxid.find(wtxid);
    return it == m_by_wtxid.end() ? nullptr : it->second;
}

const TxMemPoolEntry* TxMemPool::GetSpender(const OutPoint& outpoint) const
{
    const auto it = m_spenders.find(outpoint);
    return it == m_spenders.end() ? nullptr : it->second;
}

std::optional<consensus::Coin> TxMemPool::GetMempoolCoin(const OutPoint& outpoint) const
{
    const TxMemPoolEntry* entry = GetEntry(outpoint.hash);
    if (!entry || outpoint.n >= entry->GetTx()->vout.size()) return std::nullopt;
    return consensus::Coin{entry->GetTx()->vout[outpoint.n], MEMPOOL_HEIGHT, false};
}

Amount TxMemPool::GetDelta(const Txid& txid) const
{
    const auto it = m_deltas.find(txid);
    return it == m_deltas.end() ? 0 : it->second;
}

util::Result<EntrySet> TxMemPool::CalculateAncestorsAndCheckLimits(const EntrySet& parents, int64_t vsize,
                                                                   const ChainLimits& limits) const
{
    if (static_cast<int64_t>(parents.size()) + 1 > limits.ancestor_count) {
        return util::Error{"too many unconfirmed parents [limit: " + std::to_string(limits.ancestor_count) + "]"};
    }
    EntrySet ancestors;
    std::vector<const TxMemPoolEntry*> todo(parents.begin(), parents.end());
    EntrySet staged = parents;
    int64_t size_with_ancestors = vsize;
    while (!todo.empty()) {
        const TxMemPoolEntry* e = todo.back();
        todo.pop_back();
        ancestors.insert(e);
        size_with_ancestors += e->GetTxSize();
        if (e->GetSizeWithDescendants() + vsize > limits.descendant_size_vbytes) {
            return util::Error{"exceeds descendant size limit for tx " + e->GetTxid().GetHex() +
                               " [limit: " + std::to_string(limits.descendant_size_vbytes) + "]"};
        }
        if (static_cast<int64_t>(e->GetCountWithDescendants()) + 1 > limits.descendant_count) {
            return util::Error{"too many descendants for tx " + e->GetTxid().GetHex() +
                               " [limit: " + std::to_string(limits.descendant_count) + "]"};
        }
        if (size_with_ancestors > limits.ancestor_size_vbytes) {
            return util::Error{"exceeds ancestor size limit [limit: " + std::to_string(limits.ancestor_size_vbytes) +
                               "]"};
        }
        for (const TxMemPoolEntry* p : e->Parents()) {
            if (staged.insert(p).second) todo.push_back(p);
        }
        if (static_cast<int64_t>(staged.size()) + 1 > limits.ancestor_count) {
            return util::Error{"too many unconfirmed ancestors [limit: " + std::to_string(limits.ancestor_count) + "]"};
        }
    }
    return ancestors;
}

void TxMemPool::CalculateAncestorsUnlimited(const TxMemPoolEntry* entry, EntrySet& out) const
{
    std::vector<const TxMemPoolEntry*> todo(entry->Parents().begin(), entry->Parents().end());
    while (!todo.empty()) {
        const TxMemPoolEntry* e = todo.back();
        todo.pop_back();
        if (!out.insert(e).second) continue;
        for (const TxMemPoolEntry* p : e->Parents()) todo.push_back(p);
    }
}

void TxMemPool::CalculateDescendants(const TxMemPoolEntry* entry, EntrySet& out) const
{
    std::vector<const TxMemPoolEntry*> todo{entry};
    while (!todo.empty()) {
        const TxMemPoolEntry* e = todo.back();
        todo.pop_back();
        if (!out.insert(e).second) continue;
        for (const TxMemPoolEntry* c : e->Children()) todo.push_back(c);
    }
}

// --- Adding and removing --------------------------------------------------------------------

const TxMemPoolEntry* TxMemPool::AddUnchecked(std::unique_ptr<TxMemPoolEntry> owned, const EntrySet& ancestors)
{
    TxMemPoolEntry* entry = owned.get();
    entry->m_fee_delta = GetDelta(entry->GetTxid());
    entry->m_sequence = m_sequence++;
    const Amount mod_fee = entry->GetModifiedFee();
    entry->m_mod_fees_with_ancestors = mod_fee;
    entry->m_mod_fees_with_descendants = mod_fee;
    entry->m_count_with_ancestors = 1 + ancestors.size();
    for (const TxMemPoolEntry* a : ancestors) {
        entry->m_size_with_ancestors += a->GetTxSize();
        entry->m_mod_fees_with_ancestors += a->GetModifiedFee();
        entry->m_sigops_with_ancestors += a->GetSigOpCost();
        Modify(Mut(a), [&](TxMemPoolEntry& anc) {
            anc.m_count_with_descendants += 1;
            anc.m_size_with_descendants += entry->GetTxSize();
            anc.m_mod_fees_with_descendants += mod_fee;
        });
    }
    for (const primitives::TxIn& in : entry->GetTx()->vin) {
        m_spenders[in.prevout] = entry;
        const auto parent = m_entries.find(in.prevout.hash);
        if (parent != m_entries.end()) {
            entry->m_parents.insert(parent->second.get());
            parent->second->m_children.insert(entry);
        }
    }
    m_by_wtxid.emplace(entry->GetTx()->GetWitnessHash(), entry);
    m_by_time.emplace(entry->GetTime(), entry);
    m_by_descendant_score.insert(entry);
    m_by_ancestor_score.insert(entry);
    m_total_vsize += entry->GetTxSize();
    m_total_fee += entry->GetFee();
    m_total_usage += entry->DynamicMemoryUsage();
    m_entries.emplace(entry->GetTxid(), std::move(owned));
    return entry;
}

void TxMemPool::RemoveUnchecked(TxMemPoolEntry* entry, RemovalReason /*reason*/)
{
    for (const primitives::TxIn& in : entry->GetTx()->vin) m_spenders.erase(in.prevout);
    for (const TxMemPoolEntry* p : entry->m_parents) Mut(p)->m_children.erase(entry);
    for (const TxMemPoolEntry* c : entry->m_children) Mut(c)->m_parents.erase(entry);
    m_by_wtxid.erase(entry->GetTx()->GetWitnessHash());
    m_by_time.erase({entry->GetTime(), entry});
    m_by_descendant_score.erase(entry);
    m_by_ancestor_score.erase(entry);
    m_total_vsize -= entry->GetTxSize();
    m_total_fee -= entry->GetFee();
    m_total_usage -= entry->DynamicMemoryUsage();
    m_unbroadcast.erase(entry->GetTxid());
    ++m_sequence;
    m_entries.erase(entry->GetTxid()); // frees entry
}

void TxMemPool::RemoveEntries(const EntrySet& stage, RemovalReason reason, bool update_descendants)
{
    for (const TxMemPoolEntry* e : stage) {
        EntrySet ancestors;
        CalculateAncestorsUnlimited(e, ancestors);
        for (const TxMemPoolEntry* a : ancestors) {
            if (stage.count(a)) continue;
            Modify(Mut(a), [&](TxMemPoolEntry& anc) {
                anc.m_count_with_descendants -= 1;
                anc.m_size_with_descendants -= e->GetTxSize();
                anc.m_mod_fees_with_descendants -= e->GetModifiedFee();
            });
        }
        if (update_descendants) {
            EntrySet descendants;
            CalculateDescendants(e, descendants);
            for (const TxMemPoolEntry* d : descendants) {
                if (stage.count(d)) continue;
                Modify(Mut(d), [&](TxMemPoolEntry& desc) {
                    desc.m_count_with_ancestors -= 1;
                    desc.m_size_with_ancestors -= e->GetTxSize();
                    desc.m_mod_fees_with_ancestors -= e->GetModifiedFee();
                    desc.m_sigops_with_ancestors -= e->GetSigOpCost();
                });
            }
        }
    }
    for (const TxMemPoolEntry* e : stage) RemoveUnchecked(Mut(e), reason);
}

void TxMemPool::RemoveStaged(const EntrySet& stage, RemovalReason reason)
{
    RemoveEntries(stage, reason, /*update_descendants=*/false);
}

void TxMemPool::RemoveRecursive(const primitives::Transaction& tx, RemovalReason reason)
{
    LOCK(m_mutex);
    EntrySet stage;
    if (const TxMemPoolEntry* e = GetEntry(tx.GetHash())) {
        CalculateDescendants(e, stage);
    } else {
        // Not in the pool itself (e.g. it just confirmed), but children may spend its outputs.
        for (uint32_t n = 0; n < tx.vout.size(); ++n) {
            if (const TxMemPoolEntry* spender = GetSpender(OutPoint{tx.GetHash(), n})) {
                CalculateDescendants(spender, stage);
            }
        }
    }
    RemoveStaged(stage, reason);
}

void TxMemPool::RemoveForBlock(const std::vector<TransactionRef>& block_txs, int /*block_height*/)
{
    LOCK(m_mutex);
    for (const TransactionRef& tx : block_txs) {
        if (const TxMemPoolEntry* e = GetEntry(tx->GetHash())) {
            // Block order is topological, so its in-mempool parents are gone already; its
            // children stay and now spend a confirmed output.
            RemoveEntries(EntrySet{e}, RemovalReason::BLOCK, /*update_descendants=*/true);
        }
        // Whatever else spends the same outputs can never confirm now.
        for (const primitives::TxIn& in : tx->vin) {
            const TxMemPoolEntry* conflict = GetSpender(in.prevout);
            if (!conflict || conflict->GetTxid() == tx->GetHash()) continue;
            EntrySet stage;
            CalculateDescendants(conflict, stage);
            RemoveStaged(stage, RemovalReason::CONFLICT);
        }
        m_deltas.erase(tx->GetHash());
    }
    m_last_rolling_update = Now();
    m_block_since_bump = true;
}

size_t TxMemPool::Expire(int64_t cutoff)
{
    LOCK(m_mutex);
    return ExpireLocked(cutoff);
}

size_t TxMemPool::ExpireLocked(int64_t cutoff)
{
    EntrySet stage;
    for (auto it = m_by_time.begin(); it != m_by_time.end() && it->first < cutoff; ++it) {
        CalculateDescendants(it->second, stage);
    }
    RemoveStaged(stage, RemovalReason::EXPIRY);
    return stage.size();
}

void TxMemPool::TrimToSize(size_t limit)
{
    LOCK(m_mutex);
    TrimToSizeLocked(limit);
}

void TxMemPool::TrimToSizeLocked(size_t limit)
{
    while (!m_entries.empty() && m_total_usage > limit) {
        const TxMemPoolEntry* worst = *m_by_descendant_score.begin();
        // The next transaction must pay more than what was just thrown out, plus the relay increment.
        FeeRate removed{worst->GetModFeesWithDescendants(), worst->GetSizeWithDescendants()};
        removed += m_opts.incremental_relay_fee;
        if (static_cast<double>(removed.GetFeePerK()) > m_rolling_min_fee) {
            m_rolling_min_fee = static_cast<double>(removed.GetFeePerK());
            m_block_since_bump = false;
        }
        EntrySet stage;
        CalculateDescendants(worst, stage);
        RemoveStaged(stage, RemovalReason::SIZELIMIT);
    }
}

std::vector<TransactionRef> TxMemPool::Clear()
{
    LOCK(m_mutex);
    std::vector<TransactionRef> txs;
    for (const TxMemPoolEntry* e : SortedTopologically()) txs.push_back(e->GetTx());
    m_by_descendant_score.clear();
    m_by_ancestor_score.clear();
    m_by_time.clear();
    m_by_wtxid.clear();
    m_spenders.clear();
    m_entries.clear();
    m_unbroadcast.clear();
    m_total_vsize = 0;
    m_total_fee = 0;
    m_total_usage = 0;
    ++m_sequence;
    return txs;
}

void TxMemPool::PrioritiseTransaction(const Txid& txid, Amount delta)
{
    LOCK(m_mutex);
    Amount& total = m_deltas[txid];
    total += delta;
    const auto it = m_entries.find(txid);
    if (it != m_entries.end()) {
        TxMemPoolEntry* entry = it->second.get();
        Modify(entry, [&](TxMemPoolEntry& e) {
            e.m_fee_delta += delta;
            e.m_mod_fees_with_ancestors += delta;
            e.m_mod_fees_with_descendants += delta;
        });
        EntrySet ancestors;
        CalculateAncestorsUnlimited(entry, ancestors);
        for (const TxMemPoolEntry* a : ancestors) {
            Modify(Mut(a), [&](TxMemPoolEntry& e) { e.m_mod_fees_with_descendants += delta; });
        }
        EntrySet descendants;
        CalculateDescendants(entry, descendants);
        descendants.erase(entry);
        for (const TxMemPoolEntry* d : descendants) {
            Modify(Mut(d), [&](TxMemPoolEntry& e) { e.m_mod_fees_with_ancestors += delta; });
        }
    }
    if (total == 0) m_deltas.erase(txid);
}

std::map<Txid, Amount> TxMemPool::GetDeltas() const
{
    LOCK(m_mutex);
    return m_deltas;
}

void TxMemPool::AddUnbroadcast(const Txid& txid)
{
    LOCK(m_mutex);
    if (m_entries.count(txid)) m_unbroadcast.insert(txid);
}

void TxMemPool::RemoveUnbroadcast(const Txid& txid)
{
    LOCK(m_mutex);
    m_unbroadcast.erase(txid);
}

std::set<Txid> TxMemPool::GetUnbroadcast() const
{
    LOCK(m_mutex);
    return m_unbroadcast;
}

std::optional<std::string> TxMemPool::CheckConsistency() const
{
    LOCK(m_mutex);
    int64_t vsize = 0;
    Amount fee = 0;
    size_t usage = 0;
    size_t inputs = 0;
    for (const auto& [txid, owned] : m_entries) {
        const TxMemPoolEntry* e = owned.get();
        vsize += e->GetTxSize();
        fee += e->GetFee();
        usage += e->DynamicMemoryUsage();
        EntrySet parents;
        for (const primitives::TxIn& in : e->GetTx()->vin) {
            ++inputs;
            if (GetSpender(in.prevout) != e) return "spender index wrong for " + txid.GetHex();
            if (const TxMemPoolEntry* p = GetEntry(in.prevout.hash)) parents.insert(p);
        }
        if (parents != e->Parents()) return "parents wrong for " + txid.GetHex();
        for (const TxMemPoolEntry* c : e->Children()) {
            if (!c->Parents().count(e)) return "child link not mirrored for " + txid.GetHex();
        }
        EntrySet ancestors;
        CalculateAncestorsUnlimited(e, ancestors);
        int64_t a_size = e->GetTxSize();
        Amount a_fees = e->GetModifiedFee();
        int64_t a_sigops = e->GetSigOpCost();
        for (const TxMemPoolEntry* a : ancestors) {
            a_size += a->GetTxSize();
            a_fees += a->GetModifiedFee();
            a_sigops += a->GetSigOpCost();
        }
        if (e->GetCountWithAncestors() != ancestors.size() + 1 || e->GetSizeWithAncestors() != a_size ||
            e->GetModFeesWithAncestors() != a_fees || e->GetSigOpCostWithAncestors() != a_sigops) {
            return "ancestor state wrong for " + txid.GetHex();
        }
        EntrySet descendants;
        CalculateDescendants(e, descendants);
        int64_t d_size = 0;
        Amount d_fees = 0;
        for (const TxMemPoolEntry* d : descendants) {
            d_size += d->GetTxSize();
            d_fees += d->GetModifiedFee();
        }
        if (e->GetCountWithDescendants() != descendants.size() || e->GetSizeWithDescendants() != d_size ||
            e->GetModFeesWithDescendants() != d_fees) {
            return "descendant state wrong for " + txid.GetHex();
        }
    }
    if (vsize != m_total_vsize || fee != m_total_fee || usage != m_total_usage) return std::string{"totals wrong"};
    if (inputs != m_spenders.size()) return std::string{"spender index has stale entries"};
    if (m_by_wtxid.size() != m_entries.size() || m_by_time.size() != m_entries.size() ||
        m_by_descendant_score.size() != m_entries.size() || m_by_ancestor_score.size() != m_entries.size()) {
        return std::string{"index sizes differ"};
    }
    return std::nullopt;
}

} // namespace mempool
