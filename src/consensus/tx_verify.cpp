#include <consensus/tx_verify.h>

#include <consensus/limits.h>
#include <consensus/median_time.h>
#include <script/script.h>
#include <script/sigops.h>

#include <algorithm>
#include <cassert>
#include <cstdio>

namespace consensus {

using primitives::Amount;
using primitives::Transaction;
using primitives::TxIn;
using primitives::TxOut;

bool IsFinalTx(const Transaction& tx, int block_height, int64_t block_time)
{
    if (tx.lock_time == 0) return true;
    const int64_t lock_time = tx.lock_time;
    const int64_t clock = lock_time < script::LOCKTIME_THRESHOLD ? block_height : block_time;
    if (lock_time < clock) return true;
    // An unmet lock time is ignored when every input opted out with a final sequence
    // (which is why CHECKLOCKTIMEVERIFY also insists on a non-final sequence).
    return std::all_of(tx.vin.begin(), tx.vin.end(),
                       [](const TxIn& in) { return in.sequence == TxIn::SEQUENCE_FINAL; });
}

SequenceLocks CalculateSequenceLocks(const Transaction& tx, unsigned flags, std::vector<int>& prev_heights,
                                     const HeaderAncestry& parent_chain)
{
    assert(prev_heights.size() == tx.vin.size());
    SequenceLocks locks;
    // BIP68 applies to version 2+ transactions only, once CSV is active.
    if (tx.version < 2 || (flags & LOCKTIME_VERIFY_SEQUENCE) == 0) return locks;

    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const uint32_t sequence = tx.vin[i].sequence;
        if (sequence & TxIn::SEQUENCE_LOCKTIME_DISABLE_FLAG) {
            prev_heights[i] = 0;
            continue;
        }
        const int coin_height = prev_heights[i];
        const int64_t value = sequence & TxIn::SEQUENCE_LOCKTIME_MASK;
        // Locks are stated as "first valid", nLockTime semantics are "last invalid": hence - 1.
        if (sequence & TxIn::SEQUENCE_LOCKTIME_TYPE_FLAG) {
            // Time locks count from the median time past of the block before the coin's block,
            // the earliest time the coin's block could claim.
            const int64_t coin_time = GetMedianTimePast(parent_chain, std::max(coin_height - 1, 0));
            locks.min_time = std::max(locks.min_time, coin_time + (value << TxIn::SEQUENCE_LOCKTIME_GRANULARITY) - 1);
        } else {
            locks.min_height = std::max(locks.min_height, coin_height + static_cast<int>(value) - 1);
        }
    }
    return locks;
}

bool EvaluateSequenceLocks(const HeaderAncestry& parent_chain, const SequenceLocks& locks)
{
    const int parent_height = parent_chain.Tip().height;
    const int64_t parent_mtp = GetMedianTimePast(parent_chain, parent_height);
    return locks.min_height < parent_height + 1 && locks.min_time < parent_mtp;
}

bool CheckSequenceLocks(const Transaction& tx, unsigned flags, std::vector<int>& prev_heights,
                        const HeaderAncestry& parent_chain)
{
    return EvaluateSequenceLocks(parent_chain, CalculateSequenceLocks(tx, flags, prev_heights, parent_chain));
}

unsigned GetLegacySigOpCount(const Transaction& tx)
{
    unsigned count = 0;
    for (const TxIn& in : tx.vin) count += script::Script{in.script_sig}.GetSigOpCount(false);
    for (const TxOut& out : tx.vout) count += script::Script{out.script_pubkey}.GetSigOpCount(false);
    return count;
}

unsigned GetP2SHSigOpCount(const Transaction& tx, std::span<const Coin> spent)
{
    if (tx.IsCoinBase()) return 0;
    assert(spent.size() == tx.vin.size());
    unsigned count = 0;
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        const script::Script script_pubkey{spent[i].out.script_pubkey};
        if (script_pubkey.IsPayToScriptHash()) {
            count += script::P2SHSigOpCount(script_pubkey, script::Script{tx.vin[i].script_sig});
        }
    }
    return count;
}

int64_t GetTransactionSigOpCost(const Transaction& tx, std::span<const Coin> spent, script::ScriptVerifyFlags flags)
{
    int64_t cost = static_cast<int64_t>(GetLegacySigOpCount(tx)) * primitives::WITNESS_SCALE_FACTOR;
    if (tx.IsCoinBase()) return cost;
    assert(spent.size() == tx.vin.size());
    if (flags & script::SCRIPT_VERIFY_P2SH) {
        cost += static_cast<int64_t>(GetP2SHSigOpCount(tx, spent)) * primitives::WITNESS_SCALE_FACTOR;
    }
    if (flags & script::SCRIPT_VERIFY_WITNESS) {
        for (size_t i = 0; i < tx.vin.size(); ++i) {
            cost += static_cast<int64_t>(script::CountWitnessSigOps(script::Script{tx.vin[i].script_sig},
                                                                    script::Script{spent[i].out.script_pubkey},
                                                                    tx.vin[i].witness.stack, flags));
        }
    }
    return cost;
}

std::optional<std::vector<Coin>> FetchSpentCoins(const Transaction& tx, const CoinsView& view)
{
    std::vector<Coin> coins;
    if (tx.IsCoinBase()) return coins;
    coins.reserve(tx.vin.size());
    for (const TxIn& in : tx.vin) {
        std::optional<Coin> coin = view.GetCoin(in.prevout);
        if (!coin) return std::nullopt;
        coins.push_back(std::move(*coin));
    }
    return coins;
}

bool CheckTxInputs(const Transaction& tx, TxValidationState& state, std::span<const Coin> spent, int spend_height,
                   Amount& fee)
{
    assert(spent.size() == tx.vin.size());
    Amount value_in = 0;
    for (const Coin& coin : spent) {
        if (coin.coinbase && spend_height - coin.height < COINBASE_MATURITY) {
            return state.Invalid(TxValidationResult::TX_PREMATURE_SPEND, "bad-txns-premature-spend-of-coinbase",
                                 "tried to spend coinbase at depth " + std::to_string(spend_height - coin.height));
        }
        value_in += coin.out.value;
        if (!primitives::MoneyRange(coin.out.value) || !primitives::MoneyRange(value_in)) {
            return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-inputvalues-outofrange");
        }
    }

    // CheckTransaction already bounded every output and their sum.
    Amount value_out = 0;
    for (const TxOut& out : tx.vout) value_out += out.value;
    if (value_in < value_out) {
        return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-in-belowout",
                             "value in (" + FormatMoney(value_in) + ") < value out (" + FormatMoney(value_out) + ")");
    }
    const Amount tx_fee = value_in - value_out;
    if (!primitives::MoneyRange(tx_fee))
        return state.Invalid(TxValidationResult::TX_CONSENSUS, "bad-txns-fee-outofrange");
    fee = tx_fee;
    return true;
}

bool CheckTxInputs(const Transaction& tx, TxValidationState& state, const CoinsView& view, int spend_height,
                   Amount& fee)
{
    const std::optional<std::vector<Coin>> spent = FetchSpentCoins(tx, view);
    if (!spent) {
        return state.Invalid(TxValidationResult::TX_MISSING_INPUTS, "bad-txns-inputs-missingorspent",
                             "CheckTxInputs: inputs missing/spent");
    }
    return CheckTxInputs(tx, state, *spent, spend_height, fee);
}

std::string FormatMoney(Amount amount)
{
    // Integer arithmetic only: a double would round large amounts.
    const uint64_t magnitude = amount < 0 ? -static_cast<uint64_t>(amount) : static_cast<uint64_t>(amount);
    char buffer[48];
    std::snprintf(buffer, sizeof(buffer), "%llu.%08llu", static_cast<unsigned long long>(magnitude / primitives::COIN),
                  static_cast<unsigned long long>(magnitude % primitives::COIN));
    std::string text{buffer};
    // Keep at least two decimals, like Core.
    while (text.size() >= 2 && text.back() == '0' && text[text.size() - 3] != '.') text.pop_back();
    if (amount < 0) text.insert(text.begin(), '-');
    return text;
}

} // namespace consensus
