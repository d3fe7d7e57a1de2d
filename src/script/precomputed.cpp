#include <script/precomputed.h>

#include <script/interpreter.h>
#include <script/sighash_internal.h>

#include <algorithm>
#include <cassert>

namespace script {

using primitives::uint256;
using namespace detail;

namespace {

uint256 Single(crypto::Sha256& h) { return FinalizeSingle(h); }

uint256 Sha256OfHash(const uint256& hash)
{
    crypto::Sha256 h;
    h.Write(hash.span());
    return FinalizeSingle(h);
}

void AppendLE32(std::vector<uint8_t>& out, uint32_t v)
{
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void AppendCompactSize(std::vector<uint8_t>& out, uint64_t n)
{
    if (n < 253) {
        out.push_back(static_cast<uint8_t>(n));
        return;
    }
    const int width = n <= 0xffff ? 2 : n <= 0xffffffff ? 4 : 8;
    out.push_back(width == 2 ? 253 : width == 4 ? 254 : 255);
    for (int i = 0; i < width; ++i) out.push_back(static_cast<uint8_t>(n >> (8 * i)));
}

} // namespace

template <class T>
PrecomputedTransactionData::PrecomputedTransactionData(const T& tx)
{
    Init(tx, {});
}

template <class T>
void PrecomputedTransactionData::Init(const T& tx, std::vector<primitives::TxOut>&& spent_outputs, bool force)
{
    assert(!m_spent_outputs_ready);
    m_spent_outputs = std::move(spent_outputs);
    if (!m_spent_outputs.empty()) {
        assert(m_spent_outputs.size() == tx.vin.size());
        m_spent_outputs_ready = true;
    }

    // Which sighash schemes can this transaction's inputs use? A witness spend of a
    // 34-byte OP_1 output is taken as taproot, any other witness spend as v0 (harmless
    // for unknown versions; being exact would need the P2SH redeem scripts).
    bool uses_bip143 = force;
    bool uses_bip341 = force;
    size_t non_witness_inputs = 0;
    for (size_t i = 0; i < tx.vin.size(); ++i) {
        if (tx.vin[i].witness.IsNull()) {
            ++non_witness_inputs;
            continue;
        }
        const auto& spk = m_spent_outputs_ready ? m_spent_outputs[i].script_pubkey : primitives::ScriptBytes{};
        if (m_spent_outputs_ready && spk.size() == 2 + WITNESS_V1_TAPROOT_SIZE && spk[0] == OP_1) {
            uses_bip341 = true;
        } else {
            uses_bip143 = true;
        }
    }

    if (uses_bip143 || uses_bip341) {
        crypto::Sha256 prevouts;
        crypto::Sha256 sequences;
        crypto::Sha256 outputs;
        for (const auto& in : tx.vin) {
            WriteOutPoint(prevouts, in.prevout);
            WriteLE32(sequences, in.sequence);
        }
        for (const auto& out : tx.vout) WriteTxOut(outputs, out);
        m_prevouts_single_hash = Single(prevouts);
        m_sequences_single_hash = Single(sequences);
        m_outputs_single_hash = Single(outputs);
    }
    if (uses_bip143) {
        // BIP143's hashes are the double SHA-256 of the same data.
        m_hash_prevouts = Sha256OfHash(m_prevouts_single_hash);
        m_hash_sequence = Sha256OfHash(m_sequences_single_hash);
        m_hash_outputs = Sha256OfHash(m_outputs_single_hash);
        m_bip143_segwit_ready = true;
    }
    if (uses_bip341 && m_spent_outputs_ready) {
        crypto::Sha256 amounts;
        crypto::Sha256 scripts;
        for (const auto& out : m_spent_outputs) {
            WriteLE64(amounts, static_cast<uint64_t>(out.value));
            WriteVarBytes(scripts, out.script_pubkey);
        }
        m_spent_amounts_single_hash = Single(amounts);
        m_spent_scripts_single_hash = Single(scripts);
        m_bip341_taproot_ready = true;
    }
    if (non_witness_inputs >= LEGACY_PRECOMPUTE_MIN_INPUTS) PrecomputeLegacy(tx);
}

template <class T>
void PrecomputedTransactionData::PrecomputeLegacy(const T& tx)
{
    LegacyData legacy;
    legacy.blank_inputs.reserve(tx.vin.size() * 41);
    for (const auto& in : tx.vin) {
        const util::ByteSpan hash = in.prevout.hash.span();
        legacy.blank_inputs.insert(legacy.blank_inputs.end(), hash.begin(), hash.end());
        AppendLE32(legacy.blank_inputs, in.prevout.n);
        legacy.blank_inputs.push_back(0x00);
        AppendLE32(legacy.blank_inputs, in.sequence);
    }

    AppendCompactSize(legacy.outputs_and_lock_time, tx.vout.size());
    for (const auto& out : tx.vout) {
        AppendLE32(legacy.outputs_and_lock_time, static_cast<uint32_t>(static_cast<uint64_t>(out.value)));
        AppendLE32(legacy.outputs_and_lock_time, static_cast<uint32_t>(static_cast<uint64_t>(out.value) >> 32));
        AppendCompactSize(legacy.outputs_and_lock_time, out.script_pubkey.size());
        legacy.outputs_and_lock_time.insert(legacy.outputs_and_lock_time.end(), out.script_pubkey.begin(),
                                            out.script_pubkey.end());
    }
    AppendLE32(legacy.outputs_and_lock_time, tx.lock_time);

    // Checkpoint k: version, input count, and the blanked inputs before k*STRIDE.
    crypto::Sha256 h;
    WriteLE32(h, tx.version);
    WriteCompactSize(h, tx.vin.size());
    const size_t count = tx.vin.size();
    legacy.checkpoints.reserve(count / LEGACY_CHECKPOINT_STRIDE + 1);
    for (size_t first = 0; first < count; first += LEGACY_CHECKPOINT_STRIDE) {
        legacy.checkpoints.push_back(h);
        const size_t n = std::min(LEGACY_CHECKPOINT_STRIDE, count - first);
        h.Write(legacy.blank_inputs.data() + first * 41, n * 41);
    }
    m_legacy = std::move(legacy);
    m_legacy_ready = true;
}

template PrecomputedTransactionData::PrecomputedTransactionData(const primitives::Transaction&);
template PrecomputedTransactionData::PrecomputedTransactionData(const primitives::MutableTransaction&);
template void PrecomputedTransactionData::Init(const primitives::Transaction&, std::vector<primitives::TxOut>&&, bool);
template void PrecomputedTransactionData::Init(const primitives::MutableTransaction&, std::vector<primitives::TxOut>&&,
                                               bool);
template void PrecomputedTransactionData::PrecomputeLegacy(const primitives::Transaction&);
template void PrecomputedTransactionData::PrecomputeLegacy(const primitives::MutableTransaction&);

} // namespace script
