// Transaction construction: hashing and size caching.
#include <primitives/transaction.h>

#include <primitives/streams.h>

#include <stdexcept>

namespace primitives {

std::string OutPoint::ToString() const
{
    return hash.GetHex() + ":" + std::to_string(n);
}

MutableTransaction::MutableTransaction(const Transaction& tx)
    : vin{tx.vin}, vout{tx.vout}, version{tx.version}, lock_time{tx.lock_time}
{
}

Txid MutableTransaction::GetHash() const
{
    HashWriter hasher;
    hasher << TX_NO_WITNESS(*this);
    return Txid::FromUint256(hasher.GetHash());
}

bool MutableTransaction::HasWitness() const
{
    for (const TxIn& in : vin) {
        if (!in.witness.IsNull()) return true;
    }
    return false;
}

Transaction::Transaction(const MutableTransaction& tx)
    : vin{tx.vin}, vout{tx.vout}, version{tx.version}, lock_time{tx.lock_time}
{
    ComputeCache();
}

Transaction::Transaction(MutableTransaction&& tx)
    : vin{std::move(tx.vin)}, vout{std::move(tx.vout)}, version{tx.version}, lock_time{tx.lock_time}
{
    ComputeCache();
}

void Transaction::ComputeCache()
{
    for (const TxIn& in : vin) {
        if (!in.witness.IsNull()) {
            m_has_witness = true;
            break;
        }
    }
    HashWriter stripped;
    stripped << TX_NO_WITNESS(*this);
    m_hash = Txid::FromUint256(stripped.GetHash());
    m_stripped_size = stripped.BytesWritten();
    if (!m_has_witness) {
        // Without witnesses both serializations are the same bytes.
        m_witness_hash = Wtxid::FromUint256(m_hash.ToUint256());
        m_total_size = m_stripped_size;
        return;
    }
    HashWriter full;
    full << TX_WITH_WITNESS(*this);
    m_witness_hash = Wtxid::FromUint256(full.GetHash());
    m_total_size = full.BytesWritten();
}

Amount Transaction::GetValueOut() const
{
    Amount total = 0;
    for (const TxOut& out : vout) {
        if (!MoneyRange(out.value) || !MoneyRange(total + out.value)) {
            throw std::runtime_error("Transaction::GetValueOut: output value out of range in " + m_hash.GetHex());
        }
        total += out.value;
    }
    return total;
}

} // namespace primitives
