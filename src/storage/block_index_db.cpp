#include <storage/block_index_db.h>

#include <ctime>

namespace storage {

namespace {

/** Key of a block file's information: 'f' then the file number as 4 little-endian bytes. */
struct FileInfoKey {
    uint8_t prefix{DB_BLOCK_FILES};
    int32_t file{0};
    SERIALIZE_METHODS(FileInfoKey, obj) { READWRITE(obj.prefix, obj.file); }
};

/** Key of a block index record: 'b' then the 32 hash bytes. */
struct BlockIndexKey {
    uint8_t prefix{DB_BLOCK_INDEX};
    uint256 hash;
    SERIALIZE_METHODS(BlockIndexKey, obj) { READWRITE(obj.prefix, obj.hash); }
};

/** Key of a named flag: 'F' then the name as a CompactSize-prefixed string. */
struct FlagKey {
    uint8_t prefix{DB_FLAG};
    std::string name;
    SERIALIZE_METHODS(FlagKey, obj) { READWRITE(obj.prefix, obj.name); }
};

std::string IsoDate(uint64_t time)
{
    const std::time_t t = static_cast<std::time_t>(time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
    return buf;
}

} // namespace

void BlockFileInfo::AddBlock(uint32_t height, uint64_t time)
{
    if (blocks == 0 || height_first > height) height_first = height;
    if (blocks == 0 || time_first > time) time_first = time;
    ++blocks;
    if (height > height_last) height_last = height;
    if (time > time_last) time_last = time;
}

std::string BlockFileInfo::ToString() const
{
    return "BlockFileInfo(blocks=" + std::to_string(blocks) + ", size=" + std::to_string(size) +
           ", heights=" + std::to_string(height_first) + "..." + std::to_string(height_last) +
           ", time=" + IsoDate(time_first) + "..." + IsoDate(time_last) + ")";
}

primitives::BlockHeader DiskBlockIndex::GetBlockHeader() const
{
    primitives::BlockHeader header;
    header.version = version;
    header.hash_prev_block = hash_prev;
    header.hash_merkle_root = hash_merkle_root;
    header.time = time;
    header.bits = bits;
    header.nonce = nonce;
    return header;
}

uint256 DiskBlockIndex::ConstructBlockHash() const { return GetBlockHeader().GetHash(); }

FlatFilePos DiskBlockIndex::GetBlockPos() const
{
    if (!(status & BLOCK_HAVE_DATA)) return {};
    return {file, data_pos};
}

FlatFilePos DiskBlockIndex::GetUndoPos() const
{
    if (!(status & BLOCK_HAVE_UNDO)) return {};
    return {file, undo_pos};
}

void DiskBlockIndex::SetHeader(const primitives::BlockHeader& header)
{
    version = header.version;
    hash_prev = header.hash_prev_block;
    hash_merkle_root = header.hash_merkle_root;
    time = header.time;
    bits = header.bits;
    nonce = header.nonce;
}

util::Result<std::unique_ptr<BlockTreeDB>> BlockTreeDB::Open(DbParams params)
{
    if (params.name == DbParams{}.name) params.name = "block index";
    auto db = DbWrapper::Open(params);
    if (!db) return util::Error{db.error()};
    return std::unique_ptr<BlockTreeDB>(new BlockTreeDB(std::move(*db)));
}

std::optional<BlockFileInfo> BlockTreeDB::ReadBlockFileInfo(int file) const
{
    BlockFileInfo info;
    if (!m_db->Read(FileInfoKey{DB_BLOCK_FILES, file}, info)) return std::nullopt;
    return info;
}

std::optional<int> BlockTreeDB::ReadLastBlockFile() const
{
    int32_t file = 0;
    if (!m_db->Read(DB_LAST_BLOCK, file)) return std::nullopt;
    if (file < 0) m_db->ThrowCorruption("the last block file number is negative (" + std::to_string(file) + ").");
    return file;
}

std::vector<BlockFileInfo> BlockTreeDB::ReadAllBlockFileInfo() const
{
    std::vector<BlockFileInfo> infos;
    const int last = ReadLastBlockFile().value_or(-1);
    for (int file = 0; file <= last; ++file) infos.push_back(ReadBlockFileInfo(file).value_or(BlockFileInfo{}));
    // Files after the last one can exist if a crash came between writing them and 'l'.
    for (int file = last + 1;; ++file) {
        auto info = ReadBlockFileInfo(file);
        if (!info) break;
        infos.push_back(*info);
    }
    return infos;
}

void BlockTreeDB::WriteReindexing(bool reindexing)
{
    if (reindexing) {
        m_db->Write(DB_REINDEX_FLAG, uint8_t{'1'}, /*sync=*/true);
    } else {
        m_db->Erase(DB_REINDEX_FLAG, /*sync=*/true);
    }
}

bool BlockTreeDB::ReadReindexing() const { return m_db->Exists(DB_REINDEX_FLAG); }

void BlockTreeDB::WriteFlag(const std::string& name, bool value)
{
    m_db->Write(FlagKey{DB_FLAG, name}, uint8_t{value ? uint8_t{'1'} : uint8_t{'0'}}, /*sync=*/true);
}

std::optional<bool> BlockTreeDB::ReadFlag(const std::string& name) const
{
    uint8_t ch = 0;
    if (!m_db->Read(FlagKey{DB_FLAG, name}, ch)) return std::nullopt;
    return ch == '1';
}

void BlockTreeDB::WriteBatchSync(const std::vector<std::pair<int, BlockFileInfo>>& file_info, int last_file,
                                 const std::vector<DiskBlockIndex>& blocks)
{
    DbBatch batch{*m_db};
    for (const auto& [file, info] : file_info) batch.Write(FileInfoKey{DB_BLOCK_FILES, file}, info);
    batch.Write(DB_LAST_BLOCK, int32_t{last_file});
    for (const DiskBlockIndex& block : blocks) batch.Write(BlockIndexKey{DB_BLOCK_INDEX, block.hash}, block);
    m_db->WriteBatch(batch, /*sync=*/true);
}

bool BlockTreeDB::ForEachBlockIndex(const std::function<bool(const DiskBlockIndex&)>& fn) const
{
    const std::unique_ptr<DbIterator> it = m_db->NewIterator();
    it->Seek(DB_BLOCK_INDEX);
    BlockIndexKey key;
    DiskBlockIndex record;
    for (; it->Valid() && it->KeyStartsWith(DB_BLOCK_INDEX); it->Next()) {
        if (it->KeyBytes().size() != 33 || !it->GetKey(key)) {
            m_db->ThrowCorruption("a block index record has a malformed key.");
        }
        it->GetValue(record);
        record.hash = key.hash;
        if (record.ConstructBlockHash() != key.hash) {
            m_db->ThrowCorruption("the block index record of " + key.hash.GetHex() +
                                  " holds the header of another block.");
        }
        if (!fn(record)) return false;
    }
    return true;
}

std::vector<DiskBlockIndex> BlockTreeDB::LoadBlockIndex() const
{
    std::vector<DiskBlockIndex> all;
    ForEachBlockIndex([&](const DiskBlockIndex& record) {
        all.push_back(record);
        return true;
    });
    return all;
}

} // namespace storage
