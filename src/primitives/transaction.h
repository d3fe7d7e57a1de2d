// Transactions: OutPoint, TxIn, TxOut, MutableTransaction and the immutable Transaction.
//
// Scripts are raw bytes here (ScriptBytes = std::vector<uint8_t>): this library sits
// below `script`, whose script::Script wraps the same bytes (script::Script{txin.script_sig}).
//
// Serialization follows BIP144 exactly as Bitcoin Core does, and must be given its
// parameters: `s << TX_WITH_WITNESS(tx)` writes the extended format (marker 0x00, flag
// 0x01, witness stacks after the outputs) only when some input has a non-empty witness;
// `TX_NO_WITNESS(tx)` writes the legacy format that the txid hashes. Reading with
// TX_WITH_WITNESS accepts both formats; "Unknown transaction optional data" and
// "Superfluous witness record" are rejected like Core (see doc/serialization.md).
//
// Transaction is immutable after construction and caches its txid, wtxid and sizes; it
// is shared as TransactionRef (shared_ptr<const Transaction>). Build one from a
// MutableTransaction, or read one from a stream.
//
// Thread safety: a Transaction may be read from any number of threads; a
// MutableTransaction is a plain value.
#ifndef BITNODE_PRIMITIVES_TRANSACTION_H
#define BITNODE_PRIMITIVES_TRANSACTION_H

#include <primitives/amount.h>
#include <primitives/serialize.h>
#include <primitives/transaction_identifier.h>

#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace primitives {

/** Raw script bytes (scriptSig, scriptPubKey). */
using ScriptBytes = std::vector<uint8_t>;

/** Weight units per byte of non-witness data (BIP141): DO NOT CHANGE. */
inline constexpr int64_t WITNESS_SCALE_FACTOR = 4;

/** A reference to output n of transaction hash. */
class OutPoint
{
public:
    /** n of a null outpoint (the coinbase input's prevout). */
    static constexpr uint32_t NULL_INDEX = 0xffffffff;

    Txid hash;
    uint32_t n{NULL_INDEX};

    OutPoint() = default;
    OutPoint(const Txid& hash_in, uint32_t n_in) : hash{hash_in}, n{n_in} {}

    void SetNull()
    {
        hash.SetNull();
        n = NULL_INDEX;
    }
    bool IsNull() const { return hash.IsNull() && n == NULL_INDEX; }

    friend bool operator==(const OutPoint&, const OutPoint&) = default;
    friend std::strong_ordering operator<=>(const OutPoint&, const OutPoint&) = default;

    /** "<txid hex>:<n>". */
    std::string ToString() const;

    SERIALIZE_METHODS(OutPoint, obj) { READWRITE(obj.hash, obj.n); }
};

/** An input's witness stack (BIP141); serialized separately from the input itself. */
struct ScriptWitness {
    std::vector<std::vector<uint8_t>> stack;

    bool IsNull() const { return stack.empty(); }
    void SetNull() { stack.clear(); }

    friend bool operator==(const ScriptWitness&, const ScriptWitness&) = default;
};

/** A transaction input: the outpoint it spends, its scriptSig, sequence and witness. */
class TxIn
{
public:
    /** Sequence that disables nLockTime and BIP68 for this input. */
    static constexpr uint32_t SEQUENCE_FINAL = 0xffffffff;
    /** Largest sequence that still enables nLockTime (but not replaceability signalling by itself). */
    static constexpr uint32_t MAX_SEQUENCE_NONFINAL = SEQUENCE_FINAL - 1;
    /** BIP68: if set, the sequence is not a relative lock time. DO NOT CHANGE. */
    static constexpr uint32_t SEQUENCE_LOCKTIME_DISABLE_FLAG = 1U << 31;
    /** BIP68: if set, the relative lock time is in units of 512 seconds, else blocks. DO NOT CHANGE. */
    static constexpr uint32_t SEQUENCE_LOCKTIME_TYPE_FLAG = 1U << 22;
    /** BIP68: bits holding the relative lock time value. DO NOT CHANGE. */
    static constexpr uint32_t SEQUENCE_LOCKTIME_MASK = 0x0000ffff;
    /** BIP68: time-based relative lock times count in units of 2^9 = 512 seconds. DO NOT CHANGE. */
    static constexpr int SEQUENCE_LOCKTIME_GRANULARITY = 9;

    OutPoint prevout;
    ScriptBytes script_sig;
    uint32_t sequence{SEQUENCE_FINAL};
    /** Only (de)serialized as part of a whole transaction. */
    ScriptWitness witness;

    TxIn() = default;
    explicit TxIn(OutPoint prevout_in, ScriptBytes script_sig_in = {}, uint32_t sequence_in = SEQUENCE_FINAL)
        : prevout{prevout_in}, script_sig{std::move(script_sig_in)}, sequence{sequence_in} {}

    friend bool operator==(const TxIn& a, const TxIn& b)
    {
        return a.prevout == b.prevout && a.script_sig == b.script_sig && a.sequence == b.sequence;
    }

    SERIALIZE_METHODS(TxIn, obj) { READWRITE(obj.prevout, obj.script_sig, obj.sequence); }
};

/** A transaction output: an amount and the script that locks it. */
class TxOut
{
public:
    Amount value{-1};
    ScriptBytes script_pubkey;

    TxOut() = default;
    TxOut(Amount value_in, ScriptBytes script_pubkey_in) : value{value_in}, script_pubkey{std::move(script_pubkey_in)} {}

    /** Null is value -1 and an empty script (Core's "spent/absent" marker). */
    void SetNull()
    {
        value = -1;
        script_pubkey.clear();
    }
    bool IsNull() const { return value == -1; }

    friend bool operator==(const TxOut&, const TxOut&) = default;

    SERIALIZE_METHODS(TxOut, obj) { READWRITE(obj.value, obj.script_pubkey); }
};

class Transaction;

/** A transaction under construction: plain public fields, hashes computed on demand. */
struct MutableTransaction {
    std::vector<TxIn> vin;
    std::vector<TxOut> vout;
    uint32_t version{2};
    uint32_t lock_time{0};

    MutableTransaction() = default;
    explicit MutableTransaction(const Transaction& tx);
    template <typename Stream>
    MutableTransaction(DeserializeType, Stream& s) { Unserialize(s); }

    template <typename Stream>
    void Serialize(Stream& s) const;
    template <typename Stream>
    void Unserialize(Stream& s);

    /** Txid (serialization without witness); computed each call. */
    Txid GetHash() const;
    bool HasWitness() const;
};

/** An immutable transaction with cached ids and sizes. */
class Transaction
{
public:
    /** Default version for new transactions. */
    static constexpr uint32_t CURRENT_VERSION = 2;

    const std::vector<TxIn> vin;
    const std::vector<TxOut> vout;
    const uint32_t version;
    const uint32_t lock_time;

    explicit Transaction(const MutableTransaction& tx);
    explicit Transaction(MutableTransaction&& tx);
    template <typename Stream>
    Transaction(DeserializeType, Stream& s) : Transaction(MutableTransaction(deserialize, s)) {}

    template <typename Stream>
    void Serialize(Stream& s) const;

    const Txid& GetHash() const { return m_hash; }
    const Wtxid& GetWitnessHash() const { return m_witness_hash; }

    bool IsNull() const { return vin.empty() && vout.empty(); }
    /** One input whose prevout is null. */
    bool IsCoinBase() const { return vin.size() == 1 && vin[0].prevout.IsNull(); }
    /** True if any input has a non-empty witness. */
    bool HasWitness() const { return m_has_witness; }

    /** Sum of output values; throws std::runtime_error if a value or the sum leaves MoneyRange. */
    Amount GetValueOut() const;

    /** Serialized size with witness data (what the wtxid hashes). */
    size_t GetTotalSize() const { return m_total_size; }
    /** Serialized size without witness data (what the txid hashes). */
    size_t GetStrippedSize() const { return m_stripped_size; }
    /** BIP141 weight: stripped size * 3 + total size. */
    int64_t GetWeight() const
    {
        return static_cast<int64_t>(m_stripped_size) * (WITNESS_SCALE_FACTOR - 1) + static_cast<int64_t>(m_total_size);
    }
    /** Virtual size: weight / 4 rounded up (no sigop adjustment; policy adds that). */
    int64_t GetVirtualSize() const { return (GetWeight() + WITNESS_SCALE_FACTOR - 1) / WITNESS_SCALE_FACTOR; }

    /** Equal when the wtxids are equal (same bytes including witnesses). */
    friend bool operator==(const Transaction& a, const Transaction& b) { return a.m_witness_hash == b.m_witness_hash; }

private:
    void ComputeCache();

    bool m_has_witness{false};
    Txid m_hash;
    Wtxid m_witness_hash;
    size_t m_stripped_size{0};
    size_t m_total_size{0};
};

using TransactionRef = std::shared_ptr<const Transaction>;

template <typename Tx>
TransactionRef MakeTransactionRef(Tx&& tx)
{
    return std::make_shared<const Transaction>(std::forward<Tx>(tx));
}

//
// BIP144 serialization, shared by MutableTransaction and Transaction.
//

template <typename Stream, typename TxType>
void SerializeTransaction(const TxType& tx, Stream& s, const TxSerParams& params)
{
    Serialize(s, tx.version);
    bool extended = false;
    if (params.allow_witness) {
        for (const TxIn& in : tx.vin) {
            if (!in.witness.IsNull()) {
                extended = true;
                break;
            }
        }
    }
    if (extended) {
        // An empty input vector (0x00) followed by flag 0x01 marks the extended format.
        WriteLE8(s, 0x00);
        WriteLE8(s, 0x01);
    }
    Serialize(s, tx.vin);
    Serialize(s, tx.vout);
    if (extended) {
        for (const TxIn& in : tx.vin) Serialize(s, in.witness.stack);
    }
    Serialize(s, tx.lock_time);
}

/** The rules and messages of Core's UnserializeTransaction (consensus: DO NOT CHANGE). */
template <typename Stream>
void UnserializeTransaction(MutableTransaction& tx, Stream& s, const TxSerParams& params)
{
    Unserialize(s, tx.version);
    tx.vin.clear();
    tx.vout.clear();
    uint8_t flags = 0;
    std::optional<size_t> flags_pos;
    // With the marker present this reads as an empty input vector.
    Unserialize(s, tx.vin);
    if (tx.vin.empty() && params.allow_witness) {
        flags_pos = StreamPosition(s);
        flags = ReadLE<uint8_t>(s);
        if (flags != 0) {
            Unserialize(s, tx.vin);
            Unserialize(s, tx.vout);
        }
    } else {
        Unserialize(s, tx.vout);
    }
    if ((flags & 1) && params.allow_witness) {
        flags ^= 1;
        for (TxIn& in : tx.vin) Unserialize(s, in.witness.stack);
        if (!tx.HasWitness()) throw DeserializeError("Superfluous witness record", flags_pos);
    }
    if (flags) throw DeserializeError("Unknown transaction optional data", flags_pos);
    Unserialize(s, tx.lock_time);
}

template <typename Stream>
void MutableTransaction::Serialize(Stream& s) const
{
    SerializeTransaction(*this, s, GetTxParams(s));
}
template <typename Stream>
void MutableTransaction::Unserialize(Stream& s)
{
    UnserializeTransaction(*this, s, GetTxParams(s));
}
template <typename Stream>
void Transaction::Serialize(Stream& s) const
{
    SerializeTransaction(*this, s, GetTxParams(s));
}

} // namespace primitives

#endif // BITNODE_PRIMITIVES_TRANSACTION_H
