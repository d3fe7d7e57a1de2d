// Rebuilding and repairing: -reindex over many block files (with side branches and blocks
// stored out of order), -reindex-chainstate, an interrupted reindex that continues at the
// next start, and a coins flush cut off half way (replayed at the next start).
#include <chain/test_chain.h>

#include <storage/coins_db.h>

#include <gtest/gtest.h>

namespace chain::test {
namespace {

using primitives::uint256;

std::vector<BlockRef> Range(const ChainBuilder& chain, int from, int to)
{
    std::vector<BlockRef> out;
    for (int h = from; h <= to; ++h) out.push_back(chain.At(h));
    return out;
}

uint256 ModelHash(const ChainBuilder& chain, int height)
{
    UtxoModel model;
    for (int h = 0; h <= height; ++h) model.ConnectBlock(*chain.At(h), h);
    return model.Hash();
}

bool Logged(const std::vector<std::string>& log, const std::string& text)
{
    for (const std::string& line : log) {
        if (line.find(text) != std::string::npos) return true;
    }
    return false;
}

/** Options with small block files and a log that goes into `log`. */
ChainstateManager::Options LoggingOptions(std::vector<std::string>& log)
{
    ChainstateManager::Options options;
    options.max_block_file_size = 16 << 10;
    options.log = [&log](const std::string& line) { log.push_back(line); };
    return options;
}

TEST(Reindex, RebuildsIndexAndChainstateFromManyBlockFiles)
{
    std::vector<std::string> log;
    TestNode node{LoggingOptions(log)};
    ChainBuilder main{node.Params(), 1};
    main.ExtendMany(150, 3);
    ChainBuilder side = main.Fork(120, 2);
    side.ExtendMany(10, 3);
    // The main chain's headers first, then its blocks last to first: the block files hold
    // children before parents, which a reindex must sort out.
    std::vector<primitives::BlockHeader> headers;
    for (int h = 1; h <= 150; ++h) headers.push_back(main.At(h)->GetBlockHeader());
    consensus::BlockValidationState state;
    ASSERT_TRUE(node->ProcessNewBlockHeaders(headers, state));
    for (int h = 150; h >= 1; --h) node.Submit(main.At(h));
    node.SubmitAll(Range(side, 121, 130));
    ASSERT_EQ(node->ActiveTip()->hash, main.Tip()->GetHash());
    const uint256 digest = node.UtxoHash();
    ASSERT_TRUE(std::filesystem::exists(node.Datadir() / "blocks" / "blk00003.dat")) << "expected several block files";

    log.clear();
    ChainstateManager::Options options = LoggingOptions(log);
    options.reindex = true;
    ASSERT_TRUE(node.Restart(options));
    EXPECT_EQ(node->ActiveTip()->hash, main.Tip()->GetHash());
    EXPECT_EQ(node.UtxoHash(), digest);
    EXPECT_EQ(digest, ModelHash(main, 150));
    // The side branch is back in the index with its data.
    const auto side_tip = node->GetBlockInfo(side.Tip()->GetHash());
    ASSERT_TRUE(side_tip);
    EXPECT_TRUE(side_tip->status & storage::BLOCK_HAVE_DATA);
    EXPECT_FALSE(side_tip->in_active_chain);
    EXPECT_FALSE(node->CheckBlockIndex());
    EXPECT_TRUE(Logged(log, "Reindexing block file blk00000.dat..."));
    EXPECT_TRUE(Logged(log, "Reindexing block file blk00003.dat..."));
    EXPECT_TRUE(Logged(log, "Reindexing finished"));
    EXPECT_TRUE(Logged(log, "progress=100.0%"));

    // New blocks after a reindex go after the recovered ones.
    main.Extend(3);
    node.Submit(main.Tip());
    ASSERT_TRUE(node.Restart(ChainstateManager::Options{.check_level = 4}));
    EXPECT_EQ(node->ActiveHeight(), 151);
    EXPECT_EQ(node.UtxoHash(), ModelHash(main, 151));
}

TEST(Reindex, ChainstateOnlyKeepsTheIndex)
{
    std::vector<std::string> log;
    TestNode node{LoggingOptions(log)};
    ChainBuilder chain{node.Params(), 5};
    chain.ExtendMany(130, 3);
    node.SubmitAll(Range(chain, 1, 130));
    log.clear();
    ChainstateManager::Options options = LoggingOptions(log);
    options.reindex_chainstate = true;
    ASSERT_TRUE(node.Restart(options));
    EXPECT_EQ(node->ActiveTip()->hash, chain.Tip()->GetHash());
    EXPECT_EQ(node.UtxoHash(), ModelHash(chain, 130));
    EXPECT_TRUE(Logged(log, "-reindex-chainstate"));
    EXPECT_FALSE(Logged(log, "Reindexing block file"));
    EXPECT_TRUE(Logged(log, "height=130"));
    EXPECT_FALSE(node->CheckBlockIndex());
}

TEST(Reindex, InterruptedReindexContinuesAtTheNextStart)
{
    std::vector<std::string> log;
    TestNode node{LoggingOptions(log)};
    ChainBuilder chain{node.Params(), 6};
    chain.ExtendMany(140, 3);
    node.SubmitAll(Range(chain, 1, 140));
    const uint256 digest = node.UtxoHash();

    // Stop as soon as the second block file is being read.
    std::atomic<bool> interrupt{false};
    ChainstateManager::Options options;
    options.max_block_file_size = 16 << 10;
    options.reindex = true;
    options.interrupt = &interrupt;
    options.log = [&](const std::string& line) {
        log.push_back(line);
        if (line.find("blk00001.dat") != std::string::npos) interrupt = true;
    };
    auto stopped = node.Restart(options);
    ASSERT_FALSE(stopped);
    EXPECT_NE(stopped.error().find("interrupted"), std::string::npos) << stopped.error();

    log.clear();
    ASSERT_TRUE(node.Restart(LoggingOptions(log)));
    EXPECT_TRUE(Logged(log, "Continuing an interrupted reindex"));
    EXPECT_EQ(node->ActiveTip()->hash, chain.Tip()->GetHash());
    EXPECT_EQ(node.UtxoHash(), digest);
    EXPECT_FALSE(node->CheckBlockIndex());
}

TEST(Recovery, CoinsFlushCutOffHalfWayIsReplayedAtTheNextStart)
{
    std::vector<std::string> log;
    TestNode node{LoggingOptions(log)};
    ChainBuilder chain{node.Params(), 7};
    chain.ExtendMany(140, 6);
    node.SubmitAll(Range(chain, 1, 120));
    ASSERT_TRUE(node->ForceFlush());

    // Blocks 121-140 connect in memory; the flush that would write them stops after two of
    // its many small batches, as a crash would.
    ChainstateManager::Options crashing = LoggingOptions(log);
    crashing.coins_db_batch_bytes = 256;
    crashing.coins_db_crash_after_partial_batches = 2;
    ASSERT_TRUE(node.Restart(crashing));
    node.SubmitAll(Range(chain, 121, 140));
    auto flushed = node->ForceFlush();
    ASSERT_FALSE(flushed);
    EXPECT_NE(flushed.error().find("simulated crash"), std::string::npos) << flushed.error();
    EXPECT_TRUE(node->FatalErrorMessage());
    node.Close();
    {
        auto db = storage::CoinsViewDB::Open({.path = node.Datadir() / "chainstate", .obfuscate = true});
        ASSERT_TRUE(db) << db.error();
        const std::vector<uint256> heads = (*db)->GetHeadBlocks();
        ASSERT_EQ(heads.size(), 2u) << "the flush marker should be left behind";
        EXPECT_EQ(heads[0], chain.At(140)->GetHash());
        EXPECT_EQ(heads[1], chain.At(120)->GetHash());
        EXPECT_TRUE((*db)->GetBestBlock().IsNull());
    }

    log.clear();
    ASSERT_TRUE(node.Restart(LoggingOptions(log)));
    EXPECT_TRUE(Logged(log, "Replaying blocks"));
    EXPECT_TRUE(Logged(log, "Rolling forward " + chain.At(121)->GetHash().GetHex()));
    EXPECT_EQ(node->ActiveTip()->hash, chain.Tip()->GetHash());
    EXPECT_EQ(node.UtxoHash(), ModelHash(chain, 140));
    EXPECT_FALSE(node->CheckBlockIndex());
}

TEST(Recovery, FlushCutOffDuringAReorgRollsBackTheOldBranch)
{
    std::vector<std::string> log;
    TestNode node{LoggingOptions(log)};
    ChainBuilder a{node.Params(), 1};
    a.ExtendMany(130, 4);
    ChainBuilder b = a.Fork(115, 2);
    b.ExtendMany(20, 4);
    node.SubmitAll(Range(a, 1, 130));
    ASSERT_TRUE(node->ForceFlush());
    ChainstateManager::Options crashing = LoggingOptions(log);
    crashing.coins_db_batch_bytes = 256;
    crashing.coins_db_crash_after_partial_batches = 3;
    ASSERT_TRUE(node.Restart(crashing));
    node.SubmitAll(Range(b, 116, 135));
    ASSERT_EQ(node->ActiveTip()->hash, b.Tip()->GetHash());
    ASSERT_FALSE(node->ForceFlush());
    node.Close();

    log.clear();
    ASSERT_TRUE(node.Restart(LoggingOptions(log)));
    EXPECT_TRUE(Logged(log, "Rolling back " + a.At(130)->GetHash().GetHex()));
    EXPECT_TRUE(Logged(log, "Rolling forward " + b.At(116)->GetHash().GetHex()));
    EXPECT_EQ(node->ActiveTip()->hash, b.Tip()->GetHash());
    EXPECT_EQ(node.UtxoHash(), ModelHash(b, 135));
    EXPECT_FALSE(node->CheckBlockIndex());
}

} // namespace
} // namespace chain::test
