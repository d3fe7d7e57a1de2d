#include <storage/flush.h>

#include <crypto/random.h>
#include <storage/dbwrapper.h>

#include <algorithm>

namespace storage {

size_t DbCacheBytes(std::optional<int64_t> dbcache_mib)
{
    int64_t mib = dbcache_mib.value_or(DEFAULT_DB_CACHE_MIB);
    mib = std::max(mib, MIN_DB_CACHE_MIB);
    // Keep the shift in range: more than 2^43 MiB is not a real request anyway.
    mib = std::min<int64_t>(mib, int64_t{1} << 43);
    return static_cast<size_t>(mib) << 20;
}

CacheSizes::CacheSizes(size_t total_bytes)
{
    block_tree_db = std::min(total_bytes / 8, MAX_BLOCK_DB_CACHE);
    total_bytes -= block_tree_db;
    coins_db = std::min(total_bytes / 2, MAX_COINS_DB_CACHE);
    total_bytes -= coins_db;
    coins = total_bytes;
}

CoinsCacheSizeState GetCoinsCacheSizeState(size_t cache_usage, size_t max_coins_cache, size_t max_mempool,
                                           size_t mempool_usage)
{
    const int64_t spare_mempool =
        std::max<int64_t>(static_cast<int64_t>(max_mempool) - static_cast<int64_t>(mempool_usage), 0);
    const int64_t total_space = static_cast<int64_t>(max_coins_cache) + spare_mempool;
    const auto usage = static_cast<int64_t>(cache_usage);
    if (usage > total_space) return CoinsCacheSizeState::CRITICAL;
    if (usage > LargeCoinsCacheThreshold(total_space)) return CoinsCacheSizeState::LARGE;
    return CoinsCacheSizeState::OK;
}

FlushScheduler::FlushScheduler(int64_t now) { Written(now); }

void FlushScheduler::Written(int64_t now)
{
    crypto::FastRandomContext rng;
    const auto range = static_cast<uint64_t>(WRITE_INTERVAL_MAX_SECONDS - WRITE_INTERVAL_MIN_SECONDS + 1);
    m_next_write = now + WRITE_INTERVAL_MIN_SECONDS + static_cast<int64_t>(rng.RandRange(range));
}

FlushDecision FlushScheduler::Decide(FlushStateMode mode, CoinsCacheSizeState state, int64_t now) const
{
    const bool cache_large = mode == FlushStateMode::PERIODIC && state >= CoinsCacheSizeState::LARGE;
    const bool cache_critical = mode == FlushStateMode::IF_NEEDED && state >= CoinsCacheSizeState::CRITICAL;
    const bool periodic = mode == FlushStateMode::PERIODIC && now >= m_next_write;
    const bool always = mode == FlushStateMode::ALWAYS;
    FlushDecision decision;
    decision.write = always || cache_large || cache_critical || periodic;
    // A periodic write keeps the cache warm; memory pressure and shutdown empty it.
    decision.empty_cache = always || cache_large || cache_critical;
    return decision;
}

util::Result<void> WriteChainstateToDisk(BlockFileManager& block_files, BlockTreeDB& block_tree,
                                         const std::vector<DiskBlockIndex>& dirty_blocks, CoinsViewCache& coins_tip,
                                         bool empty_cache)
{
    if (auto written = block_files.WriteIndex(block_tree, dirty_blocks); !written) return written;
    if (coins_tip.GetBestBlock().IsNull()) return {};
    try {
        const bool ok = empty_cache ? coins_tip.Flush() : coins_tip.Sync();
        if (!ok) return util::Error{"Failed to write to the coin database."};
    } catch (const DbError& e) {
        return util::Error{e.what()};
    }
    return {};
}

} // namespace storage
