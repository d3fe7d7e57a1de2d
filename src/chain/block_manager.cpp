#include <chain/block_manager.h>

#include <consensus/pow.h>
#include <storage/dbwrapper.h>

#include <algorithm>
#include <unordered_set>

namespace chain {

using storage::BLOCK_FAILED_CHILD;
using storage::BLOCK_FAILED_MASK;
using storage::BLOCK_HAVE_UNDO;
using storage::BLOCK_VALID_TREE;

BlockManager::BlockManager(std::unique_ptr<storage::BlockTreeDB> block_tree,
                           std::unique_ptr<storage::BlockFileManager> files)
    : m_block_tree{std::move(block_tree)}, m_files{std::move(files)}
{
}

BlockIndex* BlockManager::LookupBlockIndex(const uint256& hash)
{
    const auto it = m_block_index.find(hash);
    return it == m_block_index.end() ? nullptr : &it->second;
}

const BlockIndex* BlockManager::LookupBlockIndex(const uint256& hash) const
{
    const auto it = m_block_index.find(hash);
    return it == m_block_index.end() ? nullptr : &it->second;
}

BlockIndex* BlockManager::AddToBlockIndex(const primitives::BlockHeader& header, BlockIndex*& best_header)
{
    const uint256 hash = header.GetHash();
    auto [it, inserted] = m_block_index.try_emplace(hash, header);
    BlockIndex* index = &it->second;
    if (!inserted) return index;
    index->hash = hash;
    // The sequence id that orders equal-work chains is given when the block's data
    // arrives, not its header: announcing headers early must not win ties.
    index->sequence_id = SEQ_ID_INIT_FROM_DISK;
    if (BlockIndex* prev = LookupBlockIndex(header.hash_prev_block); prev && !header.hash_prev_block.IsNull()) {
        index->prev = prev;
        index->height = prev->height + 1;
        index->BuildSkip();
    }
    index->time_max = index->prev ? std::max(index->prev->time_max, index->time) : index->time;
    index->chain_work = (index->prev ? index->prev->chain_work : arith_uint256{}) + consensus::GetBlockProof(index->bits);
    index->RaiseValidity(BLOCK_VALID_TREE);
    if (best_header == nullptr || best_header->chain_work < index->chain_work) best_header = index;
    SetDirty(index);
    return index;
}

BlockIndex* BlockManager::InsertBlockIndex(const uint256& hash)
{
    auto [it, inserted] = m_block_index.try_emplace(hash);
    if (inserted) it->second.hash = hash;
    return &it->second;
}

std::vector<BlockIndex*> BlockManager::GetAllBlockIndicesByHeight()
{
    std::vector<BlockIndex*> all;
    all.reserve(m_block_index.size());
    for (auto& [hash, index] : m_block_index) all.push_back(&index);
    std::sort(all.begin(), all.end(), [](const BlockIndex* a, const BlockIndex* b) { return a->height < b->height; });
    return all;
}

util::Result<void> BlockManager::LoadBlockIndexDB(const consensus::Params& params, const std::function<bool()>& keep_going)
{
    std::unordered_set<uint256, BlockHasher> loaded;
    std::optional<std::string> error;
    try {
        const bool complete = m_block_tree->ForEachBlockIndex([&](const storage::DiskBlockIndex& disk) {
            if (!error && !consensus::CheckProofOfWork(disk.hash, disk.bits, params)) {
                // Reported after the walk: the data directory may belong to another network.
                error = "The block index entry of " + disk.hash.GetHex() + " fails its proof of work.";
            }
            BlockIndex* index = InsertBlockIndex(disk.hash);
            index->LoadFromDisk(disk);
            index->prev = disk.hash_prev.IsNull() ? nullptr : InsertBlockIndex(disk.hash_prev);
            loaded.insert(disk.hash);
            return !keep_going || keep_going();
        });
        if (!complete) return util::Error{"Loading the block index was interrupted."};
    } catch (const storage::DbError& e) {
        return util::Error{e.what()};
    }
    if (!m_block_index.empty() && !m_block_index.count(params.hash_genesis_block)) {
        return util::Error{"Incorrect or no genesis block found in the block index of " +
                           m_files->BlockFilePath(0).parent_path().string() + ". Wrong datadir for network?"};
    }
    if (error) return util::Error{*error + " The block index database is damaged. " + storage::REINDEX_HINT};
    for (const auto& [hash, index] : m_block_index) {
        if (!loaded.count(hash)) {
            return util::Error{"The block index has no entry for block " + hash.GetHex() +
                               ", the parent of another entry. The block index database is damaged. " +
                               storage::REINDEX_HINT};
        }
    }

    for (BlockIndex* index : GetAllBlockIndicesByHeight()) {
        BlockIndex* prev = index->prev;
        if (prev && prev->height + 1 != index->height) {
            return util::Error{"The block index entry of " + index->hash.GetHex() + " has height " +
                               std::to_string(index->height) + " but its parent has height " +
                               std::to_string(prev->height) + ". The block index database is damaged. " +
                               storage::REINDEX_HINT};
        }
        index->chain_work = (prev ? prev->chain_work : arith_uint256{}) + consensus::GetBlockProof(index->bits);
        index->time_max = prev ? std::max(prev->time_max, index->time) : index->time;
        index->sequence_id = SEQ_ID_INIT_FROM_DISK;
        if (index->tx_count > 0) {
            if (!prev) {
                index->chain_tx_count = index->tx_count;
            } else if (prev->chain_tx_count > 0) {
                index->chain_tx_count = prev->chain_tx_count + index->tx_count;
            } else {
                index->chain_tx_count = 0;
                m_blocks_unlinked.emplace(prev, index);
            }
        }
        if (!(index->status & BLOCK_FAILED_MASK) && prev && (prev->status & BLOCK_FAILED_MASK)) {
            index->status |= BLOCK_FAILED_CHILD;
            SetDirty(index);
        }
        index->BuildSkip();
    }
    return {};
}

std::vector<storage::DiskBlockIndex> BlockManager::GetDirtyRecords() const
{
    std::vector<storage::DiskBlockIndex> records;
    records.reserve(m_dirty.size());
    for (const BlockIndex* index : m_dirty) records.push_back(index->ToDisk());
    return records;
}

util::Result<primitives::Block> BlockManager::ReadBlock(const BlockIndex& index) const
{
    const storage::FlatFilePos pos = index.GetBlockPos();
    if (pos.IsNull()) return util::Error{"Block " + index.hash.GetHex() + " is not stored on disk."};
    return m_files->ReadBlock(pos, index.hash);
}

util::Result<std::vector<uint8_t>> BlockManager::ReadRawBlock(const BlockIndex& index) const
{
    const storage::FlatFilePos pos = index.GetBlockPos();
    if (pos.IsNull()) return util::Error{"Block " + index.hash.GetHex() + " is not stored on disk."};
    return m_files->ReadRawBlock(pos);
}

util::Result<storage::BlockUndo> BlockManager::ReadBlockUndo(const BlockIndex& index) const
{
    const storage::FlatFilePos pos = index.GetUndoPos();
    if (pos.IsNull()) return util::Error{"No undo data is stored for block " + index.hash.GetHex() + "."};
    return m_files->ReadBlockUndo(pos, index.prev ? index.prev->hash : uint256{});
}

util::Result<storage::FlatFilePos> BlockManager::WriteBlock(const primitives::Block& block, int height)
{
    return m_files->WriteBlock(block, height);
}

util::Result<void> BlockManager::WriteBlockUndo(const storage::BlockUndo& undo, BlockIndex& index)
{
    auto pos = m_files->WriteBlockUndo(undo, index.prev ? index.prev->hash : uint256{}, index.file, index.height);
    if (!pos) return util::Error{pos.error()};
    index.undo_pos = pos->pos;
    index.status |= BLOCK_HAVE_UNDO;
    SetDirty(&index);
    return {};
}

} // namespace chain
