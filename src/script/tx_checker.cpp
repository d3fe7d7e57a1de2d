#include <script/tx_checker.h>

#include <crypto/pubkey.h>
#include <crypto/xonly.h>
#include <script/interpreter_internal.h>
#include <script/sighash_internal.h>

#include <cassert>

namespace script {

using detail::HandleMissingData;
using detail::SetError;
using primitives::uint256;

template <class T>
bool GenericTransactionSignatureChecker<T>::VerifyECDSASignature(util::ByteSpan der_sig, util::ByteSpan pubkey,
                                                                 const uint256& sighash) const
{
    return crypto::PubKey(pubkey).Verify(sighash.span().first<32>(), der_sig);
}

template <class T>
bool GenericTransactionSignatureChecker<T>::VerifySchnorrSignature(util::ByteSpan sig, util::ByteSpan pubkey,
                                                                   const uint256& sighash) const
{
    return crypto::XOnlyPubKey(pubkey.first<32>()).VerifySchnorr(sighash.span(), sig);
}

template <class T>
bool GenericTransactionSignatureChecker<T>::CheckECDSASignature(util::ByteSpan sig, util::ByteSpan pubkey,
                                                                const Script& script_code, SigVersion sigversion) const
{
    // Cheap syntactic key check first, as Core does.
    if (!crypto::PubKey(pubkey).IsValid()) return false;
    if (sig.empty()) return false;
    // The last byte is the hash type, not part of the DER signature.
    const int32_t hash_type = sig.back();
    const util::ByteSpan der_sig = sig.first(sig.size() - 1);
    if (sigversion == SigVersion::WITNESS_V0 && m_amount < 0) return HandleMissingData(m_mdb);
    const uint256 sighash =
        SignatureHash(script_code, *m_tx, m_in_index, hash_type, m_amount, sigversion, m_txdata, &m_sighash_cache);
    return VerifyECDSASignature(der_sig, pubkey, sighash);
}

template <class T>
bool GenericTransactionSignatureChecker<T>::CheckSchnorrSignature(util::ByteSpan sig, util::ByteSpan pubkey,
                                                                  SigVersion sigversion, ScriptExecutionData& execdata,
                                                                  ScriptError* error) const
{
    assert(sigversion == SigVersion::TAPROOT || sigversion == SigVersion::TAPSCRIPT);
    assert(pubkey.size() == 32); // the caller enforces the key type
    // Empty signatures never get here in tapscript (they are a soft failure there);
    // elsewhere they are just the wrong size.
    if (sig.size() != 64 && sig.size() != 65) return SetError(error, SCRIPT_ERR_SCHNORR_SIG_SIZE);
    uint8_t hash_type = SIGHASH_DEFAULT;
    if (sig.size() == 65) {
        hash_type = sig.back();
        sig = sig.first(64);
        // An explicit 0x00 would be a second encoding of SIGHASH_DEFAULT.
        if (hash_type == SIGHASH_DEFAULT) return SetError(error, SCRIPT_ERR_SCHNORR_SIG_HASHTYPE);
    }
    if (!m_txdata) return HandleMissingData(m_mdb);
    uint256 sighash;
    if (!SignatureHashSchnorr(sighash, execdata, *m_tx, m_in_index, hash_type, sigversion, *m_txdata, m_mdb)) {
        return SetError(error, SCRIPT_ERR_SCHNORR_SIG_HASHTYPE);
    }
    if (!VerifySchnorrSignature(sig, pubkey, sighash)) return SetError(error, SCRIPT_ERR_SCHNORR_SIG);
    return true;
}

template <class T>
bool GenericTransactionSignatureChecker<T>::CheckLockTime(const ScriptNum& lock_time) const
{
    // Heights and times are not comparable: both must be on the same side of the threshold.
    const int64_t tx_lock_time = m_tx->lock_time;
    if (!((tx_lock_time < LOCKTIME_THRESHOLD && lock_time < LOCKTIME_THRESHOLD) ||
          (tx_lock_time >= LOCKTIME_THRESHOLD && lock_time >= LOCKTIME_THRESHOLD))) {
        return false;
    }
    if (lock_time > tx_lock_time) return false;
    // A final input disables nLockTime (IsFinalTx), which would bypass the check;
    // testing only this input keeps the proof small.
    if (m_tx->vin[m_in_index].sequence == SEQUENCE_FINAL) return false;
    return true;
}

template <class T>
bool GenericTransactionSignatureChecker<T>::CheckSequence(const ScriptNum& sequence) const
{
    const int64_t tx_sequence = m_tx->vin[m_in_index].sequence;
    // BIP68 applies from version 2 on.
    if (m_tx->version < 2) return false;
    // With the disable bit set, the sequence is not a lock, so it cannot satisfy one.
    if (tx_sequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) return false;

    const uint32_t mask = SEQUENCE_LOCKTIME_TYPE_FLAG | SEQUENCE_LOCKTIME_MASK;
    const int64_t tx_masked = tx_sequence & mask;
    const ScriptNum wanted = sequence & mask;
    // Blocks and 512-second units are not comparable.
    if (!((tx_masked < SEQUENCE_LOCKTIME_TYPE_FLAG && wanted < SEQUENCE_LOCKTIME_TYPE_FLAG) ||
          (tx_masked >= SEQUENCE_LOCKTIME_TYPE_FLAG && wanted >= SEQUENCE_LOCKTIME_TYPE_FLAG))) {
        return false;
    }
    return !(wanted > tx_masked);
}

template class GenericTransactionSignatureChecker<primitives::Transaction>;
template class GenericTransactionSignatureChecker<primitives::MutableTransaction>;

} // namespace script
