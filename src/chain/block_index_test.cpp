// The block index tree on its own: skip-list ancestors against a plain walk, the active
// chain vector (SetTip, FindFork, Next), locators as Core builds them, median time past,
// and the candidate ordering (work, then first seen).
#include <chain/block_index.h>
#include <chain/chain.h>

#include <crypto/random.h>

#include <gtest/gtest.h>

#include <array>
#include <deque>
#include <set>

namespace chain {
namespace {

/** A tree of index nodes (no headers needed): a trunk and branches off it. */
class Tree
{
public:
    BlockIndex* Add(BlockIndex* prev, uint32_t time = 0)
    {
        BlockIndex& node = m_nodes.emplace_back();
        node.prev = prev;
        node.height = prev ? prev->height + 1 : 0;
        node.time = time ? time : static_cast<uint32_t>(1000 + node.height * 600);
        node.hash = uint256{static_cast<uint8_t>(m_nodes.size() & 0xff)};
        node.BuildSkip();
        return &node;
    }
    BlockIndex* Line(BlockIndex* from, int n)
    {
        for (int i = 0; i < n; ++i) from = Add(from);
        return from;
    }

private:
    std::deque<BlockIndex> m_nodes;
};

const BlockIndex* SlowAncestor(const BlockIndex* index, int height)
{
    while (index && index->height > height) index = index->prev;
    return index;
}

TEST(BlockIndex, SkipListAncestorsMatchAPlainWalk)
{
    Tree tree;
    BlockIndex* genesis = tree.Add(nullptr);
    BlockIndex* tip = tree.Line(genesis, 10000);
    BlockIndex* branch = tree.Line(tip->GetAncestor(5000), 3000);
    const std::array<uint8_t, 32> seed{1};
    crypto::FastRandomContext rng{seed};
    int checked = 0;
    for (BlockIndex* end : {tip, branch}) {
        for (int i = 0; i < 2000; ++i) {
            const int from = static_cast<int>(rng.RandRange(static_cast<uint64_t>(end->height) + 1));
            const int to = static_cast<int>(rng.RandRange(static_cast<uint64_t>(from) + 1));
            const BlockIndex* start = end->GetAncestor(from);
            ASSERT_EQ(start, SlowAncestor(end, from));
            ASSERT_EQ(start->GetAncestor(to), SlowAncestor(start, to));
            ++checked;
        }
    }
    EXPECT_EQ(tip->GetAncestor(10001), nullptr);
    EXPECT_EQ(tip->GetAncestor(-1), nullptr);
    EXPECT_EQ(tip->GetAncestor(tip->height), tip);
    std::printf("checked %d skip-list walks\n", checked);
}

TEST(BlockIndex, LastCommonAncestorOfBranches)
{
    Tree tree;
    BlockIndex* genesis = tree.Add(nullptr);
    BlockIndex* trunk = tree.Line(genesis, 100);
    BlockIndex* a = tree.Line(trunk->GetAncestor(40), 7);
    BlockIndex* b = tree.Line(trunk->GetAncestor(40), 90);
    EXPECT_EQ(LastCommonAncestor(a, b), trunk->GetAncestor(40));
    EXPECT_EQ(LastCommonAncestor(trunk, b), trunk->GetAncestor(40));
    EXPECT_EQ(LastCommonAncestor(trunk, trunk->GetAncestor(3)), trunk->GetAncestor(3));
    EXPECT_EQ(LastCommonAncestor(nullptr, b), nullptr);
}

TEST(BlockIndex, MedianTimePastOfElevenBlocks)
{
    Tree tree;
    BlockIndex* walk = tree.Add(nullptr, 100);
    // Times out of order: the median of the last 11 is what counts.
    const uint32_t times[] = {105, 90, 130, 101, 99, 250, 102, 103, 98, 140, 97, 120};
    for (const uint32_t t : times) walk = tree.Add(walk, t);
    // Last 11: 90 130 101 99 250 102 103 98 140 97 120 -> sorted median (6th) is 102.
    EXPECT_EQ(walk->GetMedianTimePast(), 102);
    // Near genesis fewer blocks count: {100, 105} -> the upper middle.
    EXPECT_EQ(walk->GetAncestor(1)->GetMedianTimePast(), 105);
}

TEST(Chain, SetTipFindForkAndNext)
{
    Tree tree;
    BlockIndex* genesis = tree.Add(nullptr);
    BlockIndex* trunk = tree.Line(genesis, 50);
    BlockIndex* side = tree.Line(trunk->GetAncestor(20), 40);
    Chain chain;
    EXPECT_EQ(chain.Tip(), nullptr);
    EXPECT_EQ(chain.Height(), -1);
    chain.SetTip(trunk);
    EXPECT_EQ(chain.Height(), 50);
    EXPECT_EQ(chain.Genesis(), genesis);
    EXPECT_TRUE(chain.Contains(trunk->GetAncestor(33)));
    EXPECT_FALSE(chain.Contains(side));
    EXPECT_EQ(chain.FindFork(side), trunk->GetAncestor(20));
    EXPECT_EQ(chain.Next(trunk->GetAncestor(20)), trunk->GetAncestor(21));
    EXPECT_EQ(chain.Next(trunk), nullptr);
    EXPECT_EQ(chain.Next(side), nullptr);
    // Switch to the side branch: the shared part stays, the rest is replaced.
    chain.SetTip(side);
    EXPECT_EQ(chain.Height(), 60);
    EXPECT_EQ(chain[20], trunk->GetAncestor(20));
    EXPECT_EQ(chain[21], side->GetAncestor(21));
    EXPECT_FALSE(chain.Contains(trunk->GetAncestor(21)));
    chain.SetTip(trunk->GetAncestor(10));
    EXPECT_EQ(chain.Height(), 10);
    chain.SetTip(nullptr);
    EXPECT_EQ(chain.Tip(), nullptr);
}

TEST(Chain, LocatorIsDenseThenExponential)
{
    // Core's LocatorEntries for a tip at 100: eleven entries one apart, then steps of 1, 2, 4, ... and 0.
    EXPECT_EQ(LocatorHeights(100), (std::vector<int>{100, 99, 98, 97, 96, 95, 94, 93, 92, 91, 90, 89, 87, 83, 75, 59, 27, 0}));
    EXPECT_EQ(LocatorHeights(0), (std::vector<int>{0}));
    EXPECT_EQ(LocatorHeights(3), (std::vector<int>{3, 2, 1, 0}));
    Tree tree;
    BlockIndex* tip = tree.Line(tree.Add(nullptr), 100);
    const BlockLocator locator = GetLocator(tip);
    ASSERT_EQ(locator.hashes.size(), 18u);
    EXPECT_EQ(locator.hashes.front(), tip->hash);
    EXPECT_EQ(locator.hashes[12], tip->GetAncestor(87)->hash);
    EXPECT_EQ(locator.hashes.back(), tip->GetAncestor(0)->hash);
}

TEST(BlockIndex, CandidatesOrderedByWorkThenFirstSeen)
{
    BlockIndex low, high, tie_early, tie_late;
    low.chain_work = 10;
    high.chain_work = 30;
    tie_early.chain_work = 20;
    tie_early.sequence_id = 5;
    tie_late.chain_work = 20;
    tie_late.sequence_id = 9;
    std::set<BlockIndex*, BlockIndexWorkComparator> candidates{&tie_late, &high, &low, &tie_early};
    std::vector<BlockIndex*> order(candidates.begin(), candidates.end());
    EXPECT_EQ(order, (std::vector<BlockIndex*>{&low, &tie_late, &tie_early, &high}));
    candidates.erase(&high);
    // Equal work: the block whose data arrived first is the best.
    EXPECT_EQ(*candidates.rbegin(), &tie_early);
}

TEST(BlockIndex, ValidityLevelsAndFailure)
{
    BlockIndex index;
    EXPECT_TRUE(index.RaiseValidity(storage::BLOCK_VALID_TREE));
    EXPECT_FALSE(index.RaiseValidity(storage::BLOCK_VALID_TREE));
    EXPECT_TRUE(index.IsValid(storage::BLOCK_VALID_TREE));
    EXPECT_FALSE(index.IsValid(storage::BLOCK_VALID_TRANSACTIONS));
    EXPECT_TRUE(index.RaiseValidity(storage::BLOCK_VALID_SCRIPTS));
    EXPECT_TRUE(index.IsValid(storage::BLOCK_VALID_CHAIN));
    index.status |= storage::BLOCK_FAILED_CHILD;
    EXPECT_FALSE(index.IsValid(storage::BLOCK_VALID_TREE));
    EXPECT_FALSE(index.RaiseValidity(storage::BLOCK_VALID_SCRIPTS));
}

TEST(BlockIndex, DiskRecordRoundTrip)
{
    primitives::BlockHeader header;
    header.version = 0x20000000;
    header.hash_merkle_root = uint256{uint8_t{7}};
    header.time = 1296688602;
    header.bits = 0x207fffff;
    header.nonce = 42;
    BlockIndex parent;
    parent.hash = uint256{uint8_t{9}};
    BlockIndex index{header};
    index.prev = &parent;
    index.height = 1;
    index.status = storage::BLOCK_VALID_SCRIPTS | storage::BLOCK_HAVE_DATA | storage::BLOCK_HAVE_UNDO;
    index.tx_count = 3;
    index.file = 2;
    index.data_pos = 8;
    index.undo_pos = 100;
    const storage::DiskBlockIndex disk = index.ToDisk();
    EXPECT_EQ(disk.hash_prev, parent.hash);
    EXPECT_EQ(disk.GetBlockHeader().GetHash(), (primitives::BlockHeader{[&] {
                  primitives::BlockHeader h = header;
                  h.hash_prev_block = parent.hash;
                  return h;
              }()}.GetHash()));
    BlockIndex loaded;
    loaded.LoadFromDisk(disk);
    EXPECT_EQ(loaded.height, 1);
    EXPECT_EQ(loaded.status, index.status);
    EXPECT_EQ(loaded.GetBlockPos(), (storage::FlatFilePos{2, 8}));
    EXPECT_EQ(loaded.GetUndoPos(), (storage::FlatFilePos{2, 100}));
    EXPECT_EQ(loaded.nonce, 42u);
}

} // namespace
} // namespace chain
