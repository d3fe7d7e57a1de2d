#include <storage/utxo_stats.h>

#include <primitives/streams.h>

#include <map>
#include <stdexcept>

namespace storage {

uint64_t GetBogoSize(const primitives::ScriptBytes& script_pubkey)
{
    return 32 /* txid */ + 4 /* vout index */ + 4 /* height + coinbase */ + 8 /* amount */ + 2 /* script length */ +
           script_pubkey.size();
}

namespace {

/** Fold one transaction's unspent outputs (in output order) into the stats and the hash. */
void ApplyTransaction(UtxoStats& stats, primitives::HashWriter& hasher, const primitives::Txid& txid,
                      const std::map<uint32_t, Coin>& outputs)
{
    ++stats.transactions;
    for (const auto& [n, coin] : outputs) {
        ++stats.txouts;
        if (stats.total_amount) {
            primitives::Amount sum;
            if (__builtin_add_overflow(*stats.total_amount, coin.out.value, &sum)) {
                stats.total_amount.reset();
            } else {
                stats.total_amount = sum;
            }
        }
        stats.bogo_size += GetBogoSize(coin.out.script_pubkey);
        SerializeCoinForHash(hasher, OutPoint{txid, n}, coin);
    }
}

} // namespace

std::optional<UtxoStats> ComputeUtxoStats(const CoinsView& view, const std::function<bool()>& keep_going)
{
    std::unique_ptr<CoinsViewCursor> cursor = view.Cursor();
    if (!cursor) throw std::logic_error("ComputeUtxoStats needs a view that can be iterated (the coins database)");
    UtxoStats stats;
    stats.best_block = cursor->GetBestBlock();
    primitives::HashWriter hasher;
    // Database order is by txid, but output numbers are VarInts, whose byte order is not
    // numeric past 16,511: collect each transaction's outputs and sort them.
    primitives::Txid current;
    std::map<uint32_t, Coin> outputs;
    for (; cursor->Valid(); cursor->Next()) {
        if (keep_going && !keep_going()) return std::nullopt;
        OutPoint key;
        Coin coin;
        cursor->GetKey(key);
        cursor->GetValue(coin);
        if (!outputs.empty() && key.hash != current) {
            ApplyTransaction(stats, hasher, current, outputs);
            outputs.clear();
        }
        current = key.hash;
        outputs[key.n] = std::move(coin);
    }
    if (!outputs.empty()) ApplyTransaction(stats, hasher, current, outputs);
    stats.hash_serialized = hasher.GetHash();
    stats.disk_size = view.EstimateSize();
    return stats;
}

} // namespace storage
