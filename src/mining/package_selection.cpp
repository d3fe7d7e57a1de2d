// Package selection by ancestor fee rate (Core's addPackageTxs before cluster mempool).
#include <mining/package_selection.h>

#include <consensus/limits.h>
#include <consensus/tx_verify.h>
#include <util/sync.h>

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace mining {

namespace {

using mempool::TxMemPoolEntry;
using primitives::Amount;
using primitives::Txid;

/** Stop after this many packages in a row did not fit ... */
constexpr int64_t MAX_CONSECUTIVE_FAILURES = 1000;
/** ... once the block is this close to full (Core's heuristic to finish quickly). */
constexpr int64_t BLOCK_FULL_ENOUGH_WEIGHT_DELTA = 4000;

/** A candidate package: an entry with what is left of its not-yet-selected ancestors. */
struct PackageScore {
    const TxMemPoolEntry* entry{nullptr};
    int64_t size{0}; //!< virtual bytes, entry and remaining ancestors
    Amount fees{0};  //!< modified fees, likewise
    int64_t sigops{0};
};

PackageScore FromEntry(const TxMemPoolEntry* entry)
{
    return {entry, entry->GetSizeWithAncestors(), entry->GetModFeesWithAncestors(), entry->GetSigOpCostWithAncestors()};
}

/**
 * Core's ancestor score: a package is ranked by the lower of its own transaction's fee
 * rate and the package's, so a high-fee child cannot lift a parent it does not need to.
 */
std::pair<double, double> ScoreFeeAndSize(const PackageScore& p)
{
    const double own_fee = static_cast<double>(p.entry->GetModifiedFee());
    const double own_size = static_cast<double>(p.entry->GetTxSize());
    const double pkg_fee = static_cast<double>(p.fees);
    const double pkg_size = static_cast<double>(p.size);
    if (own_fee * pkg_size > pkg_fee * own_size) return {pkg_fee, pkg_size};
    return {own_fee, own_size};
}

/** True if a ranks before b (higher score; ties broken by txid, as Core). */
bool BetterScore(const PackageScore& a, const PackageScore& b)
{
    const auto [a_fee, a_size] = ScoreFeeAndSize(a);
    const auto [b_fee, b_size] = ScoreFeeAndSize(b);
    const double f1 = a_fee * b_size;
    const double f2 = b_fee * a_size;
    if (f1 == f2) return a.entry->GetTxid() < b.entry->GetTxid();
    return f1 > f2;
}

struct ScorePtrBetter {
    bool operator()(const PackageScore* a, const PackageScore* b) const { return BetterScore(*a, *b); }
};

/** The selection's working state. */
class Selector
{
public:
    Selector(const mempool::TxMemPool& pool, const std::function<bool(const primitives::OutPoint&)>& have_coin,
             const SelectionLimits& limits)
        : m_pool{pool}, m_have_coin{have_coin}, m_limits{limits}
    {
        m_result.weight = limits.start_weight;
        m_result.sigop_cost = limits.start_sigops;
    }

    /** Requires the pool's lock (asserted: the analysis cannot name it through m_pool). */
    Selection Run();

private:
    /**
     * The pool's next entry in ancestor-score order: first every modified package that
     * ranks better, then the entry itself, unless it is already selected, modified or
     * failed. False once selection is over.
     */
    bool VisitEntry(const TxMemPoolEntry* entry);
    /** Try one package; false once selection is over (fee floor, or full enough). */
    bool Consider(const PackageScore& score, bool using_modified);
    bool Fits(const PackageScore& p) const
    {
        if (m_result.weight + primitives::WITNESS_SCALE_FACTOR * p.size >= m_limits.max_weight) return false;
        if (m_result.sigop_cost + p.sigops >= consensus::MAX_BLOCK_SIGOPS_COST) return false;
        return true;
    }
    /** entry and its ancestors not yet selected, parents first. */
    std::vector<const TxMemPoolEntry*> Package(const TxMemPoolEntry* entry) const;
    bool AllFinal(const std::vector<const TxMemPoolEntry*>& package) const;
    /** Every input is unspent at the tip or made by a selected tx or an earlier one of the package. */
    bool InputsAvailable(const std::vector<const TxMemPoolEntry*>& package) const;
    void Add(const std::vector<const TxMemPoolEntry*>& package);

    const mempool::TxMemPool& m_pool;
    const std::function<bool(const primitives::OutPoint&)>& m_have_coin;
    const SelectionLimits& m_limits;
    Selection m_result;
    std::unordered_set<const TxMemPoolEntry*> m_selected;
    std::unordered_set<Txid, consensus::TxidHasher> m_selected_txids;
    std::unordered_set<const TxMemPoolEntry*> m_failed;
    /** Packages whose ancestors were partly selected, with their remaining aggregates. */
    std::unordered_map<const TxMemPoolEntry*, PackageScore> m_modified;
    std::set<PackageScore*, ScorePtrBetter> m_modified_order;
    int64_t m_consecutive_failed{0};
};

std::vector<const TxMemPoolEntry*> Selector::Package(const TxMemPoolEntry* entry) const
{
    std::vector<const TxMemPoolEntry*> package{entry};
    const bool no_open_parents = std::all_of(entry->Parents().begin(), entry->Parents().end(),
                                             [&](const TxMemPoolEntry* p) { return m_selected.count(p) != 0; });
    if (no_open_parents) return package; // the common case: nothing to walk or sort
    std::unordered_set<const TxMemPoolEntry*> seen{entry};
    for (size_t i = 0; i < package.size(); ++i) {
        for (const TxMemPoolEntry* parent : package[i]->Parents()) {
            // A selected parent's ancestors are all selected already.
            if (m_selected.count(parent) || !seen.insert(parent).second) continue;
            package.push_back(parent);
        }
    }
    // Fewer ancestors first puts every parent before its children (Core's order).
    std::sort(package.begin(), package.end(), [](const TxMemPoolEntry* a, const TxMemPoolEntry* b) {
        if (a->GetCountWithAncestors() != b->GetCountWithAncestors()) {
            return a->GetCountWithAncestors() < b->GetCountWithAncestors();
        }
        return a->GetTxid() < b->GetTxid();
    });
    return package;
}

bool Selector::AllFinal(const std::vector<const TxMemPoolEntry*>& package) const
{
    return std::all_of(package.begin(), package.end(), [&](const TxMemPoolEntry* e) {
        return consensus::IsFinalTx(*e->GetTx(), m_limits.height, m_limits.lock_time_cutoff);
    });
}

bool Selector::InputsAvailable(const std::vector<const TxMemPoolEntry*>& package) const
{
    for (size_t i = 0; i < package.size(); ++i) {
        for (const primitives::TxIn& in : package[i]->GetTx()->vin) {
            if (m_selected_txids.count(in.prevout.hash)) continue;
            const bool from_package =
                std::any_of(package.begin(), package.begin() + static_cast<std::ptrdiff_t>(i),
                            [&](const TxMemPoolEntry* e) { return e->GetTxid() == in.prevout.hash; });
            if (!from_package && !m_have_coin(in.prevout)) return false;
        }
    }
    return true;
}

void Selector::Add(const std::vector<const TxMemPoolEntry*>& package)
{
    util::AssertLockHeld(m_pool.GetMutex());
    for (const TxMemPoolEntry* e : package) {
        m_result.txs.push_back({e->GetTx(), e->GetFee(), e->GetSigOpCost()});
        m_result.weight += e->GetTx()->GetWeight();
        m_result.sigop_cost += e->GetSigOpCost();
        m_result.fees += e->GetFee();
        m_selected.insert(e);
        m_selected_txids.insert(e->GetTxid());
        if (auto it = m_modified.find(e); it != m_modified.end()) {
            m_modified_order.erase(&it->second);
            m_modified.erase(it);
        }
    }
    // Descendants of what went in now need only what is left of their ancestors.
    for (const TxMemPoolEntry* e : package) {
        if (e->Children().empty()) continue;
        mempool::EntrySet descendants;
        m_pool.CalculateDescendants(e, descendants);
        for (const TxMemPoolEntry* d : descendants) {
            if (d == e || m_selected.count(d)) continue;
            auto it = m_modified.find(d);
            if (it == m_modified.end()) {
                it = m_modified.emplace(d, FromEntry(d)).first;
            } else {
                m_modified_order.erase(&it->second);
            }
            it->second.size -= e->GetTxSize();
            it->second.fees -= e->GetModifiedFee();
            it->second.sigops -= e->GetSigOpCost();
            m_modified_order.insert(&it->second);
        }
    }
}

bool Selector::Consider(const PackageScore& score, bool using_modified)
{
    // Everything after this pays less: the block is done.
    if (score.fees < m_limits.min_fee_rate.GetFee(score.size)) return false;

    std::vector<const TxMemPoolEntry*> package;
    bool ok = Fits(score);
    if (ok) {
        package = Package(score.entry);
        ok = AllFinal(package);
        if (ok && !InputsAvailable(package)) {
            ok = false;
            ++m_result.skipped_stale;
        }
    }
    if (!ok) {
        if (using_modified) {
            // score may live in m_modified: keep the entry before erasing it.
            const TxMemPoolEntry* entry = score.entry;
            m_modified_order.erase(&m_modified.at(entry));
            m_modified.erase(entry);
            m_failed.insert(entry);
        }
        ++m_consecutive_failed;
        return !(m_consecutive_failed > MAX_CONSECUTIVE_FAILURES &&
                 m_result.weight + BLOCK_FULL_ENOUGH_WEIGHT_DELTA > m_limits.max_weight);
    }
    m_consecutive_failed = 0;
    Add(package);
    return true;
}

bool Selector::VisitEntry(const TxMemPoolEntry* entry)
{
    while (true) {
        // Earlier steps may have selected this entry, made it a modified package, or failed it.
        if (m_selected.count(entry) || m_modified.count(entry) || m_failed.count(entry)) return true;
        if (!m_modified_order.empty() && BetterScore(**m_modified_order.begin(), FromEntry(entry))) {
            const PackageScore best = **m_modified_order.begin();
            if (!Consider(best, /*using_modified=*/true)) return false;
            continue;
        }
        return Consider(FromEntry(entry), /*using_modified=*/false);
    }
}

Selection Selector::Run()
{
    util::AssertLockHeld(m_pool.GetMutex());
    bool more = true;
    m_pool.VisitByAncestorScore([&](const TxMemPoolEntry& entry) {
        more = VisitEntry(&entry);
        return more;
    });
    // The pool's order is used up; what is left are modified packages.
    while (more && !m_modified_order.empty()) {
        const PackageScore best = **m_modified_order.begin(); // a copy: Consider may erase the original
        more = Consider(best, /*using_modified=*/true);
    }
    return std::move(m_result);
}

} // namespace

Selection SelectPackages(const mempool::TxMemPool& pool,
                         const std::function<bool(const primitives::OutPoint&)>& have_confirmed_coin,
                         const SelectionLimits& limits)
{
    Selector selector{pool, have_confirmed_coin, limits};
    return selector.Run();
}

} // namespace mining
