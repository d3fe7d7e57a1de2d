// The block index: one BlockIndex node per known block header, linked to its parent, with
// the chain's accumulated work, how far the block has been validated (storage::BlockStatus
// bits) and where its data lies in the block files. The nodes form a tree rooted at the
// genesis block; BlockMap owns them, keyed by hash.
//
// Besides the parent pointer each node keeps a "skip" pointer to an ancestor further back
// (Bitcoin Core's skip list), so GetAncestor(height) takes O(log n) steps.
//
// Candidates for the best chain are ordered by BlockIndexWorkComparator: more work first,
// and among equal work the block whose data arrived first (lower sequence id), as Core's
// CBlockIndexWorkComparator. Blocks loaded from disk share a sequence id (the active chain
// gets a lower one, so the tip chosen before a restart stays chosen).
//
// Thread safety: BlockIndex nodes are owned by a ChainstateManager and changed only under
// its chainstate mutex. The hash, the parent and skip pointers, the height, the header
// fields and chain_work never change after a node is created, so code that received a
// BlockIndex pointer (for example a notification listener) may read those without a lock
// for as long as the ChainstateManager lives. Everything else needs the mutex.
#ifndef BITNODE_CHAIN_BLOCK_INDEX_H
#define BITNODE_CHAIN_BLOCK_INDEX_H

#include <consensus/pow.h>
#include <primitives/arith_uint256.h>
#include <primitives/block.h>
#include <primitives/uint256.h>
#include <storage/block_index_db.h>
#include <storage/flatfile.h>

#include <cstdint>
#include <string>
#include <unordered_map>

namespace chain {

using primitives::arith_uint256;
using primitives::uint256;

/** Sequence id of the active chain's blocks loaded from disk (they win ties). */
inline constexpr int32_t SEQ_ID_BEST_CHAIN_FROM_DISK = 0;
/** Sequence id of every other block loaded from disk, and of headers without data. */
inline constexpr int32_t SEQ_ID_INIT_FROM_DISK = 1;

class BlockIndex
{
public:
    /** The block's hash (also its key in the BlockMap). */
    uint256 hash;
    /** The parent; null only for the genesis block. */
    BlockIndex* prev{nullptr};
    /** An ancestor further back, for GetAncestor (see BuildSkip). */
    BlockIndex* skip{nullptr};
    int height{0};

    // Header fields.
    int32_t version{0};
    uint256 merkle_root;
    uint32_t time{0};
    uint32_t bits{0};
    uint32_t nonce{0};

    /** Total work of the chain up to and including this block. */
    arith_uint256 chain_work;
    /** storage::BlockStatus bits. */
    uint32_t status{0};
    /** Transactions in this block; 0 until its data has been received and checked. */
    uint32_t tx_count{0};
    /**
     * Transactions in the chain up to and including this block, set only when this block
     * and all its ancestors have data (then the block can become part of the active chain).
     */
    uint64_t chain_tx_count{0};
    /** Data and undo positions (valid with BLOCK_HAVE_DATA / BLOCK_HAVE_UNDO). */
    int32_t file{-1};
    uint32_t data_pos{0};
    uint32_t undo_pos{0};
    /** When the block's data became usable; the lower id wins among equal work. */
    int32_t sequence_id{SEQ_ID_INIT_FROM_DISK};
    /** Highest header time of this block and its ancestors. */
    uint32_t time_max{0};

    BlockIndex() = default;
    explicit BlockIndex(const primitives::BlockHeader& header);

    primitives::BlockHeader GetBlockHeader() const;
    int64_t GetBlockTime() const { return time; }
    /** Median of the times of this block and its 10 predecessors (BIP113). */
    int64_t GetMedianTimePast() const;

    /** The ancestor at `height` (this node for its own height; null above it or below 0). */
    BlockIndex* GetAncestor(int height);
    const BlockIndex* GetAncestor(int height) const;
    /** Set `skip` from `prev` (prev must be linked first). */
    void BuildSkip();

    /** Whether the block is valid at least up to `level` (a BLOCK_VALID_* value) and not failed. */
    bool IsValid(uint32_t level = storage::BLOCK_VALID_TRANSACTIONS) const;
    /** Raise the validity level to `level`; false if it was already there or the block failed. */
    bool RaiseValidity(uint32_t level);
    bool HaveData() const { return (status & storage::BLOCK_HAVE_DATA) != 0; }
    bool HaveUndo() const { return (status & storage::BLOCK_HAVE_UNDO) != 0; }
    bool IsFailed() const { return (status & storage::BLOCK_FAILED_MASK) != 0; }
    /** Whether this block and its ancestors all have data (chain_tx_count is known). */
    bool HaveNumChainTxs() const { return chain_tx_count != 0; }

    storage::FlatFilePos GetBlockPos() const;
    storage::FlatFilePos GetUndoPos() const;

    /** The record stored in the block index database. */
    storage::DiskBlockIndex ToDisk() const;
    /** Copy the stored fields from a record (not hash, links, work or counts). */
    void LoadFromDisk(const storage::DiskBlockIndex& disk);

    /** "BlockIndex(hash=..., height=..., status=...)" for logs. */
    std::string ToString() const;
};

/** Ordering of best-chain candidates: less work first; among equal work, later arrival first. */
struct BlockIndexWorkComparator {
    bool operator()(const BlockIndex* a, const BlockIndex* b) const;
};

/** Hash of block hashes in hash tables (they are already uniformly random). */
struct BlockHasher {
    size_t operator()(const uint256& hash) const noexcept { return static_cast<size_t>(hash.GetUint64(0)); }
};

/** All known headers, keyed by hash. Node-based, so BlockIndex addresses never move. */
using BlockMap = std::unordered_map<uint256, BlockIndex, BlockHasher>;

/** The last block both chains share (null if either is null or they share nothing). */
const BlockIndex* LastCommonAncestor(const BlockIndex* a, const BlockIndex* b);

/**
 * consensus::HeaderAncestry over the block index: the chain ending at `tip` (the parent of
 * the block being validated). Used for difficulty, median time past and BIP68 checks.
 */
class BlockIndexAncestry final : public consensus::HeaderAncestry
{
public:
    /** tip must not be null and must outlive the view. */
    explicit BlockIndexAncestry(const BlockIndex& tip) : m_tip{tip} {}
    consensus::HeaderInfo Tip() const override { return Info(m_tip); }
    consensus::HeaderInfo AtHeight(int height) const override { return Info(*m_tip.GetAncestor(height)); }

private:
    static consensus::HeaderInfo Info(const BlockIndex& index)
    {
        return {.height = index.height, .time = index.GetBlockTime(), .bits = index.bits};
    }
    const BlockIndex& m_tip;
};

} // namespace chain

#endif // BITNODE_CHAIN_BLOCK_INDEX_H
