// Block and undo files: the real mainnet blocks 1-255 written byte for byte as Core's own
// block file, reading across file boundaries, undo records made by connecting those blocks
// (and the UTXO set restored by disconnecting them), checksum, truncation and magic errors,
// the reindex scan through damage, and the block index written after the data.
#include <storage/block_files.h>
#include <storage/block_index_db.h>
#include <storage/coins_view.h>
#include <storage/test_blocks.h>
#include <storage/test_tempdir.h>

#include <primitives/streams.h>
#include <test/util/testdata.h>
#include <util/hex.h>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

namespace {

using primitives::Block;
using primitives::uint256;
using storage::BlockFileManager;
using storage::BlockUndo;
using storage::FlatFilePos;
using storage::test::TempDir;

constexpr storage::MessageStart MAINNET_MAGIC{0xf9, 0xbe, 0xb4, 0xd9};

static_assert(storage::BLOCK_VALID_TREE == 2 && storage::BLOCK_VALID_TRANSACTIONS == 3 &&
              storage::BLOCK_VALID_CHAIN == 4 && storage::BLOCK_VALID_SCRIPTS == 5 && storage::BLOCK_VALID_MASK == 7);
static_assert(storage::BLOCK_HAVE_DATA == 8 && storage::BLOCK_HAVE_UNDO == 16 && storage::BLOCK_FAILED_VALID == 32 &&
              storage::BLOCK_FAILED_CHILD == 64 && storage::BLOCK_OPT_WITNESS == 128);

std::vector<Block> MainnetBlocks(const std::vector<uint8_t>& file) { return storage::test::BlocksOfFile(file); }
using storage::test::ReadRecords;

std::vector<uint8_t> ReadFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void Overwrite(const std::filesystem::path& path, uint64_t offset, const std::vector<uint8_t>& bytes)
{
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

TEST(BlockFiles, MainnetBlocksWrittenExactlyAsCore)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<uint8_t> reference = testutil::ReadTestBytes("chains/main-blocks-1-255.dat");
    const std::vector<Block> blocks = MainnetBlocks(reference);
    ASSERT_EQ(blocks.size(), 255u);
    TempDir dir;
    BlockFileManager files{{.blocks_dir = dir / "blocks", .message_start = MAINNET_MAGIC}};
    std::vector<FlatFilePos> positions;
    for (size_t i = 0; i < blocks.size(); ++i) {
        auto pos = files.WriteBlock(blocks[i], static_cast<int>(i + 1));
        ASSERT_TRUE(pos) << pos.error();
        positions.push_back(*pos);
    }
    // The file holds exactly Core's bytes (followed by preallocated zeros until finalized).
    const std::vector<uint8_t> written = ReadFile(dir / "blocks" / "blk00000.dat");
    ASSERT_GE(written.size(), reference.size());
    EXPECT_TRUE(std::equal(reference.begin(), reference.end(), written.begin()));
    EXPECT_EQ(written.size(), storage::BLOCKFILE_CHUNK_SIZE); // one 16 MiB chunk reserved
    const auto info = files.GetBlockFileInfo(0);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->size, reference.size());
    EXPECT_EQ(info->blocks, 255u);
    EXPECT_EQ(info->height_first, 1u);
    EXPECT_EQ(info->height_last, 255u);
    EXPECT_EQ(info->time_first, blocks.front().time);
    EXPECT_EQ(files.CalculateCurrentUsage(), reference.size());
    // Every block reads back with its hash; the first data position is just past the header.
    EXPECT_EQ(positions[0], (FlatFilePos{0, 8}));
    for (size_t i = 0; i < blocks.size(); ++i) {
        auto block = files.ReadBlock(positions[i], blocks[i].GetHash());
        ASSERT_TRUE(block) << block.error();
        EXPECT_EQ(block->vtx.size(), blocks[i].vtx.size());
    }
    EXPECT_EQ(blocks[0].GetHash(), uint256{"00000000839a8e6886ab5951d76f411475428afc90947ee320161bbf18eb6048"});
    // A wrong expected hash is reported.
    auto wrong = files.ReadBlock(positions[1], blocks[0].GetHash());
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().find("not the expected"), std::string::npos) << wrong.error();
}

TEST(BlockFiles, ManyFilesAndFinalization)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<Block> blocks = MainnetBlocks(testutil::ReadTestBytes("chains/main-blocks-1-255.dat"));
    TempDir dir;
    BlockFileManager files{{.blocks_dir = dir / "blocks",
                            .message_start = MAINNET_MAGIC,
                            .max_file_size = 4000,
                            .block_chunk_size = 1024,
                            .undo_chunk_size = 512}};
    std::vector<FlatFilePos> positions;
    for (size_t i = 0; i < blocks.size(); ++i) {
        auto pos = files.WriteBlock(blocks[i], static_cast<int>(i + 1));
        ASSERT_TRUE(pos) << pos.error();
        positions.push_back(*pos);
    }
    const int last = files.LastBlockFile();
    EXPECT_GE(last, 10);
    uint32_t total_blocks = 0;
    for (int f = 0; f <= last; ++f) {
        const auto info = files.GetBlockFileInfo(f);
        ASSERT_TRUE(info);
        EXPECT_LT(info->size, 4000u);
        total_blocks += info->blocks;
        const auto on_disk = std::filesystem::file_size(files.BlockFilePath(f));
        if (f < last) {
            EXPECT_EQ(on_disk, info->size) << "file " << f << " was not trimmed when it was left";
        } else {
            EXPECT_GE(on_disk, info->size);
        }
    }
    EXPECT_EQ(total_blocks, 255u);
    for (size_t i = 0; i < blocks.size(); ++i) {
        auto block = files.ReadBlock(positions[i], blocks[i].GetHash());
        ASSERT_TRUE(block) << block.error();
    }
    // A record larger than a whole file is refused, not written.
    BlockFileManager tiny{
        {.blocks_dir = dir / "tiny", .message_start = MAINNET_MAGIC, .max_file_size = 100, .block_chunk_size = 64}};
    auto refused = tiny.WriteBlock(blocks[0], 1);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().find("does not fit"), std::string::npos);
}

/** Connect every block (heights from 1); returns the undo data of each. */
std::vector<BlockUndo> ConnectAll(const std::vector<Block>& blocks, storage::CoinsViewCache& cache)
{
    std::vector<BlockUndo> undos;
    for (size_t i = 0; i < blocks.size(); ++i)
        undos.push_back(storage::test::ConnectBlock(blocks[i], static_cast<int>(i + 1), cache));
    return undos;
}

TEST(BlockFiles, UndoDataRoundTripsAndRestoresTheUtxoSet)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<Block> blocks = MainnetBlocks(testutil::ReadTestBytes("chains/main-blocks-1-255.dat"));
    storage::CoinsView empty;
    storage::CoinsViewCache cache{&empty, true};
    const std::vector<BlockUndo> undos = ConnectAll(blocks, cache);
    size_t spent_inputs = 0;
    for (const auto& u : undos) {
        for (const auto& t : u.vtxundo) spent_inputs += t.prevout.size();
    }
    EXPECT_GT(spent_inputs, 0u); // block 170 spends block 9's coinbase
    std::printf("inputs spent in mainnet blocks 1-255: %zu, coins left: %zu\n", spent_inputs, cache.GetCacheSize());

    TempDir dir;
    BlockFileManager files{{.blocks_dir = dir / "blocks",
                            .message_start = MAINNET_MAGIC,
                            .max_file_size = 20000,
                            .block_chunk_size = 4096,
                            .undo_chunk_size = 1024}};
    std::vector<FlatFilePos> undo_pos;
    for (size_t i = 0; i < blocks.size(); ++i) {
        auto pos = files.WriteBlock(blocks[i], static_cast<int>(i + 1));
        ASSERT_TRUE(pos) << pos.error();
        auto upos = files.WriteBlockUndo(undos[i], blocks[i].hash_prev_block, pos->file, static_cast<int>(i + 1));
        ASSERT_TRUE(upos) << upos.error();
        EXPECT_EQ(upos->file, pos->file);
        undo_pos.push_back(*upos);
    }
    // The undo of block 170 holds block 9's coinbase output, with its height and coinbase flag.
    auto undo170 = files.ReadBlockUndo(undo_pos[169], blocks[169].hash_prev_block);
    ASSERT_TRUE(undo170) << undo170.error();
    ASSERT_EQ(undo170->vtxundo.size(), 1u);
    ASSERT_EQ(undo170->vtxundo[0].prevout.size(), 1u);
    EXPECT_EQ(undo170->vtxundo[0].prevout[0].height, 9u);
    EXPECT_TRUE(undo170->vtxundo[0].prevout[0].coinbase);
    EXPECT_EQ(undo170->vtxundo[0].prevout[0].out.value, 50 * 100000000LL);

    // Disconnect every block from the tip down with the undo data read from disk: the cache
    // must end up empty again (the genesis output is never in the set).
    for (size_t i = blocks.size(); i-- > 0;) {
        auto undo = files.ReadBlockUndo(undo_pos[i], blocks[i].hash_prev_block);
        ASSERT_TRUE(undo) << undo.error();
        ASSERT_EQ(*undo, undos[i]);
        const Block& block = blocks[i];
        for (size_t t = block.vtx.size(); t-- > 0;) {
            const auto& tx = *block.vtx[t];
            for (uint32_t n = 0; n < tx.vout.size(); ++n) cache.SpendCoin(storage::OutPoint{tx.GetHash(), n});
            if (t > 0) {
                const storage::TxUndo& txundo = undo->vtxundo[t - 1];
                for (size_t in = 0; in < tx.vin.size(); ++in) {
                    cache.AddCoin(tx.vin[in].prevout, storage::Coin{txundo.prevout[in]}, /*possible_overwrite=*/true);
                }
            }
        }
    }
    size_t unspent = 0;
    for (const Block& block : blocks) {
        for (const auto& tx : block.vtx) {
            for (uint32_t n = 0; n < tx->vout.size(); ++n) unspent += cache.HaveCoin({tx->GetHash(), n}) ? 1 : 0;
        }
    }
    EXPECT_EQ(unspent, 0u);
}

TEST(BlockFiles, UndoChecksumMismatchIsDetected)
{
    TempDir dir;
    BlockFileManager files{{.blocks_dir = dir / "blocks", .message_start = MAINNET_MAGIC}};
    Block block;
    block.bits = 0x207fffff;
    auto pos = files.WriteBlock(block, 1);
    ASSERT_TRUE(pos) << pos.error();
    BlockUndo undo;
    undo.vtxundo.emplace_back();
    undo.vtxundo[0].prevout.emplace_back(primitives::TxOut{1234, {0x51}}, 7, false);
    const uint256 parent{"0000000000000000000000000000000000000000000000000000000000000abc"};
    auto upos = files.WriteBlockUndo(undo, parent, pos->file, 1);
    ASSERT_TRUE(upos) << upos.error();
    ASSERT_TRUE(files.ReadBlockUndo(*upos, parent));
    // The checksum covers the parent's hash: undo data read for the wrong block is refused.
    auto wrong_parent = files.ReadBlockUndo(*upos, uint256::ONE);
    ASSERT_FALSE(wrong_parent);
    EXPECT_NE(wrong_parent.error().find("Checksum mismatch"), std::string::npos) << wrong_parent.error();
    EXPECT_NE(wrong_parent.error().find("-reindex"), std::string::npos) << wrong_parent.error();
    // A flipped byte in the stored data is caught too.
    Overwrite(files.UndoFilePath(0), upos->pos + 3, {0x99});
    auto flipped = files.ReadBlockUndo(*upos, parent);
    ASSERT_FALSE(flipped);
    EXPECT_NE(flipped.error().find("Checksum mismatch"), std::string::npos) << flipped.error();
}

TEST(BlockFiles, DamagedBlockFilesGiveClearErrors)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<Block> blocks = MainnetBlocks(testutil::ReadTestBytes("chains/main-blocks-1-255.dat"));
    TempDir dir;
    BlockFileManager files{{.blocks_dir = dir / "blocks", .message_start = MAINNET_MAGIC}};
    std::vector<FlatFilePos> positions;
    for (size_t i = 0; i < 10; ++i) positions.push_back(*files.WriteBlock(blocks[i], static_cast<int>(i + 1)));
    ASSERT_TRUE(files.FlushFiles());
    const auto path = files.BlockFilePath(0);

    // Wrong magic in front of block 3.
    Overwrite(path, positions[2].pos - 8, {0xde, 0xad, 0xbe, 0xef});
    auto bad_magic = files.ReadBlock(positions[2]);
    ASSERT_FALSE(bad_magic);
    EXPECT_NE(bad_magic.error().find("Wrong magic bytes deadbeef (expected f9beb4d9)"), std::string::npos)
        << bad_magic.error();
    EXPECT_NE(bad_magic.error().find("blk00000.dat at position " + std::to_string(positions[2].pos)),
              std::string::npos);
    EXPECT_NE(bad_magic.error().find("-reindex"), std::string::npos);
    // A size no block can have.
    Overwrite(path, positions[3].pos - 4, {0xff, 0xff, 0xff, 0x7f});
    auto bad_size = files.ReadBlock(positions[3]);
    ASSERT_FALSE(bad_size);
    EXPECT_NE(bad_size.error().find("more than any can have"), std::string::npos) << bad_size.error();
    // Bytes that do not decode as a block.
    Overwrite(path, positions[4].pos, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
    Overwrite(path, positions[4].pos + 80, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
    auto undecodable = files.ReadBlock(positions[4]);
    ASSERT_FALSE(undecodable);
    EXPECT_NE(undecodable.error().find("cannot be decoded"), std::string::npos) << undecodable.error();
    // A position before any record, and a file that does not exist.
    auto too_early = files.ReadBlock(FlatFilePos{0, 3});
    ASSERT_FALSE(too_early);
    EXPECT_NE(too_early.error().find("before the first record"), std::string::npos) << too_early.error();
    auto missing = files.ReadBlock(FlatFilePos{7, 8});
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("blk00007.dat"), std::string::npos) << missing.error();

    // Truncated: inside the last block, then inside its header.
    std::filesystem::resize_file(path, positions[9].pos + 50);
    auto cut = files.ReadBlock(positions[9]);
    ASSERT_FALSE(cut);
    EXPECT_NE(cut.error().find("blk00000.dat is truncated: the block at position " + std::to_string(positions[9].pos)),
              std::string::npos)
        << cut.error();
    EXPECT_NE(cut.error().find("file ends after 50"), std::string::npos) << cut.error();
    std::filesystem::resize_file(path, positions[9].pos - 5);
    auto cut_header = files.ReadBlock(positions[9]);
    ASSERT_FALSE(cut_header);
    EXPECT_NE(cut_header.error().find("ends inside the header"), std::string::npos) << cut_header.error();
    // The undamaged blocks still read.
    EXPECT_TRUE(files.ReadBlock(positions[0], blocks[0].GetHash()));
    EXPECT_TRUE(files.ReadBlock(positions[8], blocks[8].GetHash()));
    std::printf("truncation reported as: %s\n", cut.error().c_str());
}

TEST(BlockFiles, ReindexScanSkipsDamage)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<uint8_t> reference = testutil::ReadTestBytes("chains/main-blocks-1-255.dat");
    const std::vector<Block> blocks = MainnetBlocks(reference);
    TempDir dir;
    std::filesystem::create_directories(dir / "blocks");
    // garbage, 255 good records with a torn record and a corrupted record among them,
    // then preallocation zeros and a record cut off by the end of the file.
    const auto records = ReadRecords(reference);
    std::vector<uint8_t> file{0x01, 0xf9, 0xbe, 0x00, 0xf9, 0xbe, 0xb4, 0xd9, 0x05, 0x00, 0x00, 0x00, 0x02};
    std::vector<uint32_t> expected_positions;
    size_t offset_in_ref = 0;
    for (size_t i = 0; i < records.size(); ++i) {
        if (i == 100) {
            // A torn record: header and half a block.
            file.insert(file.end(), reference.begin() + static_cast<long>(offset_in_ref),
                        reference.begin() + static_cast<long>(offset_in_ref + 8 + records[i].size() / 2));
        }
        if (i == 200) {
            // A record whose block bytes are damaged (it does not decode): skipped.
            std::vector<uint8_t> bad(reference.begin() + static_cast<long>(offset_in_ref),
                                     reference.begin() + static_cast<long>(offset_in_ref + 8 + records[i].size()));
            bad[8 + 80] = 0xff; // transaction count becomes a huge CompactSize
            file.insert(file.end(), bad.begin(), bad.end());
        }
        expected_positions.push_back(static_cast<uint32_t>(file.size() + 8));
        file.insert(file.end(), reference.begin() + static_cast<long>(offset_in_ref),
                    reference.begin() + static_cast<long>(offset_in_ref + 8 + records[i].size()));
        offset_in_ref += 8 + records[i].size();
    }
    file.insert(file.end(), 100000, 0x00);
    file.insert(file.end(), reference.begin(), reference.begin() + 100);
    std::ofstream(dir / "blocks" / "blk00000.dat", std::ios::binary)
        .write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));

    BlockFileManager files{{.blocks_dir = dir / "blocks", .message_start = MAINNET_MAGIC}};
    std::vector<FlatFilePos> found;
    std::vector<uint256> hashes;
    auto count = files.ScanBlockFile(0, [&](const FlatFilePos& pos, const Block& block) {
        found.push_back(pos);
        hashes.push_back(block.GetHash());
        files.UpdateBlockInfo(block, static_cast<int>(found.size()), pos);
        return true;
    });
    ASSERT_TRUE(count) << count.error();
    EXPECT_EQ(*count, 255u);
    ASSERT_EQ(found.size(), 255u);
    for (size_t i = 0; i < found.size(); ++i) {
        EXPECT_EQ(found[i].pos, expected_positions[i]) << i;
        EXPECT_EQ(hashes[i], blocks[i].GetHash()) << i;
    }
    EXPECT_EQ(files.GetBlockFileInfo(0)->blocks, 255u);
    EXPECT_EQ(files.GetBlockFileInfo(0)->size, expected_positions.back() + records.back().size());
    // Stopping early.
    size_t seen = 0;
    auto stopped = files.ScanBlockFile(0, [&](const FlatFilePos&, const Block&) { return ++seen < 5; });
    ASSERT_TRUE(stopped);
    EXPECT_EQ(*stopped, 5u);
    EXPECT_FALSE(files.ScanBlockFile(3, [](const FlatFilePos&, const Block&) { return true; }));
}

TEST(BlockIndexDb, DiskBlockIndexLayout)
{
    storage::DiskBlockIndex index;
    index.height = 170;
    index.status = storage::BLOCK_VALID_SCRIPTS | storage::BLOCK_HAVE_DATA | storage::BLOCK_HAVE_UNDO;
    index.tx_count = 2;
    index.file = 0;
    index.data_pos = 300;
    index.undo_pos = 8;
    index.version = 1;
    index.time = 0x495fab29;
    index.bits = 0x1d00ffff;
    index.nonce = 0x709e3e28;
    const std::vector<uint8_t> bytes = primitives::SerializeToBytes(index);
    // VarInt(259900) VarInt(170) VarInt(29) VarInt(2) VarInt(0) VarInt(300) VarInt(8) then the header.
    const std::string expected = std::string{"8eed3c"} + "802a" + "1d" + "02" + "00" + "812c" + "08" + "01000000" +
                                 std::string(128, '0') + "29ab5f49" + "ffff001d" + "283e9e70";
    EXPECT_EQ(util::HexStr(bytes), expected);
    storage::DiskBlockIndex back;
    primitives::DeserializeFromBytes(bytes, back);
    EXPECT_EQ(back, index);
    EXPECT_EQ(back.GetBlockPos(), (FlatFilePos{0, 300}));
    EXPECT_EQ(back.GetUndoPos(), (FlatFilePos{0, 8}));
    // Without data or undo, no file or positions are stored.
    storage::DiskBlockIndex header_only;
    header_only.status = storage::BLOCK_VALID_TREE;
    const auto short_bytes = primitives::SerializeToBytes(header_only);
    EXPECT_EQ(util::HexStr(short_bytes).substr(0, 14), "8eed3c00020000");
    EXPECT_TRUE(header_only.GetBlockPos().IsNull());

    storage::BlockFileInfo info{.blocks = 3,
                                .size = 70000,
                                .undo_size = 130,
                                .height_first = 1,
                                .height_last = 3,
                                .time_first = 1231469665,
                                .time_last = 1231470173};
    storage::BlockFileInfo info_back;
    primitives::DeserializeFromBytes(primitives::SerializeToBytes(info), info_back);
    EXPECT_EQ(info_back, info);
    EXPECT_EQ(info.ToString(), "BlockFileInfo(blocks=3, size=70000, heights=1...3, time=2009-01-09...2009-01-09)");
}

TEST(BlockIndexDb, IndexWrittenAfterDataAndReloaded)
{
    BITNODE_REQUIRE_TESTDATA();
    const std::vector<Block> blocks = MainnetBlocks(testutil::ReadTestBytes("chains/main-blocks-1-255.dat"));
    TempDir dir;
    const storage::BlockFileOptions options{.blocks_dir = dir / "blocks",
                                            .message_start = MAINNET_MAGIC,
                                            .max_file_size = 10000,
                                            .block_chunk_size = 2048,
                                            .undo_chunk_size = 512};
    std::vector<storage::DiskBlockIndex> records;
    {
        auto db = storage::BlockTreeDB::Open({.path = dir / "blocks" / "index"});
        ASSERT_TRUE(db) << db.error();
        BlockFileManager files{options};
        files.LoadFileInfo(**db);
        for (size_t i = 0; i < 100; ++i) {
            auto pos = files.WriteBlock(blocks[i], static_cast<int>(i + 1));
            ASSERT_TRUE(pos) << pos.error();
            storage::DiskBlockIndex r;
            r.hash = blocks[i].GetHash();
            r.height = static_cast<int32_t>(i + 1);
            r.status = storage::BLOCK_VALID_TRANSACTIONS | storage::BLOCK_HAVE_DATA;
            r.tx_count = static_cast<uint32_t>(blocks[i].vtx.size());
            r.file = pos->file;
            r.data_pos = pos->pos;
            r.SetHeader(blocks[i]);
            records.push_back(r);
        }
        ASSERT_TRUE(files.WriteIndex(**db, records));
        (*db)->WriteFlag("txindex", false);
        (*db)->WriteReindexing(true);
        // Blocks written after the last WriteIndex are not in the index.
        ASSERT_TRUE(files.WriteBlock(blocks[100], 101));
    }
    auto db = storage::BlockTreeDB::Open({.path = dir / "blocks" / "index"});
    ASSERT_TRUE(db) << db.error();
    EXPECT_EQ((*db)->ReadFlag("txindex"), std::optional<bool>{false});
    EXPECT_FALSE((*db)->ReadFlag("prunedblockfiles"));
    EXPECT_TRUE((*db)->ReadReindexing());
    (*db)->WriteReindexing(false);
    EXPECT_FALSE((*db)->ReadReindexing());

    std::vector<storage::DiskBlockIndex> loaded = (*db)->LoadBlockIndex();
    ASSERT_EQ(loaded.size(), records.size());
    std::map<uint256, storage::DiskBlockIndex> by_hash;
    for (const auto& r : records) by_hash[r.hash] = r;
    for (const auto& r : loaded) EXPECT_EQ(r, by_hash.at(r.hash));

    // A new manager continues where the index says the files end.
    BlockFileManager files{options};
    files.LoadFileInfo(**db);
    const int last = files.LastBlockFile();
    EXPECT_EQ(last, records.back().file);
    uint32_t blocks_in_files = 0;
    for (int f = 0; f <= last; ++f) blocks_in_files += files.GetBlockFileInfo(f)->blocks;
    EXPECT_EQ(blocks_in_files, 100u);
    for (const auto& r : loaded) {
        auto block = files.ReadBlock(r.GetBlockPos(), r.hash);
        ASSERT_TRUE(block) << block.error();
    }
    auto next = files.WriteBlock(blocks[100], 101);
    ASSERT_TRUE(next);
    EXPECT_TRUE(files.ReadBlock(*next, blocks[100].GetHash()));
}

TEST(BlockIndexDb, RecordUnderTheWrongHashIsCorruption)
{
    auto db = storage::BlockTreeDB::Open({.path = "index", .memory_only = true});
    ASSERT_TRUE(db) << db.error();
    storage::DiskBlockIndex r;
    r.hash = uint256::ONE; // not the hash of its header
    r.status = storage::BLOCK_VALID_TREE;
    (*db)->WriteBatchSync({}, 0, {r});
    try {
        (*db)->LoadBlockIndex();
        ADD_FAILURE() << "no error";
    } catch (const storage::DbError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("Corrupted block index database"), std::string::npos) << msg;
        EXPECT_NE(msg.find("-reindex"), std::string::npos) << msg;
    }
}

} // namespace
