// NodeContext's transaction and mempool methods: Core's BroadcastTransaction and the
// getmempool* facts, delegating to mempool's acceptance under the node's lock order.
#include <node/context.h>

#include <mempool/chainstate_view.h>

namespace node {

namespace {

mempool::AcceptOptions TestOnly()
{
    mempool::AcceptOptions options;
    options.test_accept = true;
    return options;
}

} // namespace

SubmitResult NodeContext::SubmitTransaction(const primitives::TransactionRef& tx, Amount max_fee_rate)
{
    SubmitResult result;
    result.txid = tx->GetHash();
    result.wtxid = tx->GetWitnessHash();
    // The pool must have seen the current tip's blocks before it judges conflicts.
    m_signals->SyncWithValidationInterfaceQueue();
    auto atmp_error = [&](const mempool::MempoolAcceptResult& accept) {
        result.message = accept.state.ToString();
        if (accept.state.IsInvalid()) {
            result.error = accept.state.GetResult() == consensus::TxValidationResult::TX_MISSING_INPUTS
                               ? TransactionError::MISSING_INPUTS
                               : TransactionError::MEMPOOL_REJECTED;
        } else {
            result.error = TransactionError::MEMPOOL_ERROR;
        }
    };
    {
        LOCK(m_chainman->GetMutex());
        storage::CoinsViewCache& coins = m_chainman->CoinsTip();
        for (uint32_t n = 0; n < tx->vout.size(); ++n) {
            // An unspent output of this txid means the transaction is already confirmed.
            if (coins.HaveCoin(primitives::OutPoint{result.txid, n})) {
                result.error = TransactionError::ALREADY_IN_UTXO_SET;
                result.message = "Transaction outputs already in utxo set";
                return result;
            }
        }
        if (primitives::TransactionRef in_pool = m_mempool->Get(result.txid)) {
            // Already there (maybe with another witness): only announce it again, with the pool's wtxid.
            result.wtxid = in_pool->GetWitnessHash();
        } else {
            const mempool::ChainstateMempoolView view{*m_chainman};
            if (max_fee_rate > 0) {
                const mempool::MempoolAcceptResult test = mempool::AcceptToMemoryPool(*m_mempool, view, tx, TestOnly());
                if (!test.Valid()) {
                    atmp_error(test);
                    return result;
                }
                const Amount max_fee = mempool::FeeRate{max_fee_rate}.GetFee(tx->GetVirtualSize());
                if (test.base_fee.value_or(0) > max_fee) {
                    result.error = TransactionError::MAX_FEE_EXCEEDED;
                    result.message = "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)";
                    return result;
                }
            }
            const mempool::MempoolAcceptResult accepted = mempool::AcceptToMemoryPool(*m_mempool, view, tx);
            if (!accepted.Valid()) {
                atmp_error(accepted);
                return result;
            }
        }
    }
    m_mempool->AddUnbroadcast(result.txid);
    if (m_peerman) m_peerman->RelayTransaction(result.txid, result.wtxid);
    Log("mempool", "Submitted transaction " + result.txid.ToString());
    return result;
}

std::vector<mempool::MempoolAcceptResult>
NodeContext::TestMempoolAccept(const std::vector<primitives::TransactionRef>& txs)
{
    m_signals->SyncWithValidationInterfaceQueue();
    LOCK(m_chainman->GetMutex());
    const mempool::ChainstateMempoolView view{*m_chainman};
    return mempool::TestMempoolAccept(*m_mempool, view, txs);
}

MempoolInfo NodeContext::GetMempoolInfo() const
{
    MempoolInfo info;
    const mempool::MempoolOptions& opts = m_mempool->Options();
    info.loaded = m_mempool_loaded.load();
    info.size = m_mempool->Size();
    info.bytes = m_mempool->TotalTxSize();
    info.usage = m_mempool->DynamicMemoryUsage();
    info.total_fee = m_mempool->TotalFee();
    info.maxmempool = opts.max_size_bytes;
    info.minrelaytxfee = opts.min_relay_fee.GetFeePerK();
    info.mempoolminfee = std::max(m_mempool->GetMinFee().GetFeePerK(), info.minrelaytxfee);
    info.incrementalrelayfee = opts.incremental_relay_fee.GetFeePerK();
    info.unbroadcastcount = m_mempool->GetUnbroadcast().size();
    info.fullrbf = true;
    return info;
}

std::vector<mempool::EntryInfo> NodeContext::GetMempoolEntries() const { return m_mempool->InfoAll(); }

std::optional<mempool::EntryInfo> NodeContext::GetMempoolEntry(const primitives::Txid& txid) const
{
    return m_mempool->Info(txid);
}

bool NodeContext::RemoveMempoolTransaction(const primitives::Txid& txid)
{
    const primitives::TransactionRef tx = m_mempool->Get(txid);
    if (!tx) return false;
    m_mempool->RemoveRecursive(*tx, mempool::RemovalReason::CONFLICT);
    m_mempool->RemoveUnbroadcast(txid);
    return true;
}

} // namespace node
