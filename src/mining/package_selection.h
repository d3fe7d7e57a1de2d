// Internal to the mining library: choosing the template's transactions from the mempool
// by ancestor fee rate with Core's modified-package bookkeeping (see assembler.h for the
// rules). Kept apart from the header and coinbase work so each reads on its own.
//
// Thread safety: SelectPackages runs with the pool's lock held by the caller (and the
// chainstate lock that makes `have_confirmed_coin` consistent).
#ifndef BITNODE_MINING_PACKAGE_SELECTION_H
#define BITNODE_MINING_PACKAGE_SELECTION_H

#include <mempool/policy.h>
#include <mempool/txmempool.h>
#include <primitives/transaction.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace mining {

struct SelectionLimits {
    /** The block may not reach this weight (Core's test is `weight + package >= max`). */
    int64_t max_weight{0};
    /** Weight and sigop cost already taken (the reserve for header and coinbase). */
    int64_t start_weight{0};
    int64_t start_sigops{0};
    mempool::FeeRate min_fee_rate;
    /** Height of the block and its lock-time cutoff (the tip's median time past). */
    int height{0};
    int64_t lock_time_cutoff{0};
};

struct SelectedTx {
    primitives::TransactionRef tx;
    primitives::Amount fee{0};
    int64_t sigop_cost{0};
};

struct Selection {
    std::vector<SelectedTx> txs;
    /** Totals including the starting reserve. */
    int64_t weight{0};
    int64_t sigop_cost{0};
    primitives::Amount fees{0};
    /** Transactions left out because an input is neither confirmed nor made earlier in the block. */
    size_t skipped_stale{0};
};

/**
 * Fill a block from pool, visiting its entries best ancestor score first.
 * have_confirmed_coin says whether an outpoint is unspent at the tip.
 */
Selection SelectPackages(const mempool::TxMemPool& pool,
                         const std::function<bool(const primitives::OutPoint&)>& have_confirmed_coin,
                         const SelectionLimits& limits) EXCLUSIVE_LOCKS_REQUIRED(pool.GetMutex());

} // namespace mining

#endif // BITNODE_MINING_PACKAGE_SELECTION_H
