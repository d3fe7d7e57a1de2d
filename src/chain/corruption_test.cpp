// Damaged data directories: truncated and altered block files, damaged undo data, damaged
// LevelDB databases, missing files and the wrong network. Each gives an error that says
// what is wrong and what to do (-reindex, -reindex-chainstate) and never crashes; where
// the message says -reindex, a reindex recovers what the block files still hold.
#include <chain/test_chain.h>

#include <gtest/gtest.h>

#include <fstream>

namespace chain::test {
namespace {

using primitives::uint256;

constexpr int HEIGHT = 130;

uint256 ModelHash(const ChainBuilder& chain, int height)
{
    UtxoModel model;
    for (int h = 0; h <= height; ++h) model.ConnectBlock(*chain.At(h), h);
    return model.Hash();
}

/** A node with a 130-block chain, closed, ready to be damaged. */
struct DamagedNode {
    TestNode node;
    ChainBuilder chain{node.Params(), 9};
    storage::FlatFilePos tip_block;
    storage::FlatFilePos tip_undo;

    DamagedNode()
    {
        chain.ExtendMany(HEIGHT, 3);
        for (int h = 1; h <= HEIGHT; ++h) node.Submit(chain.At(h));
        const BlockIndex* tip = node->ActiveTip();
        tip_block = {tip->file, tip->data_pos};
        tip_undo = {tip->file, tip->undo_pos};
        node.Close();
    }
    std::filesystem::path BlockFile(int file) const
    {
        char name[32];
        std::snprintf(name, sizeof(name), "blk%05d.dat", file);
        return node.Datadir() / "blocks" / name;
    }
    std::filesystem::path UndoFile(int file) const
    {
        char name[32];
        std::snprintf(name, sizeof(name), "rev%05d.dat", file);
        return node.Datadir() / "blocks" / name;
    }
    /** Open again; the error message if it fails. */
    std::optional<std::string> Reopen(ChainstateManager::Options options = {})
    {
        auto opened = node.Restart(std::move(options));
        if (opened) return std::nullopt;
        return opened.error();
    }
};

void FlipByte(const std::filesystem::path& path, uint64_t offset)
{
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(f) << path;
    f.seekg(static_cast<std::streamoff>(offset));
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x01);
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(&c, 1);
}

/** Overwrite stretches of every file with `suffix` in dir with junk. */
void DamageFiles(const std::filesystem::path& dir, const std::string& suffix)
{
    size_t damaged = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (!entry.path().string().ends_with(suffix) || entry.file_size() < 64) continue;
        std::fstream f(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
        for (uint64_t pos = 16; pos + 8 < entry.file_size(); pos += 97) {
            f.seekp(static_cast<std::streamoff>(pos));
            f.write("\xde\xad\xbe\xef\xde\xad\xbe\xef", 8);
        }
        ++damaged;
    }
    ASSERT_GT(damaged, 0u) << "no " << suffix << " file in " << dir;
}

#define EXPECT_CONTAINS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

TEST(Corruption, TruncatedBlockFileSaysReindexAndReindexRecovers)
{
    DamagedNode d;
    std::filesystem::resize_file(d.BlockFile(d.tip_block.file), d.tip_block.pos + 50);
    const std::optional<std::string> error = d.Reopen();
    ASSERT_TRUE(error);
    EXPECT_CONTAINS(*error, "truncated");
    EXPECT_CONTAINS(*error, "-reindex");
    std::printf("message: %s\n", error->c_str());

    ChainstateManager::Options reindex;
    reindex.reindex = true;
    ASSERT_FALSE(d.Reopen(reindex));
    EXPECT_EQ(d.node->ActiveHeight(), HEIGHT - 1);
    EXPECT_EQ(d.node.UtxoHash(), ModelHash(d.chain, HEIGHT - 1));
    // The lost block can simply arrive again.
    d.node.Submit(d.chain.At(HEIGHT));
    EXPECT_EQ(d.node->ActiveHeight(), HEIGHT);
    EXPECT_FALSE(d.node->CheckBlockIndex());
}

TEST(Corruption, AlteredTipBlockIsABadBlock)
{
    DamagedNode d;
    // The first byte of the coinbase's input script: the block still decodes, its merkle root no longer matches.
    FlipByte(d.BlockFile(d.tip_block.file), d.tip_block.pos + 80 + 1 + 4 + 2 + 1 + 36 + 1);
    const std::optional<std::string> error = d.Reopen();
    ASSERT_TRUE(error);
    EXPECT_CONTAINS(*error, "found bad block at height 130");
    EXPECT_CONTAINS(*error, "bad-txnmrklroot");
    EXPECT_CONTAINS(*error, "-reindex");
    std::printf("message: %s\n", error->c_str());
}

TEST(Corruption, AlteredHeaderIsNotTheExpectedBlock)
{
    DamagedNode d;
    FlipByte(d.BlockFile(d.tip_block.file), d.tip_block.pos + 70); // in the time field
    const std::optional<std::string> error = d.Reopen();
    ASSERT_TRUE(error);
    EXPECT_CONTAINS(*error, "not the expected");
    EXPECT_CONTAINS(*error, "-reindex");
}

TEST(Corruption, DamagedUndoDataFailsItsChecksum)
{
    DamagedNode d;
    FlipByte(d.UndoFile(d.tip_undo.file), d.tip_undo.pos + 3);
    const std::optional<std::string> error = d.Reopen();
    ASSERT_TRUE(error);
    EXPECT_CONTAINS(*error, "bad undo data at height 130");
    EXPECT_CONTAINS(*error, "Checksum mismatch");
    EXPECT_CONTAINS(*error, "-reindex");
    // Level 1 does not read undo data: such a node opens.
    ASSERT_FALSE(d.Reopen(ChainstateManager::Options{.check_level = 1}));
}

TEST(Corruption, DamageBelowTheCheckedBlocksIsFoundWhenTheBlockIsNeeded)
{
    DamagedNode d;
    // Block 20 is far below the six checked at startup; -reindex-chainstate needs it.
    const BlockIndex* deep = nullptr;
    ASSERT_FALSE(d.Reopen());
    deep = d.node->ActiveBlockAt(20);
    const storage::FlatFilePos pos{deep->file, deep->data_pos};
    d.node.Close();
    FlipByte(d.BlockFile(pos.file), pos.pos + 80 + 1 + 4 + 2 + 1 + 36 + 1);
    ChainstateManager::Options options;
    options.reindex_chainstate = true;
    const std::optional<std::string> error = d.Reopen(options);
    ASSERT_TRUE(error);
    EXPECT_CONTAINS(*error, "Corrupt block found");
    EXPECT_CONTAINS(*error, "-reindex");
    std::printf("message: %s\n", error->c_str());
    // A reindex keeps what comes before the damaged block.
    ChainstateManager::Options reindex;
    reindex.reindex = true;
    ASSERT_FALSE(d.Reopen(reindex));
    EXPECT_EQ(d.node->ActiveHeight(), 19);
    EXPECT_EQ(d.node.UtxoHash(), ModelHash(d.chain, 19));
}

TEST(Corruption, DamagedChainstateDatabaseSaysReindexChainstate)
{
    DamagedNode d;
    DamageFiles(d.node.Datadir() / "chainstate", ".log");
    const std::optional<std::string> error = d.Reopen();
    ASSERT_TRUE(error);
    EXPECT_CONTAINS(*error, "chainstate");
    EXPECT_CONTAINS(*error, "-reindex-chainstate");
    std::printf("message: %s\n", error->c_str());
    ChainstateManager::Options options;
    options.reindex_chainstate = true;
    ASSERT_FALSE(d.Reopen(options));
    EXPECT_EQ(d.node->ActiveHeight(), HEIGHT);
    EXPECT_EQ(d.node.UtxoHash(), ModelHash(d.chain, HEIGHT));
}

TEST(Corruption, DamagedBlockIndexDatabaseSaysReindex)
{
    DamagedNode d;
    DamageFiles(d.node.Datadir() / "blocks" / "index", ".log");
    const std::optional<std::string> error = d.Reopen();
    ASSERT_TRUE(error);
    EXPECT_CONTAINS(*error, "block index");
    EXPECT_CONTAINS(*error, "-reindex");
    std::printf("message: %s\n", error->c_str());
    ChainstateManager::Options options;
    options.reindex = true;
    ASSERT_FALSE(d.Reopen(options));
    EXPECT_EQ(d.node->ActiveHeight(), HEIGHT);
    EXPECT_EQ(d.node.UtxoHash(), ModelHash(d.chain, HEIGHT));
}

TEST(Corruption, MissingBlockFileSaysReindex)
{
    DamagedNode d;
    std::filesystem::remove(d.BlockFile(0));
    const std::optional<std::string> error = d.Reopen();
    ASSERT_TRUE(error);
    EXPECT_CONTAINS(*error, "blk00000.dat");
    EXPECT_CONTAINS(*error, "-reindex");
    std::printf("message: %s\n", error->c_str());
}

TEST(Corruption, DatadirOfAnotherNetwork)
{
    DamagedNode d;
    auto main = consensus::ChainParams::Main();
    auto opened = ChainstateManager::Open({.datadir = d.node.Datadir(), .chain_params = main.get()});
    ASSERT_FALSE(opened);
    EXPECT_CONTAINS(opened.error(), "Wrong datadir for network?");
}

} // namespace
} // namespace chain::test
