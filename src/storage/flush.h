// Cache budgets (-dbcache) and the rules for writing the chainstate to disk, with Bitcoin
// Core's meanings and thresholds.
//
// -dbcache=<MiB> is the total memory for the block index database's cache, the chainstate
// database's cache and the in-memory UTXO cache (CacheSizes splits it as Core does: an
// eighth, at most 2 MiB, to the block index; half of the rest, at most 8 MiB, to
// LevelDB's chainstate cache; everything else to the UTXO cache).
//
// When to write (Core's FlushStateToDisk): ALWAYS on shutdown and on request;
// IF_NEEDED after each block when the UTXO cache has outgrown its budget (CRITICAL);
// PERIODIC when the cache is within 10% (or 10 MiB) of the budget (LARGE) or every 50-70
// minutes (a random interval, so that nodes do not all write at once).
//
// How to write (WriteChainstateToDisk): block and undo files are fsynced, then the block
// index is written in one synced batch, then the coins with their best block. Each step
// only refers to data made durable by the steps before it, so a crash at any instant
// leaves a state the next start can use: at worst the coins lag behind the index (the
// chainstate then reconnects the missing blocks) or carry the flush marker (it replays).
//
// Thread safety: FlushScheduler is not synchronised (the chainstate's mutex guards it);
// WriteChainstateToDisk needs the caller to hold the lock that guards the coins cache.
#ifndef BITNODE_STORAGE_FLUSH_H
#define BITNODE_STORAGE_FLUSH_H

#include <storage/block_files.h>
#include <storage/block_index_db.h>
#include <storage/coins_view.h>
#include <util/result.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace storage {

/** -dbcache default and minimum, MiB (Core 30). */
inline constexpr int64_t DEFAULT_DB_CACHE_MIB = 450;
inline constexpr int64_t MIN_DB_CACHE_MIB = 4;
/** Most of the budget the block index's LevelDB cache takes. */
inline constexpr size_t MAX_BLOCK_DB_CACHE = 2 << 20;
/** Most of the budget the chainstate's LevelDB cache takes. */
inline constexpr size_t MAX_COINS_DB_CACHE = 8 << 20;

/** Bytes for -dbcache=<mib> (nullopt: not given): clamped to at least MIN_DB_CACHE_MIB. */
size_t DbCacheBytes(std::optional<int64_t> dbcache_mib);

struct CacheSizes {
    /** LevelDB cache of blocks/index/. */
    size_t block_tree_db;
    /** LevelDB cache of chainstate/. */
    size_t coins_db;
    /** The in-memory UTXO cache (CoinsViewCache) limit. */
    size_t coins;

    explicit CacheSizes(size_t total_bytes);
};

enum class CoinsCacheSizeState {
    /** Room to spare. */
    OK = 0,
    /** At least 90% full (or within 10 MiB of full): write when convenient. */
    LARGE = 1,
    /** Over budget: write now. */
    CRITICAL = 2,
};

/** Above this usage the cache counts as LARGE: max(90%, total - 10 MiB). */
constexpr int64_t LargeCoinsCacheThreshold(int64_t total_space)
{
    constexpr int64_t MAX_BLOCK_COINSDB_USAGE_BYTES = 10 << 20;
    const int64_t ninety = total_space * 9 / 10;
    const int64_t minus = total_space - MAX_BLOCK_COINSDB_USAGE_BYTES;
    return ninety > minus ? ninety : minus;
}

/**
 * The cache's state. Memory the mempool is allowed but does not use counts towards the
 * cache's budget, as in Core.
 */
CoinsCacheSizeState GetCoinsCacheSizeState(size_t cache_usage, size_t max_coins_cache, size_t max_mempool = 0,
                                           size_t mempool_usage = 0);

enum class FlushStateMode {
    /** Only if something forces it (prune). */
    NONE,
    /** After a block: write if the cache is over budget. */
    IF_NEEDED,
    /** From time to time: write if large or the interval has passed. */
    PERIODIC,
    /** Shutdown, explicit request. */
    ALWAYS,
};

struct FlushDecision {
    /** Write block files, index and coins now. */
    bool write{false};
    /** Empty the UTXO cache (Flush) rather than keep it warm (Sync). */
    bool empty_cache{false};
};

/** Decides when to write, with Core's randomised 50-70 minute periodic interval. */
class FlushScheduler
{
public:
    static constexpr int64_t WRITE_INTERVAL_MIN_SECONDS = 50 * 60;
    static constexpr int64_t WRITE_INTERVAL_MAX_SECONDS = 70 * 60;

    /** Time in seconds (from the node's mockable clock). The first periodic write is due one interval after now. */
    explicit FlushScheduler(int64_t now);

    FlushDecision Decide(FlushStateMode mode, CoinsCacheSizeState state, int64_t now) const;
    /** Record a write at `now`: the next periodic write is due 50-70 minutes later. */
    void Written(int64_t now);
    int64_t NextWrite() const { return m_next_write; }

private:
    int64_t m_next_write;
};

/**
 * Persist in the crash-safe order: fsync block and undo files, write the file infos and
 * `dirty_blocks` (synced), then write the coins and their best block (Flush if
 * empty_cache, else Sync). Coins are skipped while the cache has no best block yet.
 */
util::Result<void> WriteChainstateToDisk(BlockFileManager& block_files, BlockTreeDB& block_tree,
                                         const std::vector<DiskBlockIndex>& dirty_blocks, CoinsViewCache& coins_tip,
                                         bool empty_cache);

} // namespace storage

#endif // BITNODE_STORAGE_FLUSH_H
