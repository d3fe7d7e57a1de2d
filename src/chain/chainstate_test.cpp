// The ChainstateManager on generated regtest chains with real transactions: connecting,
// reorganisations of depth 1, 10 and 100, a branch that turns out invalid half way, equal
// work ties (first seen wins, also across a restart), invalidate/reconsider, headers
// first with blocks out of order, rejections with Core's reasons, and notifications.
// Every UTXO set is checked against the independent model in test_chain.h.
#include <chain/test_chain.h>

#include <gtest/gtest.h>

#include <thread>

namespace chain::test {
namespace {

using consensus::BlockValidationState;
using primitives::uint256;

/** The model's digest of a branch up to height. */
uint256 ModelHash(const ChainBuilder& chain, int height)
{
    UtxoModel model;
    for (int h = 0; h <= height; ++h) model.ConnectBlock(*chain.At(h), h);
    return model.Hash();
}

void ExpectConsistent(TestNode& node)
{
    const std::optional<std::string> problem = node->CheckBlockIndex();
    EXPECT_FALSE(problem) << *problem;
}

std::vector<BlockRef> Range(const ChainBuilder& chain, int from, int to)
{
    std::vector<BlockRef> out;
    for (int h = from; h <= to; ++h) out.push_back(chain.At(h));
    return out;
}

uint32_t Status(TestNode& node, const BlockRef& block) { return node->GetBlockInfo(block->GetHash())->status; }

TEST(Chainstate, FreshDatadirStartsAtGenesisWithAnEmptyUtxoSet)
{
    TestNode node;
    ASSERT_NE(node->ActiveTip(), nullptr);
    EXPECT_EQ(node->ActiveHeight(), 0);
    EXPECT_EQ(node->ActiveTip()->hash, node.Params().GetConsensus().hash_genesis_block);
    auto info = node->GetUtxoSetInfo();
    ASSERT_TRUE(info) << info.error();
    EXPECT_EQ(info->height, 0);
    EXPECT_EQ(info->stats.txouts, 0u);
    EXPECT_EQ(info->stats.hash_serialized, UtxoModel{}.Hash());
    EXPECT_EQ(node.Events(), (std::vector<std::string>{"connected 0", "tip 0 fork -"}));
    ExpectConsistent(node);
}

TEST(Chainstate, ConnectsAChainWithTransactionsAndMatchesTheModel)
{
    TestNode node;
    ChainBuilder chain{node.Params(), 1};
    chain.ExtendMany(160, 4);
    node.SubmitAll(Range(chain, 1, 160));
    EXPECT_EQ(node->ActiveHeight(), 160);
    EXPECT_EQ(node->ActiveTip()->hash, chain.Tip()->GetHash());
    UtxoModel model;
    for (int h = 0; h <= 160; ++h) model.ConnectBlock(*chain.At(h), h);
    auto info = node->GetUtxoSetInfo();
    ASSERT_TRUE(info) << info.error();
    EXPECT_EQ(info->height, 160);
    EXPECT_EQ(info->stats.best_block, chain.Tip()->GetHash());
    EXPECT_EQ(info->stats.txouts, model.Size());
    EXPECT_EQ(info->stats.total_amount, model.TotalAmount());
    EXPECT_EQ(info->stats.hash_serialized, model.Hash());
    // 160 subsidies, halved at 150 on regtest; fees go back to the coinbases.
    EXPECT_EQ(model.TotalAmount(), 149 * 50 * primitives::COIN + 11 * 25 * primitives::COIN);
    const ConnectStats stats = node->GetConnectStats();
    EXPECT_EQ(stats.blocks_connected, 161u);
    EXPECT_GT(stats.script_checks, 200u);
    ExpectConsistent(node);
}

class Reorg : public ::testing::TestWithParam<int>
{
};

TEST_P(Reorg, SwitchesToTheBranchWithMoreWork)
{
    const int depth = GetParam();
    constexpr int FORK = 110;
    TestNode node;
    ChainBuilder a{node.Params(), 1};
    a.ExtendMany(FORK + depth, 3);
    ChainBuilder b = a.Fork(FORK, 2);
    b.ExtendMany(depth + 1, 3);
    node.SubmitAll(Range(a, 1, FORK + depth));
    EXPECT_EQ(node.UtxoHash(), ModelHash(a, FORK + depth));
    node.Events();

    // Up to equal work the first branch stays; one block more and the node switches.
    node.SubmitAll(Range(b, FORK + 1, FORK + depth));
    EXPECT_EQ(node->ActiveTip()->hash, a.Tip()->GetHash());
    EXPECT_TRUE(node.Events().empty());
    node.Submit(b.Tip());
    EXPECT_EQ(node->ActiveTip()->hash, b.Tip()->GetHash());
    EXPECT_EQ(node.UtxoHash(), ModelHash(b, FORK + depth + 1));
    ExpectConsistent(node);

    std::vector<std::string> expected;
    for (int h = FORK + depth; h > FORK; --h) expected.push_back("disconnected " + std::to_string(h));
    for (int h = FORK + 1; h <= FORK + depth + 1; ++h) expected.push_back("connected " + std::to_string(h));
    std::vector<std::string> events = node.Events();
    // Long reorgs report the tip once per batch of connected blocks; check the sequence of
    // block events and that the last tip event names the new tip and the fork.
    std::vector<std::string> block_events;
    std::string last_tip;
    for (const auto& e : events) {
        if (e.rfind("tip ", 0) == 0) {
            last_tip = e;
        } else {
            block_events.push_back(e);
        }
    }
    EXPECT_EQ(block_events, expected);
    EXPECT_EQ(last_tip, "tip " + std::to_string(FORK + depth + 1) + " fork " + std::to_string(FORK));

    // The other branch's blocks stay stored and valid: switching back needs no download.
    EXPECT_TRUE(Status(node, a.Tip()) & storage::BLOCK_HAVE_DATA);
    EXPECT_FALSE(Status(node, a.Tip()) & storage::BLOCK_FAILED_MASK);

    // A restart keeps the new tip and the same UTXO set, and passes the level-4 check.
    ChainstateManager::Options options;
    options.check_level = 4;
    ASSERT_TRUE(node.Restart(options));
    EXPECT_EQ(node->ActiveTip()->hash, b.Tip()->GetHash());
    EXPECT_EQ(node.UtxoHash(), ModelHash(b, FORK + depth + 1));
    ExpectConsistent(node);
}

INSTANTIATE_TEST_SUITE_P(Depths, Reorg, ::testing::Values(1, 10, 100));

TEST(Chainstate, BranchThatTurnsInvalidHalfWayIsMarkedAndTheChainGoesBack)
{
    constexpr int FORK = 110;
    TestNode node;
    ChainBuilder a{node.Params(), 1};
    a.ExtendMany(FORK + 20, 3);
    ChainBuilder b = a.Fork(FORK, 2);
    b.ExtendMany(9, 3);
    const BlockRef bad = b.Extend(3, /*invalid=*/true); // height 120
    b.ExtendMany(15, 3);                                // up to 135
    node.SubmitAll(Range(a, 1, FORK + 20));
    const uint256 a_hash = node.UtxoHash();
    node.Events();

    // Up to height 130 the B branch has at most A's work: stored, not connected.
    node.SubmitAll(Range(b, FORK + 1, FORK + 20));
    EXPECT_EQ(node->ActiveTip()->hash, a.Tip()->GetHash());
    // Height 131: more work, so the node tries B, fails at 120 and returns to A.
    node.Submit(b.At(FORK + 21));
    EXPECT_EQ(node->ActiveTip()->hash, a.Tip()->GetHash());
    EXPECT_EQ(node.UtxoHash(), a_hash);
    EXPECT_TRUE(Status(node, bad) & storage::BLOCK_FAILED_VALID);
    for (int h = 121; h <= FORK + 21; ++h) {
        EXPECT_EQ(Status(node, b.At(h)) & storage::BLOCK_FAILED_MASK, storage::BLOCK_FAILED_CHILD) << h;
    }
    for (int h = FORK + 1; h < 120; ++h) {
        EXPECT_FALSE(Status(node, b.At(h)) & storage::BLOCK_FAILED_MASK) << h;
        EXPECT_TRUE((Status(node, b.At(h)) & storage::BLOCK_VALID_MASK) == storage::BLOCK_VALID_SCRIPTS) << h;
    }
    ExpectConsistent(node);

    std::vector<std::string> block_events;
    for (const auto& e : node.Events()) {
        if (e.rfind("tip ", 0) != 0) block_events.push_back(e);
    }
    std::vector<std::string> expected;
    for (int h = FORK + 20; h > FORK; --h) expected.push_back("disconnected " + std::to_string(h));
    for (int h = FORK + 1; h < 120; ++h) expected.push_back("connected " + std::to_string(h));
    for (int h = 119; h > FORK; --h) expected.push_back("disconnected " + std::to_string(h));
    for (int h = FORK + 1; h <= FORK + 20; ++h) expected.push_back("connected " + std::to_string(h));
    EXPECT_EQ(block_events, expected);

    // Later B blocks are refused outright: their parent is known invalid.
    BlockValidationState state;
    EXPECT_FALSE(node->ProcessNewBlock(b.At(FORK + 22), true, nullptr, &state));
    EXPECT_EQ(state.GetRejectReason(), "bad-prevblk");
    EXPECT_FALSE(node->ProcessNewBlock(bad, true, nullptr, &state));
    EXPECT_EQ(state.GetRejectReason(), "duplicate-invalid");

    // The marks survive a restart.
    ASSERT_TRUE(node.Restart());
    EXPECT_EQ(node->ActiveTip()->hash, a.Tip()->GetHash());
    EXPECT_TRUE(Status(node, bad) & storage::BLOCK_FAILED_VALID);
    EXPECT_TRUE(Status(node, b.At(FORK + 21)) & storage::BLOCK_FAILED_CHILD);
    ExpectConsistent(node);
}

TEST(Chainstate, EqualWorkTieKeepsTheFirstSeenBlockAlsoAfterARestart)
{
    TestNode node;
    ChainBuilder main{node.Params(), 1};
    main.ExtendMany(110, 2);
    node.SubmitAll(Range(main, 1, 110));
    ChainBuilder x = main.Fork(110, 10);
    ChainBuilder y = main.Fork(110, 20);
    x.Extend(2);
    y.Extend(2);
    node.Submit(x.Tip());
    node.Submit(y.Tip());
    EXPECT_EQ(node->ActiveTip()->hash, x.Tip()->GetHash());
    ASSERT_TRUE(node.Restart());
    EXPECT_EQ(node->ActiveTip()->hash, x.Tip()->GetHash());
    ExpectConsistent(node);
    // A child of y gives y's branch more work.
    y.Extend(2);
    node.Submit(y.Tip());
    EXPECT_EQ(node->ActiveTip()->hash, y.Tip()->GetHash());
    EXPECT_EQ(node.UtxoHash(), ModelHash(y, 112));

    // In the other order, y wins.
    TestNode other;
    other.SubmitAll(Range(main, 1, 110));
    other.Submit(y.At(111));
    other.Submit(x.At(111));
    EXPECT_EQ(other->ActiveTip()->hash, y.At(111)->GetHash());
}

TEST(Chainstate, InvalidateAndReconsiderBlock)
{
    TestNode node;
    ChainBuilder a{node.Params(), 1};
    a.ExtendMany(130, 2);
    ChainBuilder b = a.Fork(105, 2);
    b.ExtendMany(20, 2); // height 125: less work than a
    node.SubmitAll(Range(a, 1, 130));
    node.SubmitAll(Range(b, 106, 125));
    node.Events();

    BlockValidationState state;
    // Invalidating a's block 111 leaves b (125) as the best valid chain.
    ASSERT_TRUE(node->InvalidateBlock(state, a.At(111)->GetHash())) << state.ToString();
    EXPECT_EQ(node->ActiveTip()->hash, b.Tip()->GetHash());
    EXPECT_EQ(node.UtxoHash(), ModelHash(b, 125));
    EXPECT_TRUE(Status(node, a.At(111)) & storage::BLOCK_FAILED_VALID);
    EXPECT_TRUE(Status(node, a.At(130)) & storage::BLOCK_FAILED_CHILD);
    EXPECT_EQ(node->BestHeader()->hash, b.Tip()->GetHash());
    ExpectConsistent(node);
    const std::vector<ChainTip> tips = node->GetChainTips();
    ASSERT_EQ(tips.size(), 2u);
    EXPECT_EQ(tips[0].hash, a.Tip()->GetHash()); // highest first, as Core: 130 before 125
    for (const ChainTip& tip : tips) {
        if (tip.hash == a.Tip()->GetHash()) {
            EXPECT_EQ(tip.status, "invalid");
            EXPECT_EQ(tip.branch_length, 25);
        } else {
            EXPECT_EQ(tip.status, "active");
            EXPECT_EQ(tip.branch_length, 0);
        }
    }

    ASSERT_TRUE(node->ReconsiderBlock(state, a.At(111)->GetHash())) << state.ToString();
    EXPECT_EQ(node->ActiveTip()->hash, a.Tip()->GetHash());
    EXPECT_EQ(node.UtxoHash(), ModelHash(a, 130));
    EXPECT_FALSE(Status(node, a.At(130)) & storage::BLOCK_FAILED_MASK);
    ExpectConsistent(node);

    EXPECT_FALSE(node->InvalidateBlock(state, uint256{uint8_t{1}}));
    EXPECT_EQ(state.GetRejectReason(), "block-not-found");
}

TEST(Chainstate, HeadersFirstThenBlocksInReverseOrder)
{
    TestNode node;
    ChainBuilder chain{node.Params(), 3};
    chain.ExtendMany(120, 2);
    std::vector<primitives::BlockHeader> headers;
    for (int h = 1; h <= 120; ++h) headers.push_back(chain.At(h)->GetBlockHeader());
    BlockValidationState state;
    const BlockIndex* last = nullptr;
    ASSERT_TRUE(node->ProcessNewBlockHeaders(headers, state, &last)) << state.ToString();
    EXPECT_EQ(last->height, 120);
    EXPECT_EQ(node->BestHeader()->hash, chain.Tip()->GetHash());
    EXPECT_EQ(node->ActiveHeight(), 0);
    // Blocks arrive last first: each waits for its parent's data.
    for (int h = 120; h >= 1; --h) {
        node.Submit(chain.At(h));
        if (h % 20 == 0) ExpectConsistent(node);
    }
    EXPECT_EQ(node->ActiveTip()->hash, chain.Tip()->GetHash());
    EXPECT_EQ(node.UtxoHash(), ModelHash(chain, 120));
    ExpectConsistent(node);
}

TEST(Chainstate, RejectsBadBlocksWithCoreReasons)
{
    TestNode node;
    ChainBuilder chain{node.Params(), 4};
    chain.ExtendMany(105, 2);
    node.SubmitAll(Range(chain, 1, 100));
    BlockValidationState state;

    // A block whose parent is unknown.
    EXPECT_FALSE(node->ProcessNewBlock(chain.At(102), true, nullptr, &state));
    EXPECT_EQ(state.GetRejectReason(), "prev-blk-not-found");

    // Transactions changed after mining: refused, but the hash is not marked invalid.
    primitives::Block mutated = *chain.At(101);
    mutated.vtx.push_back(mutated.vtx.back());
    EXPECT_FALSE(node->ProcessNewBlock(std::make_shared<const primitives::Block>(mutated), true, nullptr, &state));
    EXPECT_EQ(state.GetRejectReason(), "bad-txns-duplicate");
    node.Submit(chain.At(101));
    EXPECT_EQ(node->ActiveHeight(), 101);

    // Proof of work not met.
    primitives::Block unsolved = *chain.At(102);
    while (consensus::CheckProofOfWork(unsolved.GetHash(), unsolved.bits, node.Params().GetConsensus())) ++unsolved.nonce;
    EXPECT_FALSE(node->ProcessNewBlock(std::make_shared<const primitives::Block>(unsolved), true, nullptr, &state));
    EXPECT_EQ(state.GetRejectReason(), "high-hash");

    // A coinbase claiming too much is stored (its header and merkle root are fine), fails
    // when connected, and is then known invalid.
    primitives::Block greedy = MakeBlock(node.Params(), *chain.At(101), 101, {}, 1, 99);
    auto greedy_ref = std::make_shared<const primitives::Block>(greedy);
    EXPECT_TRUE(node->ProcessNewBlock(greedy_ref, true, nullptr, &state)) << state.ToString();
    EXPECT_EQ(node->ActiveHeight(), 101);
    EXPECT_TRUE(Status(node, greedy_ref) & storage::BLOCK_FAILED_VALID);
    EXPECT_FALSE(node->ProcessNewBlock(greedy_ref, true, nullptr, &state));
    EXPECT_EQ(state.GetRejectReason(), "duplicate-invalid");

    // Unrequested blocks on a branch with less work are not stored.
    ChainBuilder side = chain.Fork(99, 5);
    side.Extend(1);
    bool new_block = true;
    EXPECT_TRUE(node->ProcessNewBlock(side.Tip(), /*force_processing=*/false, &new_block, &state));
    EXPECT_FALSE(new_block);
    EXPECT_FALSE(Status(node, side.Tip()) & storage::BLOCK_HAVE_DATA);
    node.Submit(chain.At(102));
    EXPECT_EQ(node->ActiveHeight(), 102);
    ExpectConsistent(node);
}

/** A listener that calls back into the manager on every event: only possible without the lock. */
class CallingBackListener final : public ValidationInterface
{
public:
    explicit CallingBackListener(ChainstateManager& chainman) : m_chainman{chainman} {}
    void BlockConnected(const BlockRef&, const BlockIndex* index) override
    {
        // The tip may already be higher: connecting continues while we run.
        if (m_chainman.ActiveHeight() < index->height) m_behind.store(true);
        m_seen.fetch_add(1);
    }
    std::atomic<int> m_seen{0};
    std::atomic<bool> m_behind{false};

private:
    ChainstateManager& m_chainman;
};

TEST(Chainstate, NotificationsRunOutsideTheLockAndInOrder)
{
    TestNode node;
    ChainBuilder chain{node.Params(), 6};
    chain.ExtendMany(300, 1);
    node.Events();
    auto listener = std::make_shared<CallingBackListener>(node.Chainman());
    node.Signals().RegisterListener(listener);
    // Headers first, then all blocks: one ActivateBestChain connects hundreds of blocks and
    // must let the queue drain (more than MAX_PENDING_CALLBACKS) while not holding the lock.
    std::vector<primitives::BlockHeader> headers;
    for (int h = 1; h <= 300; ++h) headers.push_back(chain.At(h)->GetBlockHeader());
    BlockValidationState state;
    ASSERT_TRUE(node->ProcessNewBlockHeaders(headers, state));
    for (int h = 300; h >= 1; --h) node.Submit(chain.At(h));
    node.Signals().SyncWithValidationInterfaceQueue();
    EXPECT_EQ(listener->m_seen.load(), 300);
    EXPECT_FALSE(listener->m_behind.load());
    std::vector<std::string> connected;
    for (const auto& e : node.Events()) {
        if (e.rfind("connected", 0) == 0) connected.push_back(e);
    }
    ASSERT_EQ(connected.size(), 300u);
    for (int h = 1; h <= 300; ++h) EXPECT_EQ(connected[static_cast<size_t>(h - 1)], "connected " + std::to_string(h));
    node.Signals().UnregisterListener(listener.get());
}

TEST(Chainstate, TwoChainstatesInOneProcess)
{
    TestNode first;
    TestNode second;
    ChainBuilder a{first.Params(), 1};
    ChainBuilder b{second.Params(), 2};
    a.ExtendMany(130, 3);
    b.ExtendMany(125, 3);
    std::thread t1([&] { first.SubmitAll(Range(a, 1, 130)); });
    std::thread t2([&] { second.SubmitAll(Range(b, 1, 125)); });
    t1.join();
    t2.join();
    EXPECT_EQ(first->ActiveTip()->hash, a.Tip()->GetHash());
    EXPECT_EQ(second->ActiveTip()->hash, b.Tip()->GetHash());
    EXPECT_EQ(first.UtxoHash(), ModelHash(a, 130));
    EXPECT_EQ(second.UtxoHash(), ModelHash(b, 125));
    size_t connected = 0;
    for (const auto& e : first.Events()) connected += e.rfind("connected", 0) == 0;
    EXPECT_EQ(connected, 131u);
    EXPECT_NE(first.Datadir(), second.Datadir());
}

} // namespace
} // namespace chain::test
