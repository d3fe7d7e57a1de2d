#include <mempool/accept.h>

#include <consensus/limits.h>
#include <consensus/tx_check.h>
#include <consensus/tx_verify.h>
#include <script/script_error.h>
#include <script/tx_checker.h>

#include <algorithm>

namespace mempool {

using consensus::TxValidationResult;
using consensus::TxValidationState;

namespace {

/** Coins as a new transaction sees them: outputs of pool transactions, then the chain's. */
class PoolCoinsView final : public consensus::CoinsView
{
public:
    PoolCoinsView(const TxMemPool& pool, const MempoolChainView& chain) : m_pool{pool}, m_chain{chain} {}
    std::optional<consensus::Coin> GetCoin(const OutPoint& outpoint) const override NO_THREAD_SAFETY_ANALYSIS
    {
        // Only used inside AcceptSingle, which holds the pool's lock.
        if (auto coin = m_pool.GetMempoolCoin(outpoint)) return coin;
        if (m_pool.GetEntry(outpoint.hash)) return std::nullopt; // the pool's tx lacks that output
        return m_chain.GetCoin(outpoint);
    }

private:
    const TxMemPool& m_pool;
    const MempoolChainView& m_chain;
};

MempoolAcceptResult Failure(const primitives::Transaction& tx, TxValidationState state)
{
    MempoolAcceptResult r;
    r.result_type = MempoolAcceptResult::ResultType::INVALID;
    r.state = std::move(state);
    r.txid = tx.GetHash();
    r.wtxid = tx.GetWitnessHash();
    return r;
}

/** Verify every input's scripts; on failure tell a policy failure from a consensus one. */
bool CheckInputScripts(const primitives::Transaction& tx, std::span<const consensus::Coin> spent,
                       script::ScriptVerifyFlags consensus_flags, TxValidationState& state)
{
    std::vector<primitives::TxOut> outputs;
    outputs.reserve(spent.size());
    for (const consensus::Coin& c : spent) outputs.push_back(c.out);
    script::PrecomputedTransactionData txdata;
    txdata.Init(tx, std::move(outputs));
    for (uint32_t i = 0; i < tx.vin.size(); ++i) {
        const primitives::TxIn& in = tx.vin[i];
        const script::Script script_sig{in.script_sig};
        const script::Script spk{spent[i].out.script_pubkey};
        script::TransactionSignatureChecker checker(&tx, i, spent[i].out.value, txdata,
                                                    script::MissingDataBehavior::ASSERT_FAIL);
        script::ScriptError error = script::SCRIPT_ERR_OK;
        if (script::VerifyScript(script_sig, spk, in.witness.stack, STANDARD_SCRIPT_VERIFY_FLAGS, checker, &error)) {
            continue;
        }
        const std::string debug = "input " + std::to_string(i) + " of " + tx.GetHash().GetHex() + " (wtxid " +
                                  tx.GetWitnessHash().GetHex() + "), spending " + in.prevout.hash.GetHex() + ":" +
                                  std::to_string(in.prevout.n);
        // Would it pass under the rules a block enforces? Then only our policy refuses it.
        const script::ScriptVerifyFlags mandatory = MANDATORY_SCRIPT_VERIFY_FLAGS | consensus_flags;
        script::ScriptError consensus_error = script::SCRIPT_ERR_OK;
        script::TransactionSignatureChecker checker2(&tx, i, spent[i].out.value, txdata,
                                                     script::MissingDataBehavior::ASSERT_FAIL);
        if (script::VerifyScript(script_sig, spk, in.witness.stack, mandatory, checker2, &consensus_error)) {
            return state.Invalid(TxValidationResult::TX_NOT_STANDARD,
                                 "mempool-script-verify-flag-failed (" + script::ScriptErrorString(error) + ")", debug);
        }
        return state.Invalid(TxValidationResult::TX_CONSENSUS,
                             "block-script-verify-flag-failed (" + script::ScriptErrorString(consensus_error) + ")",
                             debug);
    }
    return true;
}

MempoolAcceptResult AcceptSingle(TxMemPool& pool, const MempoolChainView& chain, const TransactionRef& ptx,
                                 const AcceptOptions& opts) EXCLUSIVE_LOCKS_REQUIRED(pool.GetMutex())
{
    const primitives::Transaction& tx = *ptx;
    const MempoolOptions& mo = pool.Options();
    TxValidationState state;
    auto fail = [&]() { return Failure(tx, state); };

    if (!consensus::CheckTransaction(tx, state)) return fail();
    if (tx.IsCoinBase()) {
        state.Invalid(TxValidationResult::TX_CONSENSUS, "coinbase");
        return fail();
    }
    std::string reason;
    if (mo.require_standard && !IsStandardTx(tx, mo.standard, reason)) {
        state.Invalid(TxValidationResult::TX_NOT_STANDARD, reason);
        return fail();
    }
    // 64-byte transactions look like inner merkle nodes; Core refuses anything this small.
    if (tx.GetStrippedSize() < MIN_STANDARD_TX_NONWITNESS_SIZE) {
        state.Invalid(TxValidationResult::TX_NOT_STANDARD, "tx-size-small");
        return fail();
    }
    const int next_height = chain.TipHeight() + 1;
    if (!consensus::IsFinalTx(tx, next_height, chain.TipMedianTimePast())) {
        state.Invalid(TxValidationResult::TX_PREMATURE_SPEND, "non-final");
        return fail();
    }
    if (pool.GetEntry(tx.GetWitnessHash())) {
        state.Invalid(TxValidationResult::TX_CONFLICT, "txn-already-in-mempool");
        return fail();
    }
    if (pool.GetEntry(tx.GetHash())) {
        state.Invalid(TxValidationResult::TX_CONFLICT, "txn-same-nonwitness-data-in-mempool");
        return fail();
    }
    // Full RBF (Core 30): any in-mempool spender of one of our inputs is a replacement candidate.
    EntrySet direct_conflicts;
    for (const primitives::TxIn& in : tx.vin) {
        if (const TxMemPoolEntry* c = pool.GetSpender(in.prevout)) direct_conflicts.insert(c);
    }

    const PoolCoinsView view{pool, chain};
    std::vector<consensus::Coin> spent;
    spent.reserve(tx.vin.size());
    for (const primitives::TxIn& in : tx.vin) {
        auto coin = view.GetCoin(in.prevout);
        if (!coin) {
            // Our own outputs already in the UTXO set: the transaction is confirmed.
            for (uint32_t n = 0; n < tx.vout.size(); ++n) {
                if (chain.GetCoin(OutPoint{tx.GetHash(), n})) {
                    state.Invalid(TxValidationResult::TX_CONFLICT, "txn-already-known");
                    return fail();
                }
            }
            state.Invalid(TxValidationResult::TX_MISSING_INPUTS, "bad-txns-inputs-missingorspent");
            return fail();
        }
        spent.push_back(std::move(*coin));
    }

    // BIP68 with the next block's rules; coins from the pool count as confirmed in it.
    std::vector<int> prev_heights(tx.vin.size());
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        prev_heights[i] = spent[i].height == MEMPOOL_HEIGHT ? next_height : spent[i].height;
    }
    if (!consensus::CheckSequenceLocks(tx, consensus::LOCKTIME_VERIFY_SEQUENCE, prev_heights, chain.TipAncestry())) {
        state.Invalid(TxValidationResult::TX_PREMATURE_SPEND, "non-BIP68-final");
        return fail();
    }
    Amount fee = 0;
    if (!consensus::CheckTxInputs(tx, state, spent, next_height, fee)) return fail();
    if (mo.require_standard && !AreInputsStandard(tx, spent)) {
        state.Invalid(TxValidationResult::TX_INPUTS_NOT_STANDARD, "bad-txns-nonstandard-inputs");
        return fail();
    }
    if (tx.HasWitness() && mo.require_standard && !IsWitnessStandard(tx, spent)) {
        state.Invalid(TxValidationResult::TX_WITNESS_MUTATED, "bad-witness-nonstandard");
        return fail();
    }
    const int64_t sigop_cost = consensus::GetTransactionSigOpCost(tx, spent, STANDARD_SCRIPT_VERIFY_FLAGS);
    const bool spends_coinbase = std::any_of(spent.begin(), spent.end(), [](const auto& c) { return c.coinbase; });
    const int64_t vsize = GetVirtualTransactionSize(tx.GetWeight(), sigop_cost);
    const Amount modified_fee = fee + pool.GetDelta(tx.GetHash());

    if (sigop_cost > MAX_STANDARD_TX_SIGOPS_COST) {
        state.Invalid(TxValidationResult::TX_NOT_STANDARD, "bad-txns-too-many-sigops", std::to_string(sigop_cost));
        return fail();
    }
    if (!opts.bypass_limits) {
        const Amount min_relay = mo.min_relay_fee.GetFee(vsize);
        if (modified_fee < min_relay) {
            state.Invalid(TxValidationResult::TX_MEMPOOL_POLICY, "min relay fee not met",
                          std::to_string(modified_fee) + " < " + std::to_string(min_relay));
            return fail();
        }
        const Amount pool_min = pool.GetMinFeeLocked().GetFee(vsize);
        if (pool_min > 0 && modified_fee < pool_min) {
            state.Invalid(TxValidationResult::TX_RECONSIDERABLE, "mempool min fee not met",
                          std::to_string(modified_fee) + " < " + std::to_string(pool_min));
            return fail();
        }
    }

    EntrySet parents;
    for (const primitives::TxIn& in : tx.vin) {
        if (const TxMemPoolEntry* p = pool.GetEntry(in.prevout.hash)) parents.insert(p);
    }
    auto ancestors = pool.CalculateAncestorsAndCheckLimits(parents, vsize, mo.limits);
    if (!ancestors) {
        state.Invalid(TxValidationResult::TX_MEMPOOL_POLICY, "too-long-mempool-chain", ancestors.error());
        return fail();
    }

    // Replacement (BIP125 rules 2-6 without signalling, as Core 30's full RBF).
    EntrySet all_conflicts;
    if (!direct_conflicts.empty()) {
        for (const TxMemPoolEntry* c : direct_conflicts) pool.CalculateDescendants(c, all_conflicts);
        for (const TxMemPoolEntry* a : *ancestors) {
            if (all_conflicts.count(a)) {
                state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-spends-conflicting-tx",
                              tx.GetHash().GetHex() + " spends conflicting transaction " + a->GetTxid().GetHex());
                return fail();
            }
        }
        const FeeRate new_rate{modified_fee, vsize};
        for (const TxMemPoolEntry* c : direct_conflicts) {
            const FeeRate old_rate{c->GetModifiedFee(), c->GetTxSize()};
            if (new_rate <= old_rate) {
                state.Invalid(TxValidationResult::TX_MEMPOOL_POLICY, "insufficient fee",
                              "rejecting replacement " + tx.GetHash().GetHex() + "; new feerate " +
                                  new_rate.ToString() + " <= old feerate " + old_rate.ToString());
                return fail();
            }
        }
        if (all_conflicts.size() > MAX_REPLACEMENT_CANDIDATES) {
            state.Invalid(TxValidationResult::TX_MEMPOOL_POLICY, "too many potential replacements",
                          "rejecting replacement " + tx.GetHash().GetHex() + "; too many potential replacements (" +
                              std::to_string(all_conflicts.size()) + " > " +
                              std::to_string(MAX_REPLACEMENT_CANDIDATES) + ")");
            return fail();
        }
        // Rule 2: no new unconfirmed inputs beyond those the replaced transactions spent.
        std::set<Txid> conflict_parents;
        for (const TxMemPoolEntry* c : direct_conflicts) {
            for (const primitives::TxIn& in : c->GetTx()->vin) conflict_parents.insert(in.prevout.hash);
        }
        for (size_t i = 0; i < tx.vin.size(); ++i) {
            const Txid& parent = tx.vin[i].prevout.hash;
            if (!conflict_parents.count(parent) && pool.GetEntry(parent)) {
                state.Invalid(TxValidationResult::TX_MEMPOOL_POLICY, "replacement-adds-unconfirmed",
                              "replacement " + tx.GetHash().GetHex() + " adds unconfirmed input, idx " +
                                  std::to_string(i));
                return fail();
            }
        }
        Amount conflicting_fees = 0;
        for (const TxMemPoolEntry* c : all_conflicts) conflicting_fees += c->GetModifiedFee();
        if (modified_fee < conflicting_fees) {
            state.Invalid(TxValidationResult::TX_MEMPOOL_POLICY, "insufficient fee",
                          "rejecting replacement " + tx.GetHash().GetHex() + ", less fees than conflicting txs; " +
                              consensus::FormatMoney(modified_fee) + " < " + consensus::FormatMoney(conflicting_fees));
            return fail();
        }
        const Amount additional = modified_fee - conflicting_fees;
        const Amount relay_needed = mo.incremental_relay_fee.GetFee(vsize);
        if (additional < relay_needed) {
            state.Invalid(TxValidationResult::TX_MEMPOOL_POLICY, "insufficient fee",
                          "rejecting replacement " + tx.GetHash().GetHex() + ", not enough additional fees to relay; " +
                              consensus::FormatMoney(additional) + " < " + consensus::FormatMoney(relay_needed));
            return fail();
        }
    }

    if (!CheckInputScripts(tx, spent, chain.NextBlockScriptFlags(), state)) return fail();

    MempoolAcceptResult result;
    result.result_type = MempoolAcceptResult::ResultType::VALID;
    result.txid = tx.GetHash();
    result.wtxid = tx.GetWitnessHash();
    result.vsize = vsize;
    result.base_fee = fee;
    result.effective_feerate = FeeRate{modified_fee, vsize};
    if (opts.test_accept) return result;

    for (const TxMemPoolEntry* c : all_conflicts) result.replaced.push_back(c->GetTx());
    if (!all_conflicts.empty()) pool.RemoveStaged(all_conflicts, RemovalReason::REPLACED);
    const int64_t time = opts.accept_time.value_or(pool.Now());
    const uint64_t sequence = pool.AddUnchecked(std::make_unique<TxMemPoolEntry>(ptx, fee, time, chain.TipHeight(),
                                                                                 spends_coinbase, sigop_cost, vsize),
                                                *ancestors)
                                  ->GetSequence();
    if (!opts.bypass_limits) {
        // Core's LimitMempoolSize: expire, then trim.
        pool.ExpireLocked(pool.Now() - mo.expiry_seconds);
        pool.TrimToSizeLocked(static_cast<size_t>(mo.max_size_bytes));
        if (!pool.GetEntry(tx.GetHash())) {
            state.Invalid(TxValidationResult::TX_MEMPOOL_POLICY, "mempool full");
            return fail();
        }
    }
    // Queued for the notification thread; listeners never run under the pool's lock.
    if (mo.signals) mo.signals->TransactionAddedToMempool(ptx, sequence);
    return result;
}

} // namespace

MempoolAcceptResult AcceptToMemoryPool(TxMemPool& pool, const MempoolChainView& chain, const TransactionRef& tx,
                                       const AcceptOptions& options)
{
    LOCK(pool.GetMutex());
    return AcceptSingle(pool, chain, tx, options);
}

std::vector<MempoolAcceptResult> TestMempoolAccept(TxMemPool& pool, const MempoolChainView& chain,
                                                   const std::vector<TransactionRef>& txs)
{
    std::vector<MempoolAcceptResult> results;
    AcceptOptions options;
    options.test_accept = true;
    for (const TransactionRef& tx : txs) results.push_back(AcceptToMemoryPool(pool, chain, tx, options));
    return results;
}

void LimitMempoolSize(TxMemPool& pool)
{
    pool.Expire(pool.Now() - pool.Options().expiry_seconds);
    pool.TrimToSize(static_cast<size_t>(pool.Options().max_size_bytes));
}

size_t UpdateMempoolForReorg(TxMemPool& pool, const MempoolChainView& chain,
                             const std::vector<TransactionRef>& disconnected_txs)
{
    // Rebuilding is simpler than patching links and aggregates in place, and it re-checks
    // every old entry against the new tip (finality, maturity, spent inputs) on the way.
    const std::vector<EntryInfo> previous = pool.InfoAll();
    const std::set<Txid> unbroadcast = pool.GetUnbroadcast();
    pool.Clear();
    AcceptOptions options;
    options.bypass_limits = true;
    size_t readded = 0;
    for (const TransactionRef& tx : disconnected_txs) {
        if (tx->IsCoinBase()) continue;
        if (AcceptToMemoryPool(pool, chain, tx, options).Valid()) ++readded;
    }
    for (const EntryInfo& info : previous) {
        options.accept_time = info.time;
        AcceptToMemoryPool(pool, chain, info.tx, options);
    }
    for (const Txid& txid : unbroadcast) pool.AddUnbroadcast(txid);
    LimitMempoolSize(pool);
    return readded;
}

} // namespace mempool
