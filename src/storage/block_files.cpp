#include <storage/block_files.h>

#include <consensus/limits.h>
#include <primitives/streams.h>
#include <util/hex.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace storage {

namespace {

/** The last sentence of every message about damaged block or undo files. */
constexpr const char* BLOCK_FILES_HINT =
    "The block files are damaged; restart with -reindex to rebuild the block index and chainstate from them "
    "(blocks that cannot be read are downloaded again).";

/** Largest undo record accepted when reading (far above any real block's undo data). */
constexpr uint32_t MAX_UNDO_RECORD_SIZE = static_cast<uint32_t>(primitives::MAX_SIZE);

uint32_t ReadLE32(const uint8_t* p)
{
    return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

std::string Where(const FlatFileSeq& seq, const FlatFilePos& pos)
{
    return seq.ShortName(pos.file) + " at position " + std::to_string(pos.pos);
}

/**
 * Read a record's header and its `extra` trailing bytes at pos (pos points after the header).
 * `what` names the record kind for messages ("block", "undo data").
 */
util::Result<std::vector<uint8_t>> ReadRecord(const FlatFileSeq& seq, const MessageStart& magic, const FlatFilePos& pos,
                                              uint32_t max_size, uint32_t extra, const char* what)
{
    if (pos.IsNull() || pos.pos < STORAGE_HEADER_BYTES) {
        return util::Error{std::string{"No "} + what + " can start at " + pos.ToString() +
                           " (before the first record of a file). The block index is damaged; restart with -reindex."};
    }
    const FlatFilePos header_pos{pos.file, pos.pos - STORAGE_HEADER_BYTES};
    auto file = seq.Open(header_pos, /*read_only=*/true);
    if (!file) return util::Error{file.error() + " " + BLOCK_FILES_HINT};

    uint8_t header[STORAGE_HEADER_BYTES];
    const size_t got_header = std::fread(header, 1, sizeof(header), file->get());
    if (got_header != sizeof(header)) {
        return util::Error{seq.ShortName(pos.file) + " is truncated: it ends inside the header of the " + what +
                           " record at position " + std::to_string(header_pos.pos) + ". " + BLOCK_FILES_HINT};
    }
    if (!std::equal(magic.begin(), magic.end(), header)) {
        return util::Error{std::string{"Wrong magic bytes "} + util::HexStr(util::ByteSpan{header, 4}) + " (expected " +
                           util::HexStr(magic) + ") in front of the " + what + " in " + Where(seq, pos) + ". " +
                           BLOCK_FILES_HINT};
    }
    const uint32_t size = ReadLE32(header + 4);
    if (size > max_size) {
        return util::Error{std::string{"The "} + what + " record in " + Where(seq, pos) + " claims " +
                           std::to_string(size) + " bytes, more than any can have. " + BLOCK_FILES_HINT};
    }
    std::vector<uint8_t> data(size_t{size} + extra);
    const size_t got = std::fread(data.data(), 1, data.size(), file->get());
    if (got != data.size()) {
        if (std::ferror(file->get())) {
            return util::Error{"Cannot read " + Where(seq, pos) + ": " + std::strerror(errno) + ". " +
                               BLOCK_FILES_HINT};
        }
        return util::Error{seq.ShortName(pos.file) + " is truncated: the " + what + " at position " +
                           std::to_string(pos.pos) + " needs " + std::to_string(data.size()) +
                           " bytes but the file ends after " + std::to_string(got) + ". " + BLOCK_FILES_HINT};
    }
    return data;
}

} // namespace

BlockFileManager::BlockFileManager(BlockFileOptions options)
    : m_options{std::move(options)}, m_block_files{m_options.blocks_dir, "blk", m_options.block_chunk_size},
      m_undo_files{m_options.blocks_dir, "rev", m_options.undo_chunk_size}
{}

void BlockFileManager::LoadFileInfo(const BlockTreeDB& db)
{
    std::vector<BlockFileInfo> infos = db.ReadAllBlockFileInfo();
    const int last = db.ReadLastBlockFile().value_or(0);
    LOCK(m_mutex);
    m_file_info = std::move(infos);
    m_last_file = last;
    if (static_cast<int>(m_file_info.size()) <= m_last_file) m_file_info.resize(m_last_file + 1);
    m_undo_height_in_last_file = -1;
    m_dirty_file_info.clear();
}

util::Result<FlatFilePos> BlockFileManager::FindNextBlockPos(uint32_t add_size, uint32_t height, uint64_t time)
{
    if (add_size >= m_options.max_file_size) {
        return util::Error{"A record of " + std::to_string(add_size) +
                           " bytes does not fit in a block file of at most " + std::to_string(m_options.max_file_size) +
                           " bytes."};
    }
    if (static_cast<int>(m_file_info.size()) <= m_last_file) m_file_info.resize(m_last_file + 1);
    int file = m_last_file;
    bool finalize_undo = false;
    while (m_file_info[file].size + add_size >= m_options.max_file_size) {
        // Trim the undo file too if its data has caught up with the blocks of this file;
        // otherwise the undo write for its last block will do it.
        finalize_undo = static_cast<int>(m_file_info[file].height_last) == m_undo_height_in_last_file;
        ++file;
        if (static_cast<int>(m_file_info.size()) <= file) m_file_info.resize(file + 1);
    }
    if (file != m_last_file) {
        // The old file is complete: trim its preallocated tail and make it durable.
        const int old = m_last_file;
        if (m_block_files.Flush(FlatFilePos{old, m_file_info[old].size}, /*finalize=*/true)) {
            m_unsynced_block_files.erase(old);
        }
        if (m_undo_files.Flush(FlatFilePos{old, m_file_info[old].undo_size}, finalize_undo)) {
            m_unsynced_undo_files.erase(old);
        }
        m_last_file = file;
        m_undo_height_in_last_file = -1;
        m_dirty_file_info.insert(old);
    }
    const FlatFilePos pos{file, m_file_info[file].size};
    auto allocated = m_block_files.Allocate(pos, add_size);
    if (!allocated) return util::Error{allocated.error()};
    m_file_info[file].AddBlock(height, time);
    m_file_info[file].size += add_size;
    m_dirty_file_info.insert(file);
    return pos;
}

util::Result<void> BlockFileManager::WriteRecord(const FlatFileSeq& seq, const FlatFilePos& pos, util::ByteSpan payload,
                                                 util::ByteSpan trailer) const
{
    auto file = seq.Open(pos, /*read_only=*/false);
    if (!file) return util::Error{file.error()};
    uint8_t header[STORAGE_HEADER_BYTES];
    std::copy(m_options.message_start.begin(), m_options.message_start.end(), header);
    const auto size = static_cast<uint32_t>(payload.size());
    for (int i = 0; i < 4; ++i) header[4 + i] = static_cast<uint8_t>(size >> (8 * i));
    // (fwrite must not be given the null pointer of an empty span, even for zero bytes.)
    const auto put = [&](util::ByteSpan bytes) {
        return bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), file->get()) == bytes.size();
    };
    const bool ok = put(util::ByteSpan{header, sizeof(header)}) && put(payload) && put(trailer);
    // Closing pushes the data to the operating system; the caller fsyncs later.
    std::FILE* raw = file->release();
    const int saved_errno = errno;
    const bool closed = std::fclose(raw) == 0;
    if (!ok || !closed) {
        return util::Error{"Cannot write to " + Where(seq, pos) + ": " + std::strerror(ok ? errno : saved_errno) +
                           ". Check the disk and free space."};
    }
    return {};
}

util::Result<FlatFilePos> BlockFileManager::WriteBlock(const primitives::Block& block, int height)
{
    const std::vector<uint8_t> bytes = primitives::SerializeToBytes(primitives::TX_WITH_WITNESS(block));
    LOCK(m_mutex);
    auto pos = FindNextBlockPos(static_cast<uint32_t>(bytes.size()) + STORAGE_HEADER_BYTES,
                                static_cast<uint32_t>(height), block.GetBlockTime());
    if (!pos) return util::Error{pos.error()};
    m_unsynced_block_files.insert(pos->file);
    if (auto written = WriteRecord(m_block_files, *pos, bytes, {}); !written) return util::Error{written.error()};
    return FlatFilePos{pos->file, pos->pos + STORAGE_HEADER_BYTES};
}

util::Result<FlatFilePos> BlockFileManager::WriteBlockUndo(const BlockUndo& undo, const uint256& prev_hash,
                                                           int block_file, int height)
{
    const std::vector<uint8_t> bytes = primitives::SerializeToBytes(undo);
    primitives::HashWriter hasher;
    hasher << prev_hash;
    hasher.Write(bytes);
    const uint256 checksum = hasher.GetHash();

    LOCK(m_mutex);
    if (block_file < 0 || block_file >= static_cast<int>(m_file_info.size())) {
        return util::Error{"Undo data for a block in unknown block file " + std::to_string(block_file) + "."};
    }
    BlockFileInfo& info = m_file_info[block_file];
    const FlatFilePos pos{block_file, info.undo_size};
    const auto add_size = static_cast<uint32_t>(bytes.size()) + UNDO_DATA_DISK_OVERHEAD;
    auto allocated = m_undo_files.Allocate(pos, add_size);
    if (!allocated) return util::Error{allocated.error()};
    info.undo_size += add_size;
    m_dirty_file_info.insert(block_file);
    m_unsynced_undo_files.insert(block_file);
    if (auto written = WriteRecord(m_undo_files, pos, bytes, checksum); !written) return util::Error{written.error()};

    if (block_file < m_last_file && static_cast<uint32_t>(height) == info.height_last) {
        // The last undo record of an older file: it is complete, so trim and sync it now.
        if (m_undo_files.Flush(FlatFilePos{block_file, info.undo_size}, /*finalize=*/true)) {
            m_unsynced_undo_files.erase(block_file);
        }
    } else if (block_file == m_last_file && height > m_undo_height_in_last_file) {
        m_undo_height_in_last_file = height;
    }
    return FlatFilePos{block_file, pos.pos + STORAGE_HEADER_BYTES};
}

util::Result<std::vector<uint8_t>> BlockFileManager::ReadRawBlock(const FlatFilePos& pos) const
{
    return ReadRecord(m_block_files, m_options.message_start, pos,
                      static_cast<uint32_t>(consensus::MAX_BLOCK_SERIALIZED_SIZE), 0, "block");
}

util::Result<primitives::Block> BlockFileManager::ReadBlock(const FlatFilePos& pos,
                                                            const std::optional<uint256>& expected_hash) const
{
    auto raw = ReadRawBlock(pos);
    if (!raw) return util::Error{raw.error()};
    primitives::Block block;
    try {
        primitives::DeserializeFromBytes(*raw, primitives::TX_WITH_WITNESS(block), "block");
    } catch (const primitives::DeserializeError& e) {
        return util::Error{"The block in " + Where(m_block_files, pos) + " cannot be decoded (" + e.what() + "). " +
                           BLOCK_FILES_HINT};
    }
    if (expected_hash) {
        const uint256 hash = block.GetHash();
        if (hash != *expected_hash) {
            return util::Error{"The block in " + Where(m_block_files, pos) + " is " + hash.GetHex() +
                               ", not the expected " + expected_hash->GetHex() + ". " + BLOCK_FILES_HINT};
        }
    }
    return block;
}

util::Result<BlockUndo> BlockFileManager::ReadBlockUndo(const FlatFilePos& pos, const uint256& prev_hash) const
{
    auto raw = ReadRecord(m_undo_files, m_options.message_start, pos, MAX_UNDO_RECORD_SIZE, 32, "undo data");
    if (!raw) return util::Error{raw.error()};
    const util::ByteSpan data{raw->data(), raw->size() - 32};
    const util::ByteSpan stored_checksum{raw->data() + data.size(), 32};
    // Hash the bytes as stored (not a re-serialization), so any change to them is caught.
    primitives::HashWriter hasher;
    hasher << prev_hash;
    hasher.Write(data);
    const uint256 checksum = hasher.GetHash();
    if (!std::equal(stored_checksum.begin(), stored_checksum.end(), checksum.begin())) {
        return util::Error{"Checksum mismatch of the undo data in " + Where(m_undo_files, pos) + " (parent block " +
                           prev_hash.GetHex() + "). " + BLOCK_FILES_HINT};
    }
    BlockUndo undo;
    try {
        primitives::DeserializeFromBytes(data, undo, "undo data");
    } catch (const primitives::DeserializeError& e) {
        return util::Error{"The undo data in " + Where(m_undo_files, pos) + " cannot be decoded (" + e.what() + "). " +
                           BLOCK_FILES_HINT};
    }
    return undo;
}

util::Result<void> BlockFileManager::FlushFilesLocked()
{
    for (auto it = m_unsynced_block_files.begin(); it != m_unsynced_block_files.end();) {
        if (auto ok = m_block_files.Flush(FlatFilePos{*it, m_file_info[*it].size}, /*finalize=*/false); !ok) {
            return util::Error{"Flushing block file to disk failed: " + ok.error()};
        }
        it = m_unsynced_block_files.erase(it);
    }
    for (auto it = m_unsynced_undo_files.begin(); it != m_unsynced_undo_files.end();) {
        if (auto ok = m_undo_files.Flush(FlatFilePos{*it, m_file_info[*it].undo_size}, /*finalize=*/false); !ok) {
            return util::Error{"Flushing undo file to disk failed: " + ok.error()};
        }
        it = m_unsynced_undo_files.erase(it);
    }
    return {};
}

util::Result<void> BlockFileManager::FlushFiles()
{
    LOCK(m_mutex);
    return FlushFilesLocked();
}

util::Result<void> BlockFileManager::WriteIndex(BlockTreeDB& db, const std::vector<DiskBlockIndex>& blocks)
{
    LOCK(m_mutex);
    // Data first: an index record must never point at bytes a crash could still lose.
    if (auto flushed = FlushFilesLocked(); !flushed) return flushed;
    std::vector<std::pair<int, BlockFileInfo>> infos;
    infos.reserve(m_dirty_file_info.size());
    for (const int file : m_dirty_file_info) infos.emplace_back(file, m_file_info[file]);
    try {
        db.WriteBatchSync(infos, m_last_file, blocks);
    } catch (const DbError& e) {
        return util::Error{e.what()};
    }
    m_dirty_file_info.clear();
    return {};
}

void BlockFileManager::UpdateBlockInfo(const primitives::Block& block, int height, const FlatFilePos& pos)
{
    const auto size = static_cast<uint32_t>(primitives::GetBlockTotalSize(block));
    LOCK(m_mutex);
    if (static_cast<int>(m_file_info.size()) <= pos.file) m_file_info.resize(pos.file + 1);
    if (pos.file > m_last_file) {
        m_last_file = pos.file;
        m_undo_height_in_last_file = -1;
    }
    BlockFileInfo& info = m_file_info[pos.file];
    info.AddBlock(static_cast<uint32_t>(height), block.GetBlockTime());
    info.size = std::max(pos.pos + size, info.size);
    m_dirty_file_info.insert(pos.file);
}

std::optional<BlockFileInfo> BlockFileManager::GetBlockFileInfo(int file) const
{
    LOCK(m_mutex);
    if (file < 0 || file >= static_cast<int>(m_file_info.size())) return std::nullopt;
    return m_file_info[file];
}

int BlockFileManager::LastBlockFile() const
{
    LOCK(m_mutex);
    return m_last_file;
}

uint64_t BlockFileManager::CalculateCurrentUsage() const
{
    LOCK(m_mutex);
    uint64_t total = 0;
    for (const BlockFileInfo& info : m_file_info) total += uint64_t{info.size} + info.undo_size;
    return total;
}

} // namespace storage
