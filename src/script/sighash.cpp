#include <script/sighash.h>

#include <script/precomputed.h>
#include <script/sighash_internal.h>

#include <cassert>

namespace script {

using primitives::uint256;
using namespace detail;

namespace {

bool IsNoneType(int32_t hash_type) { return (hash_type & 0x1f) == SIGHASH_NONE; }
bool IsSingleType(int32_t hash_type) { return (hash_type & 0x1f) == SIGHASH_SINGLE; }
bool IsAnyoneCanPay(int32_t hash_type) { return (hash_type & SIGHASH_ANYONECANPAY) != 0; }

/**
 * The legacy scriptCode: OP_CODESEPARATORs removed. The length prefix counts every
 * byte but the separators, while the bytes written stop where parsing stopped; for a
 * script with a truncated push the two disagree, exactly as in Core (and the
 * resulting hash is what such signatures commit to).
 */
void WriteLegacyScriptCode(crypto::Sha256& h, const Script& script_code)
{
    size_t pos = 0;
    Opcode op;
    size_t separators = 0;
    while (script_code.GetOp(pos, op)) {
        if (op == OP_CODESEPARATOR) ++separators;
    }
    WriteCompactSize(h, script_code.size() - separators);
    const uint8_t* base = script_code.data();
    size_t segment_begin = 0;
    pos = 0;
    while (script_code.GetOp(pos, op)) {
        if (op == OP_CODESEPARATOR) {
            h.Write(base + segment_begin, pos - segment_begin - 1);
            segment_begin = pos;
        }
    }
    if (segment_begin != script_code.size()) h.Write(base + segment_begin, pos - segment_begin);
}

/** Core's CTransactionSignatureSerializer: the transaction as a legacy signature sees it. */
template <class T>
void WriteLegacyTransaction(crypto::Sha256& h, const T& tx, const Script& script_code, unsigned in_index,
                            int32_t hash_type)
{
    const bool anyone_can_pay = IsAnyoneCanPay(hash_type);
    const bool hash_single = IsSingleType(hash_type);
    const bool hash_none = IsNoneType(hash_type);

    WriteLE32(h, tx.version);
    const size_t input_count = anyone_can_pay ? 1 : tx.vin.size();
    WriteCompactSize(h, input_count);
    for (size_t j = 0; j < input_count; ++j) {
        const size_t input = anyone_can_pay ? in_index : j;
        WriteOutPoint(h, tx.vin[input].prevout);
        if (input != in_index) {
            WriteCompactSize(h, 0); // other inputs' scripts are blanked
        } else {
            WriteLegacyScriptCode(h, script_code);
        }
        // NONE and SINGLE let the other inputs change their sequence.
        WriteLE32(h, (input != in_index && (hash_single || hash_none)) ? 0 : tx.vin[input].sequence);
    }
    const size_t output_count = hash_none ? 0 : hash_single ? in_index + 1 : tx.vout.size();
    WriteCompactSize(h, output_count);
    for (size_t j = 0; j < output_count; ++j) {
        if (hash_single && j != in_index) {
            WriteTxOut(h, primitives::TxOut{}); // null output: value -1, empty script
        } else {
            WriteTxOut(h, tx.vout[j]);
        }
    }
    WriteLE32(h, tx.lock_time);
}

/**
 * SIGHASH_ALL-class legacy serialization from the precomputed checkpoints: start at
 * the checkpoint below in_index, so only the inputs from in_index on are hashed.
 */
template <class T>
void WriteLegacyFromCheckpoint(crypto::Sha256& h, const T& tx, const PrecomputedTransactionData::LegacyData& legacy,
                               const Script& script_code, unsigned in_index)
{
    constexpr size_t BLANK = 41; // prevout 36, empty script 1, sequence 4
    const size_t checkpoint = in_index / PrecomputedTransactionData::LEGACY_CHECKPOINT_STRIDE;
    h = legacy.checkpoints[checkpoint];
    const uint8_t* blank = legacy.blank_inputs.data();
    const size_t from = checkpoint * PrecomputedTransactionData::LEGACY_CHECKPOINT_STRIDE;
    h.Write(blank + from * BLANK, (in_index - from) * BLANK);
    h.Write(blank + in_index * BLANK, 36);
    WriteLegacyScriptCode(h, script_code);
    WriteLE32(h, tx.vin[in_index].sequence);
    h.Write(blank + (in_index + 1) * BLANK, (tx.vin.size() - in_index - 1) * BLANK);
    h.Write(legacy.outputs_and_lock_time);
}

template <class T>
uint256 HashPrevouts(const T& tx)
{
    crypto::Sha256 h;
    for (const auto& in : tx.vin) WriteOutPoint(h, in.prevout);
    return FinalizeDouble(h);
}

template <class T>
uint256 HashSequences(const T& tx)
{
    crypto::Sha256 h;
    for (const auto& in : tx.vin) WriteLE32(h, in.sequence);
    return FinalizeDouble(h);
}

template <class T>
uint256 HashOutputs(const T& tx)
{
    crypto::Sha256 h;
    for (const auto& out : tx.vout) WriteTxOut(h, out);
    return FinalizeDouble(h);
}

/** BIP143: the witness v0 preimage up to (not including) the hash type. */
template <class T>
void WriteWitnessV0(crypto::Sha256& h, const Script& script_code, const T& tx, unsigned in_index, int32_t hash_type,
                    primitives::Amount amount, const PrecomputedTransactionData* cache)
{
    const bool ready = cache && cache->m_bip143_segwit_ready;
    const bool anyone_can_pay = IsAnyoneCanPay(hash_type);
    const bool single_or_none = IsSingleType(hash_type) || IsNoneType(hash_type);
    uint256 hash_prevouts;
    uint256 hash_sequence;
    uint256 hash_outputs;
    if (!anyone_can_pay) hash_prevouts = ready ? cache->m_hash_prevouts : HashPrevouts(tx);
    if (!anyone_can_pay && !single_or_none) hash_sequence = ready ? cache->m_hash_sequence : HashSequences(tx);
    if (!single_or_none) {
        hash_outputs = ready ? cache->m_hash_outputs : HashOutputs(tx);
    } else if (IsSingleType(hash_type) && in_index < tx.vout.size()) {
        crypto::Sha256 out_hasher;
        WriteTxOut(out_hasher, tx.vout[in_index]);
        hash_outputs = FinalizeDouble(out_hasher);
    }

    WriteLE32(h, tx.version);
    h.Write(hash_prevouts.span());
    h.Write(hash_sequence.span());
    WriteOutPoint(h, tx.vin[in_index].prevout);
    WriteVarBytes(h, script_code.span());
    WriteLE64(h, static_cast<uint64_t>(amount));
    WriteLE32(h, tx.vin[in_index].sequence);
    h.Write(hash_outputs.span());
    WriteLE32(h, tx.lock_time);
}

} // namespace

int SigHashCache::CacheIndex(int32_t hash_type)
{
    // BASE and WITNESS_V0 share indices: no input uses both.
    return 3 * IsAnyoneCanPay(hash_type) + 2 * IsSingleType(hash_type) + 1 * IsNoneType(hash_type);
}

bool SigHashCache::Load(int32_t hash_type, const Script& script_code, crypto::Sha256& hasher) const
{
    const auto& entry = m_entries[CacheIndex(hash_type)];
    if (!entry || entry->first != script_code) return false;
    hasher = entry->second;
    return true;
}

void SigHashCache::Store(int32_t hash_type, const Script& script_code, const crypto::Sha256& hasher)
{
    m_entries[CacheIndex(hash_type)].emplace(script_code, hasher);
}

template <class T>
uint256 SignatureHash(const Script& script_code, const T& tx, unsigned in_index, int32_t hash_type,
                      primitives::Amount amount, SigVersion sigversion, const PrecomputedTransactionData* cache,
                      SigHashCache* sighash_cache)
{
    assert(in_index < tx.vin.size());
    // The SIGHASH_SINGLE bug: no output at this index signs the number 1.
    if (sigversion != SigVersion::WITNESS_V0 && IsSingleType(hash_type) && in_index >= tx.vout.size()) {
        return uint256::ONE;
    }

    crypto::Sha256 h;
    if (!sighash_cache || !sighash_cache->Load(hash_type, script_code, h)) {
        if (sigversion == SigVersion::WITNESS_V0) {
            WriteWitnessV0(h, script_code, tx, in_index, hash_type, amount, cache);
        } else if (cache && cache->m_legacy_ready && !IsAnyoneCanPay(hash_type) && !IsSingleType(hash_type) &&
                   !IsNoneType(hash_type)) {
            WriteLegacyFromCheckpoint(h, tx, cache->m_legacy, script_code, in_index);
        } else {
            WriteLegacyTransaction(h, tx, script_code, in_index, hash_type);
        }
        if (sighash_cache) sighash_cache->Store(hash_type, script_code, h);
    }
    WriteLE32(h, static_cast<uint32_t>(hash_type));
    return FinalizeDouble(h);
}

template <class T>
bool SignatureHashSchnorr(uint256& hash_out, ScriptExecutionData& execdata, const T& tx, uint32_t in_pos,
                          uint8_t hash_type, SigVersion sigversion, const PrecomputedTransactionData& cache,
                          MissingDataBehavior mdb)
{
    uint8_t ext_flag = 0;
    // Key version 0 is the 32-byte keys of BIP342; new key types may bring new versions.
    const uint8_t key_version = 0;
    switch (sigversion) {
    case SigVersion::TAPROOT: ext_flag = 0; break;
    case SigVersion::TAPSCRIPT: ext_flag = 1; break;
    default: assert(false);
    }
    assert(in_pos < tx.vin.size());
    if (!(cache.m_bip341_taproot_ready && cache.m_spent_outputs_ready)) return HandleMissingData(mdb);

    crypto::Sha256 h = TapSighashHasher();
    const uint8_t epoch = 0;
    h.Write(&epoch, 1);

    const uint8_t output_type = (hash_type == SIGHASH_DEFAULT) ? SIGHASH_ALL : (hash_type & SIGHASH_OUTPUT_MASK);
    const uint8_t input_type = hash_type & SIGHASH_INPUT_MASK;
    if (!(hash_type <= 0x03 || (hash_type >= 0x81 && hash_type <= 0x83))) return false;
    h.Write(&hash_type, 1);

    WriteLE32(h, tx.version);
    WriteLE32(h, tx.lock_time);
    if (input_type != SIGHASH_ANYONECANPAY) {
        h.Write(cache.m_prevouts_single_hash.span());
        h.Write(cache.m_spent_amounts_single_hash.span());
        h.Write(cache.m_spent_scripts_single_hash.span());
        h.Write(cache.m_sequences_single_hash.span());
    }
    if (output_type == SIGHASH_ALL) h.Write(cache.m_outputs_single_hash.span());

    assert(execdata.m_annex_init);
    const bool have_annex = execdata.m_annex_present;
    const uint8_t spend_type = static_cast<uint8_t>((ext_flag << 1) + (have_annex ? 1 : 0));
    h.Write(&spend_type, 1);
    if (input_type == SIGHASH_ANYONECANPAY) {
        WriteOutPoint(h, tx.vin[in_pos].prevout);
        WriteTxOut(h, cache.m_spent_outputs[in_pos]);
        WriteLE32(h, tx.vin[in_pos].sequence);
    } else {
        WriteLE32(h, in_pos);
    }
    if (have_annex) h.Write(execdata.m_annex_hash.span());

    if (output_type == SIGHASH_SINGLE) {
        if (in_pos >= tx.vout.size()) return false;
        if (!execdata.m_output_hash) {
            crypto::Sha256 out_hasher;
            WriteTxOut(out_hasher, tx.vout[in_pos]);
            execdata.m_output_hash = FinalizeSingle(out_hasher);
        }
        h.Write(execdata.m_output_hash->span());
    }

    if (sigversion == SigVersion::TAPSCRIPT) {
        assert(execdata.m_tapleaf_hash_init);
        h.Write(execdata.m_tapleaf_hash.span());
        h.Write(&key_version, 1);
        assert(execdata.m_codeseparator_pos_init);
        WriteLE32(h, execdata.m_codeseparator_pos);
    }
    hash_out = FinalizeSingle(h);
    return true;
}

template uint256 SignatureHash(const Script&, const primitives::Transaction&, unsigned, int32_t, primitives::Amount,
                               SigVersion, const PrecomputedTransactionData*, SigHashCache*);
template uint256 SignatureHash(const Script&, const primitives::MutableTransaction&, unsigned, int32_t,
                               primitives::Amount, SigVersion, const PrecomputedTransactionData*, SigHashCache*);
template bool SignatureHashSchnorr(uint256&, ScriptExecutionData&, const primitives::Transaction&, uint32_t, uint8_t,
                                   SigVersion, const PrecomputedTransactionData&, MissingDataBehavior);
template bool SignatureHashSchnorr(uint256&, ScriptExecutionData&, const primitives::MutableTransaction&, uint32_t,
                                   uint8_t, SigVersion, const PrecomputedTransactionData&, MissingDataBehavior);

} // namespace script
