// Statistics and the hash_serialized_3 digest of a whole UTXO set, as Bitcoin Core's
// gettxoutsetinfo computes them (kernel/coinstats.cpp).
//
// Each coin is hashed as SerializeCoinForHash writes it (Core's TxOutSer):
//
//     outpoint (txid 32 bytes, n uint32 LE)  uint32 LE (height * 2 + coinbase)  TxOut
//
// where TxOut is the plain network serialization (int64 LE value, CompactSize script
// length, script) - not the compressed form. Coins are fed in txid order and, within a
// transaction, in output order; the digest is the double SHA-256 of the whole stream.
// DO NOT CHANGE: UTXO snapshots (assumeutxo) commit to this digest.
//
// Thread safety: ComputeUtxoStats reads through a cursor, which sees a consistent
// snapshot of the database; call it on a CoinsViewDB (after a flush), not on a cache.
#ifndef BITNODE_STORAGE_UTXO_STATS_H
#define BITNODE_STORAGE_UTXO_STATS_H

#include <primitives/amount.h>
#include <primitives/serialize.h>
#include <primitives/transaction.h>
#include <primitives/uint256.h>
#include <storage/coin.h>
#include <storage/coins_view.h>

#include <cstdint>
#include <functional>
#include <optional>

namespace storage {

/** Core's TxOutSer: the bytes of one coin in hash_serialized_3. */
template <typename Stream>
void SerializeCoinForHash(Stream& s, const OutPoint& outpoint, const Coin& coin)
{
    primitives::SerializeWith(s, outpoint);
    primitives::SerializeWith(s, static_cast<uint32_t>((coin.height << 1) + (coin.coinbase ? 1 : 0)));
    primitives::SerializeWith(s, coin.out);
}

/** Core's database-independent size of a coin ("bogosize"). */
uint64_t GetBogoSize(const primitives::ScriptBytes& script_pubkey);

struct UtxoStats {
    /** The block the set belongs to (the cursor's best block). */
    uint256 best_block;
    /** Transactions with at least one unspent output. */
    uint64_t transactions{0};
    /** Unspent outputs. */
    uint64_t txouts{0};
    uint64_t bogo_size{0};
    /** Sum of all values; nullopt if it overflowed (only possible with a corrupt set). */
    std::optional<primitives::Amount> total_amount{0};
    /** hash_serialized_3. */
    uint256 hash_serialized;
    /** The database's estimate of its size on disk. */
    uint64_t disk_size{0};
};

/**
 * Walk view's whole set (view must support Cursor(): a CoinsViewDB). keep_going is
 * called once per coin; returning false aborts the walk and gives nullopt (shutdown).
 * Throws DbError if a coin does not decode.
 */
std::optional<UtxoStats> ComputeUtxoStats(const CoinsView& view, const std::function<bool()>& keep_going = {});

} // namespace storage

#endif // BITNODE_STORAGE_UTXO_STATS_H
