// Writing the chainstate to disk (Core's FlushStateToDisk): when, per storage::FlushScheduler,
// and in the crash-safe order of storage::WriteChainstateToDisk.
#include <chain/chainstate_manager.h>
#include <chain/notifications.h>

#include <storage/coins_db.h>
#include <storage/flatfile.h>

namespace chain {

using consensus::BlockValidationState;

bool ChainstateManager::FatalError(BlockValidationState& state, const std::string& message)
{
    Log("*** " + message);
    if (!m_fatal_error) {
        m_fatal_error = message;
        if (m_options.fatal_error) m_options.fatal_error(message);
    }
    return state.Error(message);
}

bool ChainstateManager::WriteToDisk(BlockValidationState& state, bool empty_cache)
{
    // After a failed write the disk is left as a crash would leave it; writing more on top
    // could only make the repair at the next start harder.
    if (m_fatal_error) return state.Error(*m_fatal_error);
    const int64_t start = util::MonotonicMicros();
    // Room for the coins: Core's estimate of 48 bytes per cached entry, doubled twice for
    // LevelDB's log and compaction.
    const uint64_t needed = uint64_t{48} * 2 * 2 * m_coins_tip->GetCacheSize();
    if (!storage::CheckDiskSpace(m_options.datadir, needed)) {
        return FatalError(state, "Disk space is too low! Free some space in " + m_options.datadir.string() +
                                     " and restart.");
    }
    const bool coins_written = !m_coins_tip->GetBestBlock().IsNull();
    util::Result<void> written;
    try {
        written = storage::WriteChainstateToDisk(m_blockman->Files(), m_blockman->BlockTree(),
                                                 m_blockman->GetDirtyRecords(), *m_coins_tip, empty_cache);
    } catch (const storage::SimulatedCrash& e) {
        written = util::Error{e.what()};
    }
    if (!written) return FatalError(state, "Failed to write the chainstate to disk: " + written.error());
    m_blockman->ClearDirty();
    m_flush_scheduler.Written(Now());
    ++m_stats.flushes;
    m_stats.flush_micros += util::MonotonicMicros() - start;
    if (coins_written && m_options.signals) m_options.signals->ChainStateFlushed(m_chain.GetLocator());
    return true;
}

bool ChainstateManager::FlushStateToDisk(BlockValidationState& state, storage::FlushStateMode mode)
{
    const storage::CoinsCacheSizeState cache_state =
        storage::GetCoinsCacheSizeState(m_coins_tip->DynamicMemoryUsage(), m_cache_sizes.coins);
    const storage::FlushDecision decision = m_flush_scheduler.Decide(mode, cache_state, Now());
    if (!decision.write) return true;
    return WriteToDisk(state, decision.empty_cache);
}

util::Result<void> ChainstateManager::ForceFlush()
{
    LOCK(m_chainstate_mutex);
    BlockValidationState state;
    if (!WriteToDisk(state, /*empty_cache=*/false)) return util::Error{state.GetRejectReason()};
    return {};
}

} // namespace chain
