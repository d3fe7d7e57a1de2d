#include <node/txindex.h>

#include <primitives/serialize.h>

#include <utility>

namespace node {

namespace {

/** DO NOT CHANGE: record prefixes on disk. */
constexpr uint8_t DB_TXINDEX = 't';
constexpr uint8_t DB_BEST_BLOCK = 'B';

/** The key of one transaction's record: 't' followed by the txid. */
struct TxKey {
    uint8_t prefix{DB_TXINDEX};
    primitives::uint256 txid;
    SERIALIZE_METHODS(TxKey, obj) { READWRITE(obj.prefix, obj.txid); }
};

TxKey KeyOf(const primitives::Txid& txid) { return TxKey{DB_TXINDEX, txid.ToUint256()}; }

} // namespace

TxIndex::TxIndex(std::unique_ptr<storage::DbWrapper> db, chain::ChainstateManager& chainman,
                 std::function<void(const std::string&)> log)
    : m_db(std::move(db)), m_chainman(chainman), m_log(std::move(log))
{}

util::Result<std::shared_ptr<TxIndex>> TxIndex::Open(const std::filesystem::path& path,
                                                     chain::ChainstateManager& chainman,
                                                     std::function<void(const std::string&)> log, bool memory_only)
{
    auto db = storage::DbWrapper::Open({.path = path,
                                        .cache_bytes = 8 << 20,
                                        .memory_only = memory_only,
                                        .name = "txindex",
                                        .recovery_hint = "Delete the indexes/txindex directory to rebuild it."});
    if (!db) return util::Error{db.error()};
    return std::shared_ptr<TxIndex>{new TxIndex(std::move(*db), chainman, std::move(log))};
}

primitives::uint256 TxIndex::BestBlock() const
{
    primitives::uint256 best;
    if (!m_db->Read(DB_BEST_BLOCK, best)) return {};
    return best;
}

std::optional<TxIndex::Location> TxIndex::FindTx(const primitives::Txid& txid) const
{
    Location location;
    try {
        if (!m_db->Read(KeyOf(txid), location.block_hash)) return std::nullopt;
    } catch (const storage::DbError& e) {
        Log(std::string{"txindex: "} + e.what());
        return std::nullopt;
    }
    return location;
}

void TxIndex::WriteBlock(const primitives::Block& block, const primitives::uint256& hash)
{
    storage::DbBatch batch{*m_db};
    for (const auto& tx : block.vtx) batch.Write(KeyOf(tx->GetHash()), hash);
    batch.Write(DB_BEST_BLOCK, hash);
    m_db->WriteBatch(batch);
}

void TxIndex::EraseBlock(const primitives::Block& block, const primitives::uint256& prev_hash)
{
    storage::DbBatch batch{*m_db};
    for (const auto& tx : block.vtx) batch.Erase(KeyOf(tx->GetHash()));
    batch.Write(DB_BEST_BLOCK, prev_hash);
    m_db->WriteBatch(batch);
}

util::Result<void> TxIndex::CatchUp(const std::atomic<bool>* interrupt)
{
    try {
        const primitives::uint256 best = BestBlock();
        const chain::BlockIndex* index = best.IsNull() ? nullptr : m_chainman.LookupBlockIndex(best);
        // Blocks that left the active chain while the node was down: unindex them, tip first.
        while (index != nullptr && m_chainman.ActiveBlockAt(index->height) != index) {
            auto block = m_chainman.ReadBlock(index->hash);
            if (!block)
                return util::Error{"txindex: cannot read block " + index->hash.ToString() + ": " + block.error()};
            EraseBlock(*block, index->prev ? index->prev->hash : primitives::uint256{});
            index = index->prev;
        }
        const int start = index ? index->height + 1 : 0;
        const int tip = m_chainman.ActiveHeight();
        if (start <= tip) Log("txindex: indexing blocks " + std::to_string(start) + " to " + std::to_string(tip));
        int last_percent = -1;
        for (int height = start; height <= tip; ++height) {
            if (interrupt && interrupt->load()) return {};
            const chain::BlockIndex* at = m_chainman.ActiveBlockAt(height);
            if (at == nullptr) break; // the chain got shorter meanwhile; the callbacks take over
            auto block = m_chainman.ReadBlock(at->hash);
            if (!block) return util::Error{"txindex: cannot read block " + at->hash.ToString() + ": " + block.error()};
            WriteBlock(*block, at->hash);
            const int percent = tip > 0 ? static_cast<int>(int64_t{height} * 100 / tip) : 100;
            if (percent / 10 != last_percent / 10 && tip - start >= 1000) {
                Log("txindex: indexed up to height " + std::to_string(height) + " (" + std::to_string(percent) + "%)");
            }
            last_percent = percent;
        }
    } catch (const storage::DbError& e) {
        return util::Error{e.what()};
    }
    m_synced = true;
    return {};
}

void TxIndex::BlockConnected(const std::shared_ptr<const primitives::Block>& block, const chain::BlockIndex* index)
{
    try {
        WriteBlock(*block, index->hash);
    } catch (const storage::DbError& e) {
        Log(std::string{"txindex: "} + e.what());
    }
}

void TxIndex::BlockDisconnected(const std::shared_ptr<const primitives::Block>& block, const chain::BlockIndex* index)
{
    try {
        EraseBlock(*block, index->prev ? index->prev->hash : primitives::uint256{});
    } catch (const storage::DbError& e) {
        Log(std::string{"txindex: "} + e.what());
    }
}

} // namespace node
