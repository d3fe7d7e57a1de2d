// ChainstateManager's lifetime and its read-only queries.
#include <chain/chainstate_manager.h>
#include <chain/notifications.h>

#include <storage/dbwrapper.h>

#include <algorithm>
#include <unordered_set>

namespace chain {

using consensus::BlockValidationState;

ChainstateManager::~ChainstateManager()
{
    {
        LOCK(m_chainstate_mutex);
        if (m_opened && m_coins_tip) {
            BlockValidationState state;
            // Empties the cache too, as Core's shutdown flush.
            if (!FlushStateToDisk(state, storage::FlushStateMode::ALWAYS)) {
                Log("Failed to write the chainstate at shutdown: " + state.ToString());
            }
        }
    }
    // Queued notifications point at our block index: deliver them while it still exists.
    if (m_options.signals && !m_options.signals->OnNotificationThread()) {
        m_options.signals->SyncWithValidationInterfaceQueue();
    }
}

void ChainstateManager::Log(const std::string& message) const
{
    if (m_options.log) m_options.log(message);
}

const BlockIndex* ChainstateManager::ActiveTip() const
{
    LOCK(m_chainstate_mutex);
    return m_chain.Tip();
}

int ChainstateManager::ActiveHeight() const
{
    LOCK(m_chainstate_mutex);
    return m_chain.Height();
}

const BlockIndex* ChainstateManager::ActiveBlockAt(int height) const
{
    LOCK(m_chainstate_mutex);
    return m_chain[height];
}

const BlockIndex* ChainstateManager::LookupBlockIndex(const uint256& hash) const
{
    LOCK(m_chainstate_mutex);
    return m_blockman->LookupBlockIndex(hash);
}

std::optional<BlockInfo> ChainstateManager::GetBlockInfo(const uint256& hash) const
{
    LOCK(m_chainstate_mutex);
    const BlockIndex* index = m_blockman->LookupBlockIndex(hash);
    if (!index) return std::nullopt;
    BlockInfo info;
    info.hash = index->hash;
    info.height = index->height;
    info.header = index->GetBlockHeader();
    info.chain_work = index->chain_work;
    info.status = index->status;
    info.tx_count = index->tx_count;
    info.chain_tx_count = index->chain_tx_count;
    info.median_time_past = index->GetMedianTimePast();
    info.in_active_chain = m_chain.Contains(index);
    if (const BlockIndex* next = m_chain.Next(index)) info.next_hash = next->hash;
    return info;
}

const BlockIndex* ChainstateManager::BestHeader() const
{
    LOCK(m_chainstate_mutex);
    return m_best_header;
}

BlockLocator ChainstateManager::GetLocator() const
{
    LOCK(m_chainstate_mutex);
    return m_chain.GetLocator();
}

std::vector<ChainTip> ChainstateManager::GetChainTips() const
{
    LOCK(m_chainstate_mutex);
    // Tips are blocks no other block names as parent, plus the active tip.
    std::unordered_set<const BlockIndex*> parents;
    for (const auto& [hash, index] : m_blockman->Index()) {
        if (index.prev) parents.insert(index.prev);
    }
    std::vector<ChainTip> tips;
    for (const auto& [hash, index] : m_blockman->Index()) {
        if (parents.count(&index) && &index != m_chain.Tip()) continue;
        ChainTip tip;
        tip.hash = index.hash;
        tip.height = index.height;
        const BlockIndex* fork = m_chain.FindFork(&index);
        tip.branch_length = index.height - (fork ? fork->height : -1);
        if (m_chain.Contains(&index)) {
            tip.status = "active";
        } else if (index.status & storage::BLOCK_FAILED_MASK) {
            tip.status = "invalid";
        } else if (!index.HaveNumChainTxs()) {
            tip.status = "headers-only";
        } else if (index.IsValid(storage::BLOCK_VALID_SCRIPTS)) {
            tip.status = "valid-fork";
        } else if (index.IsValid(storage::BLOCK_VALID_TREE)) {
            tip.status = "valid-headers";
        } else {
            tip.status = "unknown";
        }
        tips.push_back(std::move(tip));
    }
    // Highest first, as Core lists them (it breaks height ties by memory address; we use
    // the hash so the order does not change between runs).
    std::sort(tips.begin(), tips.end(), [](const ChainTip& a, const ChainTip& b) {
        return a.height != b.height ? a.height > b.height : a.hash < b.hash;
    });
    return tips;
}

bool ChainstateManager::IsInitialBlockDownload() const
{
    LOCK(m_chainstate_mutex);
    return IsInitialBlockDownloadLocked();
}

util::Result<primitives::Block> ChainstateManager::ReadBlock(const uint256& hash) const
{
    LOCK(m_chainstate_mutex);
    const BlockIndex* index = m_blockman->LookupBlockIndex(hash);
    if (!index) return util::Error{"Block " + hash.GetHex() + " is not known."};
    return m_blockman->ReadBlock(*index);
}

util::Result<std::vector<uint8_t>> ChainstateManager::ReadRawBlock(const uint256& hash) const
{
    LOCK(m_chainstate_mutex);
    const BlockIndex* index = m_blockman->LookupBlockIndex(hash);
    if (!index) return util::Error{"Block " + hash.GetHex() + " is not known."};
    return m_blockman->ReadRawBlock(*index);
}

util::Result<storage::BlockUndo> ChainstateManager::ReadBlockUndo(const uint256& hash) const
{
    LOCK(m_chainstate_mutex);
    const BlockIndex* index = m_blockman->LookupBlockIndex(hash);
    if (!index) return util::Error{"Block " + hash.GetHex() + " is not known."};
    return m_blockman->ReadBlockUndo(*index);
}

std::optional<storage::Coin> ChainstateManager::GetCoin(const primitives::OutPoint& outpoint)
{
    LOCK(m_chainstate_mutex);
    try {
        return m_coins_tip->GetCoin(outpoint);
    } catch (const storage::DbError& e) {
        BlockValidationState state;
        FatalError(state, e.what());
        return std::nullopt;
    }
}

namespace {

/** Hands ComputeUtxoStats a cursor made earlier (under the lock), so the walk needs no lock. */
class SnapshotView final : public storage::CoinsView
{
public:
    SnapshotView(std::unique_ptr<storage::CoinsViewCursor> cursor, size_t size)
        : m_cursor{std::move(cursor)}, m_size{size} {}
    std::unique_ptr<storage::CoinsViewCursor> Cursor() const override { return std::move(m_cursor); }
    size_t EstimateSize() const override { return m_size; }

private:
    mutable std::unique_ptr<storage::CoinsViewCursor> m_cursor;
    size_t m_size;
};

} // namespace

util::Result<UtxoSetInfo> ChainstateManager::GetUtxoSetInfo(const std::function<bool()>& keep_going)
{
    std::unique_ptr<storage::CoinsViewCursor> cursor;
    size_t size = 0;
    UtxoSetInfo info;
    {
        LOCK(m_chainstate_mutex);
        BlockValidationState state;
        if (!WriteToDisk(state, /*empty_cache=*/false)) return util::Error{state.GetRejectReason()};
        try {
            // The cursor reads a LevelDB snapshot: later flushes do not change what it sees.
            cursor = m_coins_db->Cursor();
            size = m_coins_db->EstimateSize();
        } catch (const storage::DbError& e) {
            return util::Error{e.what()};
        }
        const BlockIndex* best = m_blockman->LookupBlockIndex(cursor->GetBestBlock());
        info.height = best ? best->height : -1;
    }
    try {
        SnapshotView view{std::move(cursor), size};
        std::optional<storage::UtxoStats> stats = storage::ComputeUtxoStats(view, keep_going);
        if (!stats) return util::Error{"Computing the UTXO set statistics was interrupted."};
        info.stats = std::move(*stats);
    } catch (const storage::DbError& e) {
        return util::Error{e.what()};
    }
    return info;
}

ConnectStats ChainstateManager::GetConnectStats() const
{
    LOCK(m_chainstate_mutex);
    return m_stats;
}

size_t ChainstateManager::CoinsCacheUsage() const
{
    LOCK(m_chainstate_mutex);
    return m_coins_tip->DynamicMemoryUsage();
}

uint64_t ChainstateManager::BlockFilesUsage() const
{
    LOCK(m_chainstate_mutex);
    return m_blockman->Files().CalculateCurrentUsage();
}

std::optional<std::string> ChainstateManager::FatalErrorMessage() const
{
    LOCK(m_chainstate_mutex);
    return m_fatal_error;
}

} // namespace chain
