// Signature hashes: the message a transaction signature commits to.
//
//   SignatureHash        legacy (bare and P2SH) and BIP143 (witness v0) ECDSA sighashes;
//   SignatureHashSchnorr BIP341/342 (taproot key path and tapscript) sighashes.
//
// Both are Bitcoin Core 30's bit for bit, including the legacy quirks: OP_CODESEPARATORs
// are removed from the scriptCode, and SIGHASH_SINGLE without a matching output signs
// the constant 1 (uint256::ONE). Hash type bytes are used as given: the legacy and v0
// rules look only at bit 0x80 and the low five bits; taproot accepts only 0x00-0x03
// and 0x81-0x83.
//
// PrecomputedTransactionData (precomputed.h) carries per-transaction hashes so that
// hashing every input of a large transaction is not quadratic where the rules allow.
//
// Thread safety: pure functions of their arguments. A SigHashCache is not thread-safe;
// use one per input check (TransactionSignatureChecker owns one).
#ifndef BITNODE_SCRIPT_SIGHASH_H
#define BITNODE_SCRIPT_SIGHASH_H

#include <crypto/sha256.h>
#include <primitives/amount.h>
#include <primitives/uint256.h>
#include <script/interpreter.h>
#include <script/script.h>

#include <cstdint>
#include <optional>
#include <utility>

namespace script {

class PrecomputedTransactionData;

/** Hash type bits. Consensus values: DO NOT CHANGE. */
enum : uint8_t {
    SIGHASH_DEFAULT = 0, //!< taproot only: no hash type byte, same outputs as SIGHASH_ALL
    SIGHASH_ALL = 1,
    SIGHASH_NONE = 2,
    SIGHASH_SINGLE = 3,
    SIGHASH_ANYONECANPAY = 0x80,
    SIGHASH_OUTPUT_MASK = 3,
    SIGHASH_INPUT_MASK = 0x80,
};

/** What a signature checker does when it lacks data a sighash needs (amounts, spent outputs). */
enum class MissingDataBehavior {
    ASSERT_FAIL, //!< consensus code always provides the data: abort
    FAIL,        //!< treat the signature as invalid (signing and analysis tools)
};

/**
 * Midstates of ECDSA sighashes already computed for one input, one per class of
 * hash type (ALL, NONE, SINGLE, each with or without ANYONECANPAY), keyed by
 * scriptCode. A CHECKMULTISIG with many signatures over the same scriptCode then
 * hashes the transaction once. Never shared between inputs.
 */
class SigHashCache
{
public:
    /** If a midstate for this hash type class and scriptCode is stored, copy it to *hasher. */
    bool Load(int32_t hash_type, const Script& script_code, crypto::Sha256& hasher) const;
    void Store(int32_t hash_type, const Script& script_code, const crypto::Sha256& hasher);

private:
    static int CacheIndex(int32_t hash_type);
    std::optional<std::pair<Script, crypto::Sha256>> m_entries[6];
};

/**
 * Legacy (sigversion BASE) or BIP143 (WITNESS_V0) sighash of input in_index of tx.
 * amount is used by WITNESS_V0 only. tx is primitives::Transaction or MutableTransaction.
 */
template <class T>
primitives::uint256 SignatureHash(const Script& script_code, const T& tx, unsigned in_index, int32_t hash_type,
                                  primitives::Amount amount, SigVersion sigversion,
                                  const PrecomputedTransactionData* cache = nullptr,
                                  SigHashCache* sighash_cache = nullptr);

/**
 * BIP341 (sigversion TAPROOT) or BIP342 (TAPSCRIPT) sighash. False for an undefined
 * hash type or SIGHASH_SINGLE without a matching output; with missing precomputed
 * data, fails per mdb. Caches the SIGHASH_SINGLE output hash in execdata.
 */
template <class T>
bool SignatureHashSchnorr(primitives::uint256& hash_out, ScriptExecutionData& execdata, const T& tx, uint32_t in_pos,
                          uint8_t hash_type, SigVersion sigversion, const PrecomputedTransactionData& cache,
                          MissingDataBehavior mdb);

} // namespace script

#endif // BITNODE_SCRIPT_SIGHASH_H
