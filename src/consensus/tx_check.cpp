#include <consensus/tx_check.h>

#include <consensus/limits.h>
#include <primitives/amount.h>

#include <algorithm>
#include <vector>

namespace consensus {

using primitives::Amount;
using primitives::OutPoint;
using primitives::Transaction;
using primitives::TxIn;
using primitives::TxOut;

namespace {

/** CVE-2018-17144: spending one outpoint twice in a tx would inflate the supply. */
bool HasDuplicateInputs(const Transaction& tx)
{
    if (tx.vin.size() < 2) return false;
    // Sorting a vector of outpoints is much cheaper than a node-based set for large txs.
    std::vector<const OutPoint*> outpoints;
    outpoints.reserve(tx.vin.size());
    for (const TxIn& in : tx.vin) outpoints.push_back(&in.prevout);
    std::sort(outpoints.begin(), outpoints.end(), [](const OutPoint* a, const OutPoint* b) { return *a < *b; });
    return std::adjacent_find(outpoints.begin(), outpoints.end(),
                              [](const OutPoint* a, const OutPoint* b) { return *a == *b; }) != outpoints.end();
}

} // namespace

bool CheckTransaction(const Transaction& tx, TxValidationState& state)
{
    if (tx.vin.empty()) return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-vin-empty");
    if (tx.vout.empty()) return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-vout-empty");
    // The witness is left out: it has not been checked against its commitment yet.
    if (static_cast<int64_t>(tx.GetStrippedSize()) * primitives::WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT) {
        return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-oversize");
    }

    // CVE-2010-5139: each value and the running total must stay in range.
    Amount value_out = 0;
    for (const TxOut& out : tx.vout) {
        if (out.value < 0) return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-vout-negative");
        if (out.value > primitives::MAX_MONEY) {
            return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-vout-toolarge");
        }
        value_out += out.value;
        if (!primitives::MoneyRange(value_out)) {
            return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-txouttotal-toolarge");
        }
    }

    if (HasDuplicateInputs(tx)) return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-inputs-duplicate");

    if (tx.IsCoinBase()) {
        const size_t length = tx.vin[0].script_sig.size();
        if (length < 2 || length > 100) return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-cb-length");
    } else {
        for (const TxIn& in : tx.vin) {
            if (in.prevout.IsNull()) return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-prevout-null");
        }
    }
    return true;
}

} // namespace consensus
