// Contextual transaction rules: finality (nLockTime, BIP113), relative lock times
// (BIP68), signature-operation counting, and the checks of a transaction against the
// outputs it spends (Bitcoin Core's consensus/tx_verify.cpp).
//
// Spent outputs are passed as a span of Coins aligned with tx.vin (spent[i] is what
// vin[i] spends), fetched once per transaction with FetchSpentCoins; the same span then
// serves the amount checks, sigop counting and the script checks.
//
// Reject reasons (Core's): bad-txns-inputs-missingorspent (TX_MISSING_INPUTS),
// bad-txns-premature-spend-of-coinbase (TX_PREMATURE_SPEND), bad-txns-inputvalues-outofrange,
// bad-txns-in-belowout, bad-txns-fee-outofrange (TX_CONSENSUS).
//
// Thread safety: pure functions; the HeaderAncestry is only read.
#ifndef BITNODE_CONSENSUS_TX_VERIFY_H
#define BITNODE_CONSENSUS_TX_VERIFY_H

#include <consensus/coins.h>
#include <consensus/pow.h>
#include <consensus/validation_state.h>
#include <primitives/amount.h>
#include <primitives/transaction.h>
#include <script/verify_flags.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace consensus {

/**
 * Whether tx may be in a block at `block_height` whose lock-time clock reads `block_time`
 * (the block's own time before BIP113, its parent's median time past after). A lock time
 * below 500,000,000 is a height, else a Unix time; it must be strictly below the block's
 * value, unless every input has sequence 0xffffffff.
 */
bool IsFinalTx(const primitives::Transaction& tx, int block_height, int64_t block_time);

/** The lock a transaction's BIP68 sequence numbers impose, in nLockTime semantics (last invalid value). */
struct SequenceLocks {
    int min_height{-1};
    int64_t min_time{-1};
};

/**
 * BIP68 locks of tx in a block at `block_height` built on `parent_chain` (the chain ending
 * at its parent). prev_heights[i] is the height of the coin vin[i] spends; entries of
 * inputs whose sequence disables the lock are set to 0, as Core does. Without
 * LOCKTIME_VERIFY_SEQUENCE in flags, or for version < 2, there is no lock.
 * Time-based locks read median times past from parent_chain.
 */
SequenceLocks CalculateSequenceLocks(const primitives::Transaction& tx, unsigned flags, std::vector<int>& prev_heights,
                                     const HeaderAncestry& parent_chain);

/** Whether the locks are met by a block at parent height + 1 (median time past of the parent). */
bool EvaluateSequenceLocks(const HeaderAncestry& parent_chain, const SequenceLocks& locks);

/** Both steps: true if the BIP68 locks of tx allow it in the block after parent_chain's tip. */
bool CheckSequenceLocks(const primitives::Transaction& tx, unsigned flags, std::vector<int>& prev_heights,
                        const HeaderAncestry& parent_chain);

/** Legacy sigops of every scriptSig and scriptPubKey of tx (CHECKMULTISIG counts 20). */
unsigned GetLegacySigOpCount(const primitives::Transaction& tx);

/** Sigops of the redeem scripts of P2SH outputs spent by tx (0 for a coinbase). */
unsigned GetP2SHSigOpCount(const primitives::Transaction& tx, std::span<const Coin> spent);

/**
 * Sigop cost of tx: legacy sigops * 4, plus P2SH sigops * 4 under SCRIPT_VERIFY_P2SH, plus
 * witness sigops under SCRIPT_VERIFY_WITNESS (the last two not for a coinbase). `spent`
 * may be empty for a coinbase.
 */
int64_t GetTransactionSigOpCost(const primitives::Transaction& tx, std::span<const Coin> spent,
                                script::ScriptVerifyFlags flags);

/**
 * The coins tx spends, in input order, or nullopt if one is missing or spent (the
 * "bad-txns-inputs-missingorspent" case). Empty for a coinbase.
 */
std::optional<std::vector<Coin>> FetchSpentCoins(const primitives::Transaction& tx, const CoinsView& view);

/**
 * Core's Consensus::CheckTxInputs on already fetched coins: coinbase maturity at
 * `spend_height`, input values in range, inputs >= outputs, fee in range. Sets `fee`.
 */
bool CheckTxInputs(const primitives::Transaction& tx, TxValidationState& state, std::span<const Coin> spent,
                   int spend_height, primitives::Amount& fee);

/** The same, looking the coins up in `view` first (missing ones: bad-txns-inputs-missingorspent). */
bool CheckTxInputs(const primitives::Transaction& tx, TxValidationState& state, const CoinsView& view, int spend_height,
                   primitives::Amount& fee);

/** An amount the way Core's FormatMoney prints it in messages: "1.50", "0.00001", "-2.00". */
std::string FormatMoney(primitives::Amount amount);

} // namespace consensus

#endif // BITNODE_CONSENSUS_TX_VERIFY_H
