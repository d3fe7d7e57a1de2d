// PrecomputedTransactionData: per-transaction hashes shared by the sighashes of all
// its inputs, computed once before the inputs are checked (possibly in parallel).
//
//   BIP143 (witness v0): hashPrevouts, hashSequence, hashOutputs (double SHA-256);
//   BIP341 (taproot):    the single-SHA-256 versions, plus the hashes of all spent
//                        amounts and scriptPubKeys, which need the spent outputs;
//   legacy:              for transactions with many non-witness inputs, SHA-256
//                        checkpoints along the SIGHASH_ALL serialization, so each
//                        input hashes only the part from itself to the end instead
//                        of the whole transaction (about half the work of Core's
//                        method; the legacy scheme is quadratic by design and
//                        cannot do better). Results are identical either way.
//
// Like Core, Init decides from the witnesses (and spent outputs) which parts are
// needed; force computes BIP143 and BIP341 parts regardless (signing).
//
// Thread safety: fill it once with Init, then share it read-only between threads.
#ifndef BITNODE_SCRIPT_PRECOMPUTED_H
#define BITNODE_SCRIPT_PRECOMPUTED_H

#include <crypto/sha256.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace script {

class PrecomputedTransactionData
{
public:
    /** Legacy checkpoint spacing in inputs (checkpoint k covers inputs [0, k*STRIDE)). */
    static constexpr size_t LEGACY_CHECKPOINT_STRIDE = 32;
    /** Init precomputes the legacy checkpoints when at least this many inputs have no witness. */
    static constexpr size_t LEGACY_PRECOMPUTE_MIN_INPUTS = 32;

    PrecomputedTransactionData() = default;
    /** Init(tx, {}): no spent outputs, so no BIP341 data. */
    template <class T>
    explicit PrecomputedTransactionData(const T& tx);

    /**
     * Precompute for tx. spent_outputs is empty or has one entry per input, in order;
     * may be called once only.
     */
    template <class T>
    void Init(const T& tx, std::vector<primitives::TxOut>&& spent_outputs, bool force = false);

    /** Build the legacy checkpoints whatever the input count (Init does it for large transactions). */
    template <class T>
    void PrecomputeLegacy(const T& tx);

    // BIP341 single-SHA-256 hashes; valid when m_bip341_taproot_ready.
    primitives::uint256 m_prevouts_single_hash;
    primitives::uint256 m_sequences_single_hash;
    primitives::uint256 m_outputs_single_hash;
    primitives::uint256 m_spent_amounts_single_hash;
    primitives::uint256 m_spent_scripts_single_hash;
    bool m_bip341_taproot_ready = false;

    // BIP143 double-SHA-256 hashes; valid when m_bip143_segwit_ready.
    primitives::uint256 m_hash_prevouts;
    primitives::uint256 m_hash_sequence;
    primitives::uint256 m_hash_outputs;
    bool m_bip143_segwit_ready = false;

    std::vector<primitives::TxOut> m_spent_outputs;
    bool m_spent_outputs_ready = false;

    /** Legacy SIGHASH_ALL serialization pieces; valid when m_legacy_ready. */
    struct LegacyData {
        /** SHA-256 state after version, input count and the blanked inputs [0, k*STRIDE). */
        std::vector<crypto::Sha256> checkpoints;
        /** Every input as other inputs see it: prevout, empty script, sequence (41 bytes each). */
        std::vector<uint8_t> blank_inputs;
        /** Output count, outputs and lock time. */
        std::vector<uint8_t> outputs_and_lock_time;
    };
    LegacyData m_legacy;
    bool m_legacy_ready = false;
};

} // namespace script

#endif // BITNODE_SCRIPT_PRECOMPUTED_H
