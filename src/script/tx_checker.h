// TransactionSignatureChecker: the SignatureChecker for one input of a real
// transaction (Core's GenericTransactionSignatureChecker). It computes sighashes
// (sighash.h) and verifies ECDSA and BIP340 signatures with crypto::PubKey and
// crypto::XOnlyPubKey, and checks CLTV/CSV against the transaction's lock time and
// the input's sequence.
//
// Usage, per input i spending `spent[i]`:
//     PrecomputedTransactionData txdata;
//     txdata.Init(tx, std::vector<TxOut>(spent));      // once per transaction
//     TransactionSignatureChecker checker(&tx, i, spent[i].value, txdata,
//                                         MissingDataBehavior::ASSERT_FAIL);
//     VerifyScript(Script{tx.vin[i].script_sig}, Script{spent[i].script_pubkey},
//                  tx.vin[i].witness.stack, flags, checker, &error);
//
// Thread safety: one checker per input and thread (it caches sighash midstates);
// the transaction and the PrecomputedTransactionData may be shared read-only.
#ifndef BITNODE_SCRIPT_TX_CHECKER_H
#define BITNODE_SCRIPT_TX_CHECKER_H

#include <primitives/amount.h>
#include <primitives/transaction.h>
#include <script/interpreter.h>
#include <script/precomputed.h>
#include <script/sighash.h>

namespace script {

template <class T>
class GenericTransactionSignatureChecker : public SignatureChecker
{
public:
    /** Without precomputed data: legacy and v0 sighashes hash from scratch; taproot fails per mdb. */
    GenericTransactionSignatureChecker(const T* tx, unsigned in_index, primitives::Amount amount,
                                       MissingDataBehavior mdb)
        : m_tx(tx), m_mdb(mdb), m_in_index(in_index), m_amount(amount)
    {
    }
    GenericTransactionSignatureChecker(const T* tx, unsigned in_index, primitives::Amount amount,
                                       const PrecomputedTransactionData& txdata, MissingDataBehavior mdb)
        : m_tx(tx), m_mdb(mdb), m_in_index(in_index), m_amount(amount), m_txdata(&txdata)
    {
    }

    bool CheckECDSASignature(util::ByteSpan sig, util::ByteSpan pubkey, const Script& script_code,
                             SigVersion sigversion) const override;
    bool CheckSchnorrSignature(util::ByteSpan sig, util::ByteSpan pubkey, SigVersion sigversion,
                               ScriptExecutionData& execdata, ScriptError* error) const override;
    bool CheckLockTime(const ScriptNum& lock_time) const override;
    bool CheckSequence(const ScriptNum& sequence) const override;

protected:
    /** The signature check proper; virtual so tests and caches can wrap it. */
    virtual bool VerifyECDSASignature(util::ByteSpan der_sig, util::ByteSpan pubkey,
                                      const primitives::uint256& sighash) const;
    virtual bool VerifySchnorrSignature(util::ByteSpan sig, util::ByteSpan pubkey,
                                        const primitives::uint256& sighash) const;

private:
    const T* m_tx;
    const MissingDataBehavior m_mdb;
    const unsigned m_in_index;
    const primitives::Amount m_amount;
    const PrecomputedTransactionData* m_txdata = nullptr;
    mutable SigHashCache m_sighash_cache;
};

using TransactionSignatureChecker = GenericTransactionSignatureChecker<primitives::Transaction>;
using MutableTransactionSignatureChecker = GenericTransactionSignatureChecker<primitives::MutableTransaction>;

} // namespace script

#endif // BITNODE_SCRIPT_TX_CHECKER_H
