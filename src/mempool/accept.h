// Mempool acceptance: Bitcoin Core's AcceptToMemoryPool for single transactions.
//
// Order of checks and reject reasons follow Core 30 (validation.cpp's MemPoolAccept):
// CheckTransaction, "coinbase", IsStandardTx ("version", "tx-size", "scriptsig-size",
// "scriptsig-not-pushonly", "scriptpubkey", "datacarrier", "bare-multisig", "dust"),
// "tx-size-small", "non-final", "txn-already-in-mempool",
// "txn-same-nonwitness-data-in-mempool", conflicts (full RBF: no signalling needed),
// "txn-already-known" / "bad-txns-inputs-missingorspent" (TX_MISSING_INPUTS),
// "non-BIP68-final", CheckTxInputs (e.g. "bad-txns-premature-spend-of-coinbase",
// "bad-txns-in-belowout"), "bad-txns-nonstandard-inputs", "bad-witness-nonstandard",
// "bad-txns-too-many-sigops", "min relay fee not met", "mempool min fee not met",
// "too-long-mempool-chain", "bad-txns-spends-conflicting-tx", replacement rules
// ("insufficient fee", "too many potential replacements", "replacement-adds-unconfirmed"),
// script checks ("mempool-script-verify-flag-failed (...)" for a policy-only failure,
// "block-script-verify-flag-failed (...)" for a consensus one), and "mempool full".
//
// Not done (yet): packages (testmempoolaccept of several transactions checks them one by
// one, each against the pool as it is), TRUC (v3) topology rules, ephemeral dust, the
// CPFP carve-out, a signature cache (scripts are verified once, with the standard flags,
// which include every consensus flag of the next block).
//
// Thread safety: the caller holds the chainstate lock that makes `chain` consistent;
// these functions take the pool's lock (lock order: chainstate, then mempool).
#ifndef BITNODE_MEMPOOL_ACCEPT_H
#define BITNODE_MEMPOOL_ACCEPT_H

#include <consensus/validation_state.h>
#include <mempool/chain_view.h>
#include <mempool/policy.h>
#include <mempool/txmempool.h>

#include <optional>
#include <vector>

namespace mempool {

struct MempoolAcceptResult {
    /** DO NOT CHANGE the meanings (RPC maps them). */
    enum class ResultType {
        VALID,   //!< accepted (or would be, for a test)
        INVALID, //!< refused: state says why
    };
    ResultType result_type{ResultType::INVALID};
    consensus::TxValidationState state;
    Txid txid;
    Wtxid wtxid;
    /** Set when valid: sigop-adjusted virtual size, fee paid, and modified fee / vsize. */
    std::optional<int64_t> vsize;
    std::optional<Amount> base_fee;
    std::optional<FeeRate> effective_feerate;
    /** Transactions the accepted one replaced (RBF). */
    std::vector<TransactionRef> replaced;

    bool Valid() const { return result_type == ResultType::VALID; }
    /** The reject reason, "" when valid. */
    const std::string& Reason() const { return state.GetRejectReason(); }
};

struct AcceptOptions {
    /** Check everything but do not add (testmempoolaccept). */
    bool test_accept{false};
    /** Skip fee minimums and the size limit (re-adding transactions of disconnected blocks, loading mempool.dat). */
    bool bypass_limits{false};
    /** Entry time; nullopt: now. */
    std::optional<int64_t> accept_time;
};

MempoolAcceptResult AcceptToMemoryPool(TxMemPool& pool, const MempoolChainView& chain, const TransactionRef& tx,
                                       const AcceptOptions& options = {}) EXCLUSIVE_LOCKS_REQUIRED(!pool.GetMutex());

/** testmempoolaccept for several transactions: one by one, nothing added. */
std::vector<MempoolAcceptResult> TestMempoolAccept(TxMemPool& pool, const MempoolChainView& chain,
                                                   const std::vector<TransactionRef>& txs)
    EXCLUSIVE_LOCKS_REQUIRED(!pool.GetMutex());

/**
 * After a reorganisation (call with `chain` describing the new tip): the transactions of
 * the disconnected blocks (oldest block first, block order; coinbases skipped) go back
 * into the pool, and the pool's previous contents are checked again against the new chain
 * (those now invalid, non-final or spending immature coinbases drop out). Entry times are
 * kept; limits are bypassed, then the pool is expired and trimmed. Returns how many of the
 * disconnected transactions were re-added.
 */
size_t UpdateMempoolForReorg(TxMemPool& pool, const MempoolChainView& chain,
                             const std::vector<TransactionRef>& disconnected_txs)
    EXCLUSIVE_LOCKS_REQUIRED(!pool.GetMutex());

/** Expire old entries, then trim to -maxmempool (Core's LimitMempoolSize). */
void LimitMempoolSize(TxMemPool& pool) EXCLUSIVE_LOCKS_REQUIRED(!pool.GetMutex());

} // namespace mempool

#endif // BITNODE_MEMPOOL_ACCEPT_H
