// BlockManager: the in-memory block index (BlockMap) and its persistence, plus access to
// the block and undo files. It builds the tree from the block index database at startup,
// adds headers as they arrive, remembers which entries changed since the last flush, and
// keeps the "unlinked" blocks: blocks whose data is here while an ancestor's is not, so
// that they can become best-chain candidates once the missing data arrives.
//
// Thread safety: none inside. A BlockManager belongs to one ChainstateManager and is used
// only under its chainstate mutex (the owner's members are annotated accordingly); the
// storage objects it holds are themselves thread-safe.
#ifndef BITNODE_CHAIN_BLOCK_MANAGER_H
#define BITNODE_CHAIN_BLOCK_MANAGER_H

#include <chain/block_index.h>
#include <consensus/params.h>
#include <primitives/block.h>
#include <storage/block_files.h>
#include <storage/block_index_db.h>
#include <storage/undo.h>
#include <util/result.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <vector>

namespace chain {

class BlockManager
{
public:
    BlockManager(std::unique_ptr<storage::BlockTreeDB> block_tree, std::unique_ptr<storage::BlockFileManager> files);

    /** The entry for hash, or null. */
    BlockIndex* LookupBlockIndex(const uint256& hash);
    const BlockIndex* LookupBlockIndex(const uint256& hash) const;

    /**
     * Add a header whose parent is known (or the genesis header) and return its entry; an
     * existing entry is returned unchanged. Sets height, links, chain work and
     * BLOCK_VALID_TREE, and moves *best_header to it if it has more work.
     */
    BlockIndex* AddToBlockIndex(const primitives::BlockHeader& header, BlockIndex*& best_header);

    /**
     * Rebuild the tree from the block index database: link every entry to its parent and
     * compute chain work, skip pointers, chain transaction counts, failed-child marks and
     * the unlinked map. `keep_going` returning false aborts (shutdown). Errors name the
     * damaged entry and say to restart with -reindex.
     */
    util::Result<void> LoadBlockIndexDB(const consensus::Params& params, const std::function<bool()>& keep_going);

    /** Every entry, lowest height first (ties in no particular order). */
    std::vector<BlockIndex*> GetAllBlockIndicesByHeight();
    const BlockMap& Index() const { return m_block_index; }
    BlockMap& Index() { return m_block_index; }

    /** Entry changed: write it at the next flush. */
    void SetDirty(BlockIndex* index) { m_dirty.insert(index); }
    /** The changed entries as records (the set is kept until ClearDirty, in case the write fails). */
    std::vector<storage::DiskBlockIndex> GetDirtyRecords() const;
    void ClearDirty() { m_dirty.clear(); }
    size_t DirtyCount() const { return m_dirty.size(); }

    /** Blocks with data whose parent (key) lacks a chain transaction count. */
    std::multimap<BlockIndex*, BlockIndex*>& Unlinked() { return m_blocks_unlinked; }

    util::Result<primitives::Block> ReadBlock(const BlockIndex& index) const;
    util::Result<std::vector<uint8_t>> ReadRawBlock(const BlockIndex& index) const;
    util::Result<storage::BlockUndo> ReadBlockUndo(const BlockIndex& index) const;
    /** Append the block to the block files (the caller records the position in the index). */
    util::Result<storage::FlatFilePos> WriteBlock(const primitives::Block& block, int height);
    /** Append the block's undo data and record it in the entry (BLOCK_HAVE_UNDO, marked dirty). */
    util::Result<void> WriteBlockUndo(const storage::BlockUndo& undo, BlockIndex& index);

    storage::BlockTreeDB& BlockTree() { return *m_block_tree; }
    storage::BlockFileManager& Files() { return *m_files; }
    const storage::BlockFileManager& Files() const { return *m_files; }

private:
    /** The entry for hash, created empty if missing (loading: parents may come after children). */
    BlockIndex* InsertBlockIndex(const uint256& hash);

    BlockMap m_block_index;
    std::set<BlockIndex*> m_dirty;
    std::multimap<BlockIndex*, BlockIndex*> m_blocks_unlinked;
    std::unique_ptr<storage::BlockTreeDB> m_block_tree;
    std::unique_ptr<storage::BlockFileManager> m_files;
};

} // namespace chain

#endif // BITNODE_CHAIN_BLOCK_MANAGER_H
