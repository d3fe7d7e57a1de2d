// Mempool policy: the rules a transaction must meet to be relayed and kept in the mempool
// on top of consensus (Bitcoin Core 30's policy/policy.h and policy/feerate.h).
//
// Standardness: versions 1..3, weight <= 400,000, scriptSig <= 1650 bytes and push-only,
// standard output templates (bare multisig up to 3 keys, allowed by default), OP_RETURN
// outputs whose scripts together stay within -datacarriersize (default 100,000 bytes, so
// several OP_RETURN outputs are fine), no dust (Core 30 allows one dust output for
// ephemeral anchors; that rule is left out here: any dust output is refused), standard
// spent outputs (AreInputsStandard, with BIP54's 2,500 legacy sigop bound) and standard
// witnesses (IsWitnessStandard).
//
// Fee rates are satoshis per 1000 virtual bytes, as Core's CFeeRate.
//
// Thread safety: constants and pure functions.
#ifndef BITNODE_MEMPOOL_POLICY_H
#define BITNODE_MEMPOOL_POLICY_H

#include <consensus/coins.h>
#include <primitives/amount.h>
#include <primitives/transaction.h>
#include <script/verify_flags.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace mempool {

using primitives::Amount;

inline constexpr int64_t MAX_STANDARD_TX_WEIGHT = 400'000;
inline constexpr size_t MIN_STANDARD_TX_NONWITNESS_SIZE = 65;
inline constexpr unsigned MAX_P2SH_SIGOPS = 15;
inline constexpr int64_t MAX_STANDARD_TX_SIGOPS_COST = 80'000 / 5;
inline constexpr unsigned MAX_TX_LEGACY_SIGOPS = 2'500;
inline constexpr Amount DEFAULT_INCREMENTAL_RELAY_FEE = 100;
inline constexpr unsigned DEFAULT_BYTES_PER_SIGOP = 20;
inline constexpr bool DEFAULT_PERMIT_BAREMULTISIG = true;
inline constexpr size_t MAX_STANDARD_P2WSH_STACK_ITEMS = 100;
inline constexpr size_t MAX_STANDARD_P2WSH_STACK_ITEM_SIZE = 80;
inline constexpr size_t MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE = 80;
inline constexpr size_t MAX_STANDARD_P2WSH_SCRIPT_SIZE = 3600;
inline constexpr size_t MAX_STANDARD_SCRIPTSIG_SIZE = 1650;
inline constexpr Amount DUST_RELAY_TX_FEE = 3000;
inline constexpr Amount DEFAULT_MIN_RELAY_TX_FEE = 100;
inline constexpr unsigned DEFAULT_ANCESTOR_LIMIT = 25;
inline constexpr unsigned DEFAULT_ANCESTOR_SIZE_LIMIT_KVB = 101;
inline constexpr unsigned DEFAULT_DESCENDANT_LIMIT = 25;
inline constexpr unsigned DEFAULT_DESCENDANT_SIZE_LIMIT_KVB = 101;
inline constexpr unsigned MAX_OP_RETURN_RELAY = MAX_STANDARD_TX_WEIGHT / primitives::WITNESS_SCALE_FACTOR;
inline constexpr uint32_t TX_MIN_STANDARD_VERSION = 1;
inline constexpr uint32_t TX_MAX_STANDARD_VERSION = 3;
/** -maxmempool default, MB. */
inline constexpr unsigned DEFAULT_MAX_MEMPOOL_SIZE_MB = 300;
/** -mempoolexpiry default, hours. */
inline constexpr unsigned DEFAULT_MEMPOOL_EXPIRY_HOURS = 336;
/** BIP125 rule 5 (Core's MAX_REPLACEMENT_CANDIDATES). */
inline constexpr size_t MAX_REPLACEMENT_CANDIDATES = 100;

/** Flags every transaction must pass; a failure here is a consensus failure. */
inline constexpr script::ScriptVerifyFlags MANDATORY_SCRIPT_VERIFY_FLAGS =
    script::SCRIPT_VERIFY_P2SH | script::SCRIPT_VERIFY_DERSIG | script::SCRIPT_VERIFY_NULLDUMMY |
    script::SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY | script::SCRIPT_VERIFY_CHECKSEQUENCEVERIFY |
    script::SCRIPT_VERIFY_WITNESS | script::SCRIPT_VERIFY_TAPROOT;

/** Flags the mempool checks: mandatory ones plus policy ones (Core's STANDARD_SCRIPT_VERIFY_FLAGS). */
inline constexpr script::ScriptVerifyFlags STANDARD_SCRIPT_VERIFY_FLAGS =
    MANDATORY_SCRIPT_VERIFY_FLAGS | script::SCRIPT_VERIFY_STRICTENC | script::SCRIPT_VERIFY_MINIMALDATA |
    script::SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS | script::SCRIPT_VERIFY_CLEANSTACK |
    script::SCRIPT_VERIFY_MINIMALIF | script::SCRIPT_VERIFY_NULLFAIL | script::SCRIPT_VERIFY_LOW_S |
    script::SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM | script::SCRIPT_VERIFY_WITNESS_PUBKEYTYPE |
    script::SCRIPT_VERIFY_CONST_SCRIPTCODE | script::SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION |
    script::SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS | script::SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE;

/** A fee rate in satoshis per 1000 virtual bytes (Core's CFeeRate). */
class FeeRate
{
public:
    constexpr FeeRate() = default;
    constexpr explicit FeeRate(Amount sat_per_kvb) : m_sat_per_kvb{sat_per_kvb} {}
    /** The rate of paying `fee` for `vsize` virtual bytes (truncated; 0 for size 0). */
    FeeRate(Amount fee, int64_t vsize) : m_sat_per_kvb{vsize > 0 ? fee * 1000 / vsize : 0} {}

    /** Fee for vsize bytes, rounded up; at least 1 satoshi for a positive rate and size. */
    Amount GetFee(int64_t vsize) const;
    Amount GetFeePerK() const { return m_sat_per_kvb; }
    /** "12.345 sat/vB" style text for messages. */
    std::string ToString() const;

    friend auto operator<=>(const FeeRate&, const FeeRate&) = default;
    FeeRate& operator+=(const FeeRate& other)
    {
        m_sat_per_kvb += other.m_sat_per_kvb;
        return *this;
    }

private:
    Amount m_sat_per_kvb{0};
};

/** Options of the standardness rules (Core's -datacarriersize, -permitbaremultisig, -dustrelayfee). */
struct StandardnessOptions {
    /** nullopt: OP_RETURN outputs are not relayed at all (-datacarrier=0). */
    std::optional<unsigned> max_datacarrier_bytes{MAX_OP_RETURN_RELAY};
    bool permit_bare_multisig{DEFAULT_PERMIT_BAREMULTISIG};
    FeeRate dust_relay_fee{DUST_RELAY_TX_FEE};
};

/** Smallest value of txout that is not dust at the given rate (0 for unspendable outputs). */
Amount GetDustThreshold(const primitives::TxOut& txout, const FeeRate& dust_relay_fee);
bool IsDust(const primitives::TxOut& txout, const FeeRate& dust_relay_fee);

/** Whether the transaction itself is standard; otherwise *reason is Core's word ("version", "dust"...). */
bool IsStandardTx(const primitives::Transaction& tx, const StandardnessOptions& options, std::string& reason);

/** Whether the outputs tx spends (spent[i] for vin[i]) are standard to spend (Core's AreInputsStandard). */
bool AreInputsStandard(const primitives::Transaction& tx, std::span<const consensus::Coin> spent);

/** Whether the witnesses of tx are standard (Core's IsWitnessStandard). */
bool IsWitnessStandard(const primitives::Transaction& tx, std::span<const consensus::Coin> spent);

/** Virtual size with the sigop adjustment: max(weight, sigop cost * bytes per sigop) / 4, rounded up. */
int64_t GetVirtualTransactionSize(int64_t weight, int64_t sigop_cost,
                                  unsigned bytes_per_sigop = DEFAULT_BYTES_PER_SIGOP);

} // namespace mempool

#endif // BITNODE_MEMPOOL_POLICY_H
