#include <mempool/policy.h>

#include <mempool/policy_internal.h>
#include <script/script.h>
#include <script/standard.h>

#include <algorithm>
#include <cstdio>

namespace mempool {

Amount FeeRate::GetFee(int64_t vsize) const
{
    if (vsize <= 0 || m_sat_per_kvb == 0) return 0;
    const Amount product = m_sat_per_kvb * vsize;
    // Rounding up means a positive rate never makes a non-empty transaction free.
    if (product > 0) return (product + 999) / 1000;
    return product / 1000;
}

std::string FeeRate::ToString() const
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%lld.%03lld sat/vB", static_cast<long long>(m_sat_per_kvb / 1000),
                  static_cast<long long>(std::llabs(m_sat_per_kvb % 1000)));
    return buf;
}

Amount GetDustThreshold(const primitives::TxOut& txout, const FeeRate& dust_relay_fee)
{
    const script::Script spk{txout.script_pubkey};
    if (spk.IsUnspendable()) return 0;
    // The output itself (value, script length, script) plus the input that will spend it:
    // 148 bytes for a legacy spend, a quarter of the 107 signature bytes for a witness one.
    const size_t script_len = txout.script_pubkey.size();
    const size_t len_prefix = script_len < 253 ? 1 : script_len <= 0xffff ? 3 : 5;
    int64_t size = static_cast<int64_t>(8 + len_prefix + script_len);
    int version = 0;
    script::Script::Bytes program;
    if (spk.IsWitnessProgram(version, program)) {
        size += 32 + 4 + 1 + (107 / primitives::WITNESS_SCALE_FACTOR) + 4;
    } else {
        size += 32 + 4 + 1 + 107 + 4;
    }
    return dust_relay_fee.GetFee(size);
}

bool IsDust(const primitives::TxOut& txout, const FeeRate& dust_relay_fee)
{
    return txout.value < GetDustThreshold(txout, dust_relay_fee);
}

namespace {

/** Whether scriptPubKey matches a template we relay; multisig only up to 3 keys. */
bool IsStandardOutput(const script::Script& spk, script::TxoutType& type)
{
    std::vector<std::vector<uint8_t>> solutions;
    type = script::Solver(spk, solutions);
    if (type == script::TxoutType::NONSTANDARD) return false;
    if (type == script::TxoutType::MULTISIG) {
        const unsigned m = solutions.front()[0];
        const unsigned n = solutions.back()[0];
        if (n < 1 || n > 3) return false;
        if (m < 1 || m > n) return false;
    }
    return true;
}

} // namespace

bool IsStandardTx(const primitives::Transaction& tx, const StandardnessOptions& options, std::string& reason)
{
    if (tx.version > TX_MAX_STANDARD_VERSION || tx.version < TX_MIN_STANDARD_VERSION) {
        reason = "version";
        return false;
    }
    if (tx.GetWeight() > MAX_STANDARD_TX_WEIGHT) {
        reason = "tx-size";
        return false;
    }
    for (const primitives::TxIn& in : tx.vin) {
        if (in.script_sig.size() > MAX_STANDARD_SCRIPTSIG_SIZE) {
            reason = "scriptsig-size";
            return false;
        }
        if (!script::Script{in.script_sig}.IsPushOnly()) {
            reason = "scriptsig-not-pushonly";
            return false;
        }
    }
    // The datacarrier budget is shared by all OP_RETURN outputs of the transaction.
    size_t datacarrier_left = options.max_datacarrier_bytes.value_or(0);
    for (const primitives::TxOut& out : tx.vout) {
        script::TxoutType type;
        if (!IsStandardOutput(script::Script{out.script_pubkey}, type)) {
            reason = "scriptpubkey";
            return false;
        }
        if (type == script::TxoutType::NULL_DATA) {
            if (out.script_pubkey.size() > datacarrier_left) {
                reason = "datacarrier";
                return false;
            }
            datacarrier_left -= out.script_pubkey.size();
        } else if (type == script::TxoutType::MULTISIG && !options.permit_bare_multisig) {
            reason = "bare-multisig";
            return false;
        }
    }
    // Core 30 tolerates one dust output (ephemeral dust, spent in the same package); this
    // mempool has no packages yet, so any dust output is refused.
    for (const primitives::TxOut& out : tx.vout) {
        if (IsDust(out, options.dust_relay_fee)) {
            reason = "dust";
            return false;
        }
    }
    return true;
}

int64_t GetVirtualTransactionSize(int64_t weight, int64_t sigop_cost, unsigned bytes_per_sigop)
{
    const int64_t adjusted = std::max(weight, sigop_cost * static_cast<int64_t>(bytes_per_sigop));
    return (adjusted + primitives::WITNESS_SCALE_FACTOR - 1) / primitives::WITNESS_SCALE_FACTOR;
}

} // namespace mempool

namespace mempool::internal {
bool IsPayToAnchor(const script::Script& script) { return script::IsPayToAnchor(script); }

SpentKind ClassifySpent(const script::Script& script_pubkey)
{
    std::vector<std::vector<uint8_t>> solutions;
    switch (script::Solver(script_pubkey, solutions)) {
    case script::TxoutType::NONSTANDARD:
    case script::TxoutType::WITNESS_UNKNOWN:
        return SpentKind::NONSTANDARD;
    case script::TxoutType::SCRIPTHASH:
        return SpentKind::SCRIPTHASH;
    default:
        return SpentKind::OTHER;
    }
}
} // namespace mempool::internal
