// Undo data: the coins a block spent, so that the block can be disconnected in a reorg.
//
// BlockUndo holds one TxUndo per transaction except the coinbase, in block order; a
// TxUndo holds the spent coin of each input, in input order. Serialized exactly as
// Bitcoin Core's CBlockUndo (doc/storage-format.md "Undo records"):
//
//     BlockUndo = CompactSize(n) TxUndo * n
//     TxUndo    = CompactSize(m) SpentCoin * m
//     SpentCoin = VarInt(height * 2 + coinbase) [VarInt(0) if height > 0] compressed TxOut
//
// The VarInt(0) after a non-zero height is a placeholder for the transaction version that
// very old formats stored; it is written as 0 and ignored when read. DO NOT CHANGE.
//
// Thread safety: plain values.
#ifndef BITNODE_STORAGE_UNDO_H
#define BITNODE_STORAGE_UNDO_H

#include <primitives/serialize.h>
#include <storage/coin.h>

#include <cstdint>
#include <vector>

namespace storage {

/** A spent coin in undo format (READWRITE wrapper). */
template <typename C>
struct UndoCoinRef {
    C& coin;

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        primitives::WriteVarInt(s, coin.height * uint32_t{2} + (coin.coinbase ? 1 : 0));
        if (coin.height > 0) primitives::WriteVarInt(s, uint32_t{0});
        AsCompressedTxOut(coin.out).Serialize(s);
    }
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        const uint32_t code = primitives::ReadVarInt<uint32_t>(s);
        coin.height = code >> 1;
        coin.coinbase = (code & 1) != 0;
        if (coin.height > 0) (void)primitives::ReadVarInt<uint32_t>(s);
        AsCompressedTxOut(coin.out).Unserialize(s);
    }
};

/** The coins spent by one transaction's inputs, in input order. */
struct TxUndo {
    std::vector<Coin> prevout;

    friend bool operator==(const TxUndo&, const TxUndo&) = default;

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        primitives::WriteCompactSize(s, prevout.size());
        for (const Coin& c : prevout) UndoCoinRef<const Coin>{c}.Serialize(s);
    }
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        const uint64_t count = primitives::ReadCompactSize(s);
        prevout.clear();
        // Grow with the data actually read: a corrupt count must not reserve gigabytes.
        while (prevout.size() < count) {
            prevout.emplace_back();
            UndoCoinRef<Coin>{prevout.back()}.Unserialize(s);
        }
    }
};

/** Undo data of a block: one TxUndo per non-coinbase transaction. */
struct BlockUndo {
    std::vector<TxUndo> vtxundo;

    friend bool operator==(const BlockUndo&, const BlockUndo&) = default;

    SERIALIZE_METHODS(BlockUndo, obj) { READWRITE(obj.vtxundo); }
};

} // namespace storage

#endif // BITNODE_STORAGE_UNDO_H
