// BlockFileManager: blocks and undo data in append-only files under blocks/, with Bitcoin
// Core's record layout (doc/storage-format.md "Block files", "Undo files"):
//
//     blk<n>.dat:  magic(4) size(4, LE) block(size bytes, with witness)        ...repeated
//     rev<n>.dat:  magic(4) size(4, LE) BlockUndo(size bytes) checksum(32)    ...repeated
//
// where checksum = double-SHA-256(hash of the block's parent || BlockUndo bytes). A block
// file grows to at most max_file_size (128 MiB); the undo data of a block goes to the rev
// file with the block's file number. Positions handed out (FlatFilePos) point at the block
// or undo bytes, after the 8-byte header, as Core's nDataPos / nUndoPos.
//
// Durability. Writes go to the operating system at once (readable immediately) but are
// fsynced only by FlushFiles() / WriteIndex(). WriteIndex is the one way to persist the
// block index: it fsyncs every block and undo file written since the last call, and only
// then writes the file infos and the caller's block index records in one synced LevelDB
// batch. So an index record never points at data that a crash could lose. Data written
// after the last WriteIndex may be lost in a crash; the index does not mention it, so it
// is simply written again when the block arrives again.
//
// Reading checks the record header: a position before the header, a wrong magic, a size
// larger than a block can be, a record cut off by the end of the file, an undo checksum
// mismatch or bytes that do not decode each give a util::Result error that names the file
// and position and says to restart with -reindex. Nothing here aborts on bad data.
//
// Thread safety: all methods may be called from any thread; an internal mutex serialises
// writers and guards the file information. Reads of positions already returned by a write
// do not wait for writers.
#ifndef BITNODE_STORAGE_BLOCK_FILES_H
#define BITNODE_STORAGE_BLOCK_FILES_H

#include <primitives/block.h>
#include <primitives/uint256.h>
#include <storage/block_index_db.h>
#include <storage/flatfile.h>
#include <storage/undo.h>
#include <util/result.h>
#include <util/span.h>
#include <util/sync.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <vector>

namespace storage {

/** Largest block file (Core's MAX_BLOCKFILE_SIZE, 128 MiB). */
inline constexpr uint32_t MAX_BLOCKFILE_SIZE = 0x8000000;
/** Block files grow in steps of 16 MiB (preallocation). */
inline constexpr uint32_t BLOCKFILE_CHUNK_SIZE = 0x1000000;
/** Undo files grow in steps of 1 MiB. */
inline constexpr uint32_t UNDOFILE_CHUNK_SIZE = 0x100000;
/** Bytes in front of each record: magic and size. */
inline constexpr uint32_t STORAGE_HEADER_BYTES = 8;
/** Bytes an undo record takes besides the undo data: header and checksum. */
inline constexpr uint32_t UNDO_DATA_DISK_OVERHEAD = STORAGE_HEADER_BYTES + 32;

using MessageStart = std::array<uint8_t, 4>;

struct BlockFileOptions {
    /** <datadir>/<network>/blocks */
    std::filesystem::path blocks_dir;
    /** The network's message start, written in front of every record. */
    MessageStart message_start{};
    /** Start a new file when a record would reach this size (tests use small files). */
    uint32_t max_file_size{MAX_BLOCKFILE_SIZE};
    uint32_t block_chunk_size{BLOCKFILE_CHUNK_SIZE};
    uint32_t undo_chunk_size{UNDOFILE_CHUNK_SIZE};
};

class BlockFileManager
{
public:
    explicit BlockFileManager(BlockFileOptions options);

    /**
     * Load the file information from the block index database at startup (the 'l' and
     * 'f' records). Without it the manager starts at blk00000.dat with empty files.
     */
    void LoadFileInfo(const BlockTreeDB& db) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /** Append a block (with witness data). Returns the position of its data. */
    util::Result<FlatFilePos> WriteBlock(const primitives::Block& block, int height) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /**
     * Append the undo data of the block at `height` stored in blk<block_file>.dat, whose
     * parent is prev_hash. Returns the position of the undo data.
     */
    util::Result<FlatFilePos> WriteBlockUndo(const BlockUndo& undo, const uint256& prev_hash, int block_file,
                                             int height) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /** The block at pos; with expected_hash, also checks that it hashes to it. */
    util::Result<primitives::Block> ReadBlock(const FlatFilePos& pos,
                                              const std::optional<uint256>& expected_hash = {}) const;
    /** The serialized block at pos (as stored, with witness data). */
    util::Result<std::vector<uint8_t>> ReadRawBlock(const FlatFilePos& pos) const;
    /** The undo data at pos, checked against its checksum (prev_hash is the block's parent). */
    util::Result<BlockUndo> ReadBlockUndo(const FlatFilePos& pos, const uint256& prev_hash) const;

    /** fsync every block and undo file written since the last flush. */
    util::Result<void> FlushFiles() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /**
     * Persist the block index: FlushFiles, then one synced batch with the changed file
     * infos, the last file number and `blocks` (the caller's changed index entries).
     */
    util::Result<void> WriteIndex(BlockTreeDB& db, const std::vector<DiskBlockIndex>& blocks)
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /**
     * Reindex: walk the records of blk<file>.dat in order, calling fn(position of the
     * block data, block) for each record that decodes as a block. Anything else (a torn
     * write, the zeros of preallocated space, damaged bytes) is skipped by searching for
     * the next magic. fn returning false stops the walk. Returns the number of blocks
     * passed to fn; an error only if the file cannot be opened or read.
     */
    util::Result<size_t>
    ScanBlockFile(int file, const std::function<bool(const FlatFilePos&, const primitives::Block&)>& fn) const;
    /** Reindex: account for a block found on disk at pos (as if WriteBlock had put it there). */
    void UpdateBlockInfo(const primitives::Block& block, int height, const FlatFilePos& pos)
        EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    std::optional<BlockFileInfo> GetBlockFileInfo(int file) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Number of the file new blocks go to. */
    int LastBlockFile() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Bytes used by all block and undo files (for getblockchaininfo's size_on_disk). */
    uint64_t CalculateCurrentUsage() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    std::filesystem::path BlockFilePath(int file) const { return m_block_files.FileName(file); }
    std::filesystem::path UndoFilePath(int file) const { return m_undo_files.FileName(file); }

private:
    /** Where a record of add_size bytes goes; may move on to a new file. */
    util::Result<FlatFilePos> FindNextBlockPos(uint32_t add_size, uint32_t height, uint64_t time)
        EXCLUSIVE_LOCKS_REQUIRED(m_mutex);
    /** Write header and payload at pos (pos points at the header). */
    util::Result<void> WriteRecord(const FlatFileSeq& seq, const FlatFilePos& pos, util::ByteSpan payload,
                                   util::ByteSpan trailer) const;
    util::Result<void> FlushFilesLocked() EXCLUSIVE_LOCKS_REQUIRED(m_mutex);

    const BlockFileOptions m_options;
    const FlatFileSeq m_block_files;
    const FlatFileSeq m_undo_files;

    mutable util::Mutex m_mutex;
    std::vector<BlockFileInfo> m_file_info GUARDED_BY(m_mutex);
    int m_last_file GUARDED_BY(m_mutex){0};
    /** Highest height whose undo data went into the last file (to finalize its rev file). */
    int m_undo_height_in_last_file GUARDED_BY(m_mutex){-1};
    /** File infos changed since WriteIndex. */
    std::set<int> m_dirty_file_info GUARDED_BY(m_mutex);
    /** Files written since their last fsync. */
    std::set<int> m_unsynced_block_files GUARDED_BY(m_mutex);
    std::set<int> m_unsynced_undo_files GUARDED_BY(m_mutex);
};

} // namespace storage

#endif // BITNODE_STORAGE_BLOCK_FILES_H
