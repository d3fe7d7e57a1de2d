// The block index database (<datadir>/<network>/blocks/index/), with Bitcoin Core's record
// layout (doc/storage-format.md "Block index database"):
//
//     'b' hash        ->  DiskBlockIndex (height, status, tx count, file positions, header)
//     'f' int32 file  ->  BlockFileInfo of blk<file>.dat / rev<file>.dat
//     'l'             ->  int32 number of the last block file written
//     'R'             ->  '1' while a reindex is in progress (absent otherwise)
//     'F' name        ->  '1' or '0': named flags such as "txindex" or "prunedblockfiles"
//
// This library stores records; the chain library builds the in-memory tree from them
// (ForEachBlockIndex) and writes changed entries back through BlockFileManager::WriteIndex,
// which fsyncs block and undo files before the records that point into them.
//
// Thread safety: as DbWrapper (any number of threads).
#ifndef BITNODE_STORAGE_BLOCK_INDEX_DB_H
#define BITNODE_STORAGE_BLOCK_INDEX_DB_H

#include <primitives/block.h>
#include <primitives/serialize.h>
#include <primitives/uint256.h>
#include <storage/dbwrapper.h>
#include <storage/flatfile.h>
#include <util/result.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace storage {

using primitives::uint256;

/**
 * Bits of a block index entry's status (Bitcoin Core's BlockStatus). They are stored in the
 * block index database: DO NOT CHANGE.
 *
 * The low three bits are a validity level (how far the block has been checked), not
 * independent flags; compare with `(status & BLOCK_VALID_MASK) >= level`.
 */
enum BlockStatus : uint32_t {
    /** Unused. */
    BLOCK_VALID_UNKNOWN = 0,
    /** Reserved (was BLOCK_VALID_HEADER). */
    BLOCK_VALID_RESERVED = 1,
    /** Header valid, all parents known, proof of work and timestamps checked. */
    BLOCK_VALID_TREE = 2,
    /** Block data seen and checked without context (transactions, merkle root, size); tx count known. */
    BLOCK_VALID_TRANSACTIONS = 3,
    /** Outputs do not overspend, no double spends, coinbase ok, BIP30, immature spends. */
    BLOCK_VALID_CHAIN = 4,
    /** Scripts and signatures ok; implies all parents are also at least SCRIPTS. */
    BLOCK_VALID_SCRIPTS = 5,
    BLOCK_VALID_MASK =
        BLOCK_VALID_RESERVED | BLOCK_VALID_TREE | BLOCK_VALID_TRANSACTIONS | BLOCK_VALID_CHAIN | BLOCK_VALID_SCRIPTS,

    /** Full block available in blk*.dat. */
    BLOCK_HAVE_DATA = 8,
    /** Undo data available in rev*.dat. */
    BLOCK_HAVE_UNDO = 16,
    BLOCK_HAVE_MASK = BLOCK_HAVE_DATA | BLOCK_HAVE_UNDO,

    /** The block failed validation at the stage after its validity level. */
    BLOCK_FAILED_VALID = 32,
    /** The block descends from a failed block. */
    BLOCK_FAILED_CHILD = 64,
    BLOCK_FAILED_MASK = BLOCK_FAILED_VALID | BLOCK_FAILED_CHILD,

    /** The block data was received with witness data (from a segwit-enforcing node). */
    BLOCK_OPT_WITNESS = 128,
    /** Unused; was set on assumeutxo snapshot blocks. Must stay unset for new entries. */
    BLOCK_STATUS_RESERVED = 256,
};

/** Record kinds of the block index database. DO NOT CHANGE. */
inline constexpr uint8_t DB_BLOCK_INDEX = 'b';
inline constexpr uint8_t DB_BLOCK_FILES = 'f';
inline constexpr uint8_t DB_LAST_BLOCK = 'l';
inline constexpr uint8_t DB_REINDEX_FLAG = 'R';
inline constexpr uint8_t DB_FLAG = 'F';

/** What one blk/rev file pair holds. */
struct BlockFileInfo {
    /** Blocks stored in the file. */
    uint32_t blocks{0};
    /** Bytes used in blk<n>.dat (records, not preallocated space). */
    uint32_t size{0};
    /** Bytes used in rev<n>.dat. */
    uint32_t undo_size{0};
    uint32_t height_first{0};
    uint32_t height_last{0};
    uint64_t time_first{0};
    uint64_t time_last{0};

    /** Account for a block at height/time (does not change size). */
    void AddBlock(uint32_t height, uint64_t time);
    /** "BlockFileInfo(blocks=.., size=.., heights=..., time=...)" for logs. */
    std::string ToString() const;

    friend bool operator==(const BlockFileInfo&, const BlockFileInfo&) = default;

    SERIALIZE_METHODS(BlockFileInfo, obj)
    {
        READWRITE(primitives::AsVarInt(obj.blocks), primitives::AsVarInt(obj.size), primitives::AsVarInt(obj.undo_size),
                  primitives::AsVarInt(obj.height_first), primitives::AsVarInt(obj.height_last),
                  primitives::AsVarInt(obj.time_first), primitives::AsVarInt(obj.time_last));
    }
};

/**
 * A block index entry as stored: where the block and its undo data are, how far it was
 * validated, and its header (with the parent's hash, from which the tree is rebuilt).
 */
struct DiskBlockIndex {
    /** Written in front of every record; Core's highest client version ever stored. Read and ignored. */
    static constexpr uint32_t DUMMY_VERSION = 259900;

    /** The block's hash: the record's key, not part of the value (filled in when loading). */
    uint256 hash;

    int32_t height{0};
    /** BlockStatus bits. */
    uint32_t status{0};
    /** Transactions in the block (0 until the block data has been seen). */
    uint32_t tx_count{0};
    /** File number of blk/rev files; stored only when BLOCK_HAVE_DATA or BLOCK_HAVE_UNDO is set. */
    int32_t file{-1};
    /** Offset of the block in blk<file>.dat (after its 8-byte record header); with BLOCK_HAVE_DATA. */
    uint32_t data_pos{0};
    /** Offset of the undo data in rev<file>.dat (after its header); with BLOCK_HAVE_UNDO. */
    uint32_t undo_pos{0};

    // The header.
    int32_t version{0};
    uint256 hash_prev;
    uint256 hash_merkle_root;
    uint32_t time{0};
    uint32_t bits{0};
    uint32_t nonce{0};

    primitives::BlockHeader GetBlockHeader() const;
    /** Double-SHA-256 of the header fields (what the key should be). */
    uint256 ConstructBlockHash() const;
    /** Position of the block data, or a null position without BLOCK_HAVE_DATA. */
    FlatFilePos GetBlockPos() const;
    /** Position of the undo data, or a null position without BLOCK_HAVE_UNDO. */
    FlatFilePos GetUndoPos() const;
    /** Fill the header fields from a header. */
    void SetHeader(const primitives::BlockHeader& header);

    friend bool operator==(const DiskBlockIndex&, const DiskBlockIndex&) = default;

    template <typename Stream>
    void Serialize(Stream& s) const
    {
        primitives::WriteVarInt(s, DUMMY_VERSION);
        primitives::WriteVarInt(s, static_cast<uint32_t>(height));
        primitives::WriteVarInt(s, status);
        primitives::WriteVarInt(s, tx_count);
        if (status & (BLOCK_HAVE_DATA | BLOCK_HAVE_UNDO)) primitives::WriteVarInt(s, static_cast<uint32_t>(file));
        if (status & BLOCK_HAVE_DATA) primitives::WriteVarInt(s, data_pos);
        if (status & BLOCK_HAVE_UNDO) primitives::WriteVarInt(s, undo_pos);
        primitives::SerializeWith(s, version);
        primitives::SerializeWith(s, hash_prev);
        primitives::SerializeWith(s, hash_merkle_root);
        primitives::SerializeWith(s, time);
        primitives::SerializeWith(s, bits);
        primitives::SerializeWith(s, nonce);
    }
    template <typename Stream>
    void Unserialize(Stream& s)
    {
        (void)primitives::ReadVarInt<uint32_t>(s);
        height = ReadNonNegative(s);
        status = primitives::ReadVarInt<uint32_t>(s);
        tx_count = primitives::ReadVarInt<uint32_t>(s);
        file = (status & (BLOCK_HAVE_DATA | BLOCK_HAVE_UNDO)) ? ReadNonNegative(s) : -1;
        data_pos = (status & BLOCK_HAVE_DATA) ? primitives::ReadVarInt<uint32_t>(s) : 0;
        undo_pos = (status & BLOCK_HAVE_UNDO) ? primitives::ReadVarInt<uint32_t>(s) : 0;
        primitives::UnserializeWith(s, version);
        primitives::UnserializeWith(s, hash_prev);
        primitives::UnserializeWith(s, hash_merkle_root);
        primitives::UnserializeWith(s, time);
        primitives::UnserializeWith(s, bits);
        primitives::UnserializeWith(s, nonce);
    }

private:
    /** A VarInt that must fit a non-negative int32 (Core's NONNEGATIVE_SIGNED mode). */
    template <typename Stream>
    static int32_t ReadNonNegative(Stream& s)
    {
        const std::optional<size_t> start = primitives::StreamPosition(s);
        const uint32_t v = primitives::ReadVarInt<uint32_t>(s);
        if (v > 0x7fffffffU) throw primitives::DeserializeError("VarInt out of range for a signed field", start);
        return static_cast<int32_t>(v);
    }
};

class BlockTreeDB
{
public:
    /** Open blocks/index/ (name and recovery hint default to the block index's). */
    static util::Result<std::unique_ptr<BlockTreeDB>> Open(DbParams params);

    /** Throws DbError on read failure or corruption (as every method here). */
    std::optional<BlockFileInfo> ReadBlockFileInfo(int file) const;
    std::optional<int> ReadLastBlockFile() const;
    /** Every BlockFileInfo from 0 up to the last block file (and any later ones written before a crash). */
    std::vector<BlockFileInfo> ReadAllBlockFileInfo() const;

    /** Set (synced) at the start of a reindex, cleared at its end. */
    void WriteReindexing(bool reindexing);
    bool ReadReindexing() const;

    void WriteFlag(const std::string& name, bool value);
    std::optional<bool> ReadFlag(const std::string& name) const;

    /**
     * One synced, atomic batch: the given file infos, the last file number and the block
     * index records (keyed by their hash field). Callers write block and undo data to
     * disk first; BlockFileManager::WriteIndex does both in that order.
     */
    void WriteBatchSync(const std::vector<std::pair<int, BlockFileInfo>>& file_info, int last_file,
                        const std::vector<DiskBlockIndex>& blocks);

    /**
     * Call fn for every block index record (in key order), with its hash filled in. A
     * record whose header does not hash to its key, or that does not decode, throws
     * DbError. fn returning false stops the walk (e.g. on shutdown); then this returns false.
     */
    bool ForEachBlockIndex(const std::function<bool(const DiskBlockIndex&)>& fn) const;
    /** All records, for callers that want them at once. */
    std::vector<DiskBlockIndex> LoadBlockIndex() const;

    DbWrapper& Db() { return *m_db; }
    const DbWrapper& Db() const { return *m_db; }

private:
    explicit BlockTreeDB(std::unique_ptr<DbWrapper> db) : m_db{std::move(db)} {}

    std::unique_ptr<DbWrapper> m_db;
};

} // namespace storage

#endif // BITNODE_STORAGE_BLOCK_INDEX_DB_H
