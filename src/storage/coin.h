// Coin: one unspent transaction output as the UTXO set stores it, with the height and
// kind (coinbase or not) of the transaction that created it.
//
// Serialized (chainstate values, doc/storage-format.md "Coins"):
//     VarInt(height * 2 + coinbase)  compressed TxOut (compressor.h)
// A spent or absent coin is represented by a null output (value -1); it is never written.
//
// Conversions to and from consensus::Coin let the UTXO cache serve consensus code
// (see consensus_coins.h).
//
// Thread safety: a plain value.
#ifndef BITNODE_STORAGE_COIN_H
#define BITNODE_STORAGE_COIN_H

#include <consensus/coins.h>
#include <primitives/serialize.h>
#include <primitives/transaction.h>
#include <storage/compressor.h>
#include <storage/memusage.h>

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace storage {

class Coin
{
public:
    /** The output; null (value -1, empty script) when spent. */
    primitives::TxOut out;
    /** Height of the block that created it. Stored in 31 bits on disk (height * 2 + coinbase). */
    uint32_t height{0};
    /** Whether a coinbase created it. */
    bool coinbase{false};

    /** A spent (null) coin. */
    Coin() { out.SetNull(); }
    Coin(primitives::TxOut out_in, uint32_t height_in, bool coinbase_in)
        : out{std::move(out_in)}, height{height_in}, coinbase{coinbase_in}
    {}
    explicit Coin(const consensus::Coin& c) : out{c.out}, height{static_cast<uint32_t>(c.height)}, coinbase{c.coinbase}
    {}

    bool IsSpent() const { return out.IsNull(); }
    bool IsCoinBase() const { return coinbase; }
    /** Make it the spent coin (frees the script). */
    void Clear()
    {
        out.SetNull();
        primitives::ScriptBytes{}.swap(out.script_pubkey);
        height = 0;
        coinbase = false;
    }

    /** Heap bytes held (the script), counted against the cache limit. */
    size_t DynamicMemoryUsage() const { return memusage::DynamicUsage(out.script_pubkey); }

    consensus::Coin ToConsensus() const { return consensus::Coin{out, static_cast<int>(height), coinbase}; }

    friend bool operator==(const Coin&, const Coin&) = default;

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        assert(!IsSpent());
        primitives::WriteVarInt(s, height * uint32_t{2} + (coinbase ? 1 : 0));
        AsCompressedTxOut(out).Serialize(s);
    }
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        const uint32_t code = primitives::ReadVarInt<uint32_t>(s);
        height = code >> 1;
        coinbase = (code & 1) != 0;
        AsCompressedTxOut(out).Unserialize(s);
    }
};

} // namespace storage

#endif // BITNODE_STORAGE_COIN_H
